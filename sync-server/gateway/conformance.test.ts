/**
 * Conformance of the glyph pack's gateway to the trustless gateway specification
 * (https://specs.ipfs.tech/http-gateways/trustless-gateway/ and the path gateway parts it refers
 * to), one named test per item, against both adapters: Node's route in a real server on 127.0.0.1,
 * and the Worker in workerd. The independent clients are in clients.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CarBufferReader } from '@ipld/car/buffer-reader';
import * as dagPB from '@ipld/dag-pb';
import { base16 } from 'multiformats/bases/base16';
import { base32upper } from 'multiformats/bases/base32';
import { base36 } from 'multiformats/bases/base36';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalog from '../../public/glyphs/catalog.json' with { type: 'json' };
import { blockMatches, rawCid } from '../../src/shared/glyphs/cid.ts';
import { verifyPackRecord } from '../../src/shared/glyphs/ipns.ts';
import { MAX_PATH_CHARS } from './answer.ts';
import { type GatewayTarget, PACK_DIR, TARGETS } from './testing/targets.ts';

const RAW = 'application/vnd.ipld.raw';
const CAR = 'application/vnd.ipld.car';
const ROOT = catalog.root;
const glyph = catalog.glyphs.find((g) => g.id === 'lotus')!;
const EMPTY_IDENTITY = 'bafkqaaa';
const IPNS_RECORD = 'application/vnd.ipfs.ipns-record';
/** The pack's published name and record (public/glyphs), and a name of another key. */
const PACK_NAME = readFileSync(join(PACK_DIR, 'pack.ipns-name'), 'utf8').trim();
const PACK_RECORD = new Uint8Array(readFileSync(join(PACK_DIR, 'pack.ipns-record')));
const OTHER_NAME = 'k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8';

/** The blocks of a CAR answer, each checked against its CID, and its roots. */
async function readCar(res: Response): Promise<{ roots: string[]; cids: string[]; blocks: Map<string, Uint8Array> }> {
  const reader = CarBufferReader.fromBytes(new Uint8Array(await res.arrayBuffer()));
  expect(reader.version).toBe(1);
  const blocks = new Map<string, Uint8Array>();
  const cids: string[] = [];
  for (const { cid, bytes } of reader.blocks()) {
    expect(await blockMatches(cid, bytes), String(cid)).toBe(true);
    cids.push(cid.toString());
    blocks.set(cid.toString(), bytes);
  }
  return { roots: reader.getRoots().map(String), cids, blocks };
}

