import { describe, expect, it } from 'vitest';
import { openKvRoomStore } from './kv-store.ts';
import { createMemoryKv } from './testing/memory-kv.ts';

const ROOM = 'roomAAAAAAAAAAAAAAAAAA';

describe('kv-store', () => {
  it('round-trips a state and updates', async () => {
    const kv = createMemoryKv();
    const store = openKvRoomStore(kv, { retentionMs: 86_400_000 });
    expect(await store.load(ROOM)).toBeNull();
    await store.append(ROOM, new Uint8Array([1, 2, 3]));
    await store.fold(ROOM, new Uint8Array([9, 9]));
    await store.append(ROOM, new Uint8Array([4]));
    expect(await store.load(ROOM)).toEqual({ state: new Uint8Array([9, 9]), updates: [new Uint8Array([4])] });
  });
});
