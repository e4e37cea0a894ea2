/**
 * Leading a room with several browsers against the real relay: the host ends for everyone, a restart
 * under way asks first, a latecomer lands in phase, each member's journal keeps the session, the
 * lead and the pattern's lock pass on, a scheduled start shows the same instant in two time zones and
 * starts for both, and a deleted room is gone from the relay's storage and from every browser.
 */
import { DatabaseSync } from 'node:sqlite';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect, nameInRoom, openPanel, openRoom, startServer, test } from './fixtures.ts';

/** When the current phase ends, on the page's clock (the same real clock for every context here). */
async function phaseEnd(page: Page): Promise<{ step: number | null; end: number }> {
  const pacer = page.getByTestId('room-pacer');
  const [step, end] = await Promise.all([pacer.getAttribute('data-step'), pacer.getAttribute('data-phase-end-local')]);
  return { step: step ? Number(step) : null, end: Number(end) };
}

/** Expects both pages in the same phase, ending within 50 ms of each other (sampled until the same step is seen twice). */
async function expectInStep(a: Page, b: Page): Promise<void> {
  let compared = 0;
  await expect(async () => {
    const [ea, eb] = await Promise.all([phaseEnd(a), phaseEnd(b)]);
    if (ea.step !== null && ea.step === eb.step) {
      expect(Math.abs(ea.end - eb.end)).toBeLessThan(50);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(2);
  }).toPass({ timeout: 20_000 });
}

/** A member joins the host's room in a context of its own. */
async function joinRoom(browser: Browser, host: Page, name: string, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(host.url());
  await nameInRoom(page, name);
  return { context, page };
}

/** Ada opens a room and Bo joins it, each in a context of their own (added to `contexts` to close). */
async function hostAndGuest(browser: Browser, url: string, contexts: BrowserContext[]) {
  const hostContext = await browser.newContext();
  contexts.push(hostContext);
  const host = await hostContext.newPage();
  await openRoom(host, url, 'Ada');
  const guest = await joinRoom(browser, host, 'Bo');
  contexts.push(guest.context);
  return { host, guest };
}

/** The room's shortest preset to a full cycle: "Six a minute 4:6" (10 s). */
async function chooseShortPattern(host: Page): Promise<void> {
  await openPanel(host, 'Lead');
  await host.getByLabel('Pattern').selectOption({ label: 'Six a minute 4:6' });
}

test('the host ends a session for everyone; each member keeps it in their own journal, with no one else’s name', async ({
  browser,
  server,
}) => {
  test.setTimeout(90_000);
  const contexts: BrowserContext[] = [];
  try {
    const { host, guest } = await hostAndGuest(browser, server.url, contexts);
    await chooseShortPattern(host);
    await host.getByRole('button', { name: 'Start for everyone' }).click();
    await expect(guest.page.getByTestId('room-phase')).toHaveText(/Get ready|Inhale/);
    // The host's guide (the glyph suggested for this pattern) is the guest's too, loaded and checked by its CID.
    const cid = await host.getByTestId('room-pacer').getAttribute('data-glyph');
    expect(cid).toMatch(/^bafkrei[a-z2-7]{52}$/);
    await expect(guest.page.getByTestId('room-pacer')).toHaveAttribute('data-glyph', cid!);
    await expect
      .poll(() => guest.page.locator('.room-guide img.guide-glyph').evaluate((img) => (img as HTMLImageElement).naturalWidth), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    await expectInStep(host, guest.page);
    // A full cycle and a bit, then the host ends it.
    await expect(host.getByTestId('room-pacer')).toHaveAttribute('data-step', /^([3-9]|\d\d)$/, { timeout: 30_000 });
    await host.getByRole('button', { name: 'End for everyone' }).click();
    for (const page of [host, guest.page]) {
      await expect(page.getByTestId('room-phase')).toHaveText('Session over');
      await expect(page.getByTestId('room-summary')).toContainText('Session ended');
      await expect(page.getByTestId('room-summary')).toContainText('Saved to your journal');
    }
    // The host can start again: the button is back, nothing asks (nothing is under way).
    await expect(host.getByRole('button', { name: 'Start for everyone' })).toBeVisible();

    for (const [page, other] of [
      [host, 'Bo'],
      [guest.page, 'Ada'],
    ] as const) {
      await page.goto(`${server.url}/journal`);
      const entry = page.getByRole('list', { name: 'Sessions, newest first' }).getByRole('listitem').first();
      await expect(entry).toContainText('Six a minute 4:6');
      await expect(entry).toContainText(/Room session/);
      await expect(page.getByRole('list', { name: 'Sessions, newest first' })).not.toContainText(other);
    }
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});

test('a restart under way asks first; a latecomer lands in phase; the lead and a locked pattern pass on', async ({ browser, server }) => {
  // Three browsers and four hand-overs: 72-78 s under CI's load.
  test.setTimeout(150_000);
  const contexts: BrowserContext[] = [];
  try {
    const { host, guest } = await hostAndGuest(browser, server.url, contexts);
    await chooseShortPattern(host);
    await host.getByLabel('Lock it (it stays, whoever leads)').check();
    await host.getByRole('button', { name: 'Start for everyone' }).click();
    await expect(host.getByTestId('room-phase')).toHaveText(/Inhale|Exhale/, { timeout: 10_000 });

    // Starting again while everyone breathes asks first; keeping on changes nothing.
    const step = Number(await host.getByTestId('room-pacer').getAttribute('data-step'));
    await host.getByRole('button', { name: 'Start again for everyone' }).click();
    const ask = host.getByRole('alertdialog');
    await expect(ask).toContainText('Start again from the beginning for everyone?');
    await ask.getByRole('button', { name: 'Keep breathing' }).click();
    await expect(ask).toHaveCount(0);
    await expect(guest.page.getByTestId('room-phase')).not.toHaveText('Get ready');
    expect(Number(await guest.page.getByTestId('room-pacer').getAttribute('data-step'))).toBeGreaterThanOrEqual(step);

    // A latecomer arrives mid-session, in phase with everyone.
    const late = await joinRoom(browser, host, 'Cy');
    contexts.push(late.context);
    await expect(late.page.getByTestId('room-phase')).toHaveText(/Inhale|Exhale/);
    await expectInStep(host, late.page);
    await expectInStep(guest.page, late.page);

    // Confirmed, the restart sends everyone to "Get ready".
    await host.getByRole('button', { name: 'Start again for everyone' }).click();
    await host.getByRole('alertdialog').getByRole('button', { name: 'Start again' }).click();
    for (const page of [host, guest.page, late.page]) await expect(page.getByTestId('room-phase')).toHaveText('Get ready');

    // The host hands the lead to Bo; the pattern stays locked for the new host.
    await host.getByLabel('Hand the lead to').selectOption({ label: 'Bo' });
    await host.getByRole('button', { name: 'Hand over' }).click();
    await expect(host.getByRole('button', { name: 'End for everyone' })).toHaveCount(0);
    await expect(guest.page.getByRole('button', { name: 'End for everyone' })).toBeVisible();
    await openPanel(guest.page, 'Lead');
    await expect(guest.page.getByLabel('Pattern')).toBeDisabled();
    await expect(guest.page.getByLabel('Pattern')).toHaveValue('preset:six');
    await guest.page.getByRole('button', { name: 'End for everyone' }).click();
    for (const page of [host, guest.page, late.page]) await expect(page.getByTestId('room-phase')).toHaveText('Session over');
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});

test('a scheduled start shows the same instant in two time zones, counts down, and starts for both at once', async ({
  browser,
  server,
}) => {
  test.setTimeout(90_000);
  const contexts: BrowserContext[] = [];
  try {
    const hostContext = await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' });
    contexts.push(hostContext);
    const host = await hostContext.newPage();
    await openRoom(host, server.url, 'Ada');
    const guest = await joinRoom(browser, host, 'Bo', { timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    contexts.push(guest.context);
    await openPanel(host, 'Lead');
    // 25 s from now, as the host's own wall clock (New York) reads it.
    const at = Math.ceil((Date.now() + 25_000) / 1000) * 1000;
    const local = await host.evaluate((ms) => {
      const d = new Date(ms);
      const two = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    }, at);
    await host.getByLabel('Start at a set time').fill(local);
    await host.getByRole('button', { name: 'Schedule' }).click();

    const shown: string[] = [];
    for (const [page, zone] of [
      [host, 'America/New_York'],
      [guest.page, 'Asia/Tokyo'],
    ] as const) {
      const schedule = page.getByTestId('room-schedule');
      await expect(schedule).toBeVisible();
      // The same instant on both devices, written in each one's own zone.
      const instant = Date.parse((await schedule.getAttribute('data-start'))!);
      expect(Math.abs(instant - at)).toBeLessThan(100);
      const text = (await schedule.locator('time').textContent())!;
      const expected = await page.evaluate(
        ([ms, tz]) => new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone: tz }).format(ms),
        [instant, zone] as const,
      );
      expect(text).toContain(expected);
      shown.push(text);
      await expect(page.getByTestId('room-phase')).toHaveText(/^Starts in 0:\d\d$/);
      await expect(schedule.getByRole('button', { name: 'Add to calendar' })).toBeVisible();
    }
    expect(shown[0]).not.toBe(shown[1]);

    // The calendar file holds the same instant, in UTC.
    const [download] = await Promise.all([
      guest.page.waitForEvent('download'),
      guest.page.getByRole('button', { name: 'Add to calendar' }).click(),
    ]);
    const ics = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const utc = new Date(at)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    expect(ics).toContain(`DTSTART:${utc}`);

    for (const page of [host, guest.page]) await expect(page.getByTestId('room-phase')).toHaveText('Get ready', { timeout: 30_000 });
    for (const page of [host, guest.page]) await expect(page.getByTestId('room-phase')).toHaveText('Inhale', { timeout: 15_000 });
    // Both began at the scheduled instant: their current phase ends at the same moment, a whole number of phases after it.
    await expectInStep(host, guest.page);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});

test('the host deletes the room: gone from the relay’s storage and from every browser, and the link opens an empty room', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-e2e-delete-'));
  const server = await startServer({ dataDir });
  const contexts: BrowserContext[] = [];
  const stored = (id: string) => {
    // The relay may be writing as we read: SQLite waits for its lock instead of failing "database is locked".
    const db = new DatabaseSync(join(dataDir, 'rooms.sqlite'), { readOnly: true, timeout: 5_000 });
    try {
      const count = (sql: string) => (db.prepare(sql).get(id) as { n: number }).n;
      return {
        rows:
          count('SELECT count(*) AS n FROM rooms WHERE id = ?') +
          count('SELECT count(*) AS n FROM updates WHERE room_id = ?') +
          count('SELECT count(*) AS n FROM set_aside WHERE room_id = ?'),
        tombstone: count('SELECT count(*) AS n FROM tombstones WHERE id = ?'),
      };
    } finally {
      db.close();
    }
  };
  const roomDbs = (page: Page) =>
    page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('sacred-breathing-room-')));
  try {
    const hostContext = await browser.newContext();
    contexts.push(hostContext);
    const host = await hostContext.newPage();
    await openRoom(host, server.url, 'Ada');
    const id = new URL(host.url()).pathname.split('/').pop()!;
    const guest = await joinRoom(browser, host, 'Bo');
    contexts.push(guest.context);
    await host.getByRole('button', { name: 'Start for everyone' }).click();
    await expect(guest.page.getByTestId('room-phase')).toHaveText(/Get ready|Inhale/);
    await expect.poll(() => stored(id).rows).toBeGreaterThan(0);
    await expect.poll(() => roomDbs(guest.page)).toHaveLength(1);

    // A third member, offline while the room is deleted, holds a copy the relay synced to it.
    const away = await joinRoom(browser, host, 'Cy');
    contexts.push(away.context);
    await expect.poll(() => roomDbs(away.page)).toHaveLength(1);
    await away.context.setOffline(true);
    await expect(away.page.getByTestId('room-status')).toContainText('Offline');

    // Only the device that made the room is offered the deletion.
    await expect(guest.page.getByRole('button', { name: /^Lead/ })).toHaveCount(0);
    await openPanel(host, 'Lead');
    await host.getByRole('button', { name: 'Delete this room…' }).click();
    await host.getByRole('alertdialog').getByRole('button', { name: 'Delete for everyone' }).click();

    for (const page of [host, guest.page]) {
      await expect(page.getByTestId('room-gone')).toContainText('This room was deleted');
      await expect.poll(() => roomDbs(page)).toEqual([]);
    }
    expect(stored(id)).toEqual({ rows: 0, tombstone: 1 });

    // Back online, the member who was away hears of the deletion and drops its copy instead of syncing it back.
    await away.context.setOffline(false);
    await expect(away.page.getByTestId('room-gone')).toContainText('This room was deleted', { timeout: 30_000 });
    await expect.poll(() => roomDbs(away.page)).toEqual([]);
    expect(stored(id)).toEqual({ rows: 0, tombstone: 1 });

    // The link now opens a new, empty room, led by whoever opens it first.
    await guest.page.getByRole('button', { name: 'Open a new room at this link' }).click();
    await expect(guest.page.getByTestId('room-status')).toHaveText('Connected', { timeout: 20_000 });
    await expect(guest.page.getByTestId('room-phase')).toHaveText('Start when everyone is here');
    await expect(guest.page.getByRole('button', { name: 'Start for everyone' })).toBeVisible();
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
    await server.stop();
  }
});