describe.each(TARGETS)('trustless gateway on $adapter', ({ start }) => {
  let gw: GatewayTarget;
  let base: string;
  beforeAll(async () => {
    gw = await start();
    base = gw.url;
  }, 60_000);
  afterAll(() => gw?.close());

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${base}${path}`, { method, headers });

  it('raw block: the exact bytes of every glyph and of the root directory block, with the spec headers', async () => {
    for (const cid of [ROOT, ...catalog.glyphs.map((g) => g.cid)]) {
      const res = await get(`/ipfs/${cid}?format=raw`);
      expect(res.status, cid).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(await blockMatches(CID.parse(cid), bytes), cid).toBe(true);
      expect(res.headers.get('content-type')).toBe(RAW);
      expect(res.headers.get('content-length')).toBe(String(bytes.length));
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${cid}.bin"`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('public, max-age=29030400, immutable');
      expect(res.headers.get('etag')).toBe(`"${cid}.raw"`);
      expect(res.headers.get('x-ipfs-roots')).toBe(cid);
      expect(res.headers.get('vary')).toContain('Accept');
      expect(res.headers.get('accept-ranges')).toBe('bytes');
    }
    const dir = dagPB.decode(new Uint8Array(await (await get(`/ipfs/${ROOT}?format=raw`)).arrayBuffer()));
    expect(dir.Links.map((l) => l.Name)).toEqual(catalog.glyphs.map((g) => g.file));
  });

  it('Content-Location: sent when the format came from Accept (or ?format= differs from it), not when ?format= alone chose it', async () => {
    expect((await get(`/ipfs/${glyph.cid}?format=raw`)).headers.get('content-location')).toBeNull();
    expect((await get(`/ipfs/${glyph.cid}?format=raw`, { Accept: RAW })).headers.get('content-location')).toBeNull();
    expect((await get(`/ipfs/${glyph.cid}`, { Accept: RAW })).headers.get('content-location')).toBe(`/ipfs/${glyph.cid}?format=raw`);
    expect((await get(`/ipfs/${glyph.cid}?format=raw`, { Accept: CAR })).headers.get('content-location')).toBe(
      `/ipfs/${glyph.cid}?format=raw`,
    );
    const car = await get(`/ipfs/${ROOT}?dag-scope=block`, { Accept: `${CAR}; dups=y` });
    expect(car.headers.get('content-location')).toBe(`/ipfs/${ROOT}?dag-scope=block&format=car&car-dups=y`);
  });

  it('ETag and If-None-Match: 304 for the tag, a list holding it, a weak form of it and *; 200 for another tag', async () => {
    const etag = `"${glyph.cid}.raw"`;
    for (const match of [etag, `"x", ${etag}`, `W/${etag}`, '*']) {
      const res = await get(`/ipfs/${glyph.cid}?format=raw`, { 'If-None-Match': match });
      expect(res.status, match).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toContain('immutable');
    }
    expect((await get(`/ipfs/${glyph.cid}?format=raw`, { 'If-None-Match': '"other.raw"' })).status).toBe(200);
    expect((await get(`/ipfs/${glyph.cid}?format=raw`, { 'If-None-Match': `"${glyph.cid}.car"` })).status).toBe(200);
    const head = await get(`/ipfs/${glyph.cid}?format=raw`, { 'If-None-Match': etag }, 'HEAD');
    expect(head.status).toBe(304);
  });

  it('CAR: version=1, order=dfs and dups in the Content-Type; roots and every block verified with @ipld/car; attachment <cid>.car', async () => {
    const res = await get(`/ipfs/${ROOT}?format=car`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(`${CAR}; version=1; order=dfs; dups=n`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${ROOT}.car"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('public, max-age=29030400, immutable');
    expect(res.headers.get('x-ipfs-roots')).toBe(ROOT);
    expect(res.headers.get('etag')).toMatch(new RegExp(`^"${ROOT}\\.car\\.`));
    const { roots, cids } = await readCar(res);
    expect(roots).toEqual([ROOT]);
    // Depth first: the directory, then its files in link order (each once: dups=n).
    expect(cids).toEqual([ROOT, ...catalog.glyphs.map((g) => g.cid)]);
    const dupsY = await get(`/ipfs/${ROOT}`, { Accept: `${CAR}; version=1; order=dfs; dups=y` });
    expect(dupsY.headers.get('content-type')).toBe(`${CAR}; version=1; order=dfs; dups=y`);
    expect((await readCar(dupsY)).cids).toEqual([ROOT, ...catalog.glyphs.map((g) => g.cid)]);
    const unk = await get(`/ipfs/${ROOT}?format=car&car-order=unk`);
    expect(unk.headers.get('content-type')).toBe(`${CAR}; version=1; order=dfs; dups=n`); // dfs is one order unk allows
  });

  it('CAR dag-scope: block (the root block), entity (a directory lists itself; a file is whole), all (the whole DAG); bad values 400', async () => {
    expect((await readCar(await get(`/ipfs/${ROOT}?format=car&dag-scope=block`))).cids).toEqual([ROOT]);
    expect((await readCar(await get(`/ipfs/${ROOT}?format=car&dag-scope=entity`))).cids).toEqual([ROOT]);
    expect((await readCar(await get(`/ipfs/${ROOT}?format=car&dag-scope=all`))).cids).toHaveLength(catalog.glyphs.length + 1);
    expect((await readCar(await get(`/ipfs/${glyph.cid}?format=car&dag-scope=entity`))).cids).toEqual([glyph.cid]);
    const bad = await get(`/ipfs/${ROOT}?format=car&dag-scope=everything`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/dag-scope/);
  });

  it('CAR of a path /ipfs/<root>/<file>: the directory block, then the file; X-Ipfs-Roots names both; missing names 404', async () => {
    const res = await get(`/ipfs/${ROOT}/${glyph.file}?format=car`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ipfs-roots')).toBe(`${ROOT},${glyph.cid}`);
    const { roots, cids, blocks } = await readCar(res);
    expect(roots).toEqual([ROOT]);
    expect(cids).toEqual([ROOT, glyph.cid]);
    expect(blocks.get(glyph.cid)!.length).toBe(glyph.size);
    const block = await readCar(await get(`/ipfs/${ROOT}/${glyph.file}?format=car&dag-scope=block`));
    expect(block.cids).toEqual([ROOT, glyph.cid]);
    expect((await get(`/ipfs/${ROOT}/no-such.svg?format=car`)).status).toBe(404);
    expect((await get(`/ipfs/${ROOT}/${glyph.file}/deeper?format=car`)).status).toBe(404);
    expect((await get(`/ipfs/${ROOT}/${glyph.file}?format=raw`)).status).toBe(400); // raw: /ipfs/<cid> only
  });

  it('CAR entity-bytes: a range of a file gives its blocks; on a directory it is ignored; wholly outside 400; garbage 400', async () => {
    const ranged = await get(`/ipfs/${ROOT}/${glyph.file}?format=car&entity-bytes=0:99`);
    expect((await readCar(ranged)).cids).toEqual([ROOT, glyph.cid]);
    expect((await readCar(await get(`/ipfs/${glyph.cid}?format=car&entity-bytes=-10:*`))).cids).toEqual([glyph.cid]);
    expect((await readCar(await get(`/ipfs/${ROOT}?format=car&entity-bytes=0:10`))).cids).toEqual([ROOT]); // a directory: dag-scope=entity
    expect((await get(`/ipfs/${glyph.cid}?format=car&entity-bytes=${glyph.size}:*`)).status).toBe(400);
    for (const garbage of ['x', '1:', ':1', '5:2', '1:2:3', '0x1:2', '99999999999999999:*', '1.5:2', '-3:-9'])
      expect((await get(`/ipfs/${glyph.cid}?format=car&entity-bytes=${garbage}`)).status, garbage).toBe(400);
    const tags = new Set<string | null>();
    for (const q of ['', '&entity-bytes=0:99', '&entity-bytes=0:*', '&dag-scope=block', '&dag-scope=entity', '&car-dups=y'])
      tags.add((await get(`/ipfs/${glyph.cid}?format=car${q}`)).headers.get('etag'));
    expect(tags.size).toBe(6); // a tag per variant (trustless gateway: entity-bytes and dag-scope change the ETag)
  });

  it('CAR ETag per request variant, and 304 for it', async () => {
    const a = (await get(`/ipfs/${ROOT}?format=car`)).headers.get('etag')!;
    const b = (await get(`/ipfs/${ROOT}/${glyph.file}?format=car`)).headers.get('etag')!;
    expect(a).not.toBe(b);
    expect((await get(`/ipfs/${ROOT}?format=car`)).headers.get('etag')).toBe(a); // stable
    expect((await get(`/ipfs/${ROOT}?format=car`, { 'If-None-Match': a })).status).toBe(304);
    expect((await get(`/ipfs/${ROOT}/${glyph.file}?format=car`, { 'If-None-Match': a })).status).toBe(200);
  });

  it('CAR version the gateway cannot give (version=2): 406, by Accept or car-version; v2 preferred but v1 accepted gets v1', async () => {
    const v2 = await get(`/ipfs/${ROOT}`, { Accept: `${CAR}; version=2` });
    expect(v2.status).toBe(406);
    expect(await v2.text()).toMatch(/version 2/);
    expect((await get(`/ipfs/${ROOT}?format=car&car-version=2`)).status).toBe(406);
    expect((await get(`/ipfs/${ROOT}?format=car&car-order=bfs`)).status).toBe(406);
    const either = await get(`/ipfs/${ROOT}`, { Accept: `${CAR};version=2, ${CAR};version=1;q=0.5` });
    expect(either.status).toBe(200);
    expect(either.headers.get('content-type')).toMatch(/version=1/);
  });

  it('content negotiation: q-values (q=0 is a refusal, the highest q wins), wildcards never choose, ?format= wins over Accept', async () => {
    const at = (accept: string, query = '') => get(`/ipfs/${glyph.cid}${query}`, { Accept: accept });
    expect((await at(`${RAW};q=0, text/html`)).status).toBe(406);
    expect((await at(`${RAW};q=0.5, ${CAR};q=0.9`)).headers.get('content-type')).toMatch(/^application\/vnd\.ipld\.car/);
    expect((await at(`${CAR};q=0.2, ${RAW};q=0.9`)).headers.get('content-type')).toBe(RAW);
    expect((await at(`${RAW}, ${CAR}`)).headers.get('content-type')).toBe(RAW); // a tie: the first listed
    expect((await at(`text/html, */*;q=0.8`)).status).toBe(406);
    expect((await at('*/*')).status).toBe(406);
    expect((await at('application/*')).status).toBe(406);
    expect((await at(`${RAW};q=2`)).status).toBe(406); // not a q-value: the range is dropped
    expect((await at(CAR, '?format=raw')).headers.get('content-type')).toBe(RAW);
    expect((await at(RAW, '?format=car')).headers.get('content-type')).toMatch(/^application\/vnd\.ipld\.car/);
    const none = await fetch(`${base}/ipfs/${glyph.cid}`, { headers: { Accept: '' } });
    expect(none.status).toBe(400); // no Accept in a strict trustless gateway (trustless gateway, "Accept")
    const refused = await at('text/html');
    expect(refused.status).toBe(406);
    expect(refused.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await refused.text()).toMatch(/trustless gateway/);
    expect((await get(`/ipfs/${glyph.cid}?format=tar`)).status).toBe(406);
    expect((await get(`/ipfs/${glyph.cid}?format=ipns-record`)).status).toBe(400);
    expect((await get(`/ipfs/${glyph.cid}?format=nonsense`)).status).toBe(400);
  });

  it('identity CID probe /ipfs/bafkqaaa: 200 with an empty raw block, 200 with a CAR rooted at it and no blocks, HEAD 200', async () => {
    const rawProbe = await get(`/ipfs/${EMPTY_IDENTITY}?format=raw`, { Accept: RAW });
    expect(rawProbe.status).toBe(200);
    expect((await rawProbe.arrayBuffer()).byteLength).toBe(0);
    const carProbe = await get(`/ipfs/${EMPTY_IDENTITY}?format=car`, { Accept: CAR });
    expect(carProbe.status).toBe(200);
    const { roots, cids } = await readCar(carProbe);
    expect(roots).toEqual([EMPTY_IDENTITY]);
    expect(cids).toEqual([]); // identity blocks are never sent (trustless gateway, "dups")
    expect((await get(`/ipfs/${EMPTY_IDENTITY}?format=raw`, {}, 'HEAD')).status).toBe(200);
    expect((await get(`/ipfs/${EMPTY_IDENTITY}?format=car`, {}, 'HEAD')).status).toBe(200);
  });

  it('Cache-Control: only-if-cached: 412 for a block not held, 200 for one held (GET and HEAD)', async () => {
    const missing = await rawCid(new Uint8Array([1, 2, 3]));
    const notHeld = await get(`/ipfs/${missing}?format=raw`, { 'Cache-Control': 'only-if-cached' });
    expect(notHeld.status).toBe(412);
    expect(await notHeld.text()).toBe('');
    expect((await get(`/ipfs/${missing}?format=car`, { 'Cache-Control': 'max-age=0, only-if-cached' }, 'HEAD')).status).toBe(412);
    expect((await get(`/ipfs/${glyph.cid}?format=raw`, { 'Cache-Control': 'only-if-cached' })).status).toBe(200);
    expect((await get(`/ipfs/${glyph.cid}?format=raw`, { 'Cache-Control': 'only-if-cached' }, 'HEAD')).status).toBe(200);
    expect((await get(`/ipfs/${missing}?format=raw`)).status).toBe(404); // without it: 404
  });

  it('single byte ranges on raw blocks: 206 with Content-Range; unsatisfiable 416; multi-range and invalid ranges get the whole block', async () => {
    const whole = new Uint8Array(await (await get(`/ipfs/${glyph.cid}?format=raw`)).arrayBuffer());
    const size = whole.length;
    const cases: [string, number, number][] = [
      ['bytes=0-9', 0, 9],
      ['bytes=10-', 10, size - 1],
      ['bytes=-20', size - 20, size - 1],
      [`bytes=5-${size + 100}`, 5, size - 1],
    ];
    for (const [range, first, last] of cases) {
      const res = await get(`/ipfs/${glyph.cid}?format=raw`, { Range: range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${first}-${last}/${size}`);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(whole.subarray(first, last + 1));
      expect(res.headers.get('etag')).toBe(`"${glyph.cid}.raw.${first}-${last}"`);
    }
    for (const range of [`bytes=${size}-`, 'bytes=-0', `bytes=${size + 5}-${size + 9}`, 'bytes=99999999999999999999-']) {
      const res = await get(`/ipfs/${glyph.cid}?format=raw`, { Range: range });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
    }
    // A multi-range request is answered with the whole block (a multipart body is optional); so are invalid ones.
    for (const range of ['bytes=0-1, 5-6', 'bytes=9-2', 'items=0-1', 'bytes=x-y', 'bytes=-', `bytes=${'9'.repeat(300)}-`]) {
      const res = await get(`/ipfs/${glyph.cid}?format=raw`, { Range: range });
      expect(res.status, range).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBe(size);
    }
    expect((await get(`/ipfs/${glyph.cid}?format=raw`, { Range: 'bytes=0-9', 'If-Range': '"other"' })).status).toBe(200);
  });

  it('Service-Worker: script is refused (400) under /ipfs/ and /ipns/', async () => {
    for (const path of [
      `/ipfs/${glyph.cid}?format=raw`,
      `/ipfs/${ROOT}/`,
      '/ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8',
    ]) {
      const res = await get(path, { 'Service-Worker': 'script' });
      expect(res.status, path).toBe(400);
      expect(await res.text()).toMatch(/service worker/);
    }
  });

  it('CIDs in any multibase and case, looked up by multihash; X-Ipfs-Roots and ETag name the CID as requested', async () => {
    const cid = CID.parse(glyph.cid);
    const bytes = new Uint8Array(await (await get(`/ipfs/${glyph.cid}?format=raw`)).arrayBuffer());
    const spellings = [cid.toString(base16), cid.toString(base32upper), cid.toString(base36), cid.toString().toUpperCase()];
    for (const text of spellings) {
      const res = await get(`/ipfs/${text}?format=raw`);
      expect(res.status, text).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
      expect(res.headers.get('x-ipfs-roots')).toBe(glyph.cid);
      expect(res.headers.get('etag')).toBe(`"${glyph.cid}.raw"`);
    }
    // One multihash, three CIDs: the root as CIDv0 (base58btc), as CIDv1 dag-pb, and as CIDv1 raw.
    const root = CID.parse(ROOT);
    const rootBytes = new Uint8Array(await (await get(`/ipfs/${ROOT}?format=raw`)).arrayBuffer());
    for (const same of [root.toV0(), CID.createV1(raw.code, root.multihash)]) {
      const res = await get(`/ipfs/${same}?format=raw`);
      expect(res.status, String(same)).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(rootBytes);
      expect(res.headers.get('x-ipfs-roots')).toBe(same.toString());
      expect(res.headers.get('etag')).toBe(`"${same}.raw"`);
    }
    expect(root.toV0().toString()).toMatch(/^Qm/);
    const v0car = await readCar(await get(`/ipfs/${root.toV0()}/${glyph.file}?format=car`));
    expect(v0car.roots).toEqual([root.toV0().toString()]);
    expect(v0car.cids).toEqual([root.toV0().toString(), glyph.cid]);
  });

  it('HEAD has the GET headers and no body; other methods 405; not a CID 400; a block not held 404; errors plain and no-cache', async () => {
    const head = await get(`/ipfs/${glyph.cid}?format=raw`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(RAW);
    expect(head.headers.get('etag')).toBe(`"${glyph.cid}.raw"`);
    expect(await head.text()).toBe('');
    const carHead = await get(`/ipfs/${ROOT}?format=car`, {}, 'HEAD');
    expect(carHead.status).toBe(200);
    expect(carHead.headers.get('content-type')).toMatch(/^application\/vnd\.ipld\.car; version=1/);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const res = await get(`/ipfs/${glyph.cid}?format=raw`, {}, method);
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    }
    const checks: [string, number][] = [
      [`/ipfs/not-a-cid?format=raw`, 400],
      [`/ipfs/${await rawCid(new Uint8Array([9]))}?format=raw`, 404],
      [`/ipfs/${await rawCid(new Uint8Array([9]))}?format=car`, 404],
    ];
    for (const [path, status] of checks) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect((await res.text()).length).toBeGreaterThan(0);
    }
  });

  it('/ipns/<name> serves the pack’s signed record, as asked by Accept or ?format=ipns-record; another name is 404', async () => {
    for (const [query, headers] of [
      ['', { Accept: IPNS_RECORD }],
      ['?format=ipns-record', {}],
    ] as const) {
      const res = await get(`/ipns/${PACK_NAME}${query}`, headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(IPNS_RECORD);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${PACK_NAME}.ipns-record"`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(bytes).toEqual(PACK_RECORD);
      expect((await verifyPackRecord(PACK_NAME, bytes)).root).toBe(ROOT);
    }
    expect((await get(`/ipns/${OTHER_NAME}`, { Accept: IPNS_RECORD })).status).toBe(404);
  });

  it('/routing/v1/ipns/<name> gives the same record; another name is "no record" (200, not the record type: IPIP-0513)', async () => {
    const res = await get(`/routing/v1/ipns/${PACK_NAME}`, { Accept: IPNS_RECORD });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(IPNS_RECORD);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PACK_RECORD);
    const other = await get(`/routing/v1/ipns/${OTHER_NAME}`, { Accept: IPNS_RECORD });
    expect(other.status).toBe(200);
    expect(other.headers.get('content-type')).not.toBe(IPNS_RECORD);
  });

  it('/ipns/… and /routing/v1/… never answer with the app page', async () => {
    for (const [path, status] of [
      ['/ipns/example.com/x', 400],
      [`/ipns/${PACK_NAME}/x.svg`, 400],
      ['/routing/v1/ipns/x', 400],
      ['/routing/v1/providers/x', 501],
      ['/routing/v2/x', 400],
    ] as const) {
      const res = await get(path, { Accept: IPNS_RECORD });
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).not.toMatch(/<!doctype/i);
    }
  });

  it('hostile input gets a clear 4xx and bounded work: malformed CIDs, huge and deep paths, odd Accept headers, bad escapes', async () => {
    const bad: [string, Record<string, string>, number][] = [
      ['/ipfs/bafy?format=raw', {}, 400],
      ['/ipfs/%ff%fe?format=raw', {}, 400],
      ['/ipfs/%E0%A4%A?format=raw', {}, 400],
      [`/ipfs/${'b'.repeat(700)}?format=raw`, {}, 400],
      ['/ipfs/zzzzzzzzzzzzzzzzz?format=raw', {}, 400],
      ['/ipfs/?format=raw', {}, 400],
      [`/ipfs/${ROOT}/${'a/'.repeat(40)}x?format=car`, {}, 400],
      [`/ipfs/${ROOT}/${'x'.repeat(MAX_PATH_CHARS)}?format=car`, {}, 414],
      [`/ipfs/${ROOT}/%zz?format=car`, {}, 400],
      [`/ipfs/${glyph.cid}`, { Accept: `${'x'.repeat(3000)}/y, ;;;,,, =;q=, ${RAW};q=abc` }, 406],
      [`/ipfs/${glyph.cid}`, { Accept: Array.from({ length: 200 }, () => 'text/html').join(', ') }, 406],
      [`/ipfs/${glyph.cid}`, { Accept: `${CAR}; version="2"` }, 406],
      [`/ipfs/${glyph.cid}?format=car&car-dups=maybe`, {}, 406],
      [`/ipfs/${glyph.cid}?format=car&entity-bytes=${'9'.repeat(500)}:*`, {}, 400],
    ];
    for (const [path, headers, status] of bad) {
      const res = await get(path, headers);
      expect(res.status, path.slice(0, 80)).toBe(status);
      expect(res.headers.get('content-type'), path.slice(0, 80)).toBe('text/plain; charset=utf-8');
    }
  });
});
