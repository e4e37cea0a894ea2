/**
 * The runtime-free gateway on DAGs the glyph pack does not have: a file in three chunks (entity-bytes
 * picks the chunks a range needs), a block named twice (dups), a missing child (the CAR ends there),
 * a DAG that would explode with dups=y (bounded), other codecs and sharded directories.
 */
import { CarBufferReader } from '@ipld/car/buffer-reader';
import * as dagPB from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { describe, expect, it } from 'vitest';
import { answerIpfs } from './answer.ts';
import { MAX_CAR_BLOCKS } from './car.ts';
import { multihashKey } from './pack-blocks.ts';
import type { GatewayAnswer, PackBlocks } from './types.ts';

type Blocks = Map<string, Uint8Array>;

const put = async (blocks: Blocks, code: number, bytes: Uint8Array): Promise<CID> => {
  const cid = CID.createV1(code, await sha256.digest(bytes));
  blocks.set(multihashKey(cid.multihash.bytes), bytes);
  return cid;
};
const pbNode = (unixfs: UnixFS | null, links: { Hash: CID; Name?: string; Tsize?: number }[]) =>
  dagPB.encode(dagPB.prepare({ ...(unixfs ? { Data: unixfs.marshal() } : {}), Links: links }));
const packOf = (blocks: Blocks): PackBlocks => ({ root: '', get: (mh) => blocks.get(multihashKey(mh)) });

const ask = (blocks: Blocks, path: string, headers: Record<string, string> = {}): GatewayAnswer =>
  answerIpfs({ method: 'GET', url: new URL(`http://gw${path}`), header: (name) => headers[name.toLowerCase()] ?? null }, packOf(blocks));

const carCids = (answer: GatewayAnswer): string[] => {
  expect(answer.status, new TextDecoder().decode(answer.body ?? new Uint8Array())).toBe(200);
  return [...CarBufferReader.fromBytes(answer.body!).blocks()].map((b) => b.cid.toString());
};

/** A file of three 10-byte raw chunks, and a directory naming the file and (again) its first chunk. */
async function chunkedPack() {
  const blocks: Blocks = new Map();
  const chunks = await Promise.all([0, 1, 2].map((i) => put(blocks, raw.code, new Uint8Array(10).fill(i + 1))));
  const [a, b, c] = chunks.map(String) as [string, string, string];
  const fileNode = pbNode(
    new UnixFS({ type: 'file', blockSizes: [10n, 10n, 10n] }),
    chunks.map((Hash) => ({ Hash, Tsize: 10 })),
  );
  const file = await put(blocks, dagPB.code, fileNode);
  const dir = await put(
    blocks,
    dagPB.code,
    pbNode(new UnixFS({ type: 'directory' }), [
      { Hash: file, Name: 'f', Tsize: 30 },
      { Hash: chunks[0]!, Name: 'a', Tsize: 10 },
    ]),
  );
  return { blocks, a, b, c, file: String(file), dir: String(dir), chunks };
}

