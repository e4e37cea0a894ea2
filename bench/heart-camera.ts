/**
 * Heartbeats from the camera, measured end to end in Chromium: synthetic fingertip videos
 * (e2e/heart-video.ts: 54, 72, 96 bpm, the rate swinging ±6 bpm at 0.1 Hz, clean and noisy) played
 * by Chromium's fake camera into src/heart/camera.ts, on a bare page (the module served as is,
 * types stripped), for BENCH_HEART_SECONDS (default 30) each.
 * - Accuracy: each measured RR against the video's truth (lined up in order by alignRr), RMS and
 *   max error, and the heart rate error (60000 / mean RR). The reference, on the very samples the
 *   page read: a naive picker, the lowest raw red within 300 ms at frame times.
 * - CPU: the page's time inside the frame callback (µs a frame) and its main thread's busy time
 *   (CDP TaskDuration) per second of video, against a reference page that receives the same
 *   frames with an empty callback.
 * Builds nothing. Run alone: `node bench/heart-camera.ts`.
 */
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumPath } from '../e2e/chromium.ts';
import { PATCH_WIDTH } from '../src/heart/camera.ts';
import { ROOT } from '../e2e/fixtures.ts';
import {
  alignArrivals,
  frameStampProbe,
  type HeartVideo,
  type HeartVideoOptions,
  onsetsSeen,
  type RrArrival,
  type StampedFrame,
  writeHeartVideo,
} from '../e2e/heart-video.ts';

const SECONDS = Number(process.env.BENCH_HEART_SECONDS ?? 30);
const ORIGIN = 'http://localhost';

interface Sample {
  readonly at: number;
  readonly red: number;
}

/** What one page measured. */
export interface CameraRun {
  readonly samples: Sample[];
  /** The beats, each at its time. */
  readonly rr: RrArrival[];
  /** The frames the page saw, by their stamps. */
  readonly stamps: StampedFrame[];
  readonly quality: number;
  readonly frames: number;
  /** Time inside the frame callback, ms, over the whole run. */
  readonly callbackMs: number;
  /** The page's main-thread busy time (CDP TaskDuration), s, over the run. */
  readonly taskS: number;
  readonly seconds: number;
}

// In the page: every frame callback is timed, and each patch read is kept with its capture time.
const PAGE = (mode: 'camera' | 'empty') => `<!doctype html><script type="module">
const run = { samples: [], rr: [], frames: 0, callbackMs: 0, quality: 0 };
window.__run = run;
let captured = 0;
const rvfc = HTMLVideoElement.prototype.requestVideoFrameCallback;
HTMLVideoElement.prototype.requestVideoFrameCallback = function (cb) {
  return rvfc.call(this, (now, meta) => {
    captured = meta.captureTime ?? meta.expectedDisplayTime;
    run.first ??= captured;
    run.last = captured;
    const t0 = performance.now();
    cb(now, meta);
    run.callbackMs += performance.now() - t0;
    run.frames++;
  });
};
const getImageData = OffscreenCanvasRenderingContext2D.prototype.getImageData;
OffscreenCanvasRenderingContext2D.prototype.getImageData = function (...args) {
  const image = getImageData.apply(this, args);
  // Only the camera's own patch (the frame-stamp probe reads a canvas of its own).
  if (this.canvas.width !== ${PATCH_WIDTH}) return image;
  let sum = 0;
  for (let i = 0; i < image.data.length; i += 4) sum += image.data[i];
  run.samples.push({ at: captured + (Date.now() - performance.now()), red: sum / (image.data.length / 4) });
  return image;
};
window.__start = async () => {
  if (${mode === 'empty'}) {
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 160, frameRate: 30 } });
    await video.play();
    const frame = () => video.requestVideoFrameCallback(frame);
    frame();
    return;
  }
  const { startCamera } = await import('/src/heart/camera.ts');
  const source = await startCamera({ now: () => Date.now(), dispose() {} });
  source.onBeat((beat) => run.rr.push({ at: beat.at, rr: beat.rrMs }));
  setInterval(() => (run.quality = source.quality()), 200);
};
</script>`;

