/** The Node adapter's own checks for a room deletion: the tombstone of an id nothing is held for is new data. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../policy.ts';
import { createOwnChecks } from './own-checks.ts';

const [STORED, DELETED, FRESH] = ['SSSSSSSSSSSSSSSSSSSSSS', 'DDDDDDDDDDDDDDDDDDDDDD', 'FFFFFFFFFFFFFFFFFFFFFF'];

function checks(state: { full?: boolean; closing?: boolean } = {}) {
  const own = createOwnChecks({
    limits: { ...DEFAULT_LIMITS, newRoomsPerHour: 2 },
    rooms: {
      exists: (id) => id === STORED,
      deletedAt: (id) => (id === DELETED ? 1 : null),
      storageFull: () => state.full ?? false,
      roomForAnother: () => true,
    },
    closing: () => state.closing ?? false,
  });
  return (client: string, id: string) => {
    for (const check of own.deletion(client)) {
      const refusal = check(id);
      if (refusal) return `${refusal.status} ${refusal.kind}`;
    }
    return 'ok';
  };
}

describe('own checks for a room deletion (Node)', () => {
  it('let a stored or already deleted room go freely, and charge a fresh id to the new-rooms budget', () => {
    const judge = checks();
    for (let i = 0; i < 5; i++) expect([judge('a', STORED), judge('a', DELETED)]).toEqual(['ok', 'ok']);
    expect([judge('a', FRESH), judge('a', FRESH), judge('a', FRESH)]).toEqual(['ok', 'ok', '429 new-rooms']);
    expect(judge('b', FRESH)).toBe('ok'); // budgets are per client
  });

  it('refuse a fresh id when the disk quota is used up (its tombstone would not fit), and everything while shutting down', () => {
    const state = { full: true, closing: false };
    const judge = checks(state);
    expect([judge('a', STORED), judge('a', DELETED), judge('a', FRESH)]).toEqual(['ok', 'ok', '503 storage-full']);
    state.closing = true;
    expect(judge('a', STORED)).toBe('503 shutting-down');
  });
});