describe('gateway CARs beyond the pack', () => {
  it('entity-bytes on a chunked file: only the chunks the range needs, after the file node', async () => {
    const { blocks, a, b, c, file } = await chunkedPack();
    const cases: [string, string[]][] = [
      ['0:9', [a]],
      ['12:15', [b]],
      ['5:25', [a, b, c]],
      ['-5:*', [c]],
      ['25:100', [c]], // partly past the end: the part inside
      ['-100:*', [a, b, c]],
      ['0:*', [a, b, c]],
      ['10:-11', [b]], // to counted from the end
    ];
    for (const [range, want] of cases)
      expect(carCids(ask(blocks, `/ipfs/${file}?format=car&entity-bytes=${range}`)), range).toEqual([file, ...want]);
    expect(ask(blocks, `/ipfs/${file}?format=car&entity-bytes=30:*`).status).toBe(400);
    expect(carCids(ask(blocks, `/ipfs/${file}?format=car&entity-bytes=5:-40`))).toEqual([file]); // empty: dag-scope=block
    expect(carCids(ask(blocks, `/ipfs/${file}?format=car&dag-scope=entity`))).toEqual([file, a, b, c]);
    expect(carCids(ask(blocks, `/ipfs/${file}?format=car&dag-scope=block`))).toEqual([file]);
  });

  it('dups=n sends a block named twice once; dups=y sends it each time', async () => {
    const { blocks, a, b, c, file, dir } = await chunkedPack();
    // dag-pb sorts links by name: `a` (the first chunk), then `f` (the file, which names it again).
    expect(carCids(ask(blocks, `/ipfs/${dir}?format=car&car-dups=n`))).toEqual([dir, a, file, b, c]);
    const withDups = ask(blocks, `/ipfs/${dir}?format=car&car-dups=y`);
    expect(carCids(withDups)).toEqual([dir, a, file, a, b, c]);
    expect(withDups.headers['Content-Type']).toBe('application/vnd.ipld.car; version=1; order=dfs; dups=y');
  });

  it('a missing child ends the CAR there (as a stream would), with no ETag and no-cache', async () => {
    const { blocks, a, file, chunks } = await chunkedPack();
    blocks.delete(multihashKey(chunks[1]!.multihash.bytes));
    const cut = ask(blocks, `/ipfs/${file}?format=car`);
    expect(carCids(cut)).toEqual([file, a]);
    expect(cut.headers.ETag).toBeUndefined();
    expect(cut.headers['Cache-Control']).toBe('no-cache');
  });

  it('a DAG that names one node twice at every level: bounded with dups=y (500 with a reason), small with dups=n', async () => {
    const blocks: Blocks = new Map();
    let node = await put(blocks, raw.code, new Uint8Array([7]));
    for (let level = 0; level < 14; level++) node = await put(blocks, dagPB.code, pbNode(null, [{ Hash: node }, { Hash: node }]));
    const exploded = ask(blocks, `/ipfs/${node}?format=car&car-dups=y`);
    expect(exploded.status).toBe(500);
    expect(new TextDecoder().decode(exploded.body!)).toMatch(new RegExp(`${MAX_CAR_BLOCKS} blocks`));
    expect(carCids(ask(blocks, `/ipfs/${node}?format=car&car-dups=n`))).toHaveLength(15);
  });

  it('other codecs: their entity is their block, dag-scope=all is 501; plain dag-pb is its block; sharded directories are not walked (501)', async () => {
    const blocks: Blocks = new Map();
    const leaf = await put(blocks, raw.code, new Uint8Array([1, 2]));
    const cbor = CID.createV1(0x71, leaf.multihash);
    expect(carCids(ask(blocks, `/ipfs/${cbor}?format=car&dag-scope=entity`))).toEqual([String(cbor)]);
    expect(ask(blocks, `/ipfs/${cbor}?format=car`).status).toBe(501);
    const plainPB = await put(blocks, dagPB.code, pbNode(null, [{ Hash: leaf }]));
    expect(carCids(ask(blocks, `/ipfs/${plainPB}?format=car&dag-scope=entity`))).toEqual([String(plainPB)]);
    const hamt = await put(blocks, dagPB.code, pbNode(new UnixFS({ type: 'hamt-sharded-directory', fanout: 256n, hashType: 0x22n }), []));
    expect(ask(blocks, `/ipfs/${hamt}/x?format=car`).status).toBe(501);
    const garbage = CID.createV1(dagPB.code, leaf.multihash); // raw bytes under a dag-pb CID
    expect(ask(blocks, `/ipfs/${garbage}?format=car&dag-scope=all`).status).toBe(404);
    expect(carCids(ask(blocks, `/ipfs/${garbage}?format=car&dag-scope=block`))).toEqual([String(garbage)]);
  });
});
