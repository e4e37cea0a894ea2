/**
 * What may import what (ARCHITECTURE.md) is enforced by the linter's rules in biome.jsonc, which
 * `npm run lint` runs over the tree. These tests prove the rules bite: each lints a small probe
 * tree with the project's own config and expects exactly the imports a rule forbids to be refused.
 * A rule weakened by an edit to the config fails here, not months later in a review.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');

/** A probe file: where it sits, what it imports, and whether the rules must refuse it. */
interface Probe {
  readonly path: string;
  readonly source: string;
  readonly refused: boolean;
}

const importing = (path: string, specifier: string, refused: boolean): Probe => ({
  path,
  source: `import * as probe from '${specifier}';\nexport const used = probe;\n`,
  refused,
});

const PROBES: readonly Probe[] = [
  // The UI renders stores: no database, storage module, socket or harness.
  importing('src/ui/Probe.tsx', 'idb', true),
  importing('src/ui/Probe1.tsx', 'y-indexeddb', true),
  importing('src/ui/Probe2.tsx', 'y-websocket', true),
  importing('src/ui/Probe3.tsx', '../local/db.ts', true),
  importing('src/ui/Probe4.tsx', '../room/local-store.ts', true),
  importing('src/ui/Probe5.tsx', '../vault/inbox-store.ts', true),
  importing('src/ui/Probe6.tsx', '../core/testing/entries.ts', true),
  importing('src/ui/messages/Probe7.ts', '../../vault/db.ts', true),
  importing('src/ui/Probe10.tsx', '../local/own-glyphs.ts', true),
  importing('src/ui/Probe11.tsx', '../local/patterns.ts', true),
  { path: 'src/ui/Probe8.tsx', source: "export const open = () => indexedDB.open('x');\n", refused: true },
  { path: 'src/ui/Probe9.tsx', source: "export const read = () => localStorage.getItem('x');\n", refused: true },
  importing('src/ui/Fine.tsx', '../vault/store.ts', false),
  importing('src/ui/Fine1.tsx', '../core/pattern.ts', false),
  importing('src/ui/Fine2.tsx', 'solid-js', false),
  // A domain imports core, shared and itself.
  importing('src/room/probe.ts', '../vault/vault.ts', true),
  importing('src/room/probe1.ts', '../ui/state.tsx', true),
  importing('src/glyphs/probe.ts', '../local/db.ts', true),
  importing('src/vault/testing/probe.ts', '../../room/store.ts', true),
  importing('src/vault/probe.ts', '../../sync-server/room.ts', true),
  importing('src/room/fine.ts', '../shared/bytes.ts', false),
  importing('src/room/fine1.ts', '../core/pacer.ts', false),
  importing('src/vault/testing/fine.ts', '../vault.ts', false),
  importing('src/vault/testing/fine1.ts', '../../core/journal.ts', false),
  // src/core is pure; src/shared runs everywhere.
  importing('src/core/probe.ts', '../shared/bytes.ts', true),
  importing('src/core/fine.ts', './pattern.ts', false),
  importing('src/core/testing/probe.ts', '../../shared/bytes.ts', true),
  importing('src/core/testing/fine.ts', '../journal.ts', false),
  importing('src/shared/probe.ts', '../core/pattern.ts', true),
  importing('src/shared/glyphs/probe.ts', '../../glyphs/store.ts', true),
  importing('src/shared/glyphs/fine.ts', '../bytes.ts', false),
  // The service worker and the relay take only the runtime-shared part of src/.
  importing('sw/probe.ts', '../src/vault/vault.ts', true),
  importing('sw/fine.ts', '../src/shared/glyphs/cid.ts', false),
  importing('sync-server/probe.ts', 'node:fs', true),
  importing('sync-server/probe1.ts', 'ws', true),
  importing('sync-server/probe2.ts', './node/relay.ts', true),
  importing('sync-server/probe3.ts', '../src/vault/vault.ts', true),
  importing('sync-server/fine.ts', '../src/shared/room-protocol.ts', false),
  importing('sync-server/fine1.ts', '../src/core/group-coherence.ts', false),
  importing('sync-server/probe4.ts', '../src/room/store.ts', true),
  importing('sync-server/node/fine.ts', 'ws', false),
  // The Deno adapter takes the runtime-free relay, the gateway and src/shared; no other adapter, no other part of src/.
  importing('sync-server/probe5.ts', './deno/main.ts', true),
  importing('sync-server/deno/probe.ts', '../node/relay.ts', true),
  importing('sync-server/deno/probe1.ts', '../worker/index.ts', true),
  importing('sync-server/deno/probe2.ts', '../../src/vault/vault.ts', true),
  importing('sync-server/deno/probe3.ts', 'ws', true),
  importing('sync-server/deno/fine.ts', '../room.ts', false),
  importing('sync-server/deno/fine1.ts', '../gateway/answer.ts', false),
  importing('sync-server/deno/fine2.ts', '../../src/shared/bytes.ts', false),
  importing('sync-server/deno/fine3.ts', 'node:sqlite', false),
  // No import cycles anywhere.
  importing('src/core/cycle-a.ts', './cycle-b.ts', true),
  importing('src/core/cycle-b.ts', './cycle-a.ts', true),
];

interface Diagnostic {
  readonly category: string;
  readonly location: { readonly path: string };
}

let dir: string;
let refusedPaths: Set<string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'architecture-'));
  cpSync(join(ROOT, 'biome.jsonc'), join(dir, 'biome.jsonc'));
  for (const probe of PROBES) {
    mkdirSync(dirname(join(dir, probe.path)), { recursive: true });
    writeFileSync(join(dir, probe.path), probe.source);
  }
  // biome exits non-zero when it finds errors, which is what most probes are for.
  let out: string;
  try {
    out = execFileSync(BIOME, ['lint', '--reporter=json', '--vcs-enabled=false', '--max-diagnostics=none', '.'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    out = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(out) as { diagnostics: Diagnostic[] };
  const architectural = report.diagnostics.filter((d) => /noRestrictedImports|noRestrictedGlobals|noImportCycles/.test(d.category));
  refusedPaths = new Set(architectural.map((d) => d.location.path.split('\\').join('/')));
}, 30_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the import rules in biome.jsonc', () => {
  for (const probe of PROBES) {
    const what = probe.source.match(/from '([^']+)'/)?.[1] ?? probe.source.trim();
    it(`${probe.refused ? 'refuses' : 'allows'} ${what} in ${probe.path}`, () => {
      expect(refusedPaths.has(probe.path)).toBe(probe.refused);
    });
  }
});

/** Every .ts/.tsx file under `folder`, as paths relative to the repository. */
function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) =>
      relative(ROOT, join(ROOT, folder, f))
        .split('\\')
        .join('/'),
    );
}

describe('words for people', () => {
  it('come from src/ui/messages only: no component shows an error’s message', () => {
    const showing = sources('src/ui')
      .filter((f) => !f.startsWith('src/ui/messages/') && !f.endsWith('.test.ts'))
      .filter((f) => /\b(err|error|e|reason)\)?\.message\b|as Error\)\.message/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(showing).toEqual([]);
  });
});
