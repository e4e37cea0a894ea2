import { describe, expect, it } from 'vitest';
import { seeded } from '../core/random.ts';
import { backoffMs } from './backoff.ts';
import { isRoomId, newRoomId, roomUrl } from './link.ts';

describe('reconnect backoff', () => {
  it('grows exponentially to a 30 s cap, and spreads members across the window', () => {
    expect(backoffMs(0, () => 1)).toBe(500);
    expect(backoffMs(3, () => 1)).toBe(4000);
    expect(backoffMs(20, () => 1)).toBe(30_000);
    const rand = seeded(1);
    const delays = Array.from({ length: 1000 }, () => backoffMs(6, rand));
    expect(Math.min(...delays)).toBeLessThan(1000);
    expect(Math.max(...delays)).toBeGreaterThan(29_000);
  });
});

describe('room links', () => {
  it('carry 128 random bits as 22 base64url characters', () => {
    const ids = new Set(Array.from({ length: 200 }, newRoomId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(isRoomId(id)).toBe(true);
    expect(isRoomId('short')).toBe(false);
    expect(roomUrl('https://breathe.example', [...ids][0]!)).toMatch(/^https:\/\/breathe\.example\/room\/[A-Za-z0-9_-]{22}$/);
  });
});
