/**
 * A room's session heard as well as seen: the same sound engine as solo practice (chimes, soundscape,
 * spoken cues) follows the shared session, its boundaries placed on this device's clock through the
 * relay clock offset, so everyone's chime and cue land together with everyone's guide.
 */
import { createEffect, createMemo, on, onCleanup } from 'solid-js';
import { planSession } from '../../core/pacer.ts';
import type { RoomSession } from '../../core/room-session.ts';
import type { Clock } from '../../shared/clock.ts';
import type { TonePlayer } from '../../practice/tones.ts';

/**
 * A new clock estimate moves the session on this device's clock: the schedule is made again (the
 * engine retimes what is still ahead) when it moved by more than this. Small, because the guide
 * follows every estimate: a sound held on an older one would stay that far from what everyone sees
 * (a first estimate 11 ms out was once kept for the whole session at 20 ms); not nothing, so the
 * estimate's sub-millisecond wobble does not retime the sound at every sample.
 */
const RESCHEDULE_MS = 3;

export interface RoomSoundOptions {
  /** The session shown (the room's, or breathing alone), or null. */
  readonly session: () => RoomSession | null;
  /** Server time minus this device's clock (ms); null until the relay's clock is known. */
  readonly offsetMs: () => number | null;
  /** Whether this person has sound on (the practice settings' switch). */
  readonly on: () => boolean;
  /** The soundscape the room's glyph names in place of the chosen one, if any. */
  readonly soundscape: () => string | undefined;
  readonly player: TonePlayer;
  readonly clock: Clock;
}

/** Plays the shown session's sound while it breathes; silent while paused, ended or with sound off. Call in a component. */
export function followRoomSound(options: RoomSoundOptions): void {
  const { player, clock } = options;
  // Each input notifies only when the schedule would change: a new clock estimate within a few
  // milliseconds, another setting (a volume), or a document update that leaves the session as it was
  // must not make the schedule again.
  const offset = createMemo(options.offsetMs, null, {
    equals: (a, b) => a !== null && b !== null && Math.abs(a - b) <= RESCHEDULE_MS,
  });
  const soundOn = createMemo(options.on);
  const soundscape = createMemo(options.soundscape);
  const session = createMemo(options.session, null, {
    equals: (a, b) =>
      a === b ||
      (a !== null && b !== null && a.id === b.id && a.startAt === b.startAt && a.pausedAt === b.pausedAt && a.endedAt === b.endedAt),
  });

  createEffect(
    on([session, offset, soundOn, soundscape], ([s, offsetMs, heard, scape]) => {
      if (!heard || offsetMs === null) return player.stop();
      if (s && s.pausedAt !== null) return player.stop();
      const startMs = s ? s.startAt - offsetMs : 0;
      const endMs = s ? startMs + planSession(s.pattern).durationMs : 0;
      // Gone, ended by the host or over by itself: what is ringing (the end chime) rings out.
      if (!s || s.endedAt !== null || endMs <= clock.now()) return player.finish();
      player.start({ pattern: s.pattern, startMs, endMs, ...(scape ? { soundscape: scape } : {}) }, clock.now);
    }),
  );
  onCleanup(() => player.stop());

  // Browsers let sound start only after a gesture on the page: a member who only watches the host
  // start has made none yet, so the first tap anywhere in the room (a name, a panel, a press) unlocks it.
  const unlock = () => {
    if (!options.on()) return;
    player.unlock();
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);
  onCleanup(() => {
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  });
}
