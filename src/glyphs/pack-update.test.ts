/** Resolving the pack by its name against a fake origin: real keys, real records, real packs; no network. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CarReader } from '@ipld/car';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { unmarshalIPNSRecord } from 'ipns';
import type { CID } from 'multiformats/cid';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { blockMatches, cidKey } from '../shared/glyphs/cid.ts';
import { packNameOf, signPackRecord, type PackPrivateKey } from '../shared/glyphs/ipns.ts';
import { buildPack } from '../shared/glyphs/pack.ts';
import { GlyphUnavailableError } from './errors.ts';
import type { GlyphBytes } from './loader.ts';
import {
  IPNS_RECORD_TYPE,
  updatePack,
  type GlyphPackKeeper,
  type PackCheck,
  type PackUpdateDeps,
  type ResolvedPack,
} from './pack-update.ts';

const ORIGIN = 'http://127.0.0.1:9';
const GLYPHS = join(import.meta.dirname, '../../public/glyphs');
const builtFiles = new Map(
  readdirSync(GLYPHS)
    .filter((f) => f.endsWith('.svg'))
    .map((f) => [f, new Uint8Array(readFileSync(join(GLYPHS, f)))]),
);
const feather = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-tags="light calm"><title>Feather</title><path d="M1 9L9 1"/></svg>',
);

/** A pack's blocks by CID text, from its CAR. */
async function blocksOf(car: Uint8Array): Promise<Map<string, Uint8Array>> {
  const blocks = new Map<string, Uint8Array>();
  for await (const { cid, bytes } of (await CarReader.fromBytes(car)).blocks()) blocks.set(cidKey(cid), bytes);
  return blocks;
}

let key: PackPrivateKey;
let name: string;
let built: { root: string; cids: Set<string> };
let newer: { root: string; blocks: Map<string, Uint8Array>; featherCid: string };

beforeAll(async () => {
  key = await generateKeyPair('Ed25519');
  name = packNameOf(key.publicKey);
  const base = await buildPack(builtFiles);
  built = { root: base.catalog.root, cids: new Set(base.catalog.glyphs.map((g) => g.cid)) };
  const next = await buildPack(new Map([...builtFiles, ['feather.svg', feather]]));
  newer = {
    root: next.catalog.root,
    blocks: await blocksOf(next.car),
    featherCid: next.catalog.glyphs.find((g) => g.id === 'feather')!.cid,
  };
});

/** A keeper in memory, as the device's keeps: the pack only when newer, the check always. */
function keeperWith(pack: ResolvedPack | null = null) {
  const kept = { pack, checked: null as PackCheck | null };
  const keeper: GlyphPackKeeper = {
    read: async () => ({ ...kept }),
    async keep(checked, next) {
      kept.checked = checked;
      const newer = next !== undefined && (kept.pack === null || next.seq > kept.pack.seq);
      if (newer) kept.pack = next;
      return newer;
    },
  };
  return { kept, keeper };
}

