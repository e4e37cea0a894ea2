/**
 * What a page plays, for the sound tests and the sound bench. Installed with
 * context.addInitScript(recordSound), it records on the performance.now() clock:
 * - every source's start (its kind, and when it is heard: the start's context time put on the page's
 *   clock through the context's output timestamp, so output latency counts);
 * - every phase end the session screen or the room's guide gives (on the performance clock, as
 *   they give it): the pacer's own boundaries, not the frame a label changed in;
 * - the media elements the page plays (the silent one that gives a session its OS controls).
 * Read it with readSound(page).
 */
import type { Page } from '@playwright/test';

export interface SoundLog {
  readonly starts: { kind: string; heardAt: number }[];
  readonly ends: number[];
}

/** Runs in the page before its scripts (serialised by Playwright: no closures over this module). */
export function recordSound(): void {
  const log = { starts: [] as { kind: string; heardAt: number }[], ends: [] as number[] };
  const media: HTMLMediaElement[] = [];
  Object.assign(window, { __sound: log, __media: media });
  const start = AudioScheduledSourceNode.prototype.start;
  AudioScheduledSourceNode.prototype.start = function (this: AudioScheduledSourceNode, when = 0, ...rest: number[]) {
    const stamp = (this.context as AudioContext).getOutputTimestamp();
    log.starts.push({ kind: this.constructor.name, heardAt: stamp.performanceTime! + (when - stamp.contextTime!) * 1000 });
    return start.call(this, when, ...(rest as [])) as undefined;
  };
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    media.push(this);
    return play.call(this);
  };
  // Each phase end as the page gives it on performance.now()'s clock. Not mapped back from the page
  // clock here: that is Date.now() at the app's own anchor, which a wall clock stepped between this
  // script's reading and the app's (a VM syncing its time) would move. That is the likeliest cause
  // of a failure where one page's ends were all 80 ms off its chimes, which were in step with the other page's.
  setInterval(() => {
    const el = document.querySelector('[data-testid=phase], [data-testid=room-pacer]');
    const end = Number(el?.getAttribute('data-phase-end-perf'));
    if (end > 0 && !log.ends.includes(end)) log.ends.push(end);
  }, 50);
}

/** The log so far. */
export const readSound = (page: Page): Promise<SoundLog> => page.evaluate(() => (window as unknown as { __sound: SoundLog }).__sound);

/** Chime starts (oscillators; the noise of a soundscape is a buffer source) heard on the page's clock. */
export const chimesOf = (log: SoundLog): number[] => log.starts.filter((s) => s.kind === 'OscillatorNode').map((s) => s.heardAt);

/**
 * The boundaries a log's phase ends give: each end is the next phase's start, and the first phase's
 * start is its end less its length (`firstPhaseMs`). The session's own end is left out.
 */
export const boundariesOf = (log: SoundLog, firstPhaseMs: number): number[] => [log.ends[0]! - firstPhaseMs, ...log.ends.slice(0, -1)];

/** How many of the page's media elements are playing. */
export const mediaPlaying = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { __media: HTMLMediaElement[] }).__media.filter((m) => !m.paused).length);
