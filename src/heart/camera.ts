/**
 * The camera as a heart source: a fingertip over the back camera, the torch lighting it, each
 * video frame's mean red (a small central patch) fed to the pulse detector (core/heart/ppg.ts).
 *
 * Frames come through video.requestVideoFrameCallback, once per new frame, stamped with the
 * frame's capture time (metadata.captureTime, on performance.now()'s clock; Chromium gives it for
 * a local camera, its fake file device included), else its expectedDisplayTime, then moved onto
 * the page clock by the current gap between the two clocks. Without requestVideoFrameCallback,
 * requestAnimationFrame samples at the display's rate, stamped with the callback's time: the
 * detector resamples either way. CPU stays low: a 40x30 canvas, one getImageData a frame.
 */
import { createPulseDetector } from '../core/heart/ppg.ts';
import type { Beat } from '../core/heart/beat.ts';
import type { Clock } from '../shared/clock.ts';
import { type HeartErrorCode, type HeartSource, HeartSourceError, type HeartSourceStatus } from './source.ts';

/** The patch of the frame that is read, scaled down to this many pixels. */
export const PATCH_WIDTH = 40;
export const PATCH_HEIGHT = 30;

// The torch is in Media Capture's Image Capture extension, not yet in TypeScript's DOM types.
type TorchCapabilities = MediaTrackCapabilities & { torch?: boolean };
type TorchConstraints = MediaTrackConstraintSet & { torch?: boolean };

/** Which HeartErrorCode a getUserMedia rejection is. */
export function cameraErrorCode(error: unknown): HeartErrorCode {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-device';
  return 'failed';
}

/** Mean of the red channel of RGBA pixels. */
export function meanRed(rgba: Uint8ClampedArray): number {
  let sum = 0;
  for (let i = 0; i < rgba.length; i += 4) sum += rgba[i]!;
  return sum / (rgba.length / 4);
}

/** Opens the back camera with its torch and gives a beat at each pulse of the fingertip on it. */
export async function startCamera(clock: Clock): Promise<HeartSource> {
  if (!navigator.mediaDevices?.getUserMedia) throw new HeartSourceError('unsupported');
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: 'environment', width: { ideal: 160 }, height: { ideal: 120 }, frameRate: { ideal: 30 } },
    });
  } catch (error) {
    throw new HeartSourceError(cameraErrorCode(error), error instanceof Error ? error.message : String(error));
  }
  const track = stream.getVideoTracks()[0];
  if (!track) throw new HeartSourceError('no-device');
  const setTorch = (on: boolean) => {
    const capabilities = (track.getCapabilities?.() ?? {}) as TorchCapabilities;
    if (!capabilities.torch) return;
    const torch: TorchConstraints = { torch: on };
    // reason: a torch that will not switch still leaves a usable camera (a bright room can do)
    track.applyConstraints({ advanced: [torch] }).catch(() => {});
  };
  setTorch(true);

  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  try {
    await video.play();
  } catch (error) {
    for (const t of stream.getTracks()) t.stop();
    throw new HeartSourceError('failed', error instanceof Error ? error.message : String(error));
  }

  // Without a canvas to read from (OffscreenCanvas is missing before Safari 16.4) the camera and torch go off again.
  const context =
    typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(PATCH_WIDTH, PATCH_HEIGHT).getContext('2d', { willReadFrequently: true })
      : null;
  if (!context) {
    for (const t of stream.getTracks()) t.stop();
    throw new HeartSourceError('unsupported', 'no 2d canvas');
  }
  const detector = createPulseDetector();
  const beatListeners = new Set<(beat: Beat) => void>();
  const statusListeners = new Set<(status: HeartSourceStatus) => void>();
  let stopped = false;
  let frameHandle = 0;

  let status: HeartSourceStatus = { state: 'running' };
  const setStatus = (next: HeartSourceStatus) => {
    status = next;
    for (const l of statusListeners) l(next);
  };

  const read = (capturedAt: number) => {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (w === 0 || h === 0) return;
    // The central half of the frame: the fingertip's best-lit part, away from the lens's rim.
    context.drawImage(video, w / 4, h / 4, w / 2, h / 2, 0, 0, PATCH_WIDTH, PATCH_HEIGHT);
    const red = meanRed(context.getImageData(0, 0, PATCH_WIDTH, PATCH_HEIGHT).data);
    const beat = detector.push({ at: capturedAt + (clock.now() - performance.now()), red });
    if (beat) for (const l of beatListeners) l(beat);
  };

  const useVideoFrames = 'requestVideoFrameCallback' in video;
  const onVideoFrame = (now: number, meta: VideoFrameCallbackMetadata) => {
    if (stopped) return;
    read(meta.captureTime ?? meta.expectedDisplayTime ?? now);
    frameHandle = video.requestVideoFrameCallback(onVideoFrame);
  };
  const onAnimationFrame = (now: number) => {
    if (stopped) return;
    read(now);
    frameHandle = requestAnimationFrame(onAnimationFrame);
  };
  frameHandle = useVideoFrames ? video.requestVideoFrameCallback(onVideoFrame) : requestAnimationFrame(onAnimationFrame);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (useVideoFrames) video.cancelVideoFrameCallback(frameHandle);
    else cancelAnimationFrame(frameHandle);
    setTorch(false);
    for (const t of stream.getTracks()) t.stop();
    video.srcObject = null;
  };
  track.addEventListener('ended', () => {
    if (stopped) return;
    void stop();
    setStatus({ state: 'lost', error: new HeartSourceError('disconnected', 'the camera track ended') });
  });

  return {
    kind: 'camera',
    deviceName: track.label || null,
    onBeat(listener) {
      beatListeners.add(listener);
      return () => beatListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      // A listener that comes after start hears the current state.
      listener(status);
      return () => statusListeners.delete(listener);
    },
    quality: () => detector.quality(),
    battery: () => null,
    stop,
  };
}
