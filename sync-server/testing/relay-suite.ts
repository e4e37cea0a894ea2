/**
 * The relay integration suite, run against every adapter: the Node process (node/relay.test.ts)
 * and the Worker with its Durable Objects in workerd (worker/worker.test.ts). Each adapter starts
 * a real relay on 127.0.0.1 with the given settings; the stock y-websocket client and raw sockets
 * talk to it. Adapter-specific behaviour (signals, /metrics, socket backpressure) is tested beside
 * each adapter.
 */
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { maskedFrame, openBareSocket } from './bare-websocket.ts';
import { signRoomToken } from '../room-token.ts';
import { connectMember, ROOM, synced, until, type Member } from './clients.ts';
import { presenceMessage } from './updates.ts';

export { ROOM, synced, until } from './clients.ts';

/** A relay started for one test. */
export interface RelayUnderTest {
  readonly url: string;
  readonly ws: string;
  /** Where it keeps rooms: pass it to `start` again to restart on the same data. */
  readonly dataDir: string;
  /** Stops it with a signal and waits until it is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

export interface RelayAdapter {
  readonly name: string;
  /** Starts a relay with these settings (RELAY_*, ROOM_TOKEN_SECRET, ...), on `dataDir` or a new one. */
  start(env?: Record<string, string>, dataDir?: string): Promise<RelayUnderTest>;
  /** Checks the limit hits the adapter counted, where it exposes them. */
  afterLimits?(relay: RelayUnderTest, hits: Record<string, number>): Promise<void>;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

export function provider(relay: RelayUnderTest, room = ROOM): Member {
  const member = connectMember(relay, room);
  cleanups.push(() => member.provider.destroy());
  return member;
}

/** A raw socket into a room: resolves with the close code. */
export function raw(relay: RelayUnderTest, path: string, protocols: string[] = []) {
  const ws = new WebSocket(`${relay.ws}${path}`, protocols);
  ws.binaryType = 'arraybuffer';
  cleanups.push(() => ws.close());
  const closed = new Promise<number>((ok) => ws.addEventListener('close', (e) => ok(e.code)));
  const open = new Promise<void>((ok) => ws.addEventListener('open', () => ok()));
  return { ws, closed, open };
}

/** The HTTP answer to a WebSocket upgrade request (101 when accepted), with its body. */
export function upgradeStatus(
  relay: RelayUnderTest,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((ok, fail) => {
    const req = request(`${relay.url}${path}`, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      ok({ status: 101, body: '', headers: res.headers });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => ok({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', fail);
    req.end();
  });
}

export function relaySuite(adapter: RelayAdapter): void {
  describe(`relay (${adapter.name})`, () => {
    it('syncs two stock y-websocket clients, and answers /time and /healthz', async () => {
      const relay = await adapter.start();
      const a = provider(relay);
      const b = provider(relay);
      await Promise.all([synced(a.provider), synced(b.provider)]);
      a.doc.getMap('m').set('hello', 'world');
      await until(() => b.doc.getMap('m').get('hello') === 'world');
      b.provider.awareness.setLocalStateField('name', 'B');
      await until(() => [...a.provider.awareness.getStates().values()].some((s) => s.name === 'B'));

      const t0 = Date.now();
      const time = (await (await fetch(`${relay.url}/time`)).json()) as { t1: number; t2: number };
      expect(Math.abs(time.t1 - t0)).toBeLessThan(1000);
      expect(time.t2).toBeGreaterThanOrEqual(time.t1);
      expect(await (await fetch(`${relay.url}/healthz`)).json()).toEqual({ status: 'ok' });
    });

    it('closes an oversized frame (1009) and a garbage frame (1007); the other members carry on', async () => {
      const relay = await adapter.start();
      const a = provider(relay);
      const b = provider(relay);
      await Promise.all([synced(a.provider), synced(b.provider)]);

      const big = raw(relay, `/room/${ROOM}`);
      await big.open;
      big.ws.send(new Uint8Array(300 * 1024));
      expect(await big.closed).toBe(1009);

      const garbage = raw(relay, `/room/${ROOM}`);
      await garbage.open;
      garbage.ws.send(new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])); // a length past the end
      expect(await garbage.closed).toBe(1007);
      // Well framed, but the update inside is garbage (Yjs alone would log it and carry on).
      const badUpdate = raw(relay, `/room/${ROOM}`);
      await badUpdate.open;
      badUpdate.ws.send(new Uint8Array([0, 2, 6, 9, 9, 9, 9, 9, 9]));
      expect(await badUpdate.closed).toBe(1007);
      // Presence that claims another member's client id, then a marker of its own on the same socket:
      // once the marker shows, the claim before it has been handled.
      const spoof = raw(relay, `/room/${ROOM}`);
      await spoof.open;
      a.provider.awareness.setLocalStateField('name', 'A');
      await until(() => [...b.provider.awareness.getStates().values()].some((s) => s.name === 'A'));
      spoof.ws.send(presenceMessage(a.doc.clientID, { name: 'not really A' }, 99));
      spoof.ws.send(presenceMessage(424242, { name: 'spoof marker' }));
      await until(() => [...b.provider.awareness.getStates().values()].some((s) => s.name === 'spoof marker'));
      expect([...b.provider.awareness.getStates().values()].some((s) => s.name === 'not really A')).toBe(false);

      a.doc.getMap('m').set('still', 'here');
      await until(() => b.doc.getMap('m').get('still') === 'here');
      await adapter.afterLimits?.(relay, { tooBig: 1, malformed: 2 });
    });

    it('survives members leaving while their presence is still being relayed', async () => {
      const relay = await adapter.start();
      const stay = provider(relay);
      await synced(stay.provider);
      for (let i = 0; i < 20; i++) {
        // Presence, then gone without saying goodbye (a phone that lost the network): the flush that
        // announces the leave must still find the member's presence metadata.
        const p = raw(relay, `/room/${ROOM}`);
        await p.open;
        p.ws.send(presenceMessage(500_000 + i, { name: `passer-by ${i}` }));
        await until(() => [...stay.provider.awareness.getStates().values()].some((s) => s.name === `passer-by ${i}`));
        p.ws.close();
      }
      expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
      await until(() => [...stay.provider.awareness.getStates().values()].every((s) => !String(s.name ?? '').startsWith('passer-by')));
    });

    it('refuses a bad room id with 400, and a flood with 4029', async () => {
      const relay = await adapter.start();
      expect(await upgradeStatus(relay, '/room/not-a-room-id')).toMatchObject({ status: 400 });
      // The same link opened in a browser (no upgrade) is a page of the app.
      const page = await fetch(`${relay.url}/room/${ROOM}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app">');
      const flood = raw(relay, `/room/${ROOM}`);
      await flood.open;
      for (let i = 0; i < 500; i++) flood.ws.send(new Uint8Array([3])); // query awareness, valid but endless
      expect(await flood.closed).toBe(4029);
    });

    it('closes the member past the limit with 4005 (room full)', async () => {
      const relay = await adapter.start({ RELAY_MAX_MEMBERS: '2' });
      const a = provider(relay);
      const b = provider(relay);
      await Promise.all([synced(a.provider), synced(b.provider)]);
      const third = raw(relay, `/room/${ROOM}`);
      expect(await third.closed).toBe(4005);
      a.doc.getMap('m').set('x', 1);
      await until(() => b.doc.getMap('m').get('x') === 1);
    });

    it('asks for a signed room token in Sec-WebSocket-Protocol when a secret is set', async () => {
      const secret = 'an operator secret for tests';
      const relay = await adapter.start({ ROOM_TOKEN_SECRET: secret });
      const now = Math.floor(Date.now() / 1000);
      const good = await signRoomToken(secret, ROOM, now + 60);
      const expired = await signRoomToken(secret, ROOM, now - 1);
      const forged = await signRoomToken('another secret', ROOM, now + 60);
      const offer = (token?: string) => ({
        'Sec-WebSocket-Protocol': ['sacred-breathing', ...(token ? [`token.${token}`] : [])].join(', '),
      });
      expect(await upgradeStatus(relay, `/room/${ROOM}`, offer())).toMatchObject({ status: 401 });
      expect(await upgradeStatus(relay, `/room/${ROOM}`, offer(expired))).toMatchObject({ status: 401 });
      expect(await upgradeStatus(relay, `/room/${ROOM}`, offer(forged))).toMatchObject({ status: 401 });
      expect(await upgradeStatus(relay, `/room/${ROOM}`, offer(good))).toMatchObject({ status: 101 });
      const ok = raw(relay, `/room/${ROOM}`, ['sacred-breathing', `token.${good}`]);
      await ok.open;
      expect(ok.ws.protocol).toBe('sacred-breathing');
    });

    it('refuses an origin that is not allowed (403), and HTTP past the rate with 429 and Retry-After', async () => {
      const relay = await adapter.start({ RELAY_HTTP_PER_MINUTE: '5' });
      expect(await upgradeStatus(relay, `/room/${ROOM}`, { Origin: 'https://elsewhere.example' })).toMatchObject({ status: 403 });
      expect(await upgradeStatus(relay, `/room/${ROOM}`, { Origin: relay.url })).toMatchObject({ status: 101 });
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 8; i++) {
        last = await fetch(`${relay.url}/`);
        statuses.push(last.status);
      }
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await last!.text()).toContain('Sacred pause required');
    });

    it('carries on when a member it closed never answers the close (the document still syncs and is kept)', async () => {
      const relay = await adapter.start();
      const a = provider(relay);
      const b = provider(relay);
      await Promise.all([synced(a.provider), synced(b.provider)]);
      // A member that sends garbage, is closed for it, and then never answers: its socket lingers.
      const { socket } = await openBareSocket(`${relay.ws}/room/${ROOM}`);
      cleanups.push(() => socket.destroy());
      const closeFrame = new Promise<void>((ok) => socket.on('data', (d: Buffer) => d.includes(0x88) && ok()));
      socket.write(maskedFrame(new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])));
      await closeFrame; // closed by the relay, and it will never answer
      for (let i = 0; i < 5; i++) {
        a.doc.getMap('m').set(`edit ${i}`, i);
        await until(() => b.doc.getMap('m').get(`edit ${i}`) === i);
      }
      b.doc.getMap('m').set('back', 'too');
      await until(() => a.doc.getMap('m').get('back') === 'too');
      const late = provider(relay);
      await synced(late.provider);
      expect(late.doc.getMap('m').get('edit 4')).toBe(4);
    });

    it('keeps a room through a hard kill once written (kill -9), and starts again with the doc intact', async () => {
      const first = await adapter.start();
      const a = provider(first);
      await synced(a.provider);
      a.doc.getMap('m').set('breath', 'kept');
      // No wait past a debounce: each change is in the room's log before any member receives it.
      const witness = provider(first);
      await until(() => witness.doc.getMap('m').get('breath') === 'kept');
      await first.kill('SIGKILL');
      a.provider.destroy();

      const second = await adapter.start({}, first.dataDir);
      const b = provider(second);
      await synced(b.provider);
      expect(b.doc.getMap('m').get('breath')).toBe('kept');
    });
  });
}
