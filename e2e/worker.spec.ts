/**
 * The built app served by the Worker deployment, run locally in workerd (`wrangler dev`, no
 * account): it loads under the same CSP, a room opened in two browsers connects through the
 * room's Durable Object, and the guide's glyphs come from the Worker's own gateway.
 */
import { startWorker, stopAllWorkers, type LocalWorker } from '../sync-server/worker/local.ts';
import { DIST, expect, test as base } from './fixtures.ts';

const test = base.extend<{ worker: LocalWorker }>({
  worker: async ({}, use) => {
    const worker = await startWorker({ RELAY_HTTP_PER_MINUTE: '100000' }, undefined, DIST);
    await use(worker);
    await worker.kill('SIGKILL');
  },
});
test.afterAll(stopAllWorkers);

test('on Workers: the app loads, a room connects two browsers, and glyphs load from its gateway', async ({ browser, worker }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  const violations: string[] = [];
  for (const page of [a, b]) page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
  await a.goto(worker.url);
  await a.locator('.glyph-choose > summary').click();
  await expect
    .poll(() => a.locator('.glyph-options img.glyph-thumb').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(14);

  await a.getByRole('button', { name: 'Breathe together: open a room' }).click();
  await expect(a).toHaveURL(/\/room\/[A-Za-z0-9_-]{22}$/);
  await a.getByLabel('Your name').fill('Ada');
  await a.getByRole('button', { name: 'Save name' }).click();
  await expect(a.getByTestId('room-status')).toHaveText('Connected');
  // The shared link, opened fresh in another browser: the Worker serves the app for it.
  await b.goto(a.url());
  await b.getByLabel('Your name').fill('Bo');
  await b.getByRole('button', { name: 'Save name' }).click();
  await expect(b.getByTestId('room-status')).toHaveText('Connected');
  await expect(a.getByTestId('members')).toContainText('Bo');
  await expect(b.getByTestId('members')).toContainText('Ada');
  expect(violations, 'CSP violations').toEqual([]);
});