/** Plays `video` through Chromium's fake camera into the camera source (or an empty callback) for `seconds`. */
export async function runCameraPage(video: HeartVideo, seconds: number, mode: 'camera' | 'empty'): Promise<CameraRun> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video.path}`, '--use-fake-ui-for-media-stream'],
  });
  try {
    const context = await browser.newContext();
    await context.grantPermissions(['camera'], { origin: ORIGIN });
    // The stamp probe wraps the frame callback outside the page's timing (its cost is not counted).
    await context.addInitScript(frameStampProbe);
    const page = await context.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (!path.endsWith('.ts')) return route.fulfill({ contentType: 'text/html', body: PAGE(mode) });
      const source = readFileSync(join(ROOT, path), 'utf8');
      return route.fulfill({ contentType: 'text/javascript', body: stripTypeScriptTypes(source) });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => '__start' in window);
    await page.evaluate(() => (window as unknown as { __start: () => Promise<void> }).__start());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const task = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    };
    const task0 = await task();
    const wall0 = Date.now();
    // The run's length is the page's own video time: wait for that many frames' worth of it.
    await page.waitForFunction(
      (ms) => {
        const run = (window as unknown as { __run: CameraRun & { first?: number; last?: number } }).__run;
        return run.first !== undefined && run.last! - run.first >= ms;
      },
      seconds * 1000,
      { timeout: (seconds + 60) * 1000, polling: 500 },
    );
    const taskS = (await task()) - task0;
    const run = await page.evaluate(() => {
      const w = window as unknown as { __run: CameraRun; __heartFrames: StampedFrame[] };
      return { ...w.__run, stamps: w.__heartFrames };
    });
    return { ...run, taskS, seconds: (Date.now() - wall0) / 1000 };
  } finally {
    await browser.close();
  }
}

/**
 * The reference: a trough of the raw red at its frame's time, with no filter and no interpolation:
 * the lowest frame within ±270 ms, at least 30% of the last 2 s's range below their mean.
 */
export function naiveRr(samples: readonly Sample[]): RrArrival[] {
  const troughs: Sample[] = [];
  for (let i = 60; i < samples.length - 8; i++) {
    const s = samples[i]!;
    const around = samples.slice(i - 8, i + 9);
    if (around.some((o) => o.red < s.red)) continue;
    const recent = samples.slice(i - 60, i).map((o) => o.red);
    const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
    if (mean - s.red < 0.3 * (Math.max(...recent) - Math.min(...recent))) continue;
    if (troughs.length && s.at - troughs.at(-1)!.at < 300) continue;
    troughs.push(s);
  }
  return troughs.slice(1).map((t, i) => ({ at: t.at, rr: t.at - troughs[i]!.at }));
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function row(name: string, onsets: readonly number[], beats: readonly RrArrival[], cpu: string): string {
  const rr = beats.map((b) => b.rr);
  if (rr.length < 3) return `  ${name.padEnd(34)}${String(rr.length).padStart(6)}   (too few beats)`;
  const { errors, matched, off } = alignArrivals(beats, onsets);
  if (errors.length === 0) return `  ${name.padEnd(34)}${String(rr.length).padStart(6)}${String(off).padStart(7)}   (none within 100 ms)`;
  const hrError = 60_000 / mean(rr) - 60_000 / mean(matched);
  const rms = Math.sqrt(mean(errors.map((e) => e * e)));
  const max = Math.max(...errors.map(Math.abs));
  const f = (n: number, d = 1) => n.toFixed(d).padStart(9);
  return `  ${name.padEnd(34)}${String(rr.length).padStart(6)}${String(off).padStart(7)}${f(hrError, 2)}${f(rms)}${f(max)}${cpu}`;
}

/** The videos measured: three rates, each clean and noisy. */
export const VIDEOS: readonly (HeartVideoOptions & { name: string })[] = [54, 72, 96].flatMap((bpm) => [
  { name: `${bpm} bpm clean`, bpm, swingBpm: 6, seconds: 20, seed: bpm },
  { name: `${bpm} bpm noisy`, bpm, swingBpm: 6, seconds: 20, seed: bpm + 1, pixelNoise: 4, frameNoise: 0.4, wander: 3, dip: 3 },
]);

export async function printHeartCamera(): Promise<void> {
  console.log(`\n## Heartbeats from the camera: Chromium's fake camera, ${SECONDS} s of each synthetic fingertip video\n`);
  console.log(
    'RR error = measured − true interval (ms, lined up in order, dropped beats skipped); wrong = over 100 ms off (not in the RMS)',
  );
  console.log('HR error = bpm from the mean RR − the true one over the same beats');
  console.log('cpu = time inside the frame callback per frame (µs) | the page main thread busy per s of video (ms)\n');
  console.log(
    `  ${''.padEnd(34)}${'beats'.padStart(6)}${'wrong'.padStart(7)}${'HR err'.padStart(9)}${'RR rms'.padStart(9)}${'RR max'.padStart(9)}   cpu µs/frame | ms/s`,
  );
  const cpuOf = (run: CameraRun) =>
    `   ${(((run.callbackMs / Math.max(1, run.frames)) * 1000).toFixed(0)).padStart(5)} | ${((run.taskS * 1000) / run.seconds).toFixed(1)}`;
  let idle: CameraRun | null = null;
  for (const options of VIDEOS) {
    const video = writeHeartVideo(options, 'bench');
    const run = await runCameraPage(video, SECONDS, 'camera');
    console.log(
      `  ${options.name} (truth ${video.bpm.toFixed(1)} bpm, ${run.frames} frames, quality at the end ${run.quality.toFixed(2)})`,
    );
    const onsets = onsetsSeen(video, run.stamps);
    console.log(row('  camera.ts in Chromium', onsets, run.rr, cpuOf(run)));
    console.log(row('  reference: naive trough picker', onsets, naiveRr(run.samples), ''));
    idle ??= await runCameraPage(video, Math.min(SECONDS, 15), 'empty');
  }
  if (idle) console.log(`\n  reference page, frames with an empty callback: ${cpuOf(idle)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await printHeartCamera();
