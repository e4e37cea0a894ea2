/**
 * `npm run glyphs:publish`: signs the glyph pack's IPNS record for the pack's root and writes a
 * published pack directory (pack.car, pack.ipns-name, pack.ipns-record; public/glyphs by default).
 * The signing key lives outside the repository: $GLYPH_IPNS_KEY, or
 * ~/.config/sacred-breathing/glyph-pack.key (a protobuf Ed25519 private key, mode 0600); `--new-key`
 * creates it and never overwrites one. The record's sequence number only grows: a new root gets the
 * one after the record already in the directory, the same root is re-signed at the same number
 * (its validity renewed). Files are written by temp file and rename, the CAR first and the record
 * last, so a server reading the directory meanwhile never serves a record for a CAR it lacks.
 *
 *   npm run glyphs:publish -- [--new-key] [--out <dir>] [--pack <dir with pack.car>] [--seq <n>] [--rotate]
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import { CarBufferReader } from '@ipld/car/buffer-reader';
import { catalogJson } from '../../src/shared/glyphs/pack.ts';
import {
  type PackPrivateKey,
  PackRecordError,
  packNameOf,
  samePackName,
  signPackRecord,
  verifyPackRecord,
} from '../../src/shared/glyphs/ipns.ts';
import { buildGlyphs, GLYPHS_DIR } from './build-glyphs.ts';
import { loadPackDir, PACK_FILES } from './pack-dir.ts';

/** Why publishing stops. */
export type PublishErrorCode = 'key-exists' | 'no-key' | 'key-open' | 'bad-key' | 'seq-not-higher' | 'other-name' | 'bad-current';

/** Thrown when the pack cannot be published as asked; the message says what to do. */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  readonly code: PublishErrorCode;
  constructor(code: PublishErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** The signing key's file: $GLYPH_IPNS_KEY, else ~/.config/sacred-breathing/glyph-pack.key. */
export function keyPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.GLYPH_IPNS_KEY || join(homedir(), '.config', 'sacred-breathing', 'glyph-pack.key'));
}

/** Writes bytes durably by temp file and rename (readers see the old file or the new one, never half). */
export function writeAtomic(path: string, bytes: Uint8Array | string, mode = 0o644): void {
  const temp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  try {
    const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    let at = 0;
    while (at < data.length) at += writeSync(fd, data, at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** Creates a new Ed25519 key at `path` (mode 0600, its folder 0700); refuses to replace one. */
export async function createKeyFile(path: string): Promise<PackPrivateKey> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = await generateKeyPair('Ed25519');
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600); // wx: fails if the file exists, even if it appeared a moment ago
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new PublishError(
        'key-exists',
        `${path} already holds a key: a new key is a new name (see README, "Publishing the glyph pack"); move it away first if you mean to rotate`,
      );
    }
    throw error;
  }
  try {
    writeSync(fd, privateKeyToProtobuf(key));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return key;
}

/** Reads the signing key; refuses a missing file, one others can read (like ssh), or one that is not an Ed25519 key. */
export function readKeyFile(path: string): PackPrivateKey {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new PublishError('no-key', `no signing key at ${path}: create one with --new-key, or point GLYPH_IPNS_KEY at yours`);
  }
  if ((mode & 0o077) !== 0)
    throw new PublishError('key-open', `${path} can be read by others (mode ${(mode & 0o777).toString(8)}): chmod 600 ${path}`);
  let key: PackPrivateKey;
  try {
    key = privateKeyFromProtobuf(new Uint8Array(readFileSync(path)));
  } catch {
    throw new PublishError('bad-key', `${path} is not a protobuf-encoded private key`);
  }
  if (key.type !== 'Ed25519') throw new PublishError('bad-key', `${path} is a ${key.type} key; the pack is signed with Ed25519`);
  return key;
}

