/** What a person reads about a room that cannot be joined or opened: words from src/ui/messages/room.ts, from codes the relay and the link carry. */
import { randomBytes } from 'node:crypto';
import { expect, openRoom, startServer, test } from './fixtures.ts';

const ROOM_CODE_MARK = 'old room copy not adopted'; // a string only the room module's chunk holds

test('a cut-short room link says so, and opens nothing', async ({ page, server }) => {
  await page.goto(`${server.url}/room/abc123`);
  await expect(page.getByRole('alert')).toHaveText('This room link is not complete. Ask for the link again.');
  await expect(page.getByTestId('room-status')).toHaveCount(0);
});

test('a full room says so, and stops trying', async ({ browser }) => {
  const server = await startServer({ env: { RELAY_MAX_MEMBERS: '1' } });
  const hostContext = await browser.newContext();
  const guestContext = await browser.newContext();
  try {
    const host = await hostContext.newPage();
    await openRoom(host, server.url, 'Ada');
    const guest = await guestContext.newPage();
    const attempts: string[] = [];
    guest.on('websocket', (ws) => attempts.push(ws.url()));
    // The guest's timers run on a clock the test moves: past every backoff window at once.
    await guest.clock.install();
    await guest.goto(host.url());
    await expect(guest.getByTestId('room-status')).toHaveText('This room is full', { timeout: 20_000 });
    expect(attempts).toHaveLength(1);
    await guest.clock.runFor(120_000); // four times the longest backoff (30 s)
    await expect(guest.getByTestId('room-status')).toHaveText('This room is full');
    expect(attempts).toHaveLength(1);
    await expect(host.getByTestId('room-status')).toHaveText('Connected');
  } finally {
    await Promise.all([hostContext.close(), guestContext.close()]);
    await server.stop();
  }
});

test('a room whose code cannot load says so, and Try again opens it, connecting meanwhile', async ({ browser, server }) => {
  // No service worker: the room's code is fetched, and not cached (as offline on a first visit).
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    let failing = true;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/*.js', async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      if (!body.includes(ROOM_CODE_MARK)) return route.fulfill({ response, body });
      if (failing) return route.abort('internetdisconnected');
      await held; // the second time, held back until the page has said it is connecting
      await route.fulfill({ response, body });
    });
    await page.goto(`${server.url}/room/${randomBytes(16).toString('base64url')}`);
    await expect(page.getByRole('alert')).toHaveText('This room could not be opened on this device. Check your connection and try again.');
    await expect(page.getByTestId('room-status')).toHaveCount(0);

    failing = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByTestId('room-status')).toHaveText('Connecting…');
    await expect(page.getByRole('alert')).toHaveCount(0);
    release();
    await expect(page.getByTestId('room-status')).toHaveText('Connected', { timeout: 20_000 });
    await expect(page.getByRole('alert')).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test('rooms work where the page may not use storage, for this page only', async ({ browser, server }) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    });
    await openRoom(page, server.url, 'Ada');
    await expect(page.getByTestId('members')).toContainText('Ada (you)');
  } finally {
    await context.close();
  }
});
