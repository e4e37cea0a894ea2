/**
 * The Deno relay against a client that costs it on purpose: deletions repeated to make it scrub
 * its KV file (scrub.ts: only what removed something, one pass at a time, one per window, never an
 * error for a stored deletion), and members that stop reading (member-socket.ts: a small per-socket
 * cap, and closing sockets counted against their client until they are gone, so memory stays
 * bounded while the room goes on).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomBytes, toBase64Url } from '../../src/shared/bytes.ts';
import { OWNER_KEY_BYTES, roomIdOfOwnerKey } from '../../src/shared/room-owner.ts';
import { ROOM_DELETE } from '../../src/shared/room-protocol.ts';
import { openBareSocket } from '../testing/bare-websocket.ts';
import { provider, ROOM, type RelayUnderTest, synced, until, upgradeStatus } from '../testing/relay-suite.ts';
import { type DenoRelay, startDeno, stopAllDeno } from './local.ts';
import { createScrubber } from './scrub.ts';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 30_000 });
afterEach(stopAllDeno);

describe('scrubber (scrub.ts)', () => {
  /** A pass that waits until released, counting how many run and how many at once. */
  function passes(result: () => boolean | Promise<boolean> = () => true) {
    const state = { started: 0, running: 0, most: 0 };
    const run = async () => {
      state.started++;
      state.most = Math.max(state.most, ++state.running);
      await new Promise((next) => setTimeout(next, 20));
      try {
        return await result();
      } finally {
        state.running--;
      }
    };
    return { state, run };
  }

  it('scrubs the first removal before it resolves, and the removals within its window together in one later pass', async () => {
    const { state, run } = passes();
    const lines: string[] = [];
    const scrubber = createScrubber(run, { log: (line) => lines.push(line), windowMs: 300 });
    await scrubber.removed();
    expect(state.started).toBe(1);
    expect(state.running).toBe(0);
    // Four more at once: answered without waiting, one pass for all of them at the window's end.
    await Promise.all([scrubber.removed(), scrubber.removed(), scrubber.removed(), scrubber.removed()]);
    expect(state.started).toBe(1);
    await scrubber.idle();
    expect(state.started).toBe(2);
    expect(state.most).toBe(1);
    expect(lines).toEqual(['room deleted: KV file scrubbed', 'room deleted: KV file scrubbed']);
  });

  it('never rejects: a failing pass is logged once, the next removal tries again', async () => {
    let fail = true;
    const { state, run } = passes(() => {
      if (fail) throw new Error('disk I/O error');
      return true;
    });
    const lines: string[] = [];
    const scrubber = createScrubber(run, { log: (line) => lines.push(line), windowMs: 50 });
    await expect(scrubber.removed()).resolves.toBeUndefined();
    await scrubber.idle();
    await expect(scrubber.removed()).resolves.toBeUndefined();
    await scrubber.idle();
    expect(state.started).toBe(2);
    expect(lines).toEqual(['room deleted: scrubbing the KV file failed (disk I/O error)']);
    fail = false;
    await scrubber.removed();
    await scrubber.idle();
    expect(lines.at(-1)).toBe('room deleted: KV file scrubbed');
  });

  it('widens its window to ten passes on a slow file: scrubbing takes at most a tenth of the time', async () => {
    let clock = 0;
    const { state, run } = passes(() => {
      clock += 50; // each pass takes 50 ms of the scrubber's clock
      return true;
    });
    const scrubber = createScrubber(run, { log: () => undefined, windowMs: 100, now: () => clock });
    await scrubber.removed();
    expect(state.started).toBe(1);
    // Past the 100 ms window but within ten passes (500 ms): deferred to the window's end.
    clock += 150;
    await scrubber.removed();
    expect(state.started).toBe(1);
    clock += 400;
    await scrubber.idle();
    expect(state.started).toBe(2);
  });

  it('passes again a window later when KV kept its log busy', async () => {
    const answers = [false, true];
    const { state, run } = passes(() => answers.shift() ?? true);
    const lines: string[] = [];
    const scrubber = createScrubber(run, { log: (line) => lines.push(line), windowMs: 100 });
    await scrubber.removed();
    await scrubber.idle();
    expect(state.started).toBe(2);
    expect(lines).toEqual(['room deleted: the KV log was busy, scrubbed again shortly', 'room deleted: KV file scrubbed']);
  });
});