/** The app's origin: the record at /ipns/<name> and the pack's blocks at /ipfs/<cid>?format=raw. */
function origin(record: Uint8Array | null, blocks = newer.blocks) {
  const asked: string[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const accept = new Headers(init?.headers).get('Accept');
    asked.push(url.pathname);
    if (url.pathname === `/ipns/${name}` && record && accept === IPNS_RECORD_TYPE) {
      return new Response(record as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': IPNS_RECORD_TYPE } });
    }
    const block = url.pathname.startsWith('/ipfs/') ? blocks.get(url.pathname.slice(6)) : undefined;
    if (block && url.searchParams.get('format') === 'raw') {
      return new Response(block as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': 'application/vnd.ipld.raw' } });
    }
    return new Response('not found', { status: 404 });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, asked };
}

/** Deps over a fake origin; glyphs load from the pack's blocks (hash-checked, as the real fetcher does). */
function depsFor(record: Uint8Array | null, keeper: GlyphPackKeeper, over: Partial<PackUpdateDeps> = {}) {
  const logged: string[] = [];
  const keptBlocks: string[] = [];
  const loaded: string[] = [];
  const deps: PackUpdateDeps = {
    name,
    builtRoot: built.root,
    builtSeq: 0n,
    builtIn: built.cids,
    keeper,
    origin: ORIGIN,
    fetch: origin(record).fetch,
    now: () => Date.now(),
    log: (line) => logged.push(line),
    async loadGlyph(cid: CID): Promise<GlyphBytes> {
      loaded.push(cidKey(cid));
      const bytes = newer.blocks.get(cidKey(cid));
      if (!bytes || !(await blockMatches(cid, bytes))) throw new GlyphUnavailableError([{ source: ORIGIN, code: 'no-valid-copy' }]);
      return { bytes, type: 'image/svg+xml', source: ORIGIN };
    },
    keepBlock: async (cid) => {
      keptBlocks.push(cid);
      return true;
    },
    ...over,
  };
  return { deps, logged, keptBlocks, loaded };
}

const featherPack = (seq: bigint): ResolvedPack => ({
  root: newer.root,
  seq,
  glyphs: [{ cid: newer.featherCid, id: 'feather', name: 'Feather', tags: ['light', 'calm'] }],
});

describe('resolving the glyph pack by its name', () => {
  it('loads a newer pack: its new glyph only, named and tagged from its SVG, kept offline before the pack is kept', async () => {
    const { kept, keeper } = keeperWith({ root: built.root, seq: 1n, glyphs: [] });
    const record = await signPackRecord(key, newer.root, 2n, { ttlMs: 60_000 });
    const { deps, logged, keptBlocks, loaded } = depsFor(record, keeper);
    expect(await updatePack(deps)).toEqual({ kind: 'updated', pack: featherPack(2n) });
    expect(kept.pack).toEqual(featherPack(2n));
    expect(kept.checked).toEqual({ at: expect.any(Number), ttlMs: 60_000 });
    // The built-in glyphs are not loaded again; the new one is kept for offline use.
    expect(loaded).toEqual([newer.featherCid]);
    expect(keptBlocks).toEqual([newer.featherCid]);
    expect(logged).toEqual([]);
  });

  it('a record for the pack the app was built with changes nothing and loads nothing', async () => {
    const { kept, keeper } = keeperWith();
    const { deps, loaded } = depsFor(await signPackRecord(key, built.root, 1n), keeper);
    expect(await updatePack(deps)).toEqual({ kind: 'unchanged' });
    expect(kept.pack).toEqual({ root: built.root, seq: 1n, glyphs: [] });
    expect(loaded).toEqual([]);
  });

  it('a new device takes the record shipped with the build as its floor: an older signed pack is refused', async () => {
    const { kept, keeper } = keeperWith();
    const older = depsFor(await signPackRecord(key, newer.root, 4n), keeper, { builtSeq: 5n });
    expect(await updatePack(older.deps)).toEqual({ kind: 'refused', code: 'stale' });
    expect(older.loaded).toEqual([]);
    const same = depsFor(await signPackRecord(key, built.root, 5n), keeper, { builtSeq: 5n });
    expect(await updatePack(same.deps)).toEqual({ kind: 'unchanged' });
    expect(kept.pack).toBeNull();
    const next = depsFor(await signPackRecord(key, newer.root, 6n), keeper, { builtSeq: 5n });
    expect(await updatePack(next.deps)).toEqual({ kind: 'updated', pack: featherPack(6n) });
  });

  it('a pack whose glyphs cannot all be kept offline is not kept, and the pack waits for every glyph to be kept', async () => {
    const refused = keeperWith();
    const record = await signPackRecord(key, newer.root, 2n);
    const { deps } = depsFor(record, refused.keeper, { keepBlock: async () => false });
    expect(await updatePack(deps)).toEqual({ kind: 'unavailable' });
    expect(refused.kept.pack).toBeNull();

    const slow = keeperWith();
    let release!: (ok: boolean) => void;
    const asked = new Promise<void>((ready) => {
      const later = depsFor(record, slow.keeper, {
        keepBlock: () => {
          ready();
          return new Promise<boolean>((ok) => (release = ok));
        },
      });
      void updatePack(later.deps).then((result) => expect(result.kind).toBe('updated'));
    });
    await asked;
    await new Promise((r) => setTimeout(r, 0));
    expect(slow.kept.pack).toBeNull();
    release(true);
    await vi.waitFor(() => expect(slow.kept.pack).toEqual(featherPack(2n)));
  });

  it('the kept pack signed again with a higher number: unchanged, and the number is remembered', async () => {
    const { kept, keeper } = keeperWith(featherPack(2n));
    const { deps } = depsFor(await signPackRecord(key, newer.root, 3n), keeper);
    expect(await updatePack(deps)).toEqual({ kind: 'unchanged' });
    expect(kept.pack?.seq).toBe(3n);
  });

  it.each([
    ['lower', 1n],
    ['equal', 2n],
  ])('refuses a %s sequence number for another root, and keeps the current pack', async (_, seq) => {
    const { kept, keeper } = keeperWith({ ...featherPack(2n), root: built.root, glyphs: [] });
    const { deps, logged, loaded } = depsFor(await signPackRecord(key, newer.root, seq), keeper);
    expect(await updatePack(deps)).toEqual({ kind: 'refused', code: 'stale' });
    expect(kept.pack).toEqual({ root: built.root, seq: 2n, glyphs: [] });
    expect(kept.checked).toBeNull();
    expect(loaded).toEqual([]);
    expect(logged).toEqual(['glyph pack: record refused (stale)']);
  });

  it('compares sequence numbers as 64-bit integers, past what a Number holds exactly', async () => {
    const big = 2n ** 53n + 1n;
    expect(Number(big)).toBe(Number(big - 1n)); // what a Number comparison would get wrong
    const older = keeperWith({ root: built.root, seq: big, glyphs: [] });
    const stale = depsFor(await signPackRecord(key, newer.root, big - 1n), older.keeper);
    expect(await updatePack(stale.deps)).toEqual({ kind: 'refused', code: 'stale' });
    const fresh = depsFor(await signPackRecord(key, newer.root, big + 1n), older.keeper);
    expect(await updatePack(fresh.deps)).toEqual({ kind: 'updated', pack: featherPack(big + 1n) });
  });

  it('refuses a record signed by another key, with its name pointed at a newer root', async () => {
    const other = await generateKeyPair('Ed25519');
    const { kept, keeper } = keeperWith();
    const { deps, logged } = depsFor(await signPackRecord(other, newer.root, 9n), keeper);
    expect(await updatePack(deps)).toEqual({ kind: 'refused', code: 'wrong-key' });
    expect(kept).toEqual({ pack: null, checked: null });
    expect(logged).toEqual(['glyph pack: record refused (wrong-key)']);
  });

  it('refuses a record whose signature has one byte flipped', async () => {
    const record = await signPackRecord(key, newer.root, 2n);
    const signature = unmarshalIPNSRecord(record).signatureV2;
    const at = Buffer.from(record).indexOf(Buffer.from(signature));
    const forged = record.slice();
    forged[at + 10]! ^= 0x01;
    const { kept, keeper } = keeperWith();
    expect(await updatePack(depsFor(forged, keeper).deps)).toEqual({ kind: 'refused', code: 'bad-signature' });
    expect(kept.pack).toBeNull();
  });

  it('refuses an expired record', async () => {
    const record = await signPackRecord(key, newer.root, 2n, { now: Date.now() - 120_000, validityMs: 60_000 });
    const { kept, keeper } = keeperWith();
    expect(await updatePack(depsFor(record, keeper).deps)).toEqual({ kind: 'refused', code: 'expired' });
    expect(kept.pack).toBeNull();
  });

  it('refuses bytes that are no record', async () => {
    const { keeper } = keeperWith();
    expect(await updatePack(depsFor(new Uint8Array([1, 2, 3, 4, 5]), keeper).deps)).toEqual({ kind: 'refused', code: 'malformed' });
  });

  it('refuses a root whose directory block does not hash to it', async () => {
    const blocks = new Map(newer.blocks);
    blocks.set(newer.root, new Uint8Array([...newer.blocks.get(newer.root)!, 0]));
    const { kept, keeper } = keeperWith();
    const record = await signPackRecord(key, newer.root, 2n);
    const { deps } = depsFor(record, keeper, { fetch: origin(record, blocks).fetch });
    expect(await updatePack(deps)).toEqual({ kind: 'refused', code: 'bad-directory' });
    expect(kept.pack).toBeNull();
  });

  it('offline: nothing is asked of storage and nothing changes', async () => {
    const { kept, keeper } = keeperWith(featherPack(2n));
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const { deps, logged } = depsFor(null, keeper, { fetch: offline as unknown as typeof fetch });
    expect(await updatePack(deps)).toEqual({ kind: 'unavailable' });
    expect(kept).toEqual({ pack: featherPack(2n), checked: null });
    expect(logged).toEqual([]);
  });

  it('a host without the record route (its app page, or a 404) is no record, not a bad one', async () => {
    const { keeper } = keeperWith();
    const page = async () => new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } });
    const { deps, logged } = depsFor(null, keeper, { fetch: page as unknown as typeof fetch });
    expect(await updatePack(deps)).toEqual({ kind: 'unavailable' });
    expect(await updatePack(depsFor(null, keeper).deps)).toEqual({ kind: 'unavailable' });
    expect(logged).toEqual([]);
  });

  it('a new glyph that cannot be loaded (gone offline midway) keeps nothing, so the next visit tries again', async () => {
    const { kept, keeper } = keeperWith();
    const { deps } = depsFor(await signPackRecord(key, newer.root, 2n), keeper, {
      loadGlyph: async () => {
        throw new GlyphUnavailableError([{ source: ORIGIN, code: 'unreachable' }]);
      },
    });
    expect(await updatePack(deps)).toEqual({ kind: 'unavailable' });
    expect(kept).toEqual({ pack: null, checked: null });
  });
});
