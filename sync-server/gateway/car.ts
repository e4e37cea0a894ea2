/**
 * CAR responses of the trustless gateway: the blocks on a content path, then the entity at its end
 * as `dag-scope` (block, entity, all) and `entity-bytes` ask, depth first, with or without duplicate
 * blocks, written as one CARv1 (@ipld/car's buffer writer: the whole answer is built, then sent).
 * Walks raw and dag-pb (UnixFS) blocks, the pack's only codecs; bounded in blocks, bytes and path.
 */
import * as CarBufferWriter from '@ipld/car/buffer-writer';
import * as dagPB from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import type { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { identity } from 'multiformats/hashes/identity';

/** Most blocks one CAR answer holds (the whole glyph pack is 15). */
export const MAX_CAR_BLOCKS = 4096;
/** Most bytes one CAR answer holds (the whole glyph pack is about 13 KB). */
export const MAX_CAR_BYTES = 16 * 1024 * 1024;
/** Most blocks visited while building one answer (with dups=y a DAG can name one block many times). */
const MAX_VISITS = 4 * MAX_CAR_BLOCKS;

/** How much of the DAG at the end of the path a CAR carries (trustless gateway, "dag-scope"). */
export type DagScope = 'block' | 'entity' | 'all';

/** `entity-bytes=from:to`: offsets may be negative (from the end); `to` may be `*` (the end). */
export interface EntityBytes {
  readonly from: number;
  readonly to: number | '*';
}

/** A parsed query parameter, or a plain reason it is refused (400). */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** `dag-scope` (default `all`). */
export function parseDagScope(text: string | null): Parsed<DagScope> {
  if (text === null) return { ok: true, value: 'all' };
  if (text === 'block' || text === 'entity' || text === 'all') return { ok: true, value: text };
  return { ok: false, reason: 'dag-scope is one of block, entity, all.' };
}

/** `entity-bytes`, or null when absent; a range that is empty by its own numbers (5:2) is refused. */
export function parseEntityBytes(text: string | null): Parsed<EntityBytes | null> {
  if (text === null) return { ok: true, value: null };
  const m = /^(-?\d{1,15}):(-?\d{1,15}|\*)$/.exec(text);
  if (!m) return { ok: false, reason: 'entity-bytes is from:to, integers (negative from the end) or * for to.' };
  const from = Number(m[1]);
  const to = m[2] === '*' ? '*' : Number(m[2]);
  if (to !== '*' && Math.sign(from || 1) === Math.sign(to || 1) && from > to)
    return { ok: false, reason: 'entity-bytes: from is after to.' };
  return { ok: true, value: { from, to } };
}

/** What a CAR request asks for. */
export interface CarAsk {
  readonly root: CID;
  /** Path segments under the root, already decoded. */
  readonly path: readonly string[];
  readonly scope: DagScope;
  readonly entityBytes: EntityBytes | null;
  readonly dups: boolean;
}

/** A built CAR: its bytes, the CID of each path segment (X-Ipfs-Roots), and false when a block was missing on the way. */
export type CarBuilt =
  | { readonly ok: true; readonly car: Uint8Array; readonly roots: readonly CID[]; readonly complete: boolean }
  | { readonly ok: false; readonly status: 400 | 404 | 500 | 501; readonly reason: string };

/** Why a CAR cannot be built, with the status that says so; turned into an answer by buildCar. */
class CarRefusal extends Error {
  override readonly name = 'CarRefusal';
  readonly status: 400 | 404 | 500 | 501;
  constructor(status: 400 | 404 | 500 | 501, reason: string) {
    super(reason);
    this.status = status;
  }
}

/** Stops a walk at a block the gateway lacks (a streaming gateway would end its stream there). */
class MissingBlock extends Error {
  override readonly name = 'MissingBlock';
}

type Read = (cid: CID) => Uint8Array | undefined;

/** The UnixFS metadata of a dag-pb node, or null when it carries none (plain dag-pb). */
function unixfsOf(node: dagPB.PBNode): UnixFS | null {
  if (!node.Data) return null;
  try {
    return UnixFS.unmarshal(node.Data);
  } catch {
    return null; // reason: Data that is not UnixFS makes the node plain dag-pb, whose entity is its block
  }
}

function decodePB(bytes: Uint8Array): dagPB.PBNode | null {
  try {
    return dagPB.decode(bytes);
  } catch {
    return null; // reason: bytes that are not dag-pb under a dag-pb CID are an invalid DAG node (404 or an ended walk)
  }
}

/** Builds a CAR answer for `ask` from the blocks `read` finds. */
export function buildCar(ask: CarAsk, read: Read): CarBuilt {
  const out = createOut(ask.dups);
  try {
    const roots = [ask.root];
    let current = ask.root;
    for (const segment of ask.path) {
      const bytes = need(read, current);
      const node = current.code === dagPB.code ? decodePB(bytes) : null;
      const type = node && unixfsOf(node)?.type;
      if (type === 'hamt-sharded-directory') throw new CarRefusal(501, 'Sharded (HAMT) directories are not walked by this gateway.');
      if (!node || type !== 'directory') throw new CarRefusal(404, `${current} is not a directory: no ${segment.slice(0, 80)} under it.`);
      const link = node.Links.find((l) => l.Name === segment);
      if (!link) throw new CarRefusal(404, `No ${segment.slice(0, 80)} in ${current}.`);
      out.emit(current, bytes);
      current = link.Hash;
      roots.push(current);
    }
    const complete = entity(current, need(read, current), ask, read, out);
    return { ok: true, car: write(ask.root, out.blocks), roots, complete };
  } catch (error) {
    if (error instanceof CarRefusal) return { ok: false, status: error.status, reason: error.message };
    throw error;
  }
}

function need(read: Read, cid: CID): Uint8Array {
  const bytes = read(cid);
  if (!bytes) throw new CarRefusal(404, `${cid} is not in this gateway.`);
  return bytes;
}

/** Adds the terminal entity's blocks; false when the walk met a block this gateway lacks. */
function entity(cid: CID, bytes: Uint8Array, ask: CarAsk, read: Read, out: Out): boolean {
  if (ask.scope === 'block') {
    out.emit(cid, bytes);
    return true;
  }
  let node: dagPB.PBNode | null = null;
  if (cid.code === dagPB.code) {
    node = decodePB(bytes);
    if (!node) throw new CarRefusal(404, `${cid} is not a valid dag-pb block.`);
  } else if (cid.code !== raw.code) {
    // Another codec: its entity is its block (trustless gateway, "dag-scope"); its links cannot be followed here.
    if (ask.scope === 'all')
      throw new CarRefusal(501, `This gateway walks raw and dag-pb DAGs only (${cid} is codec 0x${cid.code.toString(16)}).`);
    out.emit(cid, bytes);
    return true;
  }
  const unixfs = node && unixfsOf(node);
  const isFile = cid.code === raw.code || unixfs?.type === 'file' || unixfs?.type === 'raw';
  if (ask.scope === 'entity' && !isFile) {
    // A directory's entity is its own block (it lists the names); plain dag-pb is not UnixFS: its block.
    out.emit(cid, bytes);
    return true;
  }
  if (ask.scope === 'all' || !ask.entityBytes) return walk([{ cid, from: 0, to: Number.POSITIVE_INFINITY }], read, out, false);
  const size = cid.code === raw.code ? bytes.length : Number(unixfs!.fileSize());
  const range = resolveRange(ask.entityBytes, size);
  if (range === 'empty') {
    out.emit(cid, bytes); // a zero-length range is dag-scope=block (trustless gateway, "entity-bytes")
    return true;
  }
  return walk([{ cid, ...range }], read, out, true);
}

/** Entity bytes against a file of `size` bytes: inclusive offsets, empty, or a refusal when wholly outside it. */
function resolveRange({ from, to }: EntityBytes, size: number): { from: number; to: number } | 'empty' {
  if (size === 0) return 'empty';
  const first = from < 0 ? Math.max(0, size + from) : from;
  const last = to === '*' ? size - 1 : Math.min(size - 1, to < 0 ? size + to : to);
  if (first >= size) throw new CarRefusal(400, `entity-bytes start past the end of the file (${size} bytes).`);
  return last < first ? 'empty' : { from: first, to: last };
}

/**
 * Depth-first from the given nodes; with `ranged`, only the children of a UnixFS file that hold
 * bytes of [from, to] (relative to each node), found from its blocksizes. Ends at the first block
 * missing (false), as a streaming gateway's response would.
 */
function walk(start: { cid: CID; from: number; to: number }[], read: Read, out: Out, ranged: boolean): boolean {
  const stack = [...start];
  try {
    for (let visits = 0; stack.length > 0; visits++) {
      if (visits > MAX_VISITS)
        throw new CarRefusal(500, `This CAR would take over ${MAX_VISITS} block visits: ask for less (dag-scope, a path).`);
      const { cid, from, to } = stack.pop()!;
      const bytes = read(cid);
      if (!bytes) throw new MissingBlock(String(cid));
      if (!out.emit(cid, bytes) || cid.code === raw.code) continue;
      if (cid.code !== dagPB.code)
        throw new CarRefusal(501, `This gateway walks raw and dag-pb DAGs only (${cid} is codec 0x${cid.code.toString(16)}).`);
      const node = decodePB(bytes);
      if (!node) throw new MissingBlock(String(cid));
      const children: { cid: CID; from: number; to: number }[] = [];
      const unixfs = ranged ? unixfsOf(node) : null;
      if (unixfs && (unixfs.type === 'file' || unixfs.type === 'raw')) {
        let offset = unixfs.data?.length ?? 0;
        node.Links.forEach((link, i) => {
          const size = Number(unixfs.blockSizes[i] ?? 0);
          if (offset + size - 1 >= from && offset <= to)
            children.push({ cid: link.Hash, from: Math.max(0, from - offset), to: Math.min(size - 1, to - offset) });
          offset += size;
        });
      } else for (const link of node.Links) children.push({ cid: link.Hash, from: 0, to: Number.POSITIVE_INFINITY });
      stack.push(...children.reverse());
    }
  } catch (error) {
    if (error instanceof MissingBlock) return false;
    throw error;
  }
  return true;
}

interface Out {
  readonly blocks: { cid: CID; bytes: Uint8Array }[];
  /** Adds a block (false when it is a duplicate left out, so its DAG is not walked again). */
  emit(cid: CID, bytes: Uint8Array): boolean;
}

function createOut(dups: boolean): Out {
  const blocks: { cid: CID; bytes: Uint8Array }[] = [];
  const seen = new Set<string>();
  let total = 0;
  return {
    blocks,
    emit(cid, bytes) {
      // Identity CIDs are never written: their bytes are in the CID (trustless gateway, "dups").
      if (cid.multihash.code === identity.code) return true;
      const key = cid.toString();
      if (!dups && seen.has(key)) return false;
      seen.add(key);
      total += bytes.length;
      if (blocks.length >= MAX_CAR_BLOCKS || total > MAX_CAR_BYTES)
        throw new CarRefusal(
          500,
          `This CAR would be over ${MAX_CAR_BLOCKS} blocks or ${MAX_CAR_BYTES} bytes: ask for less (dag-scope, a path).`,
        );
      blocks.push({ cid, bytes });
      return true;
    },
  };
}

/** One CARv1 with `root` as its only root and the blocks in order, written into a buffer of its exact size. */
function write(root: CID, blocks: readonly { cid: CID; bytes: Uint8Array }[]): Uint8Array {
  const size = CarBufferWriter.headerLength({ roots: [root] }) + blocks.reduce((n, b) => n + CarBufferWriter.blockLength(b), 0);
  const writer = CarBufferWriter.createWriter(new ArrayBuffer(size), { roots: [root] });
  for (const block of blocks) writer.write(block);
  return writer.close();
}
