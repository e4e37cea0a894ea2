/**
 * The field (issue 15) in the browser, against the real Node relay with a low threshold
 * (RELAY_FIELD_ABOVE = 4: a field from 5 members, the list again at 3). A room that crosses it shows
 * the field in the people panel (the count, the group figure, faces named from the room's document)
 * instead of the list, and the list again once members leave; the stock y-websocket client in a
 * field room goes on syncing the document both ways and logs nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import { FIELD_PRESENCE_ID, fieldThresholds, readField } from '../src/shared/room-field.ts';
import { writeName } from '../src/room/schema.ts';
import { connectMember, type Member, synced } from '../sync-server/testing/clients.ts';
import { addFakeMembers, type FakeMembers } from './fake-members.ts';
import { expect, openPanel, openRoom, pageErrors, roomIdOf, startServer, test as base } from './fixtures.ts';

const ABOVE = 4;
const { leaveAt } = fieldThresholds(ABOVE);
const PERIOD_MS = 10_000;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Every test here has a relay whose rooms become fields from ABOVE + 1 members.
const test = base.extend({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter, which must be an object pattern even when it asks for none
  server: async ({}, use) => {
    const server = await startServer({ env: { RELAY_FIELD_ABOVE: String(ABOVE) } });
    await use(server);
    await server.stop();
  },
});

/** A stock y-websocket client in the room, its presence as the app's: pressing along, `phase` radians into a 10 s breath, renewed so it stays so. */
function stockMember(url: string, roomId: string, n: number, phase: number): Member & { stop(): void } {
  const m = connectMember({ ws: url.replace(/^http/, 'ws') }, roomId);
  const breathe = () => {
    const last = Date.now() - (phase / (2 * Math.PI)) * PERIOD_MS;
    m.provider.awareness.setLocalState({
      memberId: `stock-${n}`,
      name: `Stock ${n}`,
      pressed: false,
      onsets: [last - 2 * PERIOD_MS, last - PERIOD_MS, last],
      score: null,
    });
  };
  breathe();
  const timer = setInterval(breathe, 2000);
  return {
    ...m,
    stop() {
      clearInterval(timer);
      m.provider.destroy();
    },
  };
}

