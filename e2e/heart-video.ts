/**
 * A synthetic fingertip video with a known heartbeat, for Chromium's fake camera
 * (`--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>.y4m`): a lit red
 * fingertip whose red level dips at each pulse (a steep systolic fall, a slow return with a small
 * dicrotic wave), the heart rate swinging at `modulationHz` as a breath at 6 a minute makes it,
 * plus per-pixel sensor noise (which also dithers 8-bit levels), optional frame noise and
 * baseline wander. Y4M (YUV4MPEG2), 4:2:0, BT.601.
 *
 * Chromium plays the file in a loop, so the video is exactly one loop of a periodic beat train:
 * `seconds` is a whole number of modulation periods and holds a whole number of beats (the mean
 * rate is nudged to make it so), and the truth repeats with period `seconds` (see `truthRr`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seeded } from '../src/core/random.ts';

/** What the video shows. */
export interface HeartVideoOptions {
  /** Mean heart rate (bpm); nudged so one loop holds whole beats (see HeartVideo.bpm). */
  readonly bpm: number;
  /** Peak swing of the rate (bpm) at modulationHz. */
  readonly swingBpm?: number;
  readonly modulationHz?: number;
  /** Length of one loop; rounded up to whole modulation periods. */
  readonly seconds?: number;
  /** The pulse's dip in red levels (0-255), at the fingertip's centre. */
  readonly dip?: number;
  /** Per-pixel noise (red levels, SD). */
  readonly pixelNoise?: number;
  /** Noise on the whole frame's level (red levels, SD): what averaging cannot take out. */
  readonly frameNoise?: number;
  /** Baseline wander (red levels): breathing at 0.25 Hz and a slower pressure drift. */
  readonly wander?: number;
  readonly width?: number;
  readonly height?: number;
  readonly fps?: number;
  readonly seed?: number;
}

/** The written file and its truth. */
export interface HeartVideo {
  readonly path: string;
  readonly fps: number;
  /** One loop's length (ms). */
  readonly loopMs: number;
  /** The mean rate actually used (bpm). */
  readonly bpm: number;
  /** Beat onsets within one loop (ms from the file's first frame). */
  readonly onsets: readonly number[];
  /** RR intervals of one loop, cyclic: rr[i] = onsets[i] − onsets[i − 1] (rr[0] wraps round the loop's end). */
  readonly rr: readonly number[];
}

/** Each frame carries its number in binary: STAMP_BITS blocks of STAMP_SIZE pixels along the top. */
const STAMP_BITS = 12;
const STAMP_SIZE = 4;

/** The red level's dip at `ms` after a beat's onset, peak 1. */
export const pulseShape = (ms: number): number =>
  Math.exp(-(((ms - 150) / (ms < 150 ? 60 : 150)) ** 2)) + 0.2 * Math.exp(-(((ms - 420) / 90) ** 2));

/** Beat onsets (ms) in one loop of a rate f0 + a·sin(2π fm t) (beats a second): the times where the beat phase crosses k + ½. */
function onsetsOf(bpm: number, swingBpm: number, fm: number, loopMs: number): number[] {
  const f0 = bpm / 60;
  const a = swingBpm / 60;
  // Beats since 0: the integral of the rate; the sine's integral is 0 over whole periods.
  const phase = (ms: number) => {
    const t = ms / 1000;
    return f0 * t + (a / (2 * Math.PI * fm)) * (1 - Math.cos(2 * Math.PI * fm * t));
  };
  const out: number[] = [];
  const beats = Math.round(phase(loopMs));
  for (let k = 0; k < beats; k++) {
    let lo = 0;
    let hi = loopMs;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (phase(mid) < k + 0.5) lo = mid;
      else hi = mid;
    }
    out.push((lo + hi) / 2);
  }
  return out;
}

