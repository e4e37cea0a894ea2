import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, CHUNKS_PER_OP, type KvKey, openKvRoomStore, RoomDamagedError } from './kv-store.ts';
import { createMemoryKv, KV_LIMITS, type MemoryKv, SimulatedCrashError } from './testing/memory-kv.ts';

const ROOM = 'roomAAAAAAAAAAAAAAAAAA';
const OTHER = 'roomBBBBBBBBBBBBBBBBBB';
const DAY = 86_400_000;
const RETENTION = 30 * DAY;

/** Deterministic bytes: `n` of them from `seed`. */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2_654_435_761 + 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1_103_515_245 + 12_345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function setup(options: { lingerExpired?: boolean } = {}) {
  const clock = { t: 1_000_000 };
  const now = () => clock.t;
  const kv = createMemoryKv({ now, ...options });
  const open = () => openKvRoomStore(kv, { retentionMs: RETENTION, now });
  return { clock, kv, store: open(), open };
}

async function keysUnder(kv: MemoryKv, prefix: KvKey): Promise<KvKey[]> {
  const keys: KvKey[] = [];
  for await (const e of kv.list({ prefix })) keys.push(e.key);
  return keys;
}

describe('the memory KV double', () => {
  it('enforces the value, key and atomic limits with Deno’s messages', async () => {
    const kv = createMemoryKv();
    await expect(kv.atomic().set(['a'], new Uint8Array(KV_LIMITS.valueBytes)).commit()).resolves.toMatchObject({ ok: true });
    await expect(
      kv
        .atomic()
        .set(['a'], new Uint8Array(KV_LIMITS.valueBytes + 1))
        .commit(),
    ).rejects.toThrow('Value too large (max 65536 bytes)');
    // A view nested in an object serializes its whole buffer, as V8 does in Deno.
    await expect(
      kv
        .atomic()
        .set(['a'], { b: new Uint8Array(70_000).subarray(0, 10) })
        .commit(),
    ).rejects.toThrow('Value too large');
    await expect(
      kv
        .atomic()
        .set(['x'.repeat(2047)], 1)
        .commit(),
    ).rejects.toThrow('Key too large for write (max 2048 bytes)');
    await expect(
      kv
        .atomic()
        .set(['x'.repeat(2046)], 1)
        .commit(),
    ).resolves.toMatchObject({ ok: true });
    const many = kv.atomic();
    for (let i = 0; i < 1001; i++) many.set(['m', i], 1);
    await expect(many.commit()).rejects.toThrow('Too many mutations (max 1000)');
    const heavy = kv.atomic();
    for (let i = 0; i < 14; i++) heavy.set(['b', i], new Uint8Array(60_000));
    await expect(heavy.commit()).rejects.toThrow('Total mutation size too large (max 819200 bytes)');
    expect(await keysUnder(kv, ['m'])).toEqual([]);
  });

  it('orders keys as Deno does and commits nothing when a check fails', async () => {
    const kv = createMemoryKv();
    for (const part of [true, 5, -1, 2n, 'h', new Uint8Array([1])]) await kv.atomic().set(['o', part], 1).commit();
    expect((await keysUnder(kv, ['o'])).map((k) => k[1])).toEqual([new Uint8Array([1]), 'h', 2n, -1, 5, true]);
    const first = await kv.atomic().set(['c'], 1).commit();
    const stale = await kv
      .atomic()
      .check({ key: ['c'], versionstamp: null })
      .set(['c'], 2)
      .set(['d'], 2)
      .commit();
    expect(stale.ok).toBe(false);
    expect((await kv.get(['c'])).value).toBe(1);
    expect((await kv.get(['d'])).versionstamp).toBeNull();
    expect(first.ok && (await kv.get(['c'])).versionstamp === first.versionstamp).toBe(true);
  });
});

