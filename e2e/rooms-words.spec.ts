/** What a person reads about a room that cannot be joined: words from src/ui/messages/room.ts, from codes the relay and the link carry. */
import { expect, openRoom, startServer, test } from './fixtures.ts';

test('a cut-short room link says so, and opens nothing', async ({ page, server }) => {
  await page.goto(`${server.url}/room/abc123`);
  await expect(page.getByRole('alert')).toHaveText('This room link is not complete. Ask for the link again.');
  await expect(page.getByTestId('room-status')).toHaveCount(0);
});

test('a full room says so, and stops trying', async ({ browser }) => {
  const server = await startServer({ env: { RELAY_MAX_MEMBERS: '1' } });
  try {
    const host = await (await browser.newContext()).newPage();
    await openRoom(host, server.url, 'Ada');
    const guest = await (await browser.newContext()).newPage();
    await guest.goto(host.url());
    await expect(guest.getByTestId('room-status')).toHaveText('This room is full', { timeout: 20_000 });
    await expect(host.getByTestId('room-status')).toHaveText('Connected');
  } finally {
    await server.stop();
  }
});
