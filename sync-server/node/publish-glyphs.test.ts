/** Publishing the pack: the key file (never overwritten, never readable by others), a sequence that only grows, a directory a server accepts. */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { packNameOf, verifyPackRecord } from '../../src/shared/glyphs/ipns.ts';
import { buildPack } from '../../src/shared/glyphs/pack.ts';
import { loadPackDir, PACK_FILES } from './pack-dir.ts';
import { createKeyFile, currentRecord, keyPath, nextSequence, publishPack, readKeyFile, readLastSigned } from './publish-glyphs.ts';

const svg = (title: string) =>
  new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>${title}</title></svg>`);
const carOf = async (...titles: string[]) => (await buildPack(new Map(titles.map((t) => [`${t}.svg`, svg(t)])))).car;
const carA = await carOf('a');
const carB = await carOf('a', 'b');
const key = await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(1));
const other = await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(2));

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-publish-'));
  dirs.push(dir);
  return dir;
}

describe('the key file', () => {
  it('is $GLYPH_IPNS_KEY, else under ~/.config, outside the repository', () => {
    expect(keyPath({ GLYPH_IPNS_KEY: '/keys/pack.key' })).toBe('/keys/pack.key');
    expect(keyPath({})).toMatch(/\.config\/sacred-breathing\/glyph-pack\.key$/);
  });

  it('is created mode 0600 in a 0700 folder, read back as the same key, and never overwritten', async () => {
    const path = join(tempDir(), 'sub', 'pack.key');
    const created = await createKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(readKeyFile(path).equals(created)).toBe(true);
    const before = readFileSync(path);
    await expect(createKeyFile(path)).rejects.toMatchObject({ code: 'key-exists' });
    expect(readFileSync(path)).toEqual(before);
  });

  it('is refused when others can read it, missing, or not a key', async () => {
    const dir = tempDir();
    const path = join(dir, 'pack.key');
    await createKeyFile(path);
    chmodSync(path, 0o644);
    expect(() => readKeyFile(path)).toThrow(expect.objectContaining({ code: 'key-open' }));
    expect(() => readKeyFile(join(dir, 'none.key'))).toThrow(expect.objectContaining({ code: 'no-key' }));
    writeFileSync(join(dir, 'junk.key'), 'junk', { mode: 0o600 });
    expect(() => readKeyFile(join(dir, 'junk.key'))).toThrow(expect.objectContaining({ code: 'bad-key' }));
  });
});

describe('publishing', () => {
  it('starts at 1, grows with each new root, re-signs the same root at the same number', async () => {
    const out = tempDir();
    expect((await publishPack(key, carA, out)).seq).toBe(1n);
    expect((await publishPack(key, carB, out)).seq).toBe(2n);
    expect((await publishPack(key, carB, out)).seq).toBe(2n);
    expect((await publishPack(key, carA, out)).seq).toBe(3n);
    const state = await loadPackDir(out);
    expect(state.record?.name).toBe(packNameOf(key.publicKey));
    const said = await verifyPackRecord(state.record!.name, state.record!.record);
    expect([said.seq, said.root]).toEqual([3n, state.blocks.root]);
    expect(readFileSync(join(out, PACK_FILES.name), 'utf8')).toBe(`${packNameOf(key.publicKey)}\n`);
  });

  it('refuses a sequence number that does not grow, and takes a higher one', async () => {
    const out = tempDir();
    await publishPack(key, carA, out, { seq: 5n });
    await expect(publishPack(key, carB, out, { seq: 5n })).rejects.toMatchObject({ code: 'seq-not-higher' });
    await expect(publishPack(key, carB, out, { seq: 4n })).rejects.toMatchObject({ code: 'seq-not-higher' });
    expect((await currentRecord(out))?.seq).toBe(5n);
    expect((await publishPack(key, carB, out, { seq: 9n })).seq).toBe(9n);
    expect(() => nextSequence(null, 'x', 'r', { seq: 0n })).toThrow(expect.objectContaining({ code: 'seq-not-higher' }));
  });

  it('counts from what the key last signed anywhere: a new or emptied directory does not start again at 1', async () => {
    const last = join(tempDir(), 'glyph-pack.key.last');
    const first = tempDir();
    await publishPack(key, carA, first, { lastSigned: last });
    expect((await publishPack(key, carB, first, { lastSigned: last })).seq).toBe(2n);
    expect(readLastSigned(last)).toMatchObject({ name: packNameOf(key.publicKey), seq: 2n });
    // Another directory, or this one with its record removed (as the bad-current message tells): 3, not 1.
    expect((await publishPack(key, carA, tempDir(), { lastSigned: last })).seq).toBe(3n);
    rmSync(join(first, PACK_FILES.record));
    expect((await publishPack(key, carB, first, { lastSigned: last })).seq).toBe(4n);
    // A damaged note is said, not guessed around.
    writeFileSync(last, 'garbage');
    await expect(publishPack(key, carA, tempDir(), { lastSigned: last })).rejects.toMatchObject({ code: 'bad-current' });
  });

  it('replaces another key record only when asked to rotate, starting at 1', async () => {
    const out = tempDir();
    await publishPack(other, carA, out, { seq: 7n });
    await expect(publishPack(key, carB, out)).rejects.toMatchObject({ code: 'other-name' });
    expect((await publishPack(key, carB, out, { rotate: true })).seq).toBe(1n);
  });

  it('refuses to build on a record that does not verify', async () => {
    const out = tempDir();
    await publishPack(key, carA, out);
    writeFileSync(join(out, PACK_FILES.record), 'tampered');
    await expect(publishPack(key, carB, out)).rejects.toMatchObject({ code: 'bad-current' });
  });
});
