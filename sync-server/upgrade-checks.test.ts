/** The checks before an upgrade: one order, for every adapter. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKeyedLimiter, DEFAULT_LIMITS } from './policy.ts';
import { signRoomToken } from './room-token.ts';
import { admitUpgrade, type UpgradeCheck, type UpgradeRequest } from './upgrade-checks.ts';

const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';
const request = (over: Partial<UpgradeRequest> = {}): UpgradeRequest => ({
  pathname: `/room/${ROOM}`,
  origin: 'http://127.0.0.1:8080',
  host: '127.0.0.1:8080',
  protocols: undefined,
  client: 'c',
  nowMs: Date.now(),
  ...over,
});
const shared = (tokenSecret: string | null = null, allow = true) => ({
  limits: { ...DEFAULT_LIMITS, tokenSecret },
  upgrades: { allow: () => allow, retryAfterSeconds: () => 1 },
  hostIsRouted: false,
});
const kind = async (...args: Parameters<typeof admitUpgrade>) => {
  const admitted = await admitUpgrade(...args);
  return 'refusal' in admitted ? admitted.refusal.kind : admitted.roomId;
};

describe('upgrade checks', () => {
  it('run in one order: room id, upgrade budget, origin, the adapter own checks, token', async () => {
    const calls: string[] = [];
    const adapter: UpgradeCheck = () => {
      calls.push('adapter');
      return { kind: 'rooms-loaded', status: 503, body: '' };
    };
    const evil = { origin: 'https://evil.example' };
    expect(await kind(request({ pathname: '/room/x', ...evil }), shared('s', false), [adapter])).toBe('bad-id');
    expect(await kind(request({ pathname: '/nope' }), shared(), [adapter])).toBe('not-a-room');
    expect(await kind(request(evil), shared('s', false), [adapter])).toBe('upgrade-rate');
    expect(await kind(request(evil), shared('s'), [adapter])).toBe('origin');
    expect(calls).toEqual([]);
    expect(await kind(request(), shared('s'), [adapter])).toBe('rooms-loaded');
    expect(await kind(request(), shared('s'), [])).toBe('token-missing');
    const token = await signRoomToken('s', ROOM, Math.floor(Date.now() / 1000) + 60);
    expect(await kind(request({ protocols: `sacred-breathing, token.${token}` }), shared('s'), [])).toBe(ROOM);
  });

  it('count the upgrade budget per client', async () => {
    const upgrades = createKeyedLimiter(1 / 60, 2);
    const checks = { limits: DEFAULT_LIMITS, upgrades, hostIsRouted: false };
    const kinds = [];
    for (let i = 0; i < 3; i++) kinds.push(await kind(request(), checks, []));
    expect(kinds).toEqual([ROOM, ROOM, 'upgrade-rate']);
    expect(await kind(request({ client: 'other' }), checks, [])).toBe(ROOM);
  });

  it('are the only checks either adapter runs before an upgrade: none calls a shared check itself, so none can reorder them', () => {
    for (const adapter of ['node/relay.ts', 'worker/index.ts']) {
      const source = readFileSync(new URL(adapter, import.meta.url), 'utf8');
      expect(source, adapter).toMatch(/admitUpgrade\(/);
      for (const shared of ['roomIdFromPath(', 'originAllowed(', 'verifyRoomToken(', 'upgrades.allow('])
        expect(source, `${adapter} calls ${shared}`).not.toContain(shared);
    }
  });
});
