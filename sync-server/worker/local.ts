/**
 * Runs the Worker locally, without a Cloudflare account, on a free loopback port with its own
 * storage directory and settings: `wrangler dev` (what `npm run dev:worker` runs; for the tests),
 * or plain `workerd serve` on the bundle wrangler builds (for the load bench: no dev proxy in the
 * path). Each runs in its own process group, so that a kill takes workerd with it, as a crash would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const CONFIG = join(ROOT, 'sync-server/worker/wrangler.jsonc');
const running = new Set<ChildProcess>();

export interface LocalWorker {
  readonly url: string;
  readonly ws: string;
  readonly dataDir: string;
  /** The process group's leader; workerd runs in the same group. */
  readonly pid: number;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** How it ended (`exit 1`, `SIGSEGV`), or null while it runs. */
  ended(): string | null;
  /** The last OUTPUT_KEPT characters it wrote (stdout and stderr): why it ended, when it did. */
  output(): string;
}

/**
 * Runs its arguments with the soft limit on open descriptors raised to the hard one. workerd's
 * I/O layer keeps a dup of every served connection's socket (kj-rs-io, "whenWriteDisconnected
 * costs a descriptor"), so N members cost it 2N descriptors, and an accept() that fails with
 * EMFILE ends the whole process (exit 1, "overloaded: accept(): Too many open files"): under the
 * usual soft limit of 1,024 that is about 500 members. Raising it is best effort (a hard limit of
 * `unlimited` may be refused), and the command runs either way.
 */
const RAISE_DESCRIPTOR_LIMIT = 'ulimit -n "$(ulimit -H -n)" 2>/dev/null; exec "$0" "$@"';

/** Characters of a local Worker's output kept for its end's story (its log grows with its load). */
const OUTPUT_KEPT = 64 * 1024;

/** A free TCP port on loopback. */
export const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

/** The processes of a process group, from /proc. */
export const processGroup = (leader: number): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]) === leader;
      } catch {
        return false; // reason: the process ended while we looked
      }
    })
    .map(Number);

const signalGroup = (leader: number, signal: NodeJS.Signals) => {
  // reason: the group may already be gone
  try {
    process.kill(-leader, signal);
  } catch {}
};

/** Kills every local Worker still running (after each test, and when this process ends). */
export function stopAllWorkers(): void {
  for (const child of running) signalGroup(child.pid!, 'SIGKILL');
}
process.once('exit', stopAllWorkers);

