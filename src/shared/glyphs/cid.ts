/**
 * Content ids for glyphs: CIDv1 with the raw codec and sha2-256 for a file, and the sha384 SRI the
 * service worker records beside a cached glyph. Runs anywhere WebCrypto does (page, worker, Node).
 */
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';

/** A CID in its canonical string form (base32 for v1). */
export type Cid = string & { readonly __brand: 'Cid' };

/** Why text is not a glyph CID: not a CID at all, not hashed with sha2-256, or not a file. */
export type InvalidCidCode = 'not-a-cid' | 'hash-not-sha256' | 'not-a-file';

/** Thrown for text that is not a CID (or one this app cannot load: only sha2-256 is verified). */
export class InvalidCidError extends Error {
  override readonly name = 'InvalidCidError';
  readonly code: InvalidCidCode;
  constructor(code: InvalidCidCode) {
    super(`invalid glyph CID: ${code}`);
    this.code = code;
  }
}

/** The multicodec of dag-pb (UnixFS), named here so the page need not bundle the codec for it. */
export const DAG_PB_CODE = 0x70;

/** The codecs a glyph CID may use: a raw file, or a UnixFS (dag-pb) file or directory. */
export const GLYPH_CODECS: ReadonlyMap<number, string> = new Map([
  [raw.code, 'raw'],
  [DAG_PB_CODE, 'dag-pb'],
]);

/** Parses pasted or stored text into a CID this app can verify and load. */
export function parseCid(text: string): CID {
  let cid: CID;
  try {
    cid = CID.parse(text.trim());
  } catch {
    throw new InvalidCidError('not-a-cid');
  }
  if (cid.multihash.code !== sha256.code) throw new InvalidCidError('hash-not-sha256');
  if (!GLYPH_CODECS.has(cid.code)) throw new InvalidCidError('not-a-file');
  return cid;
}

/** The canonical string of a CID (v0 becomes v1, so one glyph has one key). */
export const cidKey = (cid: CID): Cid => cid.toV1().toString() as Cid;

/** The raw-codec CID of a file's bytes. */
export async function rawCid(bytes: Uint8Array): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(bytes));
}

/** True when the bytes are exactly the block a CID names (its sha2-256 digest matches). */
export async function blockMatches(cid: CID, bytes: Uint8Array): Promise<boolean> {
  if (cid.multihash.code !== sha256.code) return false;
  const digest = (await sha256.digest(bytes)).digest;
  const want = cid.multihash.digest;
  return digest.length === want.length && digest.every((b, i) => b === want[i]);
}

/** Subresource-integrity string (`sha384-<base64>`) of some bytes. */
export async function sri384(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes as Uint8Array<ArrayBuffer>));
  let bin = '';
  for (const b of digest) bin += String.fromCharCode(b);
  return `sha384-${btoa(bin)}`;
}
