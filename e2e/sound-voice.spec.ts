/**
 * Sound in the real browser, offline: the chimes' start times on the AudioContext clock and the
 * spoken cues' start times (through e2e/fake-speech.ts, since headless Chromium has no voices)
 * against the pacer's boundaries as the session screen shows them; and the words shown where the
 * device has no voice.
 */
import type { Page } from '@playwright/test';
import { expect, openOptions, test, waitForServiceWorkerControl } from './fixtures.ts';
import { boundariesOf, chimesOf, mediaPlaying, readSound, recordSound } from './audio-probe.ts';
import { fakeSpeech, type FakeSpeechLog } from './fake-speech.ts';

const read = async (page: Page) => ({
  sound: await readSound(page),
  speech: await page.evaluate(() => (window as unknown as { __fakeSpeech: FakeSpeechLog }).__fakeSpeech),
});

test.describe('sound and voice', () => {
  test('offline, chimes and spoken cues start on the pacer boundaries', async ({ page, context, server }) => {
    test.setTimeout(120_000);
    await context.addInitScript(fakeSpeech, { voices: true, latencyMs: 180, jitterMs: 20 });
    await context.addInitScript(recordSound);
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    await server.stop();
    await context.setOffline(true);
    await page.reload();

    await page.getByRole('radio', { name: /Six a minute/ }).check();
    await openOptions(page);
    await page.getByRole('checkbox', { name: 'Sound' }).check();
    await page.getByLabel('Chimes').selectOption('tones');
    await page.getByRole('checkbox', { name: 'Spoken cues' }).check();
    await expect(page.getByRole('combobox', { name: 'Voice', exact: true })).toContainText('Fake English (on this device)');
    await page.getByRole('button', { name: 'Start Six a minute 4:6' }).click();

    // 4 s in, 6 s out: the session screen gives each phase's end on the page clock; the first
    // boundary (the end of the countdown) is the first inhale's end less its 4 s.
    await expect.poll(async () => (await read(page)).sound.ends.length, { timeout: 60_000, intervals: [1_000] }).toBeGreaterThan(6);
    const { sound } = await read(page);
    const boundaries = boundariesOf(sound, 4_000);
    expect(boundaries.length).toBeGreaterThanOrEqual(6);

    const chimes = chimesOf(sound).filter((heardAt) => heardAt <= boundaries.at(-1)! + 500);
    expect(chimes.length).toBe(boundaries.length);
    const chimeErrors = chimes.map((c, k) => c - boundaries[k]!);
    console.log('chime onset − boundary (ms):', chimeErrors.map((e) => e.toFixed(1)).join(' '));
    // The boundaries are exact (the pacer's own); what remains is the audio clock's reading and the
    // page clock's anchor (Date.now() is whole milliseconds): under a millisecond here, but a loaded
    // machine's output timestamps have been seen 20 ms off, so 25 ms is the bar.
    for (const e of chimeErrors) expect(Math.abs(e)).toBeLessThan(25);

    // The last boundary's cue may still be on its way. A cue that could only start more than 150 ms
    // late is skipped by design (a loaded machine's timer can be that late): one may be missing.
    const started = async () =>
      (await read(page)).speech.spoken.filter((s) => s.startedAt !== null && s.startedAt <= boundaries.at(-1)! + 500);
    await expect.poll(async () => (await started()).length).toBeGreaterThanOrEqual(boundaries.length - 1);
    await page.waitForTimeout(1_000);
    const cues = await started();
    // The OS's media controls: the session named, and a media element playing (silence) so Chromium shows them.
    const mediaState = () =>
      page
        .evaluate(() => ({
          title: navigator.mediaSession.metadata?.title ?? null,
          state: navigator.mediaSession.playbackState,
        }))
        .then(async (state) => ({ ...state, playing: await mediaPlaying(page) }));
    expect(await mediaState()).toEqual({ title: 'Six a minute 4:6', state: 'playing', playing: 1 });
    await page.getByRole('button', { name: 'Stop' }).click();
    expect(await mediaState()).toEqual({ title: null, state: 'none', playing: 0 });
    // Each cue belongs to the boundary it started nearest, no boundary has two, and each says its phase.
    const nearest = cues.map((c) =>
      boundaries.reduce((best, b, k) => (Math.abs(c.startedAt! - b) < Math.abs(c.startedAt! - boundaries[best]!) ? k : best), 0),
    );
    expect(cues.length).toBeGreaterThanOrEqual(boundaries.length - 1);
    expect(new Set(nearest).size).toBe(cues.length);
    expect(cues.map((c) => c.text)).toEqual(nearest.map((k) => (k % 2 ? 'Breathe out' : 'Breathe in')));
    expect(cues.every((c) => c.voice === 'Fake English')).toBe(true);
    const cueErrors = cues.map((c, i) => c.startedAt! - boundaries[nearest[i]!]!);
    console.log('voice start − boundary (ms):', cueErrors.map((e) => e.toFixed(1)).join(' '));
    // The first cue is spoken on a guess of the latency; after two, on the latency measured. An
    // engine that spoke at the boundary could start no cue sooner than 160 ms after it (the fake
    // voice takes 180 ± 20 ms): the best later cue within 100 ms shows the lead is taken. How close
    // every cue comes is measured, not asserted here: the page's timers run hundreds of ms late
    // under the whole suite's load (a CI run saw 307 ms). The unit test (src/audio/engine.test.ts)
    // holds each cue to 60 ms on a fake clock; bench/audio-browser.ts gives the browser's figures
    // beside speaking at the boundary.
    const later = cueErrors.filter((_, i) => nearest[i]! >= 2).map(Math.abs);
    expect(later.length).toBeGreaterThan(0);
    expect(Math.min(...later)).toBeLessThan(100);
  });

  test('counts the seconds within each phase after its word, when asked to', async ({ page, context }) => {
    test.setTimeout(60_000);
    await context.addInitScript(fakeSpeech, { voices: true, latencyMs: 100, jitterMs: 0 });
    await context.addInitScript(recordSound);
    await page.goto('/');
    await page.getByRole('radio', { name: /Six a minute/ }).check();
    await openOptions(page);
    await page.getByRole('checkbox', { name: 'Sound' }).check();
    await page.getByRole('checkbox', { name: 'Spoken cues' }).check();
    await page.getByRole('checkbox', { name: 'Count the seconds' }).check();
    await page.getByRole('button', { name: 'Start Six a minute 4:6' }).click();

    // 4 s in, 6 s out: the word stands for 1, then each whole second until 0.8 s before the phase ends.
    const expected = ['Breathe in', '2', '3', '4', 'Breathe out', '2', '3', '4', '5', '6', 'Breathe in'];
    const offsets = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => s * 1_000);
    await expect.poll(async () => (await read(page)).sound.ends.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const { sound, speech } = await read(page);
    await page.getByRole('button', { name: 'Stop' }).click();
    // The instant each word belongs to, from the pacer's own first boundary.
    const instants = offsets.map((o) => boundariesOf(sound, 4_000)[0]! + o);
    const cues = speech.spoken.filter((c) => c.startedAt !== null && c.startedAt < instants.at(-1)! + 500);
    // A cue that could only start more than 150 ms late is skipped by design (a loaded machine's timer
    // can be that late): each cue that was spoken says the word of the instant it started nearest, none twice.
    const nearest = cues.map((c) =>
      instants.reduce((best, t, k) => (Math.abs(c.startedAt! - t) < Math.abs(c.startedAt! - instants[best]!) ? k : best), 0),
    );
    expect(cues.length).toBeGreaterThanOrEqual(expected.length - 2);
    expect(new Set(nearest).size).toBe(cues.length);
    expect(cues.map((c) => c.text)).toEqual(nearest.map((k) => expected[k]));
    const errors = cues.map((c, i) => Math.abs(c.startedAt! - instants[nearest[i]!]!));
    console.log('count start − its second (ms):', errors.map((e) => e.toFixed(1)).join(' '));
    // Spoken at its instant, a count would start 100 ms late (this fake's latency): the best within
    // 60 ms shows the lead is taken; how close they all come is the bench's (see the first test).
    expect(Math.min(...errors)).toBeLessThan(60);
  });

  test('says so where the device has no voice, and tones still mark the phases', async ({ page, context }) => {
    test.setTimeout(60_000);
    await context.addInitScript(fakeSpeech, { voices: false, latencyMs: 0, jitterMs: 0 });
    await context.addInitScript(recordSound);
    await page.goto('/');
    await page.getByRole('radio', { name: /Six a minute/ }).check();
    await openOptions(page);
    await page.getByRole('checkbox', { name: 'Sound' }).check();
    await page.getByRole('checkbox', { name: 'Spoken cues' }).check();
    await expect(
      page.getByRole('status').filter({ hasText: 'No voice on this device for English; tones will mark the phases.' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Start Six a minute 4:6' }).click();
    // 4 s in, 6 s out: two boundaries heard by the second phase's end, each as a chime at its boundary, and nothing spoken.
    await expect.poll(async () => (await read(page)).sound.ends.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const { sound, speech } = await read(page);
    await page.getByRole('button', { name: 'Stop' }).click();
    const boundaries = boundariesOf(sound, 4_000);
    const chimes = chimesOf(sound).slice(0, boundaries.length);
    expect(chimes).toHaveLength(boundaries.length);
    const errors = chimes.map((chime, k) => chime - boundaries[k]!);
    console.log('no voice: chime onset − boundary (ms):', errors.map((e) => e.toFixed(1)).join(' '));
    for (const e of errors) expect(Math.abs(e)).toBeLessThan(25);
    expect(speech.spoken).toEqual([]);
  });
});
