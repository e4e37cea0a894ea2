/**
 * The first minute on a small phone: the living guide and Start above the fold, the whole guide in
 * view once a session runs, Helia kept off the first paint (and off the first visit until needed), the last pattern remembered, and the
 * guide itself as a press target.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test, waitForServiceWorkerControl } from './fixtures.ts';

const T0 = new Date('2026-03-01T07:00:00Z');

/** Whether a box lies entirely inside the page's viewport. */
async function inViewport(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const size = page.viewportSize()!;
  return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}

for (const viewport of [
  { width: 320, height: 568 },
  { width: 375, height: 667 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('Start and the breathing guide are above the fold; the whole guide is in view once a session runs', async ({ page }) => {
      await page.goto('/');
      const guide = page.locator('.home .guide');
      const start = page.getByRole('button', { name: /^Start / });
      await expect(start).toBeVisible();
      expect(await inViewport(page, start)).toBe(true);
      expect(await inViewport(page, guide)).toBe(true);
      // Alive: the guide's expansion changes on its own.
      const expansion = () => guide.evaluate((el) => (el as HTMLElement).style.getPropertyValue('--expansion'));
      const first = await expansion();
      await expect.poll(expansion).not.toBe(first);

      // A page scrolled down (Options open) still starts its session at the top, the guide whole.
      await page.locator('.practice-options > summary').click();
      await page.getByRole('button', { name: 'Breathe together: open a room' }).scrollIntoViewIfNeeded();
      await start.click();
      await expect(page.getByTestId('phase')).toBeVisible();
      expect(await inViewport(page, page.locator('.stage .guide'))).toBe(true);
      // On its side too.
      await page.setViewportSize({ width: viewport.height, height: viewport.width });
      await expect.poll(() => inViewport(page, page.locator('.stage .guide'))).toBe(true);
    });
  });
}

test.describe('at 375×667', () => {
  test.use({ viewport: { width: 375, height: 667 } });

  test('on a first visit Helia is not requested until Options is opened', async ({ page }) => {
    const helia: string[] = [];
    page.on('request', (r) => void (/\/assets\/helia-[\w-]+\.js$/.test(r.url()) && helia.push(r.url())));
    await page.goto('/');
    await expect(page.getByRole('button', { name: /^Start / })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(helia).toEqual([]);
    await page.locator('.practice-options > summary').click();
    await expect.poll(() => helia.length).toBeGreaterThan(0);
  });

  test('on a first visit the glyph waits for a session; once cached it shows on its own, and the guide keeps its size', async ({
    page,
  }) => {
    const helia: string[] = [];
    page.on('request', (r) => void (/\/assets\/helia-[\w-]+\.js$/.test(r.url()) && helia.push(r.url())));
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    const guide = page.locator('.home .guide');
    await expect(guide).toBeVisible();
    // First visit (no worker controlled the page at load): the drawn shape, and no Helia, until a session starts.
    await page.waitForLoadState('networkidle');
    expect(helia).toEqual([]);
    await expect(guide.locator('img.guide-glyph')).toHaveCount(0);
    await page.getByRole('button', { name: /^Start / }).click();
    await expect(page.locator('.stage img.guide-glyph')).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Stop' }).click();

    // Back on a page the worker controls: the verified copy in its cache shows when the page is idle, in the same box.
    helia.length = 0;
    await page.reload();
    const before = await guide.boundingBox();
    await expect(guide.locator('img.guide-glyph')).toBeVisible({ timeout: 20_000 });
    expect(await guide.boundingBox()).toEqual(before);
  });

  test('the last pattern and length are remembered across a reload', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('radio', { name: /Long exhale/ }).check();
    await page.locator('.practice-options > summary').click();
    await page.getByLabel('Length').selectOption('3');
    await page.reload();
    await expect(page.getByRole('radio', { name: /Long exhale/ })).toBeChecked();
    await expect(page.getByRole('button', { name: 'Start Long exhale 4:8' })).toBeVisible();
    await expect(page.locator('.home-meta')).toContainText('3:00');
  });

  test("the installed app's shortcut starts the last pattern at once (/?start=1), and leaves a plain address", async ({ page }) => {
    await page.goto('/');
    await page.getByRole('radio', { name: /Long exhale/ }).check();
    await page.goto('/?start=1');
    await expect(page.locator('.stage')).toBeVisible();
    await expect(page.locator('.stage')).toContainText('Long exhale');
    expect(new URL(page.url()).search).toBe('');
  });

  test('pressing the guide records a press; the instructions fade after three', async ({ page }) => {
    await page.clock.install({ time: T0 });
    await page.goto('/');
    await page.clock.pauseAt(new Date(T0.getTime() + 60_000));
    await page.getByRole('radio', { name: /Six a minute/ }).check();
    await page.getByRole('button', { name: 'Start Six a minute 4:6' }).click();
    await page.clock.runFor(3_000);
    const guide = page.locator('.stage .guide');
    const pad = page.getByRole('button', { name: /Hold while breathing in|Breathing in/ });
    const hint = page.locator('#hold-hint');
    await expect(hint).toBeVisible();
    const box = (await guide.boundingBox())!;
    for (let breath = 0; breath < 3; breath++) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await expect(pad).toHaveAttribute('aria-pressed', 'true');
      await expect(guide).toHaveClass(/pressed/);
      await page.clock.runFor(4_000);
      await page.mouse.up();
      await expect(pad).toHaveAttribute('aria-pressed', 'false');
      await page.clock.runFor(6_000);
    }
    await expect(hint).toBeHidden();
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('coherence-score')).toHaveText('100');
  });
});
