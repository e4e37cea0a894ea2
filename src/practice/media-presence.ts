/**
 * A silent media element playing while a session sounds. Chromium shows the Media Session's title
 * and controls (lock screen, notification, media keys) only for a playing <audio> or <video>
 * element, never for Web Audio alone (w3c/mediasession#213, crbug 944538), and on Android only for
 * media at least five seconds long. The session's real sound stays on the AudioContext, whose clock
 * the chimes are placed on; this element only carries the session's presence, so it plays silence.
 */

const SAMPLE_RATE = 8000;
/** Android shows controls only for media of five seconds or more. */
const SECONDS = 6;

/** A WAV file (RIFF, 8-bit mono PCM) of `seconds` of silence: 128 is the 8-bit zero level. */
export function silentWav(seconds = SECONDS, sampleRate = SAMPLE_RATE): Uint8Array<ArrayBuffer> {
  const samples = Math.round(seconds * sampleRate);
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true); // the format chunk's size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate, true); // bytes a second
  view.setUint16(32, 1, true); // bytes a frame
  view.setUint16(34, 8, true); // bits a sample
  text(36, 'data');
  view.setUint32(40, samples, true);
  bytes.fill(128, 44);
  return bytes;
}

export interface MediaPresence {
  /** Plays (from a user gesture's reach: a session's Start). */
  play(): void;
  pause(): void;
  /** Stops it and lets its file go. */
  dispose(): void;
}

/** The silent element, made when a session with sound starts; null where the page has no media elements. */
export function createMediaPresence(): MediaPresence | null {
  if (typeof document === 'undefined' || typeof Audio !== 'function') return null;
  const url = URL.createObjectURL(new Blob([silentWav()], { type: 'audio/wav' }));
  const element = new Audio(url);
  element.loop = true;
  element.dataset.mediaPresence = '';
  const play = () => {
    // reason: a play() the browser refuses (no gesture within reach) leaves the session without OS controls, nothing more
    element.play().catch(() => undefined);
  };
  return {
    play,
    pause: () => element.pause(),
    dispose() {
      element.pause();
      element.removeAttribute('src');
      element.load();
      URL.revokeObjectURL(url);
    },
  };
}
