/**
 * A room heard together: with sound on, the host's and a member's chimes start on their own
 * device's boundaries of the shared session (the guide's phase end on the page clock), and so
 * together, whichever device they play on.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { chimesOf, readSound, recordSound } from './audio-probe.ts';
import { expect, nameInRoom, openPanel, openRoom, test } from './fixtures.ts';

/** Chimes and phase ends on the wall clock (each page's performance clock has its own origin). */
async function heard(page: Page): Promise<{ chimes: number[]; boundaries: number[] }> {
  const [log, origin] = await Promise.all([readSound(page), page.evaluate(() => performance.timeOrigin)]);
  const ends = log.ends.map((t) => t + origin);
  // Each phase end is the next phase's start; the session's start is the first 4 s inhale's end
  // less 4 s, from every reading of that end (a new clock estimate moves it by a few ms).
  const firstEnds = ends.filter((end) => Math.abs(end - ends[0]!) < 1_000);
  return { chimes: chimesOf(log).map((t) => t + origin), boundaries: [...firstEnds.map((end) => end - 4_000), ...ends] };
}

/** Turns sound on with the plain tones, from the room's People panel. */
async function soundOn(page: Page): Promise<void> {
  await openPanel(page, 'People');
  await page.locator('details.room-sound > summary').click();
  await page.getByRole('checkbox', { name: 'Sound' }).check();
  await page.getByLabel('Chimes').selectOption('tones');
}

test('the host’s and a member’s chimes start on the shared session’s boundaries', async ({ browser, server }) => {
  test.setTimeout(90_000);
  const contexts: BrowserContext[] = [];
  try {
    const pages: Page[] = [];
    for (const name of ['Ada', 'Bo']) {
      const context = await browser.newContext();
      contexts.push(context);
      await context.addInitScript(recordSound);
      const page = await context.newPage();
      if (pages.length === 0) await openRoom(page, server.url, name);
      else {
        await page.goto(pages[0]!.url());
        await nameInRoom(page, name);
      }
      await soundOn(page);
      pages.push(page);
    }
    const [host, guest] = pages as [Page, Page];
    await openPanel(host, 'Lead');
    await host.getByLabel('Pattern').selectOption({ label: 'Six a minute 4:6' });
    await host.getByRole('button', { name: 'Start for everyone' }).click();

    // Five seconds to get ready, then 4 s in and 6 s out: three boundaries by 15 s.
    for (const page of pages)
      await expect.poll(async () => (await heard(page)).chimes.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const [a, b] = [await heard(host), await heard(guest)];
    const nearestTo = (chime: number, boundaries: number[]) =>
      boundaries.reduce((best, x) => (Math.abs(x - chime) < Math.abs(best - chime) ? x : best), Number.POSITIVE_INFINITY);
    const figures = (x: typeof a) => x.chimes.slice(0, 3).map((c) => (c - nearestTo(c, x.boundaries)).toFixed(1));
    console.log(
      `room chime − boundary (ms): host ${figures(a).join(' ')}; member ${figures(b).join(' ')}; host − member ${a.chimes
        .slice(0, 3)
        .map((c, k) => (c - b.chimes[k]!).toFixed(1))
        .join(' ')}`,
    );
    for (const { chimes, boundaries } of [a, b]) {
      // Each chime at a boundary the guide showed, within the audio clock's reading (see the solo
      // test in sound-voice.spec.ts) and the few ms a new clock estimate moves the guide before the sound.
      for (const chime of chimes.slice(0, 3)) {
        expect(Math.abs(chime - nearestTo(chime, boundaries)), `chime at ${chime}`).toBeLessThan(30);
      }
    }
    // Both devices chime together.
    for (const [k, chime] of a.chimes.slice(0, 3).entries()) expect(Math.abs(chime - b.chimes[k]!)).toBeLessThan(50);
  } finally {
    for (const context of contexts) await context.close();
  }
});
