/**
 * Whom a request counts against, for every per-client limit (pages, upgrades, connections, new
 * rooms, byte budgets, presence ids). Behind a trusted proxy it is the address that proxy appended
 * to X-Forwarded-For, the last entry: the ones before it are whatever the client sent. An IPv6
 * address counts by its /64, the block one subscriber holds, so rotating addresses buys nothing.
 */
import { isIPv6 } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** The client key of `req` (a map key only: never logged). */
export function clientKey(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy
    ? String(req.headers['x-forwarded-for'] ?? '')
        .split(',')
        .pop()!
        .trim()
    : '';
  const address = forwarded || req.socket.remoteAddress || '';
  return isIPv6(address) && !address.startsWith('::ffff:') ? prefix64(address) : address;
}

/** The first four groups of an IPv6 address, `::` expanded. */
function prefix64(address: string): string {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
