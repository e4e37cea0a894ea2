/**
 * Shared heart coherence in a room (issue 16), against the built app and the real Node relay.
 * Sensors cannot run here, so members who share are stock y-websocket clients whose presence
 * carries a heart score, as the app's does when its member shares: two browsers in a small room
 * see the group's figure (the mean of the shared scores, from two sharers) beside the breath
 * figure and a heart on the sharers' rows; in a field (RELAY_FIELD_ABOVE = 4) it comes from the
 * relay's frames. Malformed scores (a string, 1e9, a negative) are ignored and break nothing.
 * The page's own sharing runs on the fake strap of fake-bluetooth.ts: offered while it runs, off
 * until turned on, and then the page's presence carries `heart` for the others.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { connectMember, type Member, synced } from '../sync-server/testing/clients.ts';
import { installFakeHeartStrap, strapPackets, swingingHeart } from './fake-bluetooth.ts';
import { expect, nameInRoom, openPanel, openRoom, pageErrors, roomIdOf, startServer, test as base } from './fixtures.ts';

const PERIOD_MS = 10_000;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** A member whose presence carries `heart` (anything: a malformed one too), renewed so it stays. */
function heartMember(url: string, roomId: string, n: number, heart: unknown): Member & { stop(): void } {
  const m = connectMember({ ws: url.replace(/^http/, 'ws') }, roomId);
  const renew = () => {
    const last = Date.now() - (1 / (2 * Math.PI)) * PERIOD_MS;
    m.provider.awareness.setLocalState({
      memberId: `heart-${n}`,
      name: `Hearty ${n}`,
      pressed: false,
      onsets: [last - 2 * PERIOD_MS, last - PERIOD_MS, last],
      score: null,
      ...(heart === undefined ? {} : { heart }),
    });
  };
  renew();
  const timer = setInterval(renew, 2000);
  return {
    ...m,
    stop() {
      clearInterval(timer);
      m.provider.destroy();
    },
  };
}

/** Whether everything in `selector` lies within the page's `width`, and the page does not scroll sideways. */
async function fitsWidth(page: Page, selector: string, width: number): Promise<boolean> {
  return page.evaluate(
    ({ selector, width }) =>
      document.documentElement.scrollWidth <= width &&
      [...document.querySelectorAll(selector)].every((e) => {
        const r = e.getBoundingClientRect();
        return r.left >= 0 && r.right <= width + 0.5;
      }),
    { selector, width },
  );
}

const test = base;
test.describe.configure({ timeout: 90_000 });
const members: ReturnType<typeof heartMember>[] = [];
test.afterEach(() => {
  for (const m of members.splice(0)) m.stop();
});

test('two browsers in a small room show the group heart figure from the shared scores; malformed ones are ignored', async ({
  browser,
  server,
}) => {
  const a = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  const errorsA = pageErrors(a);
  await openRoom(a, server.url, 'Ada');
  const roomId = roomIdOf(a);
  const b = await (await browser.newContext({ viewport: { width: 320, height: 640 } })).newPage();
  const errorsB = pageErrors(b);
  await b.goto(`${server.url}/room/${roomId}`);
  await expect(b.getByTestId('room-status')).toHaveText('Connected', { timeout: 20_000 });

  // One sharer: no group figure (one person's figure is not a group's).
  members.push(heartMember(server.url, roomId, 0, 60));
  await openPanel(a, 'People');
  await expect(a.getByTestId('members').locator('li')).toHaveCount(3);
  await expect(a.getByTestId('person-heart')).toHaveCount(1);
  await expect(a.getByTestId('group-heart')).toHaveCount(0);

  // Three more: one shares 71, the others send a string, 1e9, a negative: ignored.
  members.push(heartMember(server.url, roomId, 1, 71));
  for (const [n, bad] of [
    [2, '99'],
    [3, 1e9],
    [4, -5],
    [5, 'NaN'],
  ] as const)
    members.push(heartMember(server.url, roomId, n, bad));
  for (const page of [a, b]) {
    await expect(page.getByTestId('group-figure').getByTestId('group-heart')).toHaveText('Heart coherence 66 · 2 sharing');
  }
  const list = a.getByTestId('members');
  await expect(list.locator('li')).toHaveCount(8);
  // A small heart on the rows of those who share, their score read out; none on the others.
  await expect(list.getByTestId('person-heart')).toHaveCount(2);
  await expect(list.locator('li', { hasText: 'Hearty 0' }).getByTestId('person-heart')).toContainText('heart coherence 60');
  await expect(list.locator('li', { hasText: 'Hearty 3' }).getByTestId('person-heart')).toHaveCount(0);

  // On a 320 px phone, the figure and the list fit.
  await openPanel(b, 'People');
  await expect(b.getByTestId('members').getByTestId('person-heart')).toHaveCount(2);
  expect(await fitsWidth(b, '.group-line, .group-heart, .person, .person-heart', 320)).toBe(true);
  // The rows' hearts and the figure pass axe.
  const { violations } = await new AxeBuilder({ page: b }).include('.people').include('.group-line').withTags(TAGS).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // A sharer leaves: one is left, and the figure goes.
  members.shift()!.stop();
  for (const page of [a, b]) await expect(page.getByTestId('group-heart')).toHaveCount(0, { timeout: 20_000 });
  expect([errorsA, errorsB]).toEqual([[], []]);
});

