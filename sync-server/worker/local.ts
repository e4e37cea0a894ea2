/**
 * Runs the Worker locally, without a Cloudflare account, on a free loopback port with its own
 * storage directory and settings: `wrangler dev` (what `npm run dev:worker` runs; for the tests),
 * or plain `workerd serve` on the bundle wrangler builds (for the load bench: no dev proxy in the
 * path). Each runs in its own process group, so that a kill takes workerd with it, as a crash would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
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

let bundleDir: string | undefined;

/** The Worker as wrangler bundles it for deployment (built once per process). */
function bundle(): string {
  if (!bundleDir) {
    bundleDir = mkdtempSync(join(tmpdir(), 'sb-worker-bundle-'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', bundleDir, '-c', join(ROOT, 'sync-server/worker/wrangler.jsonc')], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      stdio: 'ignore',
    });
  }
  return bundleDir;
}

/** The Worker and its Durable Objects in plain `workerd serve` (rooms, /time and /healthz; no static assets). */
export async function startWorkerd(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'sb-workerd-data-'))): Promise<LocalWorker> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sb-workerd-'));
  copyFileSync(join(bundle(), 'index.js'), join(dir, 'index.js')); // capnp `embed` reads beside the config
  const vars = Object.entries({ RELAY_HTTP_PER_MINUTE: '100000', ...env }).map(([k, v]) => `    (name = ${JSON.stringify(k)}, text = ${JSON.stringify(v)}),`);
  writeFileSync(
    join(dir, 'relay.capnp'),
    [
      'using Workerd = import "/workerd/workerd.capnp";',
      'const config :Workerd.Config = (',
      '  services = [(name = "main", worker = .relay), (name = "state", disk = (path = ' + JSON.stringify(dataDir) + ', writable = true))],',
      `  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],`,
      ');',
      'const relay :Workerd.Worker = (',
      '  modules = [(name = "index.js", esModule = embed "index.js")],',
      '  compatibilityDate = "2026-11-01",',
      '  bindings = [',
      '    (name = "ROOMS", durableObjectNamespace = "RoomObject"),',
      ...vars,
      '  ],',
      '  durableObjectNamespaces = [(className = "RoomObject", uniqueKey = "sacred-breathing-RoomObject", enableSql = true)],',
      '  durableObjectStorage = (localDisk = "state"),',
      ');',
    ].join('\n'),
  );
  const child = spawn(join(ROOT, 'node_modules/.bin/workerd'), ['serve', join(dir, 'relay.capnp'), '--experimental'], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((ok) => child.once('exit', () => (running.delete(child), ok())));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 15_000;
  while (!(await fetch(`${url}/healthz`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > end) throw new Error(`workerd did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 50));
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