/** A new room as the app makes it: an owner key, and the id derived from it. */
function ownedRoom() {
  const key = randomBytes(OWNER_KEY_BYTES);
  return { key: toBase64Url(key), id: roomIdOfOwnerKey(key) };
}

async function deleteRoom(relay: RelayUnderTest, room: { key: string; id: string }): Promise<number> {
  const res = await fetch(`${relay.url}${ROOM_DELETE.pathPrefix}${room.id}`, {
    method: ROOM_DELETE.method,
    headers: { [ROOM_DELETE.header]: `${ROOM_DELETE.scheme} ${room.key}` },
  });
  await res.arrayBuffer();
  return res.status;
}

/** Whether any file under `dir` holds `needle`. */
function inAnyFile(dir: string, needle: Buffer): boolean {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory() ? inAnyFile(path, needle) : readFileSync(path).includes(needle)) return true;
  }
  return false;
}

const scrubs = (relay: DenoRelay) => relay.output().match(/room deleted: KV file scrubbed/g)?.length ?? 0;

/** A room with `mark` stored in it (relayed to a witness, so in KV). */
async function roomHolding(relay: DenoRelay, mark: string) {
  const room = ownedRoom();
  const writer = provider(relay, room.id);
  const witness = provider(relay, room.id);
  await Promise.all([synced(writer.provider), synced(witness.provider)]);
  writer.doc.getText('t').insert(0, mark.repeat(50));
  await until(() => witness.doc.getText('t').length === mark.length * 50);
  return {
    room,
    close: () => {
      for (const m of [writer, witness]) m.provider.destroy();
    },
  };
}

describe('relay (deno): repeated deletions', () => {
  it('scrubs only for a deletion that removed something, once per window for many, and answers 204 each time', async () => {
    const relay = await startDeno();
    // An owned room with nothing stored, deleted again and again: every answer 204, no pass at all.
    const empty = ownedRoom();
    for (let i = 0; i < 20; i++) expect(await deleteRoom(relay, empty)).toBe(204);
    expect(scrubs(relay)).toBe(0);

    // The first deletion with content opens a window: scrubbed before its 204.
    const marks = Array.from({ length: 4 }, () => `only this room held ${toBase64Url(randomBytes(9))}`);
    const rooms = await Promise.all(marks.map((mark) => roomHolding(relay, mark)));
    expect(inAnyFile(relay.dataDir, Buffer.from(marks[0]!))).toBe(true);
    expect(await deleteRoom(relay, rooms[0]!.room)).toBe(204);
    expect(inAnyFile(relay.dataDir, Buffer.from(marks[0]!))).toBe(false);
    expect(scrubs(relay)).toBe(1);

    // The next three within the window: answered at once, scrubbed together by one more pass.
    for (const { room } of rooms.slice(1)) expect(await deleteRoom(relay, room)).toBe(204);
    await until(() => scrubs(relay) >= 2, 15_000);
    expect(scrubs(relay)).toBe(2);
    for (const mark of marks) expect(inAnyFile(relay.dataDir, Buffer.from(mark))).toBe(false);
    // Deleting them again removes nothing: no further pass.
    for (const { room } of rooms) expect(await deleteRoom(relay, room)).toBe(204);
    for (const { close } of rooms) close();
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    expect(scrubs(relay)).toBe(2);
    expect(relay.output()).not.toMatch(/scrubbing the KV file failed/);
  });

  it('scrubs at the next start what a killed process still owed (a deletion waiting for the end of its window)', async () => {
    const first = await startDeno();
    const marks = [`only this room held ${toBase64Url(randomBytes(9))}`, `and only this one ${toBase64Url(randomBytes(9))}`];
    const rooms = await Promise.all(marks.map((mark) => roomHolding(first, mark)));
    expect(await deleteRoom(first, rooms[0]!.room)).toBe(204);
    // The second falls in the first one's window: answered at once, its pass still to come when the process dies.
    expect(await deleteRoom(first, rooms[1]!.room)).toBe(204);
    for (const { close } of rooms) close();
    await first.kill('SIGKILL');
    const second = await startDeno({}, first.dataDir);
    expect(second.output()).toMatch(/^stored: KV file scrubbed$/m);
    for (const mark of marks) expect(inAnyFile(second.dataDir, Buffer.from(mark))).toBe(false);
  });
});

