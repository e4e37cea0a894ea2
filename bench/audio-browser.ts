/**
 * Sound onset error in Chromium against the built app: a practice session of "Six a minute 4:6"
 * for BENCH_AUDIO_MINUTES (default 5) with chimes and spoken cues on. Each chime's start is put on
 * the page's clock through its AudioContext's output timestamp (so output latency counts) and
 * compared with the boundary the session screen gives (its phase end on the page clock, the pacer's
 * own). Headless Chromium has no voices: the cues go to e2e/fake-speech.ts, whose 'start' comes
 * 180 ± 40 ms after speak(); the reference is speaking at the boundary, whose error is that latency.
 * Builds nothing: it serves DIST_DIR (or dist/). Run alone: `node bench/audio-browser.ts`.
 */
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumPath } from '../e2e/chromium.ts';
import { boundariesOf, chimesOf, readSound, recordSound } from '../e2e/audio-probe.ts';
import { fakeSpeech, type FakeSpeechLog } from '../e2e/fake-speech.ts';
import { startServer } from '../e2e/fixtures.ts';

const MINUTES = Number(process.env.BENCH_AUDIO_MINUTES ?? 5);

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

function row(name: string, errors: readonly number[]): string {
  const abs = errors.map(Math.abs);
  const f = (n: number) => n.toFixed(1).padStart(9);
  return `  ${name.padEnd(40)}${String(errors.length).padStart(6)}${f(percentile(errors, 50))}${f(percentile(abs, 50))}${f(percentile(abs, 99))}${f(Math.max(...abs))}`;
}

export async function printAudioBrowser(distDir = resolve(process.env.DIST_DIR || 'dist')): Promise<void> {
  const server = await startServer({ distDir });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--autoplay-policy=no-user-gesture-required'] });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addInitScript(fakeSpeech, { voices: true, latencyMs: 180, jitterMs: 40 });
    await context.addInitScript(recordSound);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('radio', { name: /Six a minute/ }).check();
    await page.locator('details.practice-options > summary').click();
    await page.getByLabel('Length').selectOption(String(MINUTES));
    await page.getByRole('checkbox', { name: 'Sound' }).check();
    await page.getByLabel('Chimes').selectOption('tones');
    await page.getByRole('checkbox', { name: 'Spoken cues' }).check();
    await page.getByRole('button', { name: 'Start Six a minute 4:6' }).click();
    await page.getByRole('heading', { name: 'Session complete' }).waitFor({ timeout: (MINUTES * 60 + 60) * 1000 });
    const log = await readSound(page);
    const speech = await page.evaluate(() => (window as unknown as { __fakeSpeech: FakeSpeechLog }).__fakeSpeech);
    // Every boundary: the first inhale's start (its end less 4 s), then each phase's end but the session's.
    const boundaries = boundariesOf(log, 4_000);
    const nearest = (t: number) => boundaries.reduce((best, b) => (Math.abs(t - b) < Math.abs(t - best) ? b : best));
    const chimeErrors = chimesOf(log)
      .filter((c) => c < log.ends.at(-1)! - 100)
      .map((c) => c - nearest(c));
    const cues = speech.spoken.filter((s) => s.startedAt !== null && s.text !== '');
    const cueErrors = cues.map((c) => c.startedAt! - nearest(c.startedAt!));
    console.log(`\n## Sound onset error in Chromium: a ${MINUTES}-minute session, ${boundaries.length} boundaries\n`);
    console.log(
      'error = chime heard (output timestamp) or voice start − the pacer boundary, ms; the voice is a fake, 180 ± 40 ms latency\n',
    );
    console.log(
      `  ${''.padEnd(40)}${'n'.padStart(6)}${'p50'.padStart(9)}${'|p50|'.padStart(9)}${'|p99|'.padStart(9)}${'|max|'.padStart(9)}`,
    );
    console.log(row('chimes on the AudioContext clock', chimeErrors));
    console.log(row('voice, issued ahead by measured latency', cueErrors));
    console.log(
      row(
        'reference: speak() at the boundary',
        cues.map((c) => c.startedAt! - c.spokenAt),
      ),
    );
    console.log(`\n  chimes ${chimeErrors.length} for ${boundaries.length} boundaries; cues started ${cues.length}`);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await printAudioBrowser();
