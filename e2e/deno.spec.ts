/**
 * The built app served by the Deno relay (sync-server/deno, rooms kept in Deno KV), started as a
 * child by its launcher: it loads under the same CSP, a room opened in two browsers connects
 * through it, the guide's glyphs come from its own gateway, and a room's document outlives a
 * kill -9 of the relay.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DenoRelay, startDeno, stopAllDeno } from '../sync-server/deno/local.ts';
import { roomThroughRelay } from './relay-flow.ts';
import { cspViolations, DIST, expect, openPanel, openRoom, roomIdOf, test as base } from './fixtures.ts';

const test = base.extend<{ deno: DenoRelay }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter, which must be an object pattern even when it asks for none
  deno: async ({}, use) => {
    const deno = await startDeno({}, undefined, DIST);
    await use(deno);
    await deno.kill('SIGKILL');
  },
});
test.afterAll(stopAllDeno);

test('on Deno: the app loads, a room connects two browsers, its host ends a session and deletes the room, and glyphs load from its gateway', async ({
  browser,
  deno,
}) => {
  await roomThroughRelay(browser, deno.url);
});

test('on Deno: a room written before a kill -9 of the relay is there for a new browser once it restarts on the same data', async ({
  browser,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-e2e-deno-data-'));
  const first = await startDeno({}, dataDir, DIST);
  const [ca, cb] = [await browser.newContext(), await browser.newContext()];
  const violations = [cspViolations(ca), cspViolations(cb)];
  const [host, guest] = [await ca.newPage(), await cb.newPage()];
  await openRoom(host, first.url, 'Ada');
  const room = roomIdOf(host);
  await openPanel(host, 'Lead');
  await host.getByLabel('Pattern').selectOption({ label: 'Triangle 4-4-4' });
  await host.getByRole('button', { name: 'Start for everyone' }).click();
  // The relay stores every change before any member gets it: once the guest sees the session, it is on disk.
  await guest.goto(host.url());
  await expect(guest.getByTestId('room-pacer')).toContainText('Triangle 4-4-4');
  await expect(guest.getByTestId('room-phase')).toHaveText(/Get ready|Inhale|Hold|Exhale/);

  // Both browsers go (their local copies of the room must not be what brings it back), then the relay dies.
  await Promise.all([ca.close(), cb.close()]);
  await first.kill('SIGKILL');
  const second = await startDeno({}, dataDir, DIST);
  try {
    // A browser that never saw the room: everything it shows came from the relay's KV file.
    const cc = await browser.newContext();
    violations.push(cspViolations(cc));
    const late = await cc.newPage();
    await late.goto(`${second.url}/room/${room}`);
    await expect(late.getByTestId('room-status')).toHaveText('Connected', { timeout: 20_000 });
    await expect(late.getByTestId('room-pacer')).toContainText('Triangle 4-4-4');
    await expect(late.getByTestId('room-phase')).toHaveText(/Get ready|Inhale|Hold|Exhale/);
    expect(violations.flat(), 'CSP violations').toEqual([]);
  } finally {
    await second.kill('SIGKILL');
  }
});
