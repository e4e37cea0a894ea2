import { describe, expect, it } from 'vitest';
import { defaultMaxSockets, openFileLimit, serverTimeouts } from './sockets.ts';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max processes             63432                63432                processes
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe('sockets', () => {
  it('reads the soft open-file limit, and falls back where there is none', () => {
    expect(openFileLimit(() => LIMITS)).toBe(1024);
    expect(openFileLimit(() => LIMITS.replace('1024 ', 'unlimited '))).toBe(Number.MAX_SAFE_INTEGER);
    expect(openFileLimit(() => 'nothing here')).toBeNull();
    expect(
      openFileLimit(() => {
        throw new Error('ENOENT');
      }),
    ).toBeNull();
    // This machine (Linux): a number.
    expect(openFileLimit()).toBeGreaterThan(0);
  });

  it('keeps a quarter of the files for everything else', () => {
    expect(defaultMaxSockets(1024)).toBe(768);
    expect(defaultMaxSockets(null)).toBe(768);
    expect(defaultMaxSockets(10)).toBe(16);
    expect(defaultMaxSockets(Number.MAX_SAFE_INTEGER)).toBe(1_000_000);
  });

  it('derives every timeout from the head timeout, the request timeout never below it', () => {
    expect(serverTimeouts(10_000)).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5000,
      connectionsCheckingInterval: 2500,
    });
    expect(serverTimeouts(120_000).requestTimeout).toBe(120_000);
    expect(serverTimeouts(100).connectionsCheckingInterval).toBe(50);
  });
});