/** The record already in a pack directory: its name and what it says (null when there is none). */
export async function currentRecord(dir: string): Promise<{ name: string; root: string; seq: bigint } | null> {
  let record: Uint8Array;
  let name: string;
  try {
    record = new Uint8Array(readFileSync(join(dir, PACK_FILES.record)));
    name = readFileSync(join(dir, PACK_FILES.name), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    // Expiry does not matter here: an expired record's sequence number still counts.
    const { root, seq } = await verifyPackRecord(name, record, { now: 0 });
    return { name, root, seq };
  } catch (error) {
    if (error instanceof PackRecordError) {
      throw new PublishError(
        'bad-current',
        `the record in ${dir} does not verify (${error.code}): remove ${PACK_FILES.record} by hand if you mean to replace it`,
      );
    }
    throw error;
  }
}

/**
 * The sequence number to sign: after the current record's for a new root, the same for the same
 * root; an asked-for number must be higher (or equal for the same root). A record of another name is
 * replaced only with `rotate` (a new key), starting at 1.
 */
export function nextSequence(
  current: { name: string; root: string; seq: bigint } | null,
  name: string,
  root: string,
  options: { seq?: bigint; rotate?: boolean } = {},
): bigint {
  if (current !== null && !samePackName(current.name, name)) {
    if (!options.rotate)
      throw new PublishError(
        'other-name',
        `the directory holds the record of ${current.name}, not of this key (${name}): pass --rotate to replace it with the new name`,
      );
    current = null;
  }
  const floor = current === null ? 0n : current.seq;
  const same = current !== null && current.root === root;
  const seq = options.seq ?? (same ? floor : floor + 1n);
  if (seq < 1n || seq < floor || (seq === floor && !same)) {
    throw new PublishError(
      'seq-not-higher',
      `sequence ${seq} is not above the current ${floor} (root ${current?.root}): a record's sequence only grows`,
    );
  }
  return seq;
}

/** What a key last signed: its name, root and sequence number. */
export interface Signed {
  readonly name: string;
  readonly root: string;
  readonly seq: bigint;
}

/** The file beside the key where what it last signed is kept (`<key>.last`). */
export const lastSignedPath = (key: string): string => `${key}.last`;

/** What the key last signed, from its `.last` file (null when it has signed nothing yet). */
export function readLastSigned(path: string): Signed | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const [name = '', root = '', seq = ''] = text.trim().split(/\s+/);
  if (!/^\d{1,20}$/.test(seq)) throw new PublishError('bad-current', `${path} is not "<name> <root> <sequence>": fix or remove it by hand`);
  return { name, root, seq: BigInt(seq) };
}

/**
 * The record to count from: the directory's, or what the key last signed when that is higher (a
 * publish into a new or emptied directory must not start again at 1: apps holding a higher number
 * would refuse every record). The directory's record of another name stays, for nextSequence to refuse.
 */
export function countFrom(here: Signed | null, last: Signed | null, name: string): Signed | null {
  if (here !== null && !samePackName(here.name, name)) return here;
  if (last === null || !samePackName(last.name, name)) return here;
  return here === null || last.seq > here.seq ? last : here;
}

/**
 * Signs and writes a pack directory for a CAR; returns what was published. With `lastSigned` (the
 * script passes the file beside the key) the sequence also counts from what the key signed anywhere.
 */
export async function publishPack(
  key: PackPrivateKey,
  car: Uint8Array,
  out: string,
  options: { seq?: bigint; rotate?: boolean; now?: number; lastSigned?: string } = {},
): Promise<Signed> {
  const root = CarBufferReader.fromBytes(car).getRoots()[0]?.toString();
  if (!root) throw new PublishError('bad-current', 'the CAR names no root');
  const name = packNameOf(key.publicKey);
  const last = options.lastSigned === undefined ? null : readLastSigned(options.lastSigned);
  const seq = nextSequence(countFrom(await currentRecord(out), last, name), name, root, options);
  const record = await signPackRecord(key, root, seq, { now: options.now });
  mkdirSync(out, { recursive: true });
  writeAtomic(join(out, PACK_FILES.car), car);
  writeAtomic(join(out, PACK_FILES.name), `${name}\n`);
  writeAtomic(join(out, PACK_FILES.record), record);
  await loadPackDir(out, { now: options.now }); // what a server will read: verified the same way
  if (options.lastSigned !== undefined && (last === null || !samePackName(last.name, name) || seq >= last.seq))
    writeAtomic(options.lastSigned, `${name} ${root} ${seq}\n`);
  return { name, root, seq };
}

// Run as a script (not imported by its test).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      'new-key': { type: 'boolean' },
      out: { type: 'string', default: GLYPHS_DIR },
      pack: { type: 'string' },
      seq: { type: 'string' },
      rotate: { type: 'boolean' },
    },
  });
  try {
    const path = keyPath();
    const key = values['new-key'] ? await createKeyFile(path) : readKeyFile(path);
    if (values['new-key']) console.log(`new key ${path} (back it up): name ${packNameOf(key.publicKey)}`);
    const out = resolve(values.out);
    mkdirSync(out, { recursive: true });
    if (values.seq !== undefined && !/^\d{1,19}$/.test(values.seq))
      throw new PublishError('seq-not-higher', `--seq ${values.seq}: not a whole number`);
    let car: Uint8Array;
    if (values.pack) car = new Uint8Array(readFileSync(join(resolve(values.pack), PACK_FILES.car)));
    else {
      const built = await buildGlyphs();
      car = built.car;
      writeAtomic(join(out, 'catalog.json'), catalogJson(built.catalog));
    }
    const seq = values.seq === undefined ? undefined : BigInt(values.seq);
    const published = await publishPack(key, car, out, { seq, rotate: values.rotate, lastSigned: lastSignedPath(path) });
    console.log(
      `published ${out}: /ipns/${published.name} -> /ipfs/${published.root} (sequence ${published.seq}, CAR ${car.length} bytes)`,
    );
  } catch (error) {
    if (!(error instanceof PublishError)) throw error;
    console.error(`glyphs:publish: ${error.message}`);
    process.exit(1);
  }
}