/** Spawns `command` in its own group, waits for /healthz, and gives back its handle (or kills it and throws). */
async function launch(
  command: string,
  args: string[],
  port: number,
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LocalWorker> {
  // workerd holds two descriptors per connection and exits when accept() finds none left (see
  // RAISE_DESCRIPTOR_LIMIT): it gets all the kernel allows this user, not a shell's default 1,024.
  const child = spawn('/bin/sh', ['-c', RAISE_DESCRIPTOR_LIMIT, command, ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  running.add(child);
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
    if (output.length > 2 * OUTPUT_KEPT) output = output.slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let ended: string | null = null;
  child.once('exit', (code, signal) => {
    running.delete(child);
    ended = signal ?? `exit ${code}`;
  });
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 30_000;
  while (
    !(await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > end) {
      signalGroup(child.pid!, 'SIGKILL');
      throw new Error(`${command} did not start (exit ${child.exitCode ?? child.signalCode ?? 'none'}): ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    ws: url.replace(/^http/, 'ws'),
    dataDir,
    pid: child.pid!,
    ended: () => ended,
    output: () => output.slice(-OUTPUT_KEPT),
    async kill(signal) {
      signalGroup(child.pid!, signal);
      // Until every process of the group is gone: workerd must let go of the data before a restart.
      while (processGroup(child.pid!).length > 0) await new Promise((r) => setTimeout(r, 20));
    },
  };
}

/** `wrangler dev` with these settings (as the Node server's environment) and, optionally, a build to serve. */
export async function startWorker(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'sb-worker-data-')),
  assetsDir?: string,
): Promise<LocalWorker> {
  const port = await freePort();
  const dist = assetsDir ?? mkdtempSync(join(tmpdir(), 'sb-worker-dist-'));
  if (!assetsDir) writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  const envFile = join(mkdtempSync(join(tmpdir(), 'sb-worker-env-')), '.env');
  writeFileSync(
    envFile,
    Object.entries({ RELAY_HTTP_PER_MINUTE: '100000', ...env })
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n'),
  );
  const args = [
    join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
    'dev',
    '-c',
    CONFIG,
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(await freePort()),
    '--persist-to',
    dataDir,
    '--assets',
    dist,
    '--env-file',
    envFile,
    '--show-interactive-dev-session=false',
  ];
  return launch(process.execPath, args, port, dataDir, { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' });
}

let bundleDir: string | undefined;

/** The Worker as wrangler bundles it for deployment (built once per process). */
function bundle(): string {
  if (!bundleDir) {
    bundleDir = mkdtempSync(join(tmpdir(), 'sb-worker-bundle-'));
    // The bundle holds no assets (workerd serves them from disk), but wrangler wants the config's
    // directory to exist: an empty one stands in, so this works before any build (CI's unit tests).
    const noAssets = mkdtempSync(join(tmpdir(), 'sb-worker-no-assets-'));
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
        'deploy',
        '--dry-run',
        '--outdir',
        bundleDir,
        '--assets',
        noAssets,
        '-c',
        CONFIG,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
        stdio: 'ignore',
      },
    );
  }
  return bundleDir;
}

/**
 * A test-only Worker beside the relay (`workerd:unsafe`, experimental, never deployed): POST
 * /evict/<room id> evicts that room's Durable Object from memory the way the runtime does when it
 * has been idle, hibernating its WebSockets (they stay open; the next message wakes a new instance).
 * 200 once evicted; 409 when the object was not running.
 */
const EVICTOR = `import unsafe from 'workerd:unsafe';
export default {
  async fetch(request, env) {
    const room = new URL(request.url).pathname.replace(/^\\/evict\\//, '');
    try {
      await unsafe.evict(env.ROOMS.get(env.ROOMS.idFromName(room)), { webSockets: 'hibernate' });
      return new Response('evicted');
    } catch (error) {
      return new Response(String(error), { status: 409 });
    }
  },
};`;

/** A relay in workerd that a test can make evict a room's object. */
export interface EvictableWorker extends LocalWorker {
  /** Evicts the object of room `roomId` (its sockets hibernate): true once done, false if it was not running. */
  evict(roomId: string): Promise<boolean>;
}

/** The Worker and its Durable Objects in plain `workerd serve`, its assets from a directory (the build by default). */
export function startWorkerd(env?: Record<string, string>, dataDir?: string, assetsDir?: string): Promise<LocalWorker>;
/** The same, with the test-only evictor beside it. */
export function startWorkerd(
  env: Record<string, string>,
  dataDir: string | undefined,
  assetsDir: string | undefined,
  options: { evictable: true },
): Promise<EvictableWorker>;
export async function startWorkerd(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'sb-workerd-data-')),
  assetsDir = join(ROOT, 'dist'),
  options: { evictable?: boolean } = {},
): Promise<LocalWorker | EvictableWorker> {
  const port = await freePort();
  const evictorPort = options.evictable ? await freePort() : 0;
  const dir = mkdtempSync(join(tmpdir(), 'sb-workerd-'));
  copyFileSync(join(bundle(), 'index.js'), join(dir, 'index.js')); // capnp `embed` reads beside the config
  const compatibilityDate = /"compatibility_date":\s*"([^"]+)"/.exec(readFileSync(CONFIG, 'utf8'))![1]!;
  const vars = Object.entries({ RELAY_HTTP_PER_MINUTE: '100000', ...env }).map(
    ([k, v]) => `    (name = ${JSON.stringify(k)}, text = ${JSON.stringify(v)}),`,
  );
  const evictor = options.evictable
    ? {
        service: ['    (name = "evictor", worker = .evictor),'],
        socket: `, (name = "evictor", address = "127.0.0.1:${evictorPort}", http = (), service = "evictor")`,
        worker: [
          'const evictor :Workerd.Worker = (',
          `  modules = [(name = "evictor.js", esModule = ${JSON.stringify(EVICTOR)})],`,
          `  compatibilityDate = ${JSON.stringify(compatibilityDate)},`,
          '  compatibilityFlags = ["unsafe_module"],',
          '  bindings = [(name = "ROOMS", durableObjectNamespace = (className = "RoomObject", serviceName = "main"))],',
          ');',
        ],
      }
    : { service: [], socket: '', worker: [] };
  writeFileSync(
    join(dir, 'relay.capnp'),
    [
      'using Workerd = import "/workerd/workerd.capnp";',
      'const config :Workerd.Config = (',
      '  services = [',
      '    (name = "main", worker = .relay),',
      `    (name = "state", disk = (path = ${JSON.stringify(dataDir)}, writable = true)),`,
      // A directory served over HTTP stands in for the static assets binding.
      `    (name = "assets", disk = (path = ${JSON.stringify(assetsDir)}, writable = false)),`,
      ...evictor.service,
      '  ],',
      `  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")${evictor.socket}],`,
      ');',
      'const relay :Workerd.Worker = (',
      '  modules = [(name = "index.js", esModule = embed "index.js")],',
      `  compatibilityDate = ${JSON.stringify(compatibilityDate)},`,
      '  bindings = [',
      '    (name = "ROOMS", durableObjectNamespace = "RoomObject"),',
      '    (name = "SHARDS", durableObjectNamespace = "ShardObject"),',
      '    (name = "ASSETS", service = "assets"),',
      ...vars,
      '  ],',
      '  durableObjectNamespaces = [',
      '    (className = "RoomObject", uniqueKey = "sacred-breathing-RoomObject", enableSql = true),',
      '    (className = "ShardObject", uniqueKey = "sacred-breathing-ShardObject", enableSql = true),',
      '  ],',
      '  durableObjectStorage = (localDisk = "state"),',
      ');',
      ...evictor.worker,
    ].join('\n'),
  );
  const worker = await launch(
    join(ROOT, 'node_modules/.bin/workerd'),
    ['serve', join(dir, 'relay.capnp'), '--experimental'],
    port,
    dataDir,
  );
  if (!options.evictable) return worker;
  return {
    ...worker,
    async evict(roomId) {
      const res = await fetch(`http://127.0.0.1:${evictorPort}/evict/${roomId}`, { method: 'POST' });
      if (res.status !== 200 && res.status !== 409) throw new Error(`evictor answered ${res.status}: ${await res.text()}`);
      return res.status === 200;
    },
  };
}
