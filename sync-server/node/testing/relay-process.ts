/**
 * The real Node relay process for tests: sync-server/node/main.ts on 127.0.0.1 and a free port, with
 * a stand-in build and its own data directory, printing what it logs into `output()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RelayUnderTest } from '../../testing/relay-suite.ts';

const MAIN = resolve(import.meta.dirname, '..', 'main.ts');
const running = new Set<ChildProcess>();

/** A relay process started for a test. */
export interface Relay extends RelayUnderTest {
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
}

function tmpDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'sb-relay-dist-'));
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  return dist;
}

/** Resolves once the process has exited. */
export const exited = (child: ChildProcess) => new Promise<void>((ok) => (child.exitCode !== null ? ok() : child.once('exit', () => ok())));

/** Starts the real relay (sync-server/node/main.ts) on 127.0.0.1 with these settings, on `dataDir` or a new one. */
export async function startRelay(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'sb-relay-data-')),
): Promise<Relay> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', MAIN], {
    env: { ...process.env, PORT: '0', DIST_DIR: tmpDist(), DATA_DIR: dataDir, RELAY_HTTP_PER_MINUTE: '100000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`relay exited ${code}: ${out}`)));
  });
  return {
    url,
    ws: url.replace(/^http/, 'ws'),
    child,
    dataDir,
    output: () => out,
    async kill(signal) {
      child.kill(signal);
      await exited(child);
    },
  };
}

/** Kills every relay still running (after each test). */
export function stopAllRelays(): void {
  for (const child of running) child.kill('SIGKILL');
}
