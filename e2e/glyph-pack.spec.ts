/**
 * The glyph pack under its signed IPNS name (issue 17): a newer pack published in the test reaches
 * the app on the next visit, without an app update, and stays there offline; records that are
 * stale, signed by another key or tampered with are refused and the list stays as it was.
 * Against the real Node server (GLYPH_PACK_DIR, picked up without a restart) and a build of the
 * app that trusts a TEST-ONLY name (e2e/glyph-pack-test-keys.ts): built once per worker (9 s on an
 * idle machine, 22 s measured on a busy one), unless DIST_DIR already trusts that name.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { unmarshalIPNSRecord } from 'ipns';
import { packNameOf, signPackRecord, type PackPrivateKey } from '../src/shared/glyphs/ipns.ts';
import { buildPack, type Catalog } from '../src/shared/glyphs/pack.ts';
import { publishPack } from '../sync-server/node/publish-glyphs.ts';
import { allGlyphsShown, DIST, expect, ROOT, startServer, test as base, waitForServiceWorkerControl, type AppServer } from './fixtures.ts';
import { testOnlyForgerKey, testOnlyPackKey } from './glyph-pack-test-keys.ts';

const IPNS_RECORD = 'application/vnd.ipfs.ipns-record';
const GLYPHS = join(ROOT, 'public/glyphs');
const catalog = JSON.parse(readFileSync(join(GLYPHS, 'catalog.json'), 'utf8')) as Catalog;
/** The pictures the guide's choice shows for the built-in pack: each glyph's, and the suggested one's. */
const BUILT_IN_PICTURES = catalog.glyphs.length + 1;
const builtFiles = new Map(
  readdirSync(GLYPHS)
    .filter((f) => f.endsWith('.svg'))
    .map((f) => [f, new Uint8Array(readFileSync(join(GLYPHS, f)))]),
);
/** A glyph made in the test, as a pack author would add one. */
const glyphSvg = (title: string, d: string) =>
  new TextEncoder().encode(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" data-tags="test"><title>${title}</title><path d="${d}" fill="none" stroke="#2a7" stroke-width="4"/></svg>`,
  );
const FEATHER = glyphSvg('Feather', 'M12 52C20 30 34 16 52 12C48 30 34 44 12 52ZM12 52L36 28');
const EMBER = glyphSvg('Ember', 'M32 8C40 24 48 30 48 42A16 16 0 0 1 16 42C16 30 24 24 32 8Z');

/** Writes a file whole or not at all (the server may look at any moment). */
function writeAtomic(path: string, bytes: Uint8Array | string): void {
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

/** A build of the app trusting `name`: DIST_DIR when it does already, else a fresh one. */
async function buildTrusting(name: string): Promise<string> {
  const assets = join(DIST, 'assets');
  const trusts = (() => {
    try {
      return readdirSync(assets).some((f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes(name));
    } catch {
      return false; // reason: no build in DIST_DIR
    }
  })();
  if (trusts) return DIST;
  const out = mkdtempSync(join(tmpdir(), 'sb-e2e-glyph-pack-dist-'));
  await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--emptyOutDir'], {
    cwd: ROOT,
    env: { ...process.env, VITE_GLYPH_PACK_NAME: name },
  });
  return out;
}

interface PackDir {
  readonly dir: string;
  readonly name: string;
}

/**
 * Publishes the built-in glyphs plus `extra` under the test name with any sequence `seq` (a lower one
 * too, as a rollback would) and a TTL of 0; resolves to the root once the server serves it.
 */
type Publish = (seq: bigint, extra?: ReadonlyMap<string, Uint8Array>) => Promise<string>;

