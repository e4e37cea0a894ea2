/**
 * For tests: the real Node process (main.ts) on a free loopback port, with a small build of its
 * own and the given settings; stopped by `stopAllProcesses` (after each test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(import.meta.dirname, '..', 'main.ts');
const running = new Set<ChildProcess>();

/** A running server process. */
export interface NodeProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Whether it is still running. */
  alive(): boolean;
}

/** A build with a shell, a file the service worker would precache and a hashed asset. */
export function tinyBuild(): string {
  const dist = mkdtempSync(join(tmpdir(), 'sb-process-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(dist, 'sw.js'), '// sw');
  writeFileSync(join(dist, 'manifest.webmanifest'), '{}');
  writeFileSync(join(dist, 'assets', 'index-Ab12_-cD.js'), 'console.log(1)');
  return dist;
}

/** Starts main.ts with `env` over the defaults (port 0, a tiny build, a fresh data directory, no page limit to speak of). */
export async function startProcess(env: Record<string, string> = {}): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', MAIN], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DIST_DIR: tinyBuild(),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'sb-process-data-')),
      RELAY_HTTP_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Sacred Breathing listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`server exited ${code}: ${out}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}

/** Kills every process started here. */
export function stopAllProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
}
