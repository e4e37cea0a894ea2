import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createMetricsAccess, isLoopback } from './metrics-access.ts';

const request = (remoteAddress: string, authorization?: string) =>
  ({ socket: { remoteAddress }, headers: { authorization } }) as unknown as IncomingMessage;

describe('metrics access', () => {
  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of [undefined, '10.0.0.1', '::ffff:10.0.0.1', '::2', '1270.0.0.1', 'localhost'])
      expect(isLoopback(a), String(a)).toBe(false);
  });

  it('with a token, asks everyone for it', () => {
    const access = createMetricsAccess({ token: 'sixteen-chars-token', listen: null, trustProxy: false });
    expect(access.allowed(request('127.0.0.1'))).toBe(false);
    expect(access.allowed(request('10.0.0.1', 'Bearer sixteen-chars-token'))).toBe(true);
    expect(access.allowed(request('10.0.0.1', 'bearer sixteen-chars-token'))).toBe(true);
    expect(access.allowed(request('127.0.0.1', 'Bearer sixteen-chars-toke'))).toBe(false);
    expect(access.allowed(request('127.0.0.1', 'Basic sixteen-chars-token'))).toBe(false);
  });

  it('without one, answers loopback peers on the app port, and nobody behind a trusted proxy or with a listener of its own', () => {
    expect(createMetricsAccess({ token: null, listen: null, trustProxy: false }).allowed(request('127.0.0.1'))).toBe(true);
    expect(createMetricsAccess({ token: null, listen: null, trustProxy: false }).allowed(request('192.168.1.2'))).toBe(false);
    expect(createMetricsAccess({ token: null, listen: null, trustProxy: true }).allowed(request('127.0.0.1'))).toBe(false);
    expect(
      createMetricsAccess({ token: null, listen: { host: '127.0.0.1', port: 0 }, trustProxy: false }).allowed(request('127.0.0.1')),
    ).toBe(false);
  });
});