/** Writes the video into the temporary folder sb-heart-video-`user`; returns its path and truth. */
export function writeHeartVideo(options: HeartVideoOptions, user: string): HeartVideo {
  const { swingBpm = 0, modulationHz = 0.1, dip = 4, pixelNoise = 2, frameNoise = 0, wander = 0 } = options;
  const { width = 64, height = 48, fps = 30, seed = 1 } = options;
  const period = 1 / modulationHz;
  const loopS = Math.ceil((options.seconds ?? 20) / period - 1e-9) * period;
  const bpm = (Math.round((options.bpm / 60) * loopS) / loopS) * 60;
  const loopMs = loopS * 1000;
  const onsets = onsetsOf(bpm, swingBpm, modulationHz, loopMs);
  const rr = onsets.map((o, i) => o - (i === 0 ? onsets.at(-1)! - loopMs : onsets[i - 1]!));
  const rand = seeded(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const dipAt = (ms: number) => {
    let sum = 0;
    for (const o of onsets)
      for (const shift of [-loopMs, 0, loopMs]) if (Math.abs(ms - o - shift) < 1500) sum += pulseShape(ms - o - shift);
    return sum;
  };
  const frames = Math.round(loopS * fps);
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const frameTag = Buffer.from('FRAME\n');
  const out = Buffer.alloc(header.length + frames * (frameTag.length + ySize + 2 * cSize));
  let pos = header.copy(out, 0);
  const r = new Float64Array(ySize);
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  for (let f = 0; f < frames; f++) {
    const ms = (f * 1000) / fps;
    const t = ms / 1000;
    // Wander is periodic in the loop too: 0.25 Hz and 0.05 Hz both fit whole periods of 0.1 Hz twice.
    const level =
      -dip * dipAt(ms) + wander * (Math.sin(2 * Math.PI * 0.25 * t) + 0.5 * Math.sin(2 * Math.PI * 0.05 * t)) + frameNoise * gauss();
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        // Brightest at the centre of the fingertip, darker to the edges.
        const d2 = ((x - width / 2) / width) ** 2 + ((y - height / 2) / height) ** 2;
        r[y * width + x] = 215 - 120 * d2 + level * (1 - d2) + pixelNoise * gauss();
      }
    }
    pos += frameTag.copy(out, pos);
    const g = 35;
    const b = 30;
    for (let i = 0; i < ySize; i++) out[pos + i] = clamp(16 + (65.738 * r[i]! + 129.057 * g + 25.064 * b) / 256);
    // The frame's number in its top row of blocks (outside the patch the camera reads), grey and white.
    for (let bit = 0; bit < STAMP_BITS; bit++) {
      for (let y = 0; y < STAMP_SIZE; y++) {
        for (let x = 0; x < STAMP_SIZE; x++) out[pos + y * width + bit * STAMP_SIZE + x] = (f >> bit) & 1 ? 235 : 16;
      }
    }
    pos += ySize;
    const u = pos;
    const v = pos + cSize;
    for (let y = 0; y < height / 2; y++) {
      for (let x = 0; x < width / 2; x++) {
        const i = 2 * y * width + 2 * x;
        const red = (r[i]! + r[i + 1]! + r[i + width]! + r[i + width + 1]!) / 4;
        const stamp = 2 * y < STAMP_SIZE && 2 * x < STAMP_BITS * STAMP_SIZE;
        out[u + y * (width / 2) + x] = stamp ? 128 : clamp(128 + (-37.945 * red - 74.494 * g + 112.439 * b) / 256);
        out[v + y * (width / 2) + x] = stamp ? 128 : clamp(128 + (112.439 * red - 94.154 * g - 18.285 * b) / 256);
      }
    }
    pos += 2 * cSize;
  }
  // One folder a user (say, the spec or the bench): rewritten each run instead of piling up.
  const folder = join(tmpdir(), `sb-heart-video-${user}`);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `fingertip-${Math.round(bpm)}-${seed}.y4m`);
  writeFileSync(path, out);
  return { path, fps, loopMs, bpm, onsets, rr };
}