test.describe('in a field', () => {
  const ABOVE = 4;
  const fieldTest = base.extend({
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter, which must be an object pattern even when it asks for none
    server: async ({}, use) => {
      const server = await startServer({ env: { RELAY_FIELD_ABOVE: String(ABOVE) } });
      await use(server);
      await server.stop();
    },
  });

  fieldTest('the relay’s field carries the sharers’ count and mean, shown in the panel and under the guide', async ({ page, server }) => {
    const errors = pageErrors(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await openRoom(page, server.url, 'Ada');
    const roomId = roomIdOf(page);
    // Six members besides the page: a field. Three share (50, 61, 75), two send malformed scores, one none.
    for (const [n, heart] of [
      [0, 50],
      [1, 61],
      [2, 75],
      [3, '80'],
      [4, 1e9],
      [5, undefined],
    ] as const)
      members.push(heartMember(server.url, roomId, n, heart));
    const field = page.getByTestId('room-field');
    await expect(field).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('presence-counts')).toHaveText(/^7 here · /);
    await expect(page.getByTestId('field-figure').getByTestId('group-heart')).toHaveText('Heart coherence 62 · 3 sharing');
    await expect(page.getByTestId('group-figure').getByTestId('group-heart')).toHaveText('Heart coherence 62 · 3 sharing');
    // Beside the breath figure, which is still there.
    await expect(page.getByTestId('field-figure')).toContainText(/Group sync \d+ \/ 100/);

    // On a small phone the panel's figure fits.
    await page.setViewportSize({ width: 320, height: 640 });
    await expect(page.getByTestId('field-figure').getByTestId('group-heart')).toBeVisible();
    expect(await fitsWidth(page, '.room-field, .room-field-figure, .group-heart', 320)).toBe(true);
    const { violations } = await new AxeBuilder({ page }).include('.people').withTags(TAGS).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // Two sharers leave: one is left, and the field says nothing of the heart.
    members.shift()!.stop();
    members.shift()!.stop();
    await expect(page.getByTestId('group-heart')).toHaveCount(0, { timeout: 20_000 });
    await expect(field).toBeVisible();
    expect(errors).toEqual([]);
  });
});

test('a member shares their own figure only once they turn it on, offered while their sensor runs', async ({ page, server }) => {
  const errors = pageErrors(page);
  await installFakeHeartStrap(page, {
    name: 'Polar H10 1A2B3C4D',
    packets: strapPackets(swingingHeart(180, 67.5, 7.5, 0.1), 1000).packets,
    intervalMs: 1000,
    battery: 80,
  });
  await page.goto(server.url);
  // No sensor yet: the room offers nothing to share.
  await page.getByRole('button', { name: 'Breathe together: open a room' }).click();
  await nameInRoom(page, 'Ada');
  const share = page.getByRole('checkbox', { name: 'Share my heart coherence' });
  await expect(page.getByTestId('members')).toContainText('Ada');
  await expect(share).toHaveCount(0);
  const roomUrl = page.url();

  // The strap runs (connected on the practice page, the app kept open): back in the room, offered and off.
  await page.getByRole('link', { name: 'Leave the room' }).click();
  await page.getByRole('button', { name: 'Heart sensor', exact: true }).click();
  await page.getByRole('region', { name: 'Heart sensor' }).getByRole('button', { name: 'Chest strap' }).click();
  await expect(page.getByTestId('heart-status')).toContainText('Chest strap connected', { timeout: 20_000 });
  // Back to the room without a reload, which would drop the strap: the router follows history.
  await page.evaluate((url) => {
    history.pushState(null, '', url);
    dispatchEvent(new PopStateEvent('popstate'));
  }, roomUrl);
  await expect(page.getByTestId('room-status')).toHaveText('Connected', { timeout: 20_000 });
  await openPanel(page, 'People');
  await expect(share).toBeVisible();
  await expect(share).not.toBeChecked();

  // What the others receive: no heart until it is turned on, then a score (null until the sensor has one).
  const other = heartMember(server.url, roomIdOf(page), 0, 70);
  members.push(other);
  await synced(other.provider);
  const adaHeart = () => {
    const ada = [...other.provider.awareness.getStates().values()].find((s) => s.memberId !== 'heart-0');
    return ada ? ('heart' in ada ? (ada.heart as unknown) : 'absent') : 'not here';
  };
  await expect.poll(adaHeart).toBe('absent');
  await share.check();
  await expect.poll(adaHeart).not.toBe('absent');
  const shared = adaHeart();
  expect(shared === null || (Number.isInteger(shared) && (shared as number) >= 0 && (shared as number) <= 100)).toBe(true);
  await share.uncheck();
  await expect.poll(adaHeart).toBe('absent');
  expect(errors).toEqual([]);
});
