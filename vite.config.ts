import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';
import type { ManifestTransform } from 'workbox-build';
import type { Plugin } from 'vite';
import type { ChunkingContext, CodeSplittingGroup } from 'rolldown';
import { unmarshalIPNSRecord } from 'ipns';
import { parseGatewayList } from './src/shared/glyphs/gateways.ts';
import { parsePackName } from './src/shared/glyphs/ipns.ts';
import { headersFile } from './sync-server/headers.ts';
import { dict as germanWords } from './src/i18n/de/index.ts';
import { dict as spanishWords } from './src/i18n/es/index.ts';
import { localiseManifest, manifestPath, type Manifest } from './src/i18n/manifest.ts';

/** The mark a test puts on a storage refusal it causes (see onUnhandledError below). */
const STORAGE_REFUSED_IN_TEST = 'storage refused by the test';

/** Where this build writes (`dist`, or what `--outDir` says): the integrity hashes read the built files there. */
let outDir = 'dist';
const followOutDir = (): Plugin => ({
  name: 'follow-out-dir',
  configResolved(config) {
    outDir = resolve(config.root, config.build.outDir);
  },
});

/**
 * Adds a sha384 `integrity` to every precache entry, so the browser refuses an asset whose bytes
 * differ from the build (a tampering proxy or a half-deployed release) and the install fails.
 */
const addIntegrity: ManifestTransform = (entries) => ({
  manifest: entries.map((entry) => ({
    ...entry,
    integrity: `sha384-${createHash('sha384')
      .update(readFileSync(join(outDir, entry.url)))
      .digest('base64')}`,
  })),
  warnings: [],
});

/**
 * Chunks of the first load: Solid in one (it changes rarely, so it stays cached across releases),
 * and everything else the entry reaches through static imports in another. Without this the
 * bundler cuts a dozen small chunks out of the first load (one per module a lazy screen also
 * uses), each its own request with its own gzip overhead. Lazy screens and stores keep their own chunks.
 */
const SOLID_STORE = /[\\/]node_modules[\\/]solid-js[\\/]store[\\/]/;
const SOLID_CORE = /[\\/]node_modules[\\/]solid-js[\\/](?!store[\\/])/;

function firstLoadGroups(): CodeSplittingGroup[] {
  /** Whether the entry imports `id` statically, directly or through other modules. */
  const onFirstLoad = (id: string, ctx: ChunkingContext, seen = new Set<string>()): boolean => {
    if (seen.has(id)) return false;
    seen.add(id);
    const info = ctx.getModuleInfo(id);
    return !!info && (info.isEntry || info.importers.some((importer) => onFirstLoad(importer, ctx, seen)));
  };
  return [
    // solid-js/store stays out of both: only a lazy screen uses it (the room's people list).
    { name: 'solid', test: SOLID_CORE },
    { name: (id, ctx) => (!SOLID_STORE.test(id) && !ctx.getModuleInfo(id)?.isEntry && onFirstLoad(id, ctx) ? 'app' : null) },
  ];
}

/**
 * Brotli and gzip copies of every text file beside it (`app-….js.br`, `.gz`), for a server that
 * sends a precompressed file when the browser accepts it (sirv's `brotli`/`gzip` options): the
 * first load is then about a third of its bytes on the wire. Static hosts compress on their own.
 */
const precompress = (): Plugin => ({
  name: 'precompress',
  apply: 'build',
  closeBundle() {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
    for (const file of walk(outDir).filter((f) => /\.(js|mjs|css|html|svg|webmanifest|json)$/.test(f))) {
      const bytes = readFileSync(file);
      if (bytes.length < 1024) continue;
      writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
    }
  },
});

/**
 * For static hosts (the Workers deployment): `_headers` with the same security and caching headers
 * the Node server sends, and the glyph gateway list the page reads, both for GLYPH_GATEWAYS as set
 * at build time (the Node server answers both from its own setting at run time).
 */
