/**
 * A source of heartbeats, whatever the sensor: the Bluetooth strap (bluetooth.ts) and the camera
 * (camera.ts) both give beats one at a time, a status, and a signal quality; the heart store
 * (store.ts) turns them into figures. A source never throws after it has started: it goes to
 * 'lost' with a reason, and the store says so in the person's language.
 */
import type { Beat, HeartSourceKind } from '../core/heart/beat.ts';

/** Why a source cannot start or stopped; the UI words each (t('heart.error.<code>')). */
export type HeartErrorCode =
  | 'unsupported' // no Web Bluetooth / no camera API in this browser
  | 'denied' // the person or the browser refused the permission
  | 'cancelled' // the person closed the device chooser
  | 'no-device' // nothing found (no camera, no strap in range)
  | 'disconnected' // the strap went away or the camera track ended
  | 'no-rr' // a strap that sends a heart rate but never beat-to-beat intervals (HRV needs them)
  | 'failed'; // anything else: the browser's own error

/** Thrown by a source's start, and carried by a lost source. */
export class HeartSourceError extends Error {
  override readonly name = 'HeartSourceError';
  readonly code: HeartErrorCode;
  constructor(code: HeartErrorCode, detail?: string) {
    super(detail ? `heart source: ${code}: ${detail}` : `heart source: ${code}`);
    this.code = code;
  }
}

/** How a running source is doing. */
export type HeartSourceStatus =
  | { readonly state: 'starting' }
  | { readonly state: 'running' }
  | { readonly state: 'lost'; readonly error: HeartSourceError };

/** A started source. */
export interface HeartSource {
  readonly kind: HeartSourceKind;
  /** The device's name where it has one (a strap's advertised name), for the person to recognise it. */
  readonly deviceName: string | null;
  /** Hears each beat as it arrives, in order; returns a function that stops listening. */
  onBeat(listener: (beat: Beat) => void): () => void;
  /** Hears each change of status. */
  onStatus(listener: (status: HeartSourceStatus) => void): () => void;
  /**
   * Signal quality in [0, 1], or null where the sensor reports none: for the camera, how clean the
   * pulse is (below 0.5: hold still, cover the lens); for a strap, skin contact when it reports it.
   */
  quality(): number | null;
  /** Battery level in percent where the device offers it (Battery Service), else null. */
  battery(): number | null;
  /** Stops the sensor: the strap disconnected, the camera and torch off. Safe to call twice. */
  stop(): Promise<void>;
}