test.describe('the field', () => {
  test.describe.configure({ timeout: 90_000 });
  let fakes: FakeMembers | undefined;
  const stock: ReturnType<typeof stockMember>[] = [];
  test.afterEach(async () => {
    for (const m of stock.splice(0)) m.stop();
    await fakes?.close();
    fakes = undefined;
  });

  test('a room that crosses the threshold shows the field, and the list again once members leave', async ({ page, server }) => {
    const errors = pageErrors(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await openRoom(page, server.url, 'Ada');
    const roomId = roomIdOf(page);
    fakes = await addFakeMembers(server.url, roomId, 2, { breathe: false });
    const counts = page.getByTestId('presence-counts');
    const list = page.getByTestId('members');
    await expect(counts).toHaveText(/^3 here · /);
    await expect(list.locator('li')).toHaveCount(3);

    // Three more, breathing in step: six members, a field.
    for (let n = 0; n < 3; n++) stock.push(stockMember(server.url, roomId, n, 1 + n * 0.05));
    const field = page.getByTestId('room-field');
    await expect(field).toBeVisible({ timeout: 20_000 });
    await expect(list).toHaveCount(0);
    await expect(counts).toHaveText('6 here · 3 breathing · 0 pressing');
    await expect(page.getByRole('button', { name: /^People/ })).toHaveText(/People\s*6/);
    // The group figure is the relay's, as text in the panel and under the guide.
    const figure = page.getByTestId('field-figure');
    await expect(figure).toHaveText(/^Group sync \d+ \/ 100 \(3 people\)$/);
    expect(Number(/(\d+) \/ 100/.exec((await figure.textContent())!)![1])).toBeGreaterThanOrEqual(95);
    await expect(page.getByTestId('group-figure')).toHaveText(/^Group sync \d+ \/ 100 \(3 people\)$/);
    // Faces on the ring (decoration), their names in words, as the room's document has them.
    await expect(field.locator('.room-field-ring')).toHaveAttribute('aria-hidden', 'true');
    await expect(field.locator('.room-field-face').first()).toBeVisible();
    await expect(field.getByText(/^Among those here: /)).toContainText(fakes.members[0]!.name);
    // The field passes axe, light and dark.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const { violations } = await new AxeBuilder({ page }).include('.people').withTags(TAGS).analyze();
      expect(
        violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        colorScheme,
      ).toEqual([]);
    }

    // On a small phone, left to right and right to left, the field and its faces fit the screen.
    await page.setViewportSize({ width: 320, height: 640 });
    for (const dir of ['ltr', 'rtl']) {
      await page.evaluate((d) => (document.documentElement.dir = d), dir);
      await expect(field.locator('.room-field-face').first()).toBeVisible();
      const edges = await field.evaluate((el) =>
        [el, ...el.querySelectorAll('.room-field-face')].map((e) => {
          const r = e.getBoundingClientRect();
          return [Math.floor(r.left), Math.ceil(r.right)];
        }),
      );
      for (const [left, right] of edges) expect([left! >= 0, right! <= 320], dir).toEqual([true, true]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), dir).toBeLessThanOrEqual(320);
    }
    await page.evaluate(() => (document.documentElement.dir = 'ltr'));
    await page.setViewportSize({ width: 390, height: 844 });

    // A press in the room shows in the field's counts.
    fakes.members[0]!.press();
    await expect(counts).toHaveText('6 here · 4 breathing · 1 pressing');
    fakes.members[0]!.release();
    await expect(counts).toHaveText('6 here · 4 breathing · 0 pressing');

    // Three leave: at `leaveAt` the list is back, everyone in it who is here, nobody who left.
    for (const m of stock.splice(0)) m.stop();
    await expect(list.locator('li')).toHaveCount(leaveAt, { timeout: 20_000 });
    await expect(field).toHaveCount(0);
    await expect(counts).toHaveText(/^3 here · /);
    await expect(list.locator('li').first()).toContainText('Ada (you)');
    await expect(list).toContainText(fakes.members[1]!.name);
    await expect(list).not.toContainText('Stock');
    expect(errors).toEqual([]);
  });

  test('the stock y-websocket client in a field room syncs the document both ways and logs nothing', async ({ page, server }) => {
    const logged: unknown[][] = [];
    const { error, warn } = console;
    console.error = (...args: unknown[]) => void logged.push(args);
    console.warn = (...args: unknown[]) => void logged.push(args);
    try {
      const errors = pageErrors(page);
      await openRoom(page, server.url, 'Ada');
      const roomId = roomIdOf(page);
      fakes = await addFakeMembers(server.url, roomId, ABOVE, { breathe: false });
      await expect(page.getByTestId('room-field')).toBeVisible({ timeout: 20_000 });

      const client = stockMember(server.url, roomId, 0, 1);
      stock.push(client);
      const { doc, provider } = client;
      await synced(provider);
      // It holds the field as one more presence entry, renewed with every frame: ten of them here.
      let frames = 0;
      provider.awareness.on('change', ({ updated }: { updated: number[] }) => void (updated.includes(FIELD_PRESENCE_ID) && frames++));
      await expect.poll(() => frames, { timeout: 10_000 }).toBeGreaterThanOrEqual(10);
      expect(readField(provider.awareness.getStates().get(FIELD_PRESENCE_ID))).toMatchObject({ here: ABOVE + 2 });

      // The page's document reaches it: the name given, then a new one.
      const names = doc.getMap<{ name: string }>('members');
      await expect.poll(() => [...names.values()].map((m) => m.name)).toContain('Ada');
      await openPanel(page, 'People');
      await page.getByLabel('Your name').fill('Ada Lovelace');
      await page.getByRole('button', { name: 'Save name' }).click();
      await expect.poll(() => [...names.values()].map((m) => m.name)).toContain('Ada Lovelace');

      // Its document reaches the page: the name it writes is the one its face wears there.
      writeName(doc, 'stock-0', 'Stocky');
      await expect(page.getByTestId('room-field').getByText(/^Among those here: /)).toContainText('Stocky', { timeout: 20_000 });

      expect(provider.wsconnected).toBe(true);
      expect(logged).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      console.error = error;
      console.warn = warn;
    }
  });
});
