/**
 * The Worker adapter: the shared relay suite (../relay-suite.ts) against the Worker and its Durable
 * Objects running locally in workerd (`wrangler dev`, no Cloudflare account), and what only this
 * adapter does. Each relay gets its own port and storage directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { provider, relaySuite, synced, type RelayUnderTest } from '../relay-suite.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const running = new Set<ChildProcess>();

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

/** `wrangler dev` in its own process group, so a kill takes workerd with it (as a crash would). */
export async function startWorker(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'sb-worker-data-'))): Promise<RelayUnderTest> {
  const port = await freePort();
  const dist = mkdtempSync(join(tmpdir(), 'sb-worker-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
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
    async kill(signal) {
      // reason: the group may already be gone
      try {
        process.kill(-child.pid!, signal);
      } catch {}
      await exited;
    },
  };
}

afterEach(() => {
  for (const child of running) {
    // reason: the group may already be gone
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }
});

relaySuite({ name: 'worker', start: startWorker });

describe('relay (worker only)', () => {
  it('rebuilds a room from storage when its object starts again, before answering anyone', async () => {
    const first = await startWorker();
    const a = provider(first);
    await synced(a.provider);
    a.doc.getMap('m').set('one', 1);
    a.provider.destroy(); // the last member leaves: the room is written at once
    await new Promise((r) => setTimeout(r, 300));
    await first.kill('SIGTERM');

    const second = await startWorker({}, first.dataDir);
    // Two members join the fresh object at the same moment: neither may see an empty room.
    const [b, c] = [provider(second), provider(second)];
    await Promise.all([synced(b.provider), synced(c.provider)]);
    expect(b.doc.getMap('m').get('one')).toBe(1);
    expect(c.doc.getMap('m').get('one')).toBe(1);
  });
});
