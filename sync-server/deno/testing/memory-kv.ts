/**
 * An in-memory Deno KV for unit tests of kv-store.ts, faithful where the store depends on it:
 * Deno's key order (Uint8Array < string < bigint < number < boolean, compared on the encoded key),
 * versionstamps, all-or-nothing atomics whose failed check commits nothing, and Deno 2.9.6's limits
 * with its error messages (values 65,536 bytes V8-serialized, keys 2,048 bytes encoded, 1,000
 * mutations, 100 checks, 819,200 bytes of mutations and 81,920 of keys per atomic). expireIn follows
 * a settable clock; `lingerExpired` keeps expired keys readable until collectExpired(), as Deno's docs
 * allow. failAfter(n) makes the n-th commit from now fail unapplied and every call after it throw,
 * as a process killed there would, until revive().
 */
import { serialize } from 'node:v8';
import type { KvAtomicLike, KvEntryLike, KvEntryMaybeLike, KvKey, KvLike, KvSelector } from '../kv-store.ts';

/** Deno's limits, as deno_kv's defaults and Deno 2.9.6 enforce them. */
export const KV_LIMITS = {
  keyBytes: 2048,
  valueBytes: 65_536,
  mutations: 1000,
  checks: 100,
  mutationBytes: 819_200,
  keyTotalBytes: 81_920,
} as const;

/** The failure failAfter() injects: the process "died" at this commit. */
export class SimulatedCrashError extends Error {
  override name = 'SimulatedCrashError';
}

/** The in-memory KV plus the test's controls. */
export interface MemoryKv extends KvLike {
  /** The n-th commit from now (1 = the next) fails unapplied; every call after it throws until revive(). */
  failAfter(n: number): void;
  /** A new process on the same data: calls work again. */
  revive(): void;
  /** Commits applied so far. */
  readonly commits: number;
  /** Deletes expired keys (KV's background expiry), for `lingerExpired`. */
  collectExpired(): void;
  /** Every stored key, in order, expired ones included (to prove what a deletion left). */
  allKeys(): KvKey[];
}

interface Stored {
  readonly key: KvKey;
  readonly value: unknown;
  readonly versionstamp: string;
  readonly expireAt: number | null;
}

type Mutation = { kind: 'set'; key: KvKey; value: unknown; expireIn?: number | undefined } | { kind: 'delete'; key: KvKey };

const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join('');

function escaped(bytes: Uint8Array, out: number[]): void {
  for (const b of bytes) {
    out.push(b);
    if (b === 0) out.push(0xff);
  }
  out.push(0);
}

/** A key's bytes in Deno's encoding (the FoundationDB tuple layer's), whose byte order is the key order. */
export function encodeKey(key: KvKey): number[] {
  const out: number[] = [];
  for (const part of key) {
    if (part instanceof Uint8Array) {
      out.push(0x01);
      escaped(part, out);
    } else if (typeof part === 'string') {
      out.push(0x02);
      escaped(new TextEncoder().encode(part), out);
    } else if (typeof part === 'bigint') {
      out.push(0x14);
      const view = new DataView(new ArrayBuffer(8));
      view.setBigUint64(0, BigInt.asUintN(64, part) ^ (1n << 63n));
      out.push(...new Uint8Array(view.buffer));
    } else if (typeof part === 'number') {
      out.push(0x21);
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, part);
      const bytes = new Uint8Array(view.buffer);
      // Negative numbers have every bit flipped, others only the sign bit: byte order is numeric order.
      if (bytes[0]! & 0x80) for (let i = 0; i < 8; i++) bytes[i] = ~bytes[i]! & 0xff;
      else bytes[0] = bytes[0]! ^ 0x80;
      out.push(...bytes);
    } else if (typeof part === 'boolean') {
      out.push(part ? 0x27 : 0x26);
    } else {
      throw new TypeError('Invalid key part');
    }
  }
  return out;
}

/** What a view nested in an object costs beyond its own bytes: Deno's V8 serializer writes its whole buffer (Node's writes only the view). */
function wholeBuffers(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.buffer.byteLength - value.byteLength;
  if (typeof value !== 'object' || value === null) return 0;
  return Object.values(value).reduce((n: number, v) => n + wholeBuffers(v), 0);
}
const valueBytes = (value: unknown) => (value instanceof Uint8Array ? value.length : serialize(value).length + wholeBuffers(value));
const copy = (value: unknown) => (value instanceof Uint8Array ? value.slice() : structuredClone(value));

