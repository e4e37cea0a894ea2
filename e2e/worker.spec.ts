/**
 * The built app served by the Worker deployment, run locally in workerd (`wrangler dev`, no
 * account): it loads under the same CSP, a room opened in two browsers connects through the
 * room's Durable Object, and the guide's glyphs come from the Worker's own gateway.
 */
import { startWorker, stopAllWorkers, type LocalWorker } from '../sync-server/worker/local.ts';
import { DIST, test as base } from './fixtures.ts';
import { roomThroughRelay } from './relay-flow.ts';

const test = base.extend<{ worker: LocalWorker }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter, which must be an object pattern even when it asks for none
  worker: async ({}, use) => {
    const worker = await startWorker({ RELAY_HTTP_PER_MINUTE: '100000' }, undefined, DIST);
    await use(worker);
    await worker.kill('SIGKILL');
  },
});
test.afterAll(stopAllWorkers);
// Starting wrangler dev counts in the test's time (15 s under CI's load) and the flow itself took
// 30-45 s there: passing runs took 44-55 s of the default 60 s, and one ran out at 60.1 s with
// every step done. A hang still fails, at twice that.
test.describe.configure({ timeout: 120_000 });

test('on Workers: the app loads, a room connects two browsers, its host ends a session and deletes the room, and glyphs load from its gateway', async ({
  browser,
  worker,
}) => {
  await roomThroughRelay(browser, worker.url);
});
