import { afterEach, describe, expect, it, vi } from 'vitest';
import { cameraErrorCode, meanRed, startCamera } from './camera.ts';
import { HeartSourceError } from './source.ts';

const clock = { now: () => Date.now(), dispose() {} };

/** Starts the camera with getUserMedia rejecting as `name`; resolves to the error's code. */
async function codeWhenRefused(name: string): Promise<string> {
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: () => Promise.reject(new DOMException('refused', name)) } });
  const error = await startCamera(clock).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HeartSourceError);
  return (error as HeartSourceError).code;
}

afterEach(() => vi.unstubAllGlobals());

describe('startCamera', () => {
  it('is unsupported without mediaDevices', async () => {
    vi.stubGlobal('navigator', {});
    await expect(startCamera(clock)).rejects.toMatchObject({ name: 'HeartSourceError', code: 'unsupported' });
  });

  it('maps getUserMedia refusals onto heart error codes', async () => {
    expect(await codeWhenRefused('NotAllowedError')).toBe('denied');
    expect(await codeWhenRefused('SecurityError')).toBe('denied');
    expect(await codeWhenRefused('NotFoundError')).toBe('no-device');
    expect(await codeWhenRefused('OverconstrainedError')).toBe('no-device');
    expect(await codeWhenRefused('NotReadableError')).toBe('failed');
  });
});

describe('cameraErrorCode', () => {
  it('is failed for anything that is not a named browser error', () => {
    expect(cameraErrorCode('boom')).toBe('failed');
    expect(cameraErrorCode(new TypeError('x'))).toBe('failed');
  });
});

describe('meanRed', () => {
  it('averages the red of RGBA pixels only', () => {
    expect(meanRed(new Uint8ClampedArray([200, 0, 0, 255, 100, 255, 255, 255]))).toBe(150);
  });
});