describe('KvRoomStore', () => {
  it('round-trips a state and many updates, in order, across a reopen', async () => {
    const { store, open } = setup();
    expect(await store.load(ROOM)).toBeNull();
    const before = Array.from({ length: 40 }, (_, i) => bytes(1 + ((i * 37) % 500), i));
    for (const u of before) await store.append(ROOM, u);
    expect(await store.load(ROOM)).toEqual({ state: null, updates: before });
    await store.fold(ROOM, bytes(3000, 99));
    const after = Array.from({ length: 300 }, (_, i) => bytes(1 + ((i * 53) % 200), 1000 + i));
    // Appends not awaited one by one still land in call order.
    await Promise.all(after.map((u) => store.append(ROOM, u)));
    expect(await open().load(ROOM)).toEqual({ state: bytes(3000, 99), updates: after });
  });

  it('stores an update of 200 KB, one of 1 MB and a state of 1 MB across chunks', async () => {
    const { store, kv } = setup();
    const big = bytes(200_000, 1);
    const huge = bytes(1_000_000, 2);
    await store.fold(ROOM, bytes(1_000_000, 3));
    const commitsBefore = kv.commits;
    await store.append(ROOM, big);
    expect(kv.commits - commitsBefore).toBe(1); // 4 chunks: one atomic operation
    await store.append(ROOM, huge);
    expect(kv.commits - commitsBefore).toBe(3); // 17 chunks: 12 first, then 5 with the count
    expect(await store.load(ROOM)).toEqual({ state: bytes(1_000_000, 3), updates: [big, huge] });
    expect(Math.ceil(1_000_000 / CHUNK_BYTES)).toBeGreaterThan(CHUNKS_PER_OP);
  });

  it('leaves the document before or after when killed at any commit of an append or a fold', async () => {
    const base = { state: bytes(700_000, 5), updates: [bytes(10, 6), bytes(130_000, 7)] };
    const ops = [
      {
        name: 'append small',
        run: (s: ReturnType<typeof setup>['store']) => s.append(ROOM, bytes(50, 8)),
        after: { ...base, updates: [...base.updates, bytes(50, 8)] },
      },
      {
        name: 'append 1 MB',
        run: (s: ReturnType<typeof setup>['store']) => s.append(ROOM, bytes(1_000_000, 9)),
        after: { ...base, updates: [...base.updates, bytes(1_000_000, 9)] },
      },
      {
        name: 'fold 1.5 MB',
        run: (s: ReturnType<typeof setup>['store']) => s.fold(ROOM, bytes(1_500_000, 10)),
        after: { state: bytes(1_500_000, 10), updates: [] },
      },
    ];
    for (const op of ops) {
      let finished = false;
      for (let n = 1; !finished; n++) {
        const { store, kv, open } = setup();
        await store.fold(ROOM, base.state);
        for (const u of base.updates) await store.append(ROOM, u);
        await store.append(OTHER, bytes(5, 11));
        kv.failAfter(n);
        try {
          await op.run(store);
          finished = true;
        } catch (error) {
          expect(error).toBeInstanceOf(SimulatedCrashError);
        }
        kv.revive();
        const reopened = open();
        const loaded = await reopened.load(ROOM);
        expect([base, op.after], `${op.name}, killed at commit ${n}`).toContainEqual(loaded);
        expect(await reopened.load(OTHER)).toEqual({ state: null, updates: [bytes(5, 11)] });
        // The room goes on after the crash: a write lands and reads back.
        await reopened.append(ROOM, bytes(3, 12));
        expect((await reopened.load(ROOM))?.updates.at(-1)).toEqual(bytes(3, 12));
        if (op.name.startsWith('fold') && finished) expect(await keysUnder(kv, ['room', ROOM, 'state'])).toHaveLength(25);
      }
    }
  });

  const damages: { name: string; harm: (kv: MemoryKv) => Promise<void> }[] = [
    {
      name: 'a state chunk with bytes flipped',
      harm: async (kv) => {
        const [key] = await keysUnder(kv, ['room', ROOM, 'state']);
        const chunk = (await kv.get(key!)).value as Uint8Array;
        chunk[100] = chunk[100]! ^ 0xff;
        await kv.atomic().set(key!, chunk).commit();
      },
    },
    {
      name: 'a state chunk missing',
      harm: async (kv) => {
        const keys = await keysUnder(kv, ['room', ROOM, 'state']);
        await kv.atomic().delete(keys[1]!).commit();
      },
    },
    {
      name: 'an update truncated',
      harm: async (kv) => {
        const key = (await keysUnder(kv, ['room', ROOM, 'log'])).find((k) => k[5] === 0)!;
        const part = (await kv.get(key)).value as Uint8Array;
        await kv
          .atomic()
          .set(key, part.subarray(0, part.length - 1).slice())
          .commit();
      },
    },
    {
      name: 'an update’s header missing',
      harm: async (kv) => {
        const key = (await keysUnder(kv, ['room', ROOM, 'log'])).find((k) => k[5] === 'h')!;
        await kv.atomic().delete(key).commit();
      },
    },
    {
      name: 'the last update missing',
      harm: async (kv) => {
        const keys = (await keysUnder(kv, ['room', ROOM, 'log'])).filter((k) => k[4] === 2);
        const op = kv.atomic();
        for (const k of keys) op.delete(k);
        await op.commit();
      },
    },
    { name: 'the meta unreadable', harm: async (kv) => void (await kv.atomic().set(['room', ROOM, 'meta'], 'garbage').commit()) },
  ];
  for (const damage of damages) {
    it(`throws RoomDamagedError for that room alone on ${damage.name}, then starts it empty`, async () => {
      const { store, kv } = setup();
      for (const id of [ROOM, OTHER]) {
        await store.fold(id, bytes(150_000, 1));
        for (let i = 0; i < 3; i++) await store.append(id, bytes(100, i));
      }
      await damage.harm(kv);
      const error = await store.load(ROOM).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RoomDamagedError);
      expect((error as Error).message).toMatch(/^room room…: /);
      expect((error as Error).message).not.toContain(ROOM);
      expect(await store.load(OTHER)).toEqual({ state: bytes(150_000, 1), updates: [0, 1, 2].map((i) => bytes(100, i)) });
    });
  }

  it('starts a damaged room empty: the next load is null and new writes read back', async () => {
    const { store, kv } = setup();
    await store.append(ROOM, bytes(10, 1));
    await damages[3]!.harm(kv);
    await expect(store.load(ROOM)).rejects.toThrow(RoomDamagedError);
    expect(await store.load(ROOM)).toBeNull();
    await store.append(ROOM, bytes(10, 2));
    expect(await store.load(ROOM)).toEqual({ state: null, updates: [bytes(10, 2)] });
  });

  for (const lingerExpired of [false, true]) {
    it(`forgets a room after the retention since its last use${lingerExpired ? ', even while KV still shows expired keys' : ''}`, async () => {
      const { store, kv, clock } = setup({ lingerExpired });
      await store.fold(ROOM, bytes(200_000, 1));
      await store.append(ROOM, bytes(10, 2));
      await store.append(OTHER, bytes(10, 3));
      clock.t += RETENTION - 1;
      expect(await store.load(ROOM)).not.toBeNull();
      await store.touch(OTHER);
      clock.t += RETENTION / 10 + 2;
      expect(await store.load(ROOM)).toBeNull();
      expect(await store.load(OTHER)).toEqual({ state: null, updates: [bytes(10, 3)] });
      kv.collectExpired();
      expect(await keysUnder(kv, ['room', ROOM])).toEqual([]);
    });
  }

  it('keeps a room in use for many retentions: touch renews every key it counts', async () => {
    const { store, kv, clock } = setup();
    await store.fold(ROOM, bytes(800_000, 1));
    await store.append(ROOM, bytes(90_000, 2));
    for (let i = 0; i < 12; i++) {
      clock.t += RETENTION / 2;
      await store.touch(ROOM);
      kv.collectExpired();
    }
    clock.t += RETENTION;
    kv.collectExpired();
    expect(await store.load(ROOM)).toEqual({ state: bytes(800_000, 1), updates: [bytes(90_000, 2)] });
  });

  it('keeps a room that is only written to (no touch): an append renews when due', async () => {
    const { store, kv, clock } = setup();
    await store.fold(ROOM, bytes(100_000, 1));
    const written: Uint8Array[] = [];
    for (let i = 0; i < 10; i++) {
      clock.t += RETENTION / 3;
      written.push(bytes(30, i));
      await store.append(ROOM, written.at(-1)!);
      kv.collectExpired();
    }
    expect(await store.load(ROOM)).toEqual({ state: bytes(100_000, 1), updates: written });
  });

  it('renews at most once per tenth of the retention', async () => {
    const { store, kv, clock } = setup();
    await store.fold(ROOM, bytes(10, 1));
    const commits = kv.commits;
    for (let i = 0; i < 10; i++) {
      clock.t += RETENTION / 100;
      await store.touch(ROOM);
    }
    expect(kv.commits).toBe(commits);
    clock.t += RETENTION / 10;
    await store.touch(ROOM);
    expect(kv.commits).toBeGreaterThan(commits);
  });

  it('deletes every key of a room, keeps only its tombstone until the retention ends', async () => {
    const { store, kv, clock } = setup();
    await store.fold(ROOM, bytes(1_000_000, 1));
    for (let i = 0; i < 600; i++) await store.append(ROOM, bytes(20, i));
    await store.append(OTHER, bytes(5, 1));
    expect(await store.deletedAt(ROOM)).toBeNull();
    await store.deleteRoom(ROOM, clock.t);
    expect(await store.load(ROOM)).toBeNull();
    expect(await store.deletedAt(ROOM)).toBe(clock.t);
    expect(kv.allKeys().filter((k) => k.includes(ROOM))).toEqual([['tomb', ROOM]]);
    expect(await store.load(OTHER)).toEqual({ state: null, updates: [bytes(5, 1)] });
    const at = clock.t;
    clock.t += RETENTION - 1;
    expect(await store.deletedAt(ROOM)).toBe(at);
    clock.t += 1;
    expect(await store.deletedAt(ROOM)).toBeNull();
    kv.collectExpired();
    expect(kv.allKeys().filter((k) => k.includes(ROOM))).toEqual([]);
  });

  it('keeps within KV’s limits on keys for a long room id: appends, renewal, fold and deletion', async () => {
    const { store, kv, clock } = setup();
    const id = 'L'.repeat(1500);
    await store.fold(id, bytes(800_000, 1));
    const updates = Array.from({ length: 120 }, (_, i) => bytes(10, i));
    for (const u of updates) await store.append(id, u);
    await store.append(id, bytes(800_000, 2));
    clock.t += RETENTION / 2;
    await store.touch(id);
    expect(await store.load(id)).toEqual({ state: bytes(800_000, 1), updates: [...updates, bytes(800_000, 2)] });
    await store.fold(id, bytes(20, 3));
    expect(await store.load(id)).toEqual({ state: bytes(20, 3), updates: [] });
    await store.deleteRoom(id, clock.t);
    expect(kv.allKeys().filter((k) => k.includes(id))).toEqual([['tomb', id]]);
  });

  it('counts appends from two stores on one KV (a check that fails is retried)', async () => {
    const { store, open } = setup();
    const second = open();
    const a = Array.from({ length: 30 }, (_, i) => bytes(10, i));
    const b = Array.from({ length: 30 }, (_, i) => bytes(11, i));
    await Promise.all([...a.map((u) => store.append(ROOM, u)), ...b.map((u) => second.append(ROOM, u))]);
    const loaded = await store.load(ROOM);
    expect(loaded?.updates).toHaveLength(60);
    expect(loaded?.updates.filter((u) => u.length === 10)).toEqual(a);
  });
});