/** Measured RR intervals lined up with a video's truth (alignRr, alignArrivals). */
export interface RrAlignment {
  /** Measured − true interval (ms) for each interval matched within OFF_MS. */
  readonly errors: number[];
  /** The true interval each of those matched. */
  readonly matched: number[];
  readonly rmsMs: number;
  /** For every measured interval, the true one it lined up with. */
  readonly truth: number[];
  /** Measured intervals further than OFF_MS from their true one: a wrong beat (not in the RMS). */
  readonly off: number;
}

/** An interval this far from its true one is a wrong beat, not an error of timing. */
export const OFF_MS = 100;

function summary(measured: readonly number[], truth: readonly number[]): RrAlignment {
  const errors: number[] = [];
  const matched: number[] = [];
  let off = 0;
  measured.forEach((m, i) => {
    const e = m - truth[i]!;
    if (Math.abs(e) > OFF_MS) off++;
    else {
      errors.push(e);
      matched.push(truth[i]!);
    }
  });
  const rmsMs = Math.sqrt(errors.reduce((sum, e) => sum + e * e, 0) / Math.max(1, errors.length));
  return { errors, matched, rmsMs, truth: [...truth], off };
}

/**
 * Lines a run of consecutive measured RR intervals up with a true series (the loop's, repeated:
 * loopTruth) at the shift with the least squared error. Only for a run with no beat dropped; with
 * drops, line up by time (alignArrivals).
 */
export function alignRr(measured: readonly number[], truth: readonly number[]): RrAlignment {
  let best: RrAlignment | null = null;
  for (let shift = 0; shift + measured.length <= truth.length; shift++) {
    const aligned = summary(measured, truth.slice(shift, shift + measured.length));
    const cost = aligned.rmsMs ** 2 * aligned.errors.length + aligned.off * OFF_MS ** 2;
    const bestCost = best ? best.rmsMs ** 2 * best.errors.length + best.off * OFF_MS ** 2 : Number.POSITIVE_INFINITY;
    if (cost < bestCost) best = aligned;
  }
  return best ?? summary([], []);
}

/** A beat as the page showed it: when its RR appeared in data-rr (page clock, ms) and the RR. */
export interface RrArrival {
  readonly at: number;
  readonly rr: number;
}

/**
 * An init script for the page: each RR that appears in heart-live's data-rr is kept with the time
 * it appeared in window.__heartArrivals. The attribute holds only intervals; when they appeared
 * places them in time, so they can be lined up with the truth though the detector drops beats.
 */
