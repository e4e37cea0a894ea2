import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  createHttpLimiter,
  createTokenBucket,
  DEFAULT_LIMITS,
  limitsFromEnv,
  originAllowed,
  roomIdFromPath,
} from './policy.ts';

describe('room ids', () => {
  it('take exactly 22 base64url characters', () => {
    expect(roomIdFromPath('/room/AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ id: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(roomIdFromPath('/room/abc-_DEF1234567890123_')).toEqual({ id: 'abc-_DEF1234567890123_' });
    for (const bad of [
      '/room/short',
      '/room/AAAAAAAAAAAAAAAAAAAAAAA',
      '/room/AAAAAAAAAAAAAAAAAAAAA=',
      '/room/AAAAAAAAAAAAAAAAAAAA%2F',
      '/room/',
    ]) {
      expect(roomIdFromPath(bad), bad).toEqual({ error: 'bad-id' });
    }
    expect(roomIdFromPath('/rooms/AAAAAAAAAAAAAAAAAAAAAA')).toEqual({ error: 'not-a-room' });
  });
});

describe('origins', () => {
  it('allow the relay itself on an IP or localhost Host, the allow-list, and non-browser clients', () => {
    const limits = { ...DEFAULT_LIMITS, allowedOrigins: ['https://breathe.example'] };
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', limits)).toBe(true);
    expect(originAllowed('http://localhost:8080', 'localhost:8080', limits)).toBe(true);
    expect(originAllowed('http://[::1]:8080', '[::1]:8080', limits)).toBe(true);
    expect(originAllowed('https://breathe.example', '127.0.0.1:8080', limits)).toBe(true);
    expect(originAllowed('https://evil.example', '127.0.0.1:8080', limits)).toBe(false);
    expect(originAllowed(undefined, '127.0.0.1:8080', limits)).toBe(true);
  });

  it('never trust a named Host alone (DNS rebinding sends its own name as Origin and Host)', () => {
    expect(originAllowed('http://rebind.example:8080', 'rebind.example:8080', DEFAULT_LIMITS)).toBe(false);
    expect(originAllowed('http://127.0.0.1.rebind.example', '127.0.0.1.rebind.example', DEFAULT_LIMITS)).toBe(false);
    // On Workers the platform routes by Host, so the deployment's own name is its own.
    expect(originAllowed('https://breathe.workers.dev', 'breathe.workers.dev', DEFAULT_LIMITS, true)).toBe(true);
  });

  it('with PUBLIC_ORIGIN set, accept it and the allow-list only', () => {
    const limits = limitsFromEnv({ PUBLIC_ORIGIN: 'https://breathe.example', ALLOWED_ORIGINS: 'https://also.example' });
    expect(originAllowed('https://breathe.example', 'breathe.example', limits)).toBe(true);
    expect(originAllowed('https://also.example', 'breathe.example', limits)).toBe(true);
    expect(originAllowed('http://127.0.0.1:8080', '127.0.0.1:8080', limits)).toBe(false);
    expect(originAllowed('https://evil.example', 'evil.example', limits, true)).toBe(false);
  });

  it('refuse origins that are not origins in the settings', () => {
    expect(() => limitsFromEnv({ PUBLIC_ORIGIN: 'https://breathe.example/app' })).toThrow(/PUBLIC_ORIGIN/);
    expect(() => limitsFromEnv({ ALLOWED_ORIGINS: 'breathe.example' })).toThrow(/ALLOWED_ORIGINS/);
  });
});

describe('retention', () => {
  it('takes whole or decimal days, and nothing else', () => {
    expect(limitsFromEnv({}).deleteRoomAfterMs).toBe(30 * 86_400_000);
    expect(limitsFromEnv({ ROOM_RETENTION_DAYS: '7' }).deleteRoomAfterMs).toBe(7 * 86_400_000);
    expect(limitsFromEnv({ ROOM_RETENTION_DAYS: '0.5' }).deleteRoomAfterMs).toBe(43_200_000);
    expect(limitsFromEnv({ ROOM_RETENTION_DAYS: '0.0001' }).deleteRoomAfterMs).toBe(8640);
    for (const bad of ['0', '-1', '1e3', '.5', '5.', 'NaN', 'Infinity', '3651', ' 1'])
      expect(() => limitsFromEnv({ ROOM_RETENTION_DAYS: bad }), bad).toThrow(/ROOM_RETENTION_DAYS/);
  });
});

describe('token bucket', () => {
  it('allows the burst, then the sustained rate', () => {
    const bucket = createTokenBucket(2, 5, 0);
    expect(Array.from({ length: 7 }, () => bucket.take(0))).toEqual([true, true, true, true, true, false, false]);
    expect(bucket.take(499)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(10_000)).toBe(true); // refilled, but never beyond the burst
    expect(Array.from({ length: 6 }, () => bucket.take(10_000)).filter(Boolean)).toHaveLength(4);
  });

  it('limits HTTP per client key, 100 a minute by default, and forgets idle keys', () => {
    const limiter = createHttpLimiter(DEFAULT_LIMITS.httpPerMinute, 3);
    const allowed = Array.from({ length: 120 }, () => limiter.allow('a', 1000)).filter(Boolean).length;
    expect(allowed).toBe(100);
    expect(limiter.allow('b', 1000)).toBe(true); // another client is not affected
    expect(limiter.allow('a', 1000 + 600)).toBe(true); // one more after 0.6 s
    expect(limiter.retryAfterSeconds()).toBe(1);
    limiter.allow('c', 1000);
    limiter.allow('d', 200_000); // full: idle keys are swept
    expect(limiter.size()).toBeLessThanOrEqual(3);
  });
});

describe('constant-time compare', () => {
  it('compare in constant time, and correctly', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});