/** The resident memory of the relay's Deno process, in bytes (Linux). */
function rssBytes(relay: DenoRelay): number {
  const status = readFileSync(`/proc/${relay.child.pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

describe('relay (deno): members that stop reading', () => {
  it('holds a paused client to its connection cap while its sockets close, keeps memory bounded, and the room goes on', async () => {
    const CAP = 20;
    const relay = await startDeno({
      TRUST_PROXY: '1',
      RELAY_MAX_CONNECTIONS_PER_CLIENT: String(CAP),
      RELAY_MAX_ROOM_BYTES: String(64 << 20),
      RELAY_MESSAGES_PER_SECOND: '1000',
      RELAY_MESSAGE_BURST: '1000',
      RELAY_BYTES_BURST: String(1 << 30),
    });
    const paused = { 'X-Forwarded-For': '10.9.9.9' };
    const stalled = await Promise.all(Array.from({ length: CAP }, () => openBareSocket(`${relay.ws}/room/${ROOM}`, paused)));
    for (const { socket, status } of stalled) {
      expect(status).toBe(101);
      socket.on('error', () => undefined);
      socket.pause();
    }
    const writer = provider(relay);
    const reader = provider(relay);
    await Promise.all([synced(writer.provider), synced(reader.provider)]);
    const before = rssBytes(relay);
    let peak = before;
    // 60 updates of 200 KB (12 MB) for each paused socket, each deleted again: the room's document
    // stays small, so what the relay's memory grows by is what it keeps for the sockets.
    const text = writer.doc.getText('t');
    for (let i = 0; i < 60; i++) {
      text.insert(0, String(i % 10).repeat(200_000));
      await until(() => reader.doc.getText('t').length === 200_000, 20_000);
      text.delete(0, text.length);
      await until(() => reader.doc.getText('t').length === 0, 20_000);
      peak = Math.max(peak, rssBytes(relay));
    }
    await until(() => /^limit slow$/m.test(relay.output()), 10_000);
    // Judged slow and closing, still connected: they count against their client, a fifth is refused.
    expect((await upgradeStatus(relay, `/room/${ROOM}`, paused)).status).toBe(429);
    // The room goes on for the others.
    writer.doc.getMap('m').set('after', 'slow');
    await until(() => reader.doc.getMap('m').get('after') === 'slow');
    const after = rssBytes(relay);
    console.log(
      `paused sockets: RSS before ${(before / 2 ** 20).toFixed(0)} MiB, peak ${(peak / 2 ** 20).toFixed(0)} MiB, after ${(after / 2 ** 20).toFixed(0)} MiB`,
    );
    // Without paused sockets the same traffic grows it by about 60 MiB (V8's and KV's slack); each paused
    // socket may add its buffer (1 MiB and one frame). Node's 4 MiB per socket would pass this by far.
    expect(peak - before).toBeLessThan((80 << 20) + CAP * 1.5 * (1 << 20));
    // Once the client goes, its sockets close and its cap is free again.
    for (const { socket } of stalled) socket.destroy();
    let status = 0;
    await until(
      () => status === 101,
      10_000,
      async () => (status = (await upgradeStatus(relay, `/room/${ROOM}`, paused)).status),
    );
    writer.provider.destroy();
    reader.provider.destroy();
  });
});
