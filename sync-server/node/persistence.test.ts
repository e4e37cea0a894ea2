import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRoomStore } from './persistence.ts';

describe('room store (node:sqlite)', () => {
  it('keeps room state across reopening, and deletes rooms idle past the retention', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
    const day = 86_400_000;
    const store = openRoomStore(dir);
    store.save('AAAAAAAAAAAAAAAAAAAAAA', new Uint8Array([1, 2, 3]), 0);
    store.save('BBBBBBBBBBBBBBBBBBBBBB', new Uint8Array([4]), 20 * day);
    store.close();

    const again = openRoomStore(dir);
    expect(again.load('AAAAAAAAAAAAAAAAAAAAAA')).toEqual(new Uint8Array([1, 2, 3]));
    expect(again.load('CCCCCCCCCCCCCCCCCCCCCC')).toBeNull();
    again.touch('AAAAAAAAAAAAAAAAAAAAAA', 25 * day); // opened again: not idle any more
    expect(again.deleteIdle(22 * day)).toBe(1); // deletes what was last used before day 22
    expect(again.load('BBBBBBBBBBBBBBBBBBBBBB')).toBeNull();
    expect(again.count()).toBe(1);
    again.close();
  });
});
