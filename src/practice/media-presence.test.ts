import { describe, expect, it } from 'vitest';
import { silentWav } from './media-presence.ts';

describe('the silent WAV', () => {
  it('is a well-formed 8-bit mono PCM file of the asked length, all at the zero level', () => {
    const wav = silentWav(6, 8000);
    const view = new DataView(wav.buffer);
    const text = (at: number, n: number) => String.fromCharCode(...wav.subarray(at, at + n));
    expect(text(0, 4)).toBe('RIFF');
    expect(view.getUint32(4, true)).toBe(wav.length - 8);
    expect(text(8, 8)).toBe('WAVEfmt ');
    expect([view.getUint16(20, true), view.getUint16(22, true), view.getUint32(24, true), view.getUint16(34, true)]).toEqual([
      1, 1, 8000, 8,
    ]);
    expect(text(36, 4)).toBe('data');
    expect(view.getUint32(40, true)).toBe(48_000);
    expect(wav.length).toBe(44 + 48_000);
    expect(wav.subarray(44).every((b) => b === 128)).toBe(true);
  });
});
