import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientKey } from './client-key.ts';

const req = (remoteAddress: string, forwarded?: string) =>
  ({ headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('client key', () => {
  it('is the peer address, or behind a trusted proxy the address the proxy appended (the last)', () => {
    expect(clientKey(req('203.0.113.5'), false)).toBe('203.0.113.5');
    expect(clientKey(req('10.0.0.1', '198.51.100.1, 203.0.113.9'), true)).toBe('203.0.113.9');
    expect(clientKey(req('10.0.0.1', '198.51.100.1, 203.0.113.9'), false)).toBe('10.0.0.1');
  });

  it('counts IPv6 by its /64', () => {
    expect(clientKey(req('2001:db8:aa:bb:1:2:3:4'), false)).toBe('2001:db8:aa:bb::/64');
    expect(clientKey(req('2001:db8:aa:bb::9'), false)).toBe('2001:db8:aa:bb::/64');
    expect(clientKey(req('2001:db8::1'), false)).toBe('2001:db8:0:0::/64');
    expect(clientKey(req('::ffff:203.0.113.5'), false)).toBe('::ffff:203.0.113.5');
  });
});
