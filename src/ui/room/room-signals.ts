/** Signals of an open room's screen: the relay's time as it passes, and the room's glyph as an image. */
import { createEffect, createSignal, onCleanup } from 'solid-js';
import type { Pattern } from '../../core/pattern.ts';
import type { RoomStore } from '../../room/store.ts';
import { useApp } from '../state.tsx';

/** Server time, read again four times a second: what the lobby and the buttons show depends on it. */
export function createTicker(read: () => number): () => number {
  const [now, setNow] = createSignal(read());
  const timer = setInterval(() => setNow(read()), 250);
  onCleanup(() => clearInterval(timer));
  return now;
}

/** The soundscape the room's glyph names (undefined for none, the drawn shape, or until it is known). */
export function createRoomGlyphSound(room: RoomStore, pattern: () => Pattern): () => string | undefined {
  const app = useApp();
  const [sound, setSound] = createSignal<string | undefined>();
  createEffect(() => {
    const cid = room.glyph();
    const p = pattern();
    setSound(undefined);
    if (!cid || cid === 'shape') return;
    let current = true;
    onCleanup(() => (current = false));
    void app
      .glyphs()
      .then((glyphs) => glyphs.guideSound(cid, p, new Date().getHours()))
      .then((name) => current && setSound(name))
      // reason: a glyph that cannot be loaded names no soundscape: the chosen one plays
      .catch((error: unknown) => console.warn('room glyph sound not known', error));
  });
  return sound;
}

/** The room's guide as a blob URL of the glyph the host chose, verified like any glyph; null (the drawn shape) until it arrives. */
export function createRoomGlyph(room: RoomStore): () => string | null {
  const app = useApp();
  const [url, setUrl] = createSignal<string | null>(null);
  createEffect(() => {
    const cid = room.glyph();
    setUrl(null);
    if (!cid || cid === 'shape') return;
    let current = true;
    onCleanup(() => (current = false));
    void app
      .glyphs()
      .then((glyphs) => glyphs.image(cid))
      .then((image) => current && setUrl(image))
      // reason: a glyph that cannot be loaded or fails its check leaves the drawn shape, which always works
      .catch((error: unknown) => console.warn('room glyph not shown', error));
  });
  return url;
}
