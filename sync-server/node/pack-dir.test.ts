/** The served pack directory: verified on load, replaced by a new publish without a restart, a bad publish refused while the old pack stays. */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { CarBufferReader } from '@ipld/car/buffer-reader';
import { CID } from 'multiformats/cid';
import { packNameOf, signPackRecord } from '../../src/shared/glyphs/ipns.ts';
import { buildPack } from '../../src/shared/glyphs/pack.ts';
import { loadPackDir, openPackDir, PACK_FILES, packDirFromEnv, type PackDirError } from './pack-dir.ts';

const svg = (title: string) =>
  new TextEncoder().encode(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>${title}</title><circle cx="5" cy="5" r="4"/></svg>`,
  );
const packOf = async (...titles: string[]) => (await buildPack(new Map(titles.map((t) => [`${t}.svg`, svg(t)])))).car;
const rootOf = (car: Uint8Array): string => CarBufferReader.fromBytes(car).getRoots()[0]!.toString();

const key = await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(9));
const name = packNameOf(key.publicKey);
const carA = await packOf('a', 'b');
const carB = await packOf('a', 'b', 'c');
const rootA = rootOf(carA);
const rootB = rootOf(carB);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-pack-'));
  dirs.push(dir);
  return dir;
}
/** Writes a file as the publish script does: a temp file, then a rename. */
function put(dir: string, file: string, bytes: Uint8Array | string): void {
  writeFileSync(join(dir, `.${file}.tmp`), bytes);
  renameSync(join(dir, `.${file}.tmp`), join(dir, file));
}
async function publish(dir: string, car: Uint8Array, seq: number, signer = key): Promise<void> {
  put(dir, PACK_FILES.car, car);
  put(dir, PACK_FILES.record, await signPackRecord(signer, rootOf(car), seq));
  put(dir, PACK_FILES.name, `${name}\n`);
}

/** A directory with a clock the test moves, and what it refused. */
async function served(dir: string) {
  let clock = Date.now();
  const refused: PackDirError[] = [];
  const pack = await openPackDir(dir, { now: () => clock, onRefused: (e) => refused.push(e) });
  return { pack, refused, tick: (ms = 1000) => (clock += ms) };
}

describe('loadPackDir', () => {
  it('serves the blocks by multihash and the record for its name', async () => {
    const dir = tempDir();
    await publish(dir, carA, 1);
    const state = await loadPackDir(dir);
    expect(state.blocks.root).toBe(rootA);
    expect(state.blocks.get(CID.parse(rootA).multihash.bytes)).toBeInstanceOf(Uint8Array);
    expect(state.record?.name).toBe(name);
  });

  it('serves the name in its k51 form whatever form the name file spells it in', async () => {
    const dir = tempDir();
    await publish(dir, carA, 1);
    put(dir, PACK_FILES.name, key.publicKey.toString());
    expect((await loadPackDir(dir)).record?.name).toBe(name);
  });

  it('an unsigned pack (no record) is served without one; an empty directory serves nothing', async () => {
    const dir = tempDir();
    expect((await loadPackDir(dir)).blocks.root).toBe('');
    put(dir, PACK_FILES.car, carA);
    expect((await loadPackDir(dir)).record).toBeNull();
  });

  it('refuses a corrupt CAR, a record for another root, a truncated record, a record without its name, one by another key', async () => {
    const cases: [string, (dir: string) => Promise<void>, string][] = [
      [
        'corrupt CAR',
        async (d) =>
          put(
            d,
            PACK_FILES.car,
            carA.map((b, i) => (i === carA.length - 3 ? b ^ 1 : b)),
          ),
        'bad-car',
      ],
      ['garbage CAR', async (d) => put(d, PACK_FILES.car, 'not a car'), 'bad-car'],
      ['another root', async (d) => put(d, PACK_FILES.record, await signPackRecord(key, rootB, 2)), 'wrong-root'],
      ['truncated record', async (d) => put(d, PACK_FILES.record, (await signPackRecord(key, rootA, 2)).subarray(0, 100)), 'bad-record'],
      ['no name', async (d) => rmSync(join(d, PACK_FILES.name)), 'no-name'],
      [
        'another key',
        async (d) => put(d, PACK_FILES.record, await signPackRecord(await generateKeyPair('Ed25519'), rootA, 2)),
        'bad-record',
      ],
      ['10 MB record', async (d) => put(d, PACK_FILES.record, new Uint8Array(10 * 1024 * 1024)), 'bad-record'],
    ];
    for (const [what, spoil, code] of cases) {
      const dir = tempDir();
      await publish(dir, carA, 1);
      await spoil(dir);
      await expect(loadPackDir(dir), what).rejects.toMatchObject({ name: 'PackDirError', code });
    }
  });

  it('serves the blocks without an expired record, and says so', async () => {
    const dir = tempDir();
    put(dir, PACK_FILES.car, carA);
    put(dir, PACK_FILES.record, await signPackRecord(key, rootA, 1, { validityMs: 1000, now: Date.now() - 5000 }));
    put(dir, PACK_FILES.name, name);
    const told: PackDirError[] = [];
    const state = await loadPackDir(dir, { onExpired: (e) => told.push(e) });
    expect(state.blocks.root).toBe(rootA);
    expect(state.record).toBeNull();
    expect(told.map((e) => e.code)).toEqual(['expired']);
  });
});

describe('openPackDir', () => {
  it('picks up a new publish without a restart, looking at most once a second', async () => {
    const dir = tempDir();
    await publish(dir, carA, 1);
    const { pack, refused, tick } = await served(dir);
    expect(pack.current().blocks.root).toBe(rootA);
    await publish(dir, carB, 2);
    // Within the second nothing is looked at.
    expect(pack.current().blocks.root).toBe(rootA);
    tick();
    pack.current();
    expect((await pack.refresh()).blocks.root).toBe(rootB);
    expect(pack.current().blocks.root).toBe(rootB);
    expect(refused).toEqual([]);
  });

  it('keeps the previous pack while a publish is half done (new CAR, old record), then takes it whole', async () => {
    const dir = tempDir();
    await publish(dir, carA, 1);
    const { pack, refused } = await served(dir);
    put(dir, PACK_FILES.car, carB);
    const during = await pack.refresh();
    expect(during.blocks.root).toBe(rootA);
    expect(refused.map((e) => e.code)).toEqual(['wrong-root']);
    put(dir, PACK_FILES.record, await signPackRecord(key, rootB, 2));
    const after = await pack.refresh();
    expect(after.blocks.root).toBe(rootB);
    expect(after.record?.record).toEqual(new Uint8Array(readFileSync(join(dir, PACK_FILES.record))));
  });

  it('a refused publish is reported once, the previous pack stays, and a corrected one is taken', async () => {
    const dir = tempDir();
    await publish(dir, carA, 1);
    const { pack, refused } = await served(dir);
    put(dir, PACK_FILES.car, 'broken');
    expect((await pack.refresh()).blocks.root).toBe(rootA);
    expect((await pack.refresh()).blocks.root).toBe(rootA);
    expect(refused.map((e) => e.code)).toEqual(['bad-car']);
    await publish(dir, carB, 2);
    expect((await pack.refresh()).blocks.root).toBe(rootB);
  });

  it('refuses to start on a directory that does not verify', async () => {
    const dir = tempDir();
    await publish(dir, carA, 1);
    put(dir, PACK_FILES.record, await signPackRecord(key, rootB, 2));
    await expect(openPackDir(dir)).rejects.toMatchObject({ code: 'wrong-root' });
  });
});

describe('packDirFromEnv', () => {
  it('is GLYPH_PACK_DIR, else the build glyphs folder', () => {
    expect(packDirFromEnv({ GLYPH_PACK_DIR: '/srv/pack' }, '/app/dist')).toBe('/srv/pack');
    expect(packDirFromEnv({}, '/app/dist')).toBe('/app/dist/glyphs');
  });
});
