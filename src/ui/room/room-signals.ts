/** Signals of an open room's screen: the relay's time as it passes, and the room's glyph as an image. */
import { createEffect, createSignal, onCleanup } from 'solid-js';
import { DEFAULT_PATTERN } from '../../core/presets.ts';
import type { GlyphStore } from '../../glyphs/store.ts';
import type { RoomStore } from '../../room/store.ts';
import { useApp } from '../state.tsx';

/** Server time, read again four times a second: what the lobby and the buttons show depends on it. */
export function createTicker(read: () => number): () => number {
  const [now, setNow] = createSignal(read());
  const timer = setInterval(() => setNow(read()), 250);
  onCleanup(() => clearInterval(timer));
  return now;
}

/**
 * Something of the glyph the host chose, loaded (and verified) through the glyph store: `empty`
 * for the drawn shape, and until it arrives or when it cannot.
 */
function fromRoomGlyph<T>(room: RoomStore, empty: T, load: (glyphs: GlyphStore, cid: string) => Promise<T>, what: string): () => T {
  const app = useApp();
  const [value, setValue] = createSignal<T>(empty);
  createEffect(() => {
    const cid = room.glyph();
    setValue(() => empty);
    if (!cid || cid === 'shape') return;
    let current = true;
    onCleanup(() => (current = false));
    void app
      .glyphs()
      .then((glyphs) => load(glyphs, cid))
      .then((loaded) => current && setValue(() => loaded))
      // reason: a glyph that cannot be loaded or fails its check leaves the drawn shape and the chosen soundscape, which always work
      .catch((error: unknown) => console.warn(`${what} not loaded`, error));
  });
  return value;
}

/** The room's guide as a blob URL of the glyph the host chose, verified like any glyph; null (the drawn shape) until it arrives. */
export const createRoomGlyph = (room: RoomStore): (() => string | null) =>
  fromRoomGlyph<string | null>(room, null, (glyphs, cid) => glyphs.image(cid), 'room-glyph-image');

/** The soundscape the room's glyph names (undefined for none, the drawn shape, or until it is known). */
export const createRoomGlyphSound = (room: RoomStore): (() => string | undefined) =>
  // A chosen glyph (a CID) names its own: the pattern and hour only pick a suggested one.
  fromRoomGlyph<string | undefined>(room, undefined, (glyphs, cid) => glyphs.guideSound(cid, DEFAULT_PATTERN, 0), 'room-glyph-sound');