export function rrArrivalProbe(): void {
  const arrivals: { at: number; rr: number }[] = [];
  (window as unknown as { __heartArrivals: typeof arrivals }).__heartArrivals = arrivals;
  let last: number | undefined;
  new MutationObserver((records) => {
    for (const record of records) {
      const el = record.target as Element;
      if (el.getAttribute('data-testid') !== 'heart-live') continue;
      const rr = (el.getAttribute('data-rr') ?? '').split(' ').filter(Boolean).map(Number);
      const from = last === undefined ? 0 : rr.lastIndexOf(last) + 1;
      for (const value of rr.slice(from)) arrivals.push({ at: Date.now(), rr: value });
      last = rr.at(-1) ?? last;
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-rr'] });
}

/**
 * Lines arrivals up with true onsets on the page's clock (onsetsSeen): a beat shows some hundreds
 * of ms after its pulse (the filters' lag, the refractory wait), so the lag that puts the most
 * arrivals near onsets is found, each arrival takes the onset nearest it less that lag, and its RR
 * is compared with the interval ending there.
 */
export function alignArrivals(arrivals: readonly RrArrival[], onsets: readonly number[]): RrAlignment {
  const nearest = (t: number) => {
    let best = 1;
    for (let j = 2; j < onsets.length; j++) if (Math.abs(onsets[j]! - t) < Math.abs(onsets[best]! - t)) best = j;
    return best;
  };
  let lag = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let candidate = 0; candidate <= 1500; candidate += 10) {
    const cost = arrivals.reduce((sum, a) => sum + Math.min(300, Math.abs(onsets[nearest(a.at - candidate)]! - (a.at - candidate))), 0);
    if (cost < bestCost) [lag, bestCost] = [candidate, cost];
  }
  const truth = arrivals.map((a) => {
    const j = nearest(a.at - lag);
    return onsets[j]! - onsets[j - 1]!;
  });
  return summary(
    arrivals.map((a) => a.rr),
    truth,
  );
}

/** The video's true RR intervals from its first beat on, the loop repeated to `count` of them (alignRr finds where the camera began). */
export function loopTruth(video: Pick<HeartVideo, 'rr'>, count: number): number[] {
  return Array.from({ length: count }, (_, i) => video.rr[i % video.rr.length]!);
}

/** A frame as the page's probe saw it: when it was captured (page clock, ms) and its number in the file. */
export interface StampedFrame {
  readonly at: number;
  readonly frame: number;
}

/**
 * An init script for the page: every video frame the page asks for (requestVideoFrameCallback) has
 * its stamp read and kept with its capture time in window.__heartFrames. Chromium's fake camera
 * catches up after a stall by sending the late frames at once, each stamped with the time it was
 * sent, so the video's own time and the page's clock part; the stamps say where each frame was.
 */
export function frameStampProbe(): void {
  const frames: { at: number; frame: number }[] = [];
  (window as unknown as { __heartFrames: typeof frames }).__heartFrames = frames;
  const canvas = new OffscreenCanvas(48, 4);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const original = HTMLVideoElement.prototype.requestVideoFrameCallback;
  HTMLVideoElement.prototype.requestVideoFrameCallback = function (callback) {
    return original.call(this, (now, meta) => {
      context.drawImage(this, 0, 0, 48, 4, 0, 0, 48, 4);
      const data = context.getImageData(0, 0, 48, 4).data;
      let frame = 0;
      // Each block's middle pixel (x = 4 bit + 2, y = 2): white is 1.
      for (let bit = 0; bit < 12; bit++) if (data[(2 * 48 + 4 * bit + 2) * 4 + 1]! > 128) frame |= 1 << bit;
      frames.push({ at: (meta.captureTime ?? meta.expectedDisplayTime) + (Date.now() - performance.now()), frame });
      callback(now, meta);
    });
  };
}

/**
 * The video's beat onsets on the page's clock, through the frames the page saw: each onset's
 * place in the file (loop after loop) is put where the frames round it were captured.
 */
export function onsetsSeen(video: HeartVideo, frames: readonly StampedFrame[]): number[] {
  const perLoop = Math.round((video.loopMs / 1000) * video.fps);
  // Frame numbers unwrapped across loops, kept increasing.
  const points: { at: number; ms: number }[] = [];
  let loops = 0;
  let previous = -1;
  for (const f of frames) {
    if (f.frame < previous - perLoop / 2) loops++;
    const n = f.frame + loops * perLoop;
    if (points.length && n <= points.at(-1)!.ms * (video.fps / 1000)) continue;
    points.push({ at: f.at, ms: (n * 1000) / video.fps });
    previous = f.frame;
  }
  const out: number[] = [];
  for (let loop = 0; loop <= loops; loop++) {
    for (const o of video.onsets) {
      const ms = o + loop * video.loopMs;
      const i = points.findIndex((p) => p.ms >= ms);
      if (i <= 0) continue;
      const a = points[i - 1]!;
      const b = points[i]!;
      out.push(a.at + ((b.at - a.at) * (ms - a.ms)) / (b.ms - a.ms));
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const video = writeHeartVideo({ bpm: Number(process.argv[2] ?? 72), swingBpm: 6, seconds: 20 }, 'cli');
  console.log(video.path, video.bpm.toFixed(2), 'bpm', video.rr.length, 'beats a loop');
}