const staticHostFiles = (): Plugin => ({
  name: 'static-host-files',
  generateBundle() {
    const gateways = parseGatewayList(process.env.GLYPH_GATEWAYS);
    this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile(gateways) });
    this.emitFile({ type: 'asset', fileName: 'glyphs/gateways.json', source: JSON.stringify({ gateways }) });
  },
});

/**
 * The manifest in Spanish and German beside the English one in public/ (src/i18n/manifest.ts), so
 * that installing from a page in another language names the app in it.
 */
const localisedManifests = (): Plugin => ({
  name: 'localised-manifests',
  apply: 'build',
  generateBundle() {
    const base = JSON.parse(readFileSync(join(import.meta.dirname, 'public/manifest.webmanifest'), 'utf8')) as Manifest;
    for (const [language, dict] of [
      ['es', spanishWords],
      ['de', germanWords],
    ] as const) {
      const manifest = localiseManifest(base, dict, language);
      this.emitFile({ type: 'asset', fileName: manifestPath(language).slice(1), source: `${JSON.stringify(manifest, null, 2)}\n` });
    }
  },
});

/**
 * The sequence number of the pack record the build ships (public/glyphs/pack.ipns-record): the app
 * refuses records at or below it for another root, so a fresh install cannot be handed an older
 * signed pack. A build trusting another name (VITE_GLYPH_PACK_NAME, checked here so a bad one fails
 * the build, not the page) has no record of its own: 0.
 */
function builtPackSeq(): string {
  const dir = resolve(import.meta.dirname, 'public/glyphs');
  const shipped = parsePackName(readFileSync(join(dir, 'pack.ipns-name'), 'utf8').trim()).name;
  const configured = process.env.VITE_GLYPH_PACK_NAME?.trim();
  if (configured && parsePackName(configured).name !== shipped) return '0';
  return unmarshalIPNSRecord(readFileSync(join(dir, 'pack.ipns-record'))).sequence.toString();
}

export default defineConfig({
  define: { 'import.meta.env.VITE_GLYPH_PACK_SEQ': JSON.stringify(builtPackSeq()) },
  plugins: [
    followOutDir(),
    solid(),
    staticHostFiles(),
    localisedManifests(),
    precompress(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // We register from src/sw-bridge.ts and ship public/manifest.webmanifest ourselves: the plugin
      // would add its manifest and icons after our transforms, without integrity.
      injectRegister: false,
      manifest: false,
      includeManifestIcons: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,ico}'],
        // Glyphs are loaded by CID (and cached by the worker once verified), not precached by path; the
        // manifest's screenshots are for the browser's install dialog only.
        globIgnores: ['glyphs/**', 'screenshots/**'],
        manifestTransforms: [addIntegrity],
      },
    }),
  ],
  build: {
    outDir: 'dist',
    target: 'es2022',
    // Browsers without modulepreload (Safari before 17) fetch the preloaded chunks on import instead: no polyfill in the first load.
    modulePreload: { polyfill: false },
    rolldownOptions: { output: { codeSplitting: { groups: firstLoadGroups() } } },
  },
  test: {
    // Set here as well: vite-plugin-solid otherwise asks the root for jsdom, which we do not use.
    environment: 'node',
    // A test that makes the device refuse storage marks its DOMException so; y-indexeddb's own promise
    // chains leave that refusal unhandled (its bug, not ours), and only that one is let through.
    onUnhandledError: (error) => !String(error.message).includes(STORAGE_REFUSED_IN_TEST),
    projects: [
      {
        extends: true,
        test: {
          name: 'app',
          include: ['src/**/*.test.ts', 'sw/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['fake-indexeddb/auto', 'src/i18n/testing/english.ts'],
          // The vault tests run the real Argon2id (about 0.5 s each, slower on a busy machine).
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'relay',
          include: ['sync-server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
    ],
  },
});