/** A fresh empty KV on the clock `now`. */
export function createMemoryKv(options: { now?: () => number; lingerExpired?: boolean } = {}): MemoryKv {
  const now = options.now ?? Date.now;
  const data = new Map<string, Stored>();
  let stamp = 0;
  let commits = 0;
  let crashIn = 0;
  let dead = false;
  let closed = false;

  const alive = () => {
    if (dead) throw new SimulatedCrashError('the process was killed');
    if (closed) throw new Error('the KV was closed');
  };
  const visible = (s: Stored | undefined) => (s && (s.expireAt === null || s.expireAt > now() || options.lingerExpired) ? s : undefined);

  function writeKey(key: KvKey): string {
    const bytes = encodeKey(key);
    if (bytes.length > KV_LIMITS.keyBytes) throw new TypeError(`Key too large for write (max ${KV_LIMITS.keyBytes} bytes)`);
    return hex(bytes);
  }

  async function commit(checks: { key: KvKey; versionstamp: string | null }[], mutations: Mutation[]) {
    alive();
    if (checks.length > KV_LIMITS.checks) throw new TypeError(`Too many checks (max ${KV_LIMITS.checks})`);
    if (mutations.length > KV_LIMITS.mutations) throw new TypeError(`Too many mutations (max ${KV_LIMITS.mutations})`);
    let total = 0;
    let keyTotal = 0;
    const planned = mutations.map((m) => {
      const id = writeKey(m.key);
      keyTotal += id.length / 2;
      total += id.length / 2;
      if (m.kind === 'set') {
        const size = valueBytes(m.value);
        if (size > KV_LIMITS.valueBytes) throw new TypeError(`Value too large (max ${KV_LIMITS.valueBytes} bytes)`);
        total += size;
      }
      return { id, m };
    });
    for (const c of checks) keyTotal += encodeKey(c.key).length;
    if (total > KV_LIMITS.mutationBytes) throw new TypeError(`Total mutation size too large (max ${KV_LIMITS.mutationBytes} bytes)`);
    if (keyTotal > KV_LIMITS.keyTotalBytes) throw new TypeError(`Total key size too large (max ${KV_LIMITS.keyTotalBytes} bytes)`);
    await Promise.resolve(); // a commit is never synchronous
    alive();
    if (crashIn > 0 && --crashIn === 0) {
      dead = true;
      throw new SimulatedCrashError('killed at this commit');
    }
    for (const c of checks) {
      if ((visible(data.get(hex(encodeKey(c.key))))?.versionstamp ?? null) !== c.versionstamp) return { ok: false as const };
    }
    const versionstamp = `${(++stamp).toString(16).padStart(16, '0')}0000`;
    for (const { id, m } of planned) {
      if (m.kind === 'delete') data.delete(id);
      else
        data.set(id, {
          key: [...m.key],
          value: copy(m.value),
          versionstamp,
          expireAt: m.expireIn === undefined ? null : now() + m.expireIn,
        });
    }
    commits++;
    return { ok: true as const, versionstamp };
  }

  function range(selector: KvSelector): [string, string] {
    const prefix = 'prefix' in selector ? hex(encodeKey(selector.prefix)) : null;
    const lo = 'start' in selector ? hex(encodeKey(selector.start)) : `${prefix}00`;
    const hi = 'end' in selector ? hex(encodeKey(selector.end)) : `${prefix}ff`;
    return [lo, hi];
  }

  async function* list(selector: KvSelector, opts: { limit?: number; batchSize?: number } = {}): AsyncGenerator<KvEntryLike> {
    const [lo, hi] = range(selector);
    const batch = opts.batchSize ?? 100;
    let left = opts.limit ?? Number.POSITIVE_INFINITY;
    let after: string | null = null;
    while (left > 0) {
      alive();
      // Each batch is read afresh after the last key seen, as Deno's iterator does: writes between batches are safe.
      const ids = [...data.keys()].filter((id) => id >= lo && id < hi && (after === null || id > after) && visible(data.get(id))).sort();
      const page = ids.slice(0, Math.min(batch, left));
      if (page.length === 0) return;
      for (const id of page) {
        const s = data.get(id);
        if (!s) continue;
        yield { key: [...s.key], value: copy(s.value), versionstamp: s.versionstamp };
      }
      after = page[page.length - 1]!;
      left -= page.length;
    }
  }

  return {
    async get(key): Promise<KvEntryMaybeLike> {
      alive();
      const s = visible(data.get(hex(encodeKey(key))));
      return s ? { key, value: copy(s.value), versionstamp: s.versionstamp } : { key, value: null, versionstamp: null };
    },
    list,
    atomic(): KvAtomicLike {
      const checks: { key: KvKey; versionstamp: string | null }[] = [];
      const mutations: Mutation[] = [];
      const op: KvAtomicLike = {
        check(...c) {
          checks.push(...c);
          return this;
        },
        set(key, value, o) {
          mutations.push({ kind: 'set', key, value, expireIn: o?.expireIn });
          return this;
        },
        delete(key) {
          mutations.push({ kind: 'delete', key });
          return this;
        },
        commit: () => commit(checks, mutations),
      };
      // Deno's AtomicOperation refuses to be awaited (a forgotten commit()); so does this one.
      Object.defineProperty(op, 'then', {
        value: () => {
          throw new TypeError("'Deno.AtomicOperation' is not a promise: did you forget to call 'commit()'");
        },
      });
      return op;
    },
    close() {
      closed = true;
    },
    failAfter(n) {
      crashIn = n;
    },
    revive() {
      dead = false;
      crashIn = 0;
    },
    get commits() {
      return commits;
    },
    collectExpired() {
      for (const [id, s] of data) if (s.expireAt !== null && s.expireAt <= now()) data.delete(id);
    },
    allKeys: () => [...data.keys()].sort().map((id) => data.get(id)!.key),
  };
}
