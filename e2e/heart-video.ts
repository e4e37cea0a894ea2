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
import { mkdtempSync, writeFileSync } from 'node:fs';
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

/** Writes the video into a fresh temporary folder (or `dir`); returns its path and truth. */
export function writeHeartVideo(options: HeartVideoOptions, dir?: string): HeartVideo {
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
    pos += ySize;
    const u = pos;
    const v = pos + cSize;
    for (let y = 0; y < height / 2; y++) {
      for (let x = 0; x < width / 2; x++) {
        const i = 2 * y * width + 2 * x;
        const red = (r[i]! + r[i + 1]! + r[i + width]! + r[i + width + 1]!) / 4;
        out[u + y * (width / 2) + x] = clamp(128 + (-37.945 * red - 74.494 * g + 112.439 * b) / 256);
        out[v + y * (width / 2) + x] = clamp(128 + (112.439 * red - 94.154 * g - 18.285 * b) / 256);
      }
    }
    pos += 2 * cSize;
  }
  const path = join(dir ?? mkdtempSync(join(tmpdir(), 'sb-heart-video-')), `fingertip-${Math.round(bpm)}.y4m`);
  writeFileSync(path, out);
  return { path, fps, loopMs, bpm, onsets, rr };
}

/** Measured RR intervals lined up with a video's truth (alignRr). */
export interface RrAlignment {
  /** Measured − true interval (ms) for each interval that spans exactly one true beat. */
  readonly errors: number[];
  /** The true interval each of those matched. */
  readonly matched: number[];
  readonly rmsMs: number;
  /** Intervals that span no or more than one true beat: a beat missed or one too many. */
  readonly unmatched: number;
}

/**
 * Lines measured RR intervals up with the video's cyclic truth by time: the file loops and the
 * camera starts anywhere in it, and a missed beat must not shift every later pairing. The beats'
 * times are the intervals' running sum; the offset that puts the most beats on true onsets
 * (modulo the loop) is taken, then each beat is the onset nearest it (the detector's filter lag is
 * in the offset).
 */
export function alignRr(measured: readonly number[], video: Pick<HeartVideo, 'onsets' | 'loopMs' | 'rr'>): RrAlignment {
  const { onsets, loopMs, rr } = video;
  const times = [0];
  for (const m of measured) times.push(times.at(-1)! + m);
  const wrap = (x: number) => ((x % loopMs) + loopMs) % loopMs;
  const nearest = (t: number) => {
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    onsets.forEach((o, j) => {
      const d = Math.abs(wrap(t - o + loopMs / 2) - loopMs / 2);
      if (d < bestD) [best, bestD] = [j, d];
    });
    return { j: best, d: bestD };
  };
  let offset = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const t of times.slice(0, 8)) {
    for (const o of onsets) {
      const candidate = o - t;
      const cost = times.reduce((sum, b) => sum + Math.min(100, nearest(b + candidate).d), 0);
      if (cost < bestCost) [offset, bestCost] = [candidate, cost];
    }
  }
  const js = times.map((t) => nearest(t + offset).j);
  const errors: number[] = [];
  const matched: number[] = [];
  let unmatched = 0;
  for (let i = 1; i < js.length; i++) {
    if (js[i] !== (js[i - 1]! + 1) % onsets.length) {
      unmatched++;
      continue;
    }
    matched.push(rr[js[i]!]!);
    errors.push(measured[i - 1]! - rr[js[i]!]!);
  }
  const rmsMs = Math.sqrt(errors.reduce((sum, e) => sum + e * e, 0) / Math.max(1, errors.length));
  return { errors, matched, rmsMs, unmatched };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const video = writeHeartVideo({ bpm: Number(process.argv[2] ?? 72), swingBpm: 6, seconds: 20 }, process.argv[3]);
  console.log(video.path, video.bpm.toFixed(2), 'bpm', video.rr.length, 'beats a loop');
}
