/**
 * The built app served by the Worker deployment, run locally in workerd (`wrangler dev`, no
 * account): it loads under the same CSP, a room opened in two browsers connects through the
 * room's Durable Object, and the guide's glyphs come from the Worker's own gateway.
 */
import { startWorker, stopAllWorkers, type LocalWorker } from '../sync-server/worker/local.ts';
import catalog from '../public/glyphs/catalog.json' with { type: 'json' };
import { allGlyphsShown, cspViolations, DIST, expect, nameInRoom, openPanel, openRoom, test as base } from './fixtures.ts';

const test = base.extend<{ worker: LocalWorker }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter, which must be an object pattern even when it asks for none
  worker: async ({}, use) => {
    const worker = await startWorker({ RELAY_HTTP_PER_MINUTE: '100000' }, undefined, DIST);
    await use(worker);
    await worker.kill('SIGKILL');
  },
});
test.afterAll(stopAllWorkers);

test('on Workers: the app loads, a room connects two browsers, its host ends a session and deletes the room, and glyphs load from its gateway', async ({
  browser,
  worker,
}) => {
  const [ca, cb] = [await browser.newContext(), await browser.newContext()];
  const violations = [cspViolations(ca), cspViolations(cb)];
  const [a, b] = [await ca.newPage(), await cb.newPage()];
  await a.goto(worker.url);
  await allGlyphsShown(a, catalog.glyphs.length + 1); // the pack and the suggestion

  await openRoom(a, worker.url, 'Ada');
  // The shared link, opened fresh in another browser: the Worker serves the app for it.
  await b.goto(a.url());
  await nameInRoom(b, 'Bo');
  await expect(a.getByTestId('members')).toContainText('Bo');
  await expect(b.getByTestId('members')).toContainText('Ada');

  // The host ends a session for both, then deletes the room through the room's Durable Object.
  await a.getByRole('button', { name: 'Start for everyone' }).click();
  await expect(b.getByTestId('room-phase')).toHaveText(/Get ready|Inhale/);
  await a.getByRole('button', { name: 'End for everyone' }).click();
  await expect(b.getByTestId('room-phase')).toHaveText('Session over');
  await openPanel(a, 'Lead');
  await a.getByRole('button', { name: 'Delete this room…' }).click();
  await a.getByRole('alertdialog').getByRole('button', { name: 'Delete for everyone' }).click();
  for (const page of [a, b]) await expect(page.getByTestId('room-gone')).toContainText('This room was deleted');
  expect(violations.flat(), 'CSP violations').toEqual([]);
});
