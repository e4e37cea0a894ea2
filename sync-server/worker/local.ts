/**
 * Runs the Worker locally for tests and the bench: `wrangler dev` (workerd from npm, no Cloudflare
 * account) on a free loopback port, with its own storage directory and settings, in its own
 * process group so that a kill takes workerd with it, as a crash would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const running = new Set<ChildProcess>();

export interface LocalWorker {
  readonly url: string;
  readonly ws: string;
  readonly dataDir: string;
  /** The process group's leader (wrangler); workerd runs in the same group. */
  readonly pid: number;
  kill(signal: NodeJS.Signals): Promise<void>;
}

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

/** `wrangler dev` in its own process group, so a kill takes workerd with it (as a crash would). */
/** Starts the Worker with these settings (as the Node server's environment) and, optionally, a build to serve. */
export async function startWorker(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'sb-worker-data-')), assetsDir?: string): Promise<LocalWorker> {
  const port = await freePort();
  const dist = assetsDir ?? mkdtempSync(join(tmpdir(), 'sb-worker-dist-'));
  if (!assetsDir) writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  const envFile = join(mkdtempSync(join(tmpdir(), 'sb-worker-env-')), '.env');
  writeFileSync(envFile, Object.entries({ RELAY_HTTP_PER_MINUTE: '100000', ...env }).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n'));
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
      'dev',
      '-c', join(ROOT, 'sync-server/worker/wrangler.jsonc'),
      '--ip', '127.0.0.1',
      '--port', String(port),
      '--inspector-port', String(await freePort()),
      '--persist-to', dataDir,
      '--assets', dist,
      '--env-file', envFile,
      '--show-interactive-dev-session=false',
    ],
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' } },
  );
  running.add(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((ok) => child.once('exit', () => (running.delete(child), ok())));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited: ${output}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > end) throw new Error(`wrangler dev did not start in 30 s: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    ws: url.replace(/^http/, 'ws'),
    dataDir,
    pid: child.pid!,
    async kill(signal) {
      // reason: the group may already be gone
      try {
        process.kill(-child.pid!, signal);
      } catch {}
      await exited;
    },
  };
}


/** Kills every Worker still running (after each test). */
export function stopAllWorkers(): void {
  for (const child of running) {
    // reason: the group may already be gone
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }
}