const test = base.extend<{ packDir: PackDir; publish: Publish }, { key: PackPrivateKey; testDist: string }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter, which must be an object pattern even when it asks for none
  key: [async ({}, use) => use(await testOnlyPackKey()), { scope: 'worker' }],
  testDist: [
    async ({ key }, use) => {
      const dist = await buildTrusting(packNameOf(key.publicKey));
      await use(dist);
      if (dist !== DIST) rmSync(dist, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  // A copy of the built-in pack signed with the test key (sequence 1), as a deployment publishes it.
  packDir: async ({ key }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-e2e-glyph-pack-'));
    cpSync(GLYPHS, dir, { recursive: true });
    const name = packNameOf(key.publicKey);
    writeAtomic(join(dir, 'pack.ipns-name'), `${name}\n`);
    // TTL 0: every visit asks for the record again (the default hour would hide the next publish).
    writeAtomic(join(dir, 'pack.ipns-record'), await signPackRecord(key, catalog.root, 1n, { ttlMs: 0 }));
    await use({ dir, name });
    rmSync(dir, { recursive: true, force: true });
  },
  server: async ({ testDist, packDir }, use) => {
    const server = await startServer({ distDir: testDist, env: { GLYPH_PACK_DIR: packDir.dir } });
    await use(server);
    await server.stop();
  },
  publish: async ({ key, packDir, server }, use) => {
    await use(async (seq, extra = new Map()) => {
      const { catalog: next, car } = await buildPack(new Map([...builtFiles, ...extra]));
      const record = await signPackRecord(key, next.root, seq, { ttlMs: 0 });
      // The CAR first, the record last, as the publish script does.
      writeAtomic(join(packDir.dir, 'pack.car'), car);
      writeAtomic(join(packDir.dir, 'pack.ipns-record'), record);
      await servedRecord(server, packDir.name, record);
      return next.root;
    });
  },
});

/** Resolves once the server answers `record` for the name (it looks at the pack directory about once a second). */
async function servedRecord(server: AppServer, name: string, record: Uint8Array): Promise<void> {
  await expect
    .poll(async () => {
      const res = await fetch(`${server.url}/ipns/${name}`, { headers: { Accept: IPNS_RECORD } });
      return res.ok && Buffer.from(await res.arrayBuffer()).equals(Buffer.from(record));
    })
    .toBe(true);
}

/** The guide's choice lists `name` with its picture loaded. */
async function glyphShown(page: Page, name: string): Promise<void> {
  const option = page.locator('.glyph-options .glyph-option', { hasText: new RegExp(`^${name}$`) });
  await expect(option.locator('img.glyph-thumb')).toHaveJSProperty('complete', true);
  await expect.poll(() => option.locator('img.glyph-thumb').evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
}

/** Reloads and resolves once the app has refused the record with `code` (its one log line). */
async function reloadRefusing(page: Page, code: string): Promise<void> {
  const refused = page.waitForEvent('console', { predicate: (m) => m.text() === `glyph pack: record refused (${code})`, timeout: 20_000 });
  await page.reload();
  await refused;
}

test('a newer pack published under the name shows its new glyph on the next visit, and still offline', async ({
  page,
  context,
  server,
  key,
  packDir,
}) => {
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  // The record names the pack the app was built with: the built-in glyphs only.
  await allGlyphsShown(page, BUILT_IN_PICTURES);

  // Published as `npm run glyphs:publish` does: the next sequence number, the CAR first, the record last.
  const { car } = await buildPack(new Map([...builtFiles, ['feather.svg', FEATHER]]));
  expect(await publishPack(key, car, packDir.dir)).toMatchObject({ seq: 2n });
  await servedRecord(server, packDir.name, new Uint8Array(readFileSync(join(packDir.dir, 'pack.ipns-record'))));
  await page.reload();
  await allGlyphsShown(page, BUILT_IN_PICTURES + 1);
  await glyphShown(page, 'Feather');

  // Offline: the kept pack lists it, the service worker's cache shows it.
  await server.stop();
  await context.setOffline(true);
  await page.reload();
  await allGlyphsShown(page, BUILT_IN_PICTURES + 1);
  await glyphShown(page, 'Feather');
});

test('stale, forged and tampered records are refused and the glyphs stay as they were', async ({
  page,
  context,
  key,
  packDir,
  publish,
}) => {
  await publish(2n, new Map([['feather.svg', FEATHER]]));
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await allGlyphsShown(page, BUILT_IN_PICTURES + 1);
  await glyphShown(page, 'Feather');
  const withEmber = new Map([
    ['feather.svg', FEATHER],
    ['ember.svg', EMBER],
  ]);

  // A lower sequence number for another root, signed with the right key and served by the server itself.
  const emberRoot = await publish(1n, withEmber);
  await reloadRefusing(page, 'stale');

  // What a tampering network or mirror could answer instead of the server's record.
  const answer = (record: Uint8Array) =>
    context.route(`**/ipns/${packDir.name}`, (route) => route.fulfill({ body: Buffer.from(record), contentType: IPNS_RECORD }));
  // Signed by another key, for a newer root.
  await answer(await signPackRecord(await testOnlyForgerKey(), emberRoot, 9n, { ttlMs: 0 }));
  await reloadRefusing(page, 'wrong-key');
  // The right key's record for a newer root, one byte of its signature flipped.
  const record = await signPackRecord(key, emberRoot, 9n, { ttlMs: 0 });
  const at = Buffer.from(record).indexOf(Buffer.from(unmarshalIPNSRecord(record).signatureV2));
  const flipped = record.slice();
  flipped[at + 7]! ^= 0x20;
  await context.unrouteAll();
  await answer(flipped);
  await reloadRefusing(page, 'bad-signature');

  await allGlyphsShown(page, BUILT_IN_PICTURES + 1);
  await glyphShown(page, 'Feather');
  await expect(page.locator('.glyph-options .glyph-option', { hasText: /^Ember$/ })).toHaveCount(0);
});
