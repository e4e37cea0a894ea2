/**
 * The Deno relay as a child process, for tests and benchmarks (run from Node): main.ts under the
 * Deno that npm brings, on 127.0.0.1 and a port the system picks, with its own data directory and
 * the narrowest permissions that work, in its own process group so a kill takes it whole.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RelayUnderTest } from '../testing/relay-suite.ts';
import { ENV_NAMES } from './config.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DENO = join(ROOT, 'node_modules/.bin/deno');
const MAIN = join(ROOT, 'sync-server/deno/main.ts');
const running = new Set<ChildProcess>();

/** A Deno relay started for a test. */
export interface DenoRelay extends RelayUnderTest {
  readonly child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
}

/** The flags the relay runs with: KV, npm packages from node_modules, and only the network, files and variables it uses. */
export function denoFlags(dirs: { readonly read: readonly string[]; readonly write: readonly string[]; readonly host: string }): string[] {
  return [
    '--node-modules-dir=manual',
    '--unstable-kv',
    '--no-prompt',
    `--allow-net=${dirs.host}`,
    `--allow-read=${dirs.read.join(',')}`,
    `--allow-write=${dirs.write.join(',')}`,
    `--allow-env=${ENV_NAMES.join(',')}`,
    // Dependencies probe variables of their own (supports-color, debug): those read as unset, not as a refusal.
    '--ignore-env',
  ];
}

/** A stand-in build: the app page only. */
function tmpDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'sb-deno-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  return dist;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((ok) => (child.exitCode !== null || child.signalCode !== null ? ok() : child.once('exit', () => ok())));

/** Starts the Deno relay with these settings, on `dataDir` or a new one, serving `distDir` (a stand-in build by default). */
export async function startDeno(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'sb-deno-data-')),
  distDir = tmpDist(),
): Promise<DenoRelay> {
  const flags = denoFlags({ host: '127.0.0.1', read: [distDir, dataDir], write: [dataDir] });
  const child = spawn(DENO, ['run', ...flags, MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      DENO_NO_UPDATE_CHECK: '1',
      HOST: '127.0.0.1',
      PORT: '0',
      DIST_DIR: distDir,
      DATA_DIR: dataDir,
      RELAY_HTTP_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: killing the group takes Deno and anything it started.
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const look = () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) ok(m[1]!);
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => fail(new Error(`deno relay exited ${code}: ${out}`)));
  });
  // Listening is not yet serving: the first answer of /healthz is.
  for (;;) {
    const res = await fetch(`${url}/healthz`).catch(() => null);
    if (res?.ok) break;
    if (child.exitCode !== null) throw new Error(`deno relay exited ${child.exitCode}: ${out}`);
    await new Promise((next) => setTimeout(next, 20));
  }
  return {
    url,
    ws: url.replace(/^http/, 'ws'),
    dataDir,
    child,
    output: () => out,
    async kill(signal) {
      // reason: the group may be gone already (the process exited on its own)
      try {
        process.kill(-child.pid!, signal);
      } catch {}
      await exited(child);
    },
  };
}

/** Kills every Deno relay still running (after each test). */
export function stopAllDeno(): void {
  for (const child of running) {
    // reason: the group may be gone already
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }
}
