/**
 * The people list at its largest: the page's member and 149 simulated ones (a room of more than
 * 150 is shown as a field instead: e2e/room-field.spec.ts). The counts, every row, you first, names that fit their rows on a small phone
 * and a desktop, the pacer still in view with the list open, a press shown on its row, rows gone
 * when their members leave, and axe on the list in light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { addFakeMembers, type FakeMembers, LONG_NAME } from './fake-members.ts';
import { expect, openRoom, test } from './fixtures.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Rows whose content is wider than their box (names must be cut, never spill). */
const overflowingRows = (list: Locator) =>
  list.locator('li').evaluateAll((rows) => rows.filter((row) => row.scrollWidth > row.clientWidth).map((row) => row.textContent));

/** Opens the people panel if it is closed (on a phone it may start closed). */
async function showPeople(page: Page): Promise<void> {
  if (!(await page.getByTestId('presence-counts').isVisible())) await page.getByRole('button', { name: /^People/ }).click();
  await expect(page.getByTestId('presence-counts')).toBeVisible();
}

test.describe('people in a full room', () => {
  test.describe.configure({ timeout: 120_000 });
  let fakes: FakeMembers | undefined;
  test.afterEach(async () => {
    await fakes?.close();
    fakes = undefined;
  });

  test('150 people: counted, all listed with you first, names fitting, the pacer in view, a press on its row', async ({ page, server }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openRoom(page, server.url, 'Ada');
    const roomId = new URL(page.url()).pathname.split('/').pop()!;
    fakes = await addFakeMembers(server.url, roomId, 149, { breathe: false });
    await showPeople(page);

    const counts = page.getByTestId('presence-counts');
    const list = page.getByTestId('members');
    await expect(counts).toHaveText('150 here · 0 breathing · 0 pressing', { timeout: 30_000 });
    await expect(list.locator('li')).toHaveCount(150);
    await expect(list.locator('li').first()).toContainText('Ada (you)');
    await expect(page.getByRole('region', { name: '150 people in the room' })).toBeVisible();

    // The longest name is cut in its row, whole in its title.
    const long = list.getByTitle(LONG_NAME, { exact: true });
    await expect(long).toHaveText(LONG_NAME);
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await showPeople(page);
      expect(await overflowingRows(list), `rows spilling at ${width} px`).toEqual([]);
      // The list keeps to its own box in the panel: nothing of it lies over what follows.
      expect(await page.locator('.people').evaluate((n) => n.scrollHeight <= n.clientHeight + 1), `list spilling at ${width} px`).toBe(
        true,
      );
      await long.scrollIntoViewIfNeeded();
      if (width === 320) expect(await long.evaluate((n) => n.scrollWidth > n.clientWidth)).toBe(true);
    }

    // With the list open, the pacer stays on screen, and scrolling the list does not scroll the page.
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 844 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await showPeople(page);
      await expect(page.getByTestId('room-pacer')).toBeInViewport({ ratio: 1 });
      const scroller = page.getByRole('region', { name: '150 people in the room' });
      await scroller.evaluate((n) => (n.scrollTop = 0));
      const box = (await scroller.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height, 844 - box.y) / 2);
      await page.mouse.wheel(0, 2000);
      await expect.poll(() => scroller.evaluate((n) => n.scrollTop)).toBeGreaterThan(0);
      await expect(page.getByTestId('room-pacer')).toBeInViewport({ ratio: 1 });
    }

    // A simulated member presses: their row shows it, in its dot and in words, and the counts follow.
    const member = fakes.members[10]!;
    const row = list.locator('li').filter({ has: page.getByTitle(member.name, { exact: true }) });
    await expect(row).toHaveAttribute('data-pressed', 'false');
    member.press();
    await expect(row).toHaveAttribute('data-pressed', 'true');
    await expect(row).toContainText('pressing');
    await expect(counts).toHaveText('150 here · 1 breathing · 1 pressing');
    member.release();
    await expect(row).toHaveAttribute('data-pressed', 'false');
    // Still breathing along: their press was moments ago.
    await expect(counts).toHaveText('150 here · 1 breathing · 0 pressing');

    // Everyone else leaves: their rows go, yours stays.
    await fakes.close();
    fakes = undefined;
    await expect(counts).toHaveText(/^1 here · /);
    await expect(list.locator('li')).toHaveCount(1);
    await expect(list.locator('li')).toContainText('Ada (you)');
  });

  test('the list of a full room passes axe in light and dark', async ({ browser, server }) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme, viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await openRoom(page, server.url, 'Ada');
      fakes = await addFakeMembers(server.url, new URL(page.url()).pathname.split('/').pop()!, 59, { seed: 7 });
      await showPeople(page);
      await expect(page.getByTestId('presence-counts')).toContainText('60 here', { timeout: 30_000 });
      const { violations } = await new AxeBuilder({ page }).include('.people').withTags(TAGS).analyze();
      expect(
        violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        colorScheme,
      ).toEqual([]);
      await fakes.close();
      fakes = undefined;
      await context.close();
    }
  });
});
