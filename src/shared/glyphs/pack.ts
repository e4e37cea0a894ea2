/**
 * The glyph pack: from the SVG files, the catalog (id, name, tags, soundscape, CID, sha384, size) and a CAR
 * archive whose root is a UnixFS directory of the files, so any IPFS node can import and pin the
 * whole pack under one CID. Pure and deterministic: the same files give byte-identical output.
 * `npm run glyphs` (sync-server/node/build-glyphs.ts) writes both into public/glyphs/.
 */
import { CarWriter } from '@ipld/car/writer';
import * as dagPB from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { rawCid, sri384, type Cid } from './cid.ts';
import { collect } from './bytes.ts';
import { MAX_GLYPH_BYTES, svgProblem } from './image.ts';

/** One glyph of the catalog. */
export interface GlyphEntry {
  readonly id: string;
  readonly name: string;
  readonly tags: readonly string[];
  /**
   * The soundscape the glyph names (a name src/audio/soundscape.ts knows), absent for none. Declared
   * beside the SVGs (public/glyphs/sounds.json), not in them: a glyph's bytes are its CID, which
   * settings and rooms keep, so naming a sound never changes a glyph.
   */
  readonly soundscape?: string;
  readonly cid: Cid;
  readonly sri: string;
  readonly size: number;
  /** File name inside the pack directory (and under /glyphs/ in the app). */
  readonly file: string;
}

export interface Catalog {
  readonly version: 1;
  /** The pack directory's CID (dag-pb): pin this to pin every glyph. */
  readonly root: Cid;
  readonly glyphs: readonly GlyphEntry[];
}

/** Thrown when a pack file cannot be a glyph; the message names the file. */
export class GlyphPackError extends Error {
  override readonly name = 'GlyphPackError';
}

// ignoreBOM spelled out: workerd's declarations require it (its default, false, strips a BOM as every runtime does).
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads a glyph's name (`<title>`) and tags (`data-tags` on the root) and checks it is a plain SVG;
 * throws GlyphPackError naming the file. The app reads a resolved pack's new glyphs with it too.
 */
export function describeGlyph(file: string, bytes: Uint8Array): { name: string; tags: string[] } {
  if (bytes.length > MAX_GLYPH_BYTES) throw new GlyphPackError(`${file}: over ${MAX_GLYPH_BYTES} bytes`);
  const text = decoder.decode(bytes);
  if (!/^<svg[\s>]/.test(text)) throw new GlyphPackError(`${file}: does not start with <svg`);
  const problem = svgProblem(text);
  if (problem) throw new GlyphPackError(`${file}: ${problem}`);
  const name = /<title>([^<]+)<\/title>/.exec(text)?.[1]?.trim();
  if (!name) throw new GlyphPackError(`${file}: needs a <title>`);
  const tags = /^<svg[^>]*\sdata-tags="([^"]*)"/.exec(text)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
  return { name, tags };
}

/**
 * Builds the catalog and the CAR from the pack's files (name -> bytes) and the soundscapes glyphs
 * name (glyph id -> soundscape); the CAR holds the SVGs only, so its root does not depend on sounds.
 */
export async function buildPack(
  files: ReadonlyMap<string, Uint8Array>,
  sounds: Readonly<Record<string, string>> = {},
): Promise<{ catalog: Catalog; car: Uint8Array }> {
  const names = [...files.keys()].filter((f) => f.endsWith('.svg')).sort();
  const stray = Object.keys(sounds).find((id) => !names.includes(`${id}.svg`));
  if (stray) throw new GlyphPackError(`${stray}: names a soundscape but there is no ${stray}.svg`);
  const glyphs: GlyphEntry[] = [];
  const blocks: { cid: CID; bytes: Uint8Array }[] = [];
  for (const file of names) {
    const bytes = files.get(file)!;
    const cid = await rawCid(bytes);
    const id = file.slice(0, -4);
    const { name, tags } = describeGlyph(file, bytes);
    const soundscape = Object.hasOwn(sounds, id) ? sounds[id] : undefined;
    glyphs.push({
      id,
      name,
      tags,
      ...(soundscape ? { soundscape } : {}),
      cid: cid.toString() as Cid,
      sri: await sri384(bytes),
      size: bytes.length,
      file,
    });
    blocks.push({ cid, bytes });
  }
  const directory = dagPB.encode(
    dagPB.prepare({
      Data: new UnixFS({ type: 'directory' }).marshal(),
      Links: glyphs.map((g, i) => ({ Name: g.file, Hash: blocks[i]!.cid, Tsize: g.size })),
    }),
  );
  const root = CID.createV1(dagPB.code, await sha256.digest(directory));
  const { writer, out } = CarWriter.create([root]);
  const bytes = collect(out);
  await writer.put({ cid: root, bytes: directory });
  for (const block of blocks) await writer.put(block);
  await writer.close();
  return { catalog: { version: 1, root: root.toString() as Cid, glyphs }, car: await bytes };
}

/** The catalog as written to disk (stable key order, two-space indent, final newline). */
export const catalogJson = (catalog: Catalog): string => `${JSON.stringify(catalog, null, 2)}\n`;
