/**
 * A room beyond one Durable Object (shard-object.ts), in local workerd: stock y-websocket clients
 * spread over the room's own object and two shards share one document (stored by the room's
 * object), every one of them receives the field of the whole room with the exact group figure,
 * and a shard's member is held to the same budgets as the room's own.
 */
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { FIELD_PRESENCE_ID, readField, type RoomField } from '../../src/shared/room-field.ts';
import { CLOSE } from '../policy.ts';
import { provider, raw, ROOM, synced, until, upgradeStatus } from '../testing/relay-suite.ts';
import type { Member } from '../testing/clients.ts';
import { startWorker, stopAllWorkers } from './local.ts';
import { SHARD_HEADER } from './shard-headers.ts';
import { pairwisePpc } from '../testing/field-maths.ts';

afterEach(stopAllWorkers);

// The room's object holds 4 (a field above 3); shards of 4 after it: 10 members are 4 + 4 + 2.
const SETTINGS = { RELAY_FIELD_ABOVE: '3', RELAY_SHARD_MEMBERS: '4' };
const MEMBERS = 10;
const PERIOD_MS = 10_000;

const fieldOf = (m: Member): RoomField | null => readField(m.provider.awareness.getStates().get(FIELD_PRESENCE_ID));

/**
 * Presence as the app sends it: pressing along at one breath per PERIOD_MS, `phase` radians into it
 * at `t0` (or at any whole number of periods after it: the same phase, with onsets recent enough
 * to count however slow the machine is).
 */
function breathe(m: Member, n: number, phase: number, t0: number): void {
  const periods = Math.max(0, Math.floor((Date.now() - t0) / PERIOD_MS));
  const last = t0 + periods * PERIOD_MS - (phase / (2 * Math.PI)) * PERIOD_MS;
  m.provider.awareness.setLocalState({ memberId: `member-${n}`, name: `M${n}`, pressed: false, onsets: [last - PERIOD_MS, last] });
}

/**
 * A raw member that waits for the room's sync step 1, then sends `count` sync step 1s of its own
 * at once: how many answers (sync step 2) it got before it was closed, and with what.
 */
async function stepOneFlood(relay: Awaited<ReturnType<typeof startWorker>>, count: number) {
  const flooder = raw(relay, `/room/${ROOM}`);
  let answers = 0;
  let reason = '';
  const greeted = new Promise<void>((ok) =>
    flooder.ws.addEventListener('message', (e) => {
      const bytes = new Uint8Array(e.data as ArrayBuffer);
      if (bytes[0] !== 0) return;
      if (bytes[1] === 0) ok();
      if (bytes[1] === 1) answers++;
    }),
  );
  flooder.ws.addEventListener('close', (e) => (reason = e.reason));
  await flooder.open;
  await greeted;
  // Sync step 1 with an empty state vector: "send me everything".
  for (let i = 0; i < count; i++) flooder.ws.send(new Uint8Array([0, 0, 1, 0]));
  const code = await flooder.closed;
  return { code, reason, answers };
}

describe('a room over shards (worker)', () => {
  it('spreads members over the room and two shards: one document, stored; one field of everyone with the exact figure', async () => {
    const relay = await startWorker(SETTINGS);
    const members: Member[] = [];
    // Phases spread over half a circle: a figure well inside 0..1.
    const phases = Array.from({ length: MEMBERS }, (_, n) => 0.3 + (n * Math.PI) / 2 / MEMBERS);
    // One instant for all: the members join one after another, and their phases must stay apart as given.
    const t0 = Date.now();
    for (let n = 0; n < MEMBERS; n++) {
      const m = provider(relay);
      await synced(m.provider);
      breathe(m, n, phases[n]!, t0);
      members.push(m);
    }
    // Renewed as the app does, so that onsets stay recent while the test waits.
    const renew = setInterval(() => {
      for (const [n, m] of members.entries()) breathe(m, n, phases[n]!, t0);
    }, 2000);
    onTestFinished(() => clearInterval(renew));
    // The next newcomer goes to the second shard (the room's object and the first shard are full).
    const probe = await upgradeStatus(relay, `/room/${ROOM}`);
    expect(probe).toMatchObject({ status: 101, headers: { [SHARD_HEADER.toLowerCase()]: '1' } });

    // Every member, wherever it is held, gets the field of all ten with the exact figure.
    const expected = Math.max(0, pairwisePpc(phases));
    await until(() => members.every((m) => fieldOf(m)?.here === MEMBERS && Math.abs(fieldOf(m)!.ppc - expected) < 1e-5), 10_000);
    expect(fieldOf(members[9]!)).toMatchObject({ here: MEMBERS, counted: MEMBERS, breathing: MEMBERS });
    expect(fieldOf(members[9]!)!.hist.reduce((a, b) => a + b)).toBe(MEMBERS);

    // An edit in a shard (member 5: the first shard) reaches the room's own members and the other shard's.
    members[5]!.doc.getMap('m').set('from a shard', 5);
    members[0]!.doc.getMap('m').set('from the room', 0);
    await until(
      () => members.every((m) => m.doc.getMap('m').get('from a shard') === 5 && m.doc.getMap('m').get('from the room') === 0),
      10_000,
    );
    for (const m of members) m.provider.destroy();
    await relay.kill('SIGTERM');

    // The room's object stored it: after a restart a newcomer finds both.
    const again = await startWorker(SETTINGS, relay.dataDir);
    const late = provider(again);
    await synced(late.provider);
    expect(late.doc.getMap('m').toJSON()).toEqual({ 'from a shard': 5, 'from the room': 0 });
  });

  it("closes a shard's member past its message budget with the room's own code", async () => {
    const relay = await startWorker({ ...SETTINGS, RELAY_MESSAGES_PER_SECOND: '1', RELAY_MESSAGE_BURST: '5' });
    /** A raw member sending awareness queries as fast as its socket takes them: past the burst, the budget closes it. */
    const flood = async () => {
      const flooder = raw(relay, `/room/${ROOM}`);
      await flooder.open;
      for (let i = 0; i < 50; i++) flooder.ws.send(new Uint8Array([3]));
      return flooder.closed;
    };
    for (let n = 0; n < 3; n++) await synced(provider(relay).provider);
    // The fourth member is the room object's own.
    const own = await flood();
    expect(own).toBe(CLOSE.rateLimited.code);
    // Once the room's object holds four, the next goes to a shard.
    await synced(provider(relay).provider);
    expect(await upgradeStatus(relay, `/room/${ROOM}`)).toMatchObject({ status: 101, headers: { [SHARD_HEADER.toLowerCase()]: '0' } });
    expect(await flood()).toBe(own);
  });

  it("charges a shard member's sync step 1s up front: a flood against a big document is closed as soon as in the room", async () => {
    // A document of about 400 kB, written with the default budgets.
    const first = await startWorker(SETTINGS);
    const writer = provider(first);
    await synced(writer.provider);
    writer.doc.getMap('m').set('a', 'a'.repeat(200_000));
    writer.doc.getMap('m').set('b', 'b'.repeat(200_000));
    const reader = provider(first);
    await synced(reader.provider);
    await until(() => (reader.doc.getMap('m').get('b') as string | undefined)?.length === 200_000, 10_000);
    writer.provider.destroy();
    reader.provider.destroy();
    await first.kill('SIGTERM');

    // Then a byte burst of 64 KiB: one sync step 1 from nothing (the whole document) spends it.
    const relay = await startWorker({ ...SETTINGS, RELAY_BYTES_BURST: String(64 * 1024), RELAY_BYTES_PER_SECOND: '1024' }, first.dataDir);
    /** A member that sends nothing (it could not afford the document). */
    const idle = async () => {
      const m = raw(relay, `/room/${ROOM}`);
      await m.open;
    };
    for (let n = 0; n < 3; n++) await idle();
    // The fourth member is the room object's own.
    const own = await stepOneFlood(relay, 50);
    expect(own).toMatchObject({ code: CLOSE.bytesRateLimited.code, reason: CLOSE.bytesRateLimited.reason });
    expect(own.answers).toBe(1);
    await idle();
    expect(await upgradeStatus(relay, `/room/${ROOM}`)).toMatchObject({ status: 101, headers: { [SHARD_HEADER.toLowerCase()]: '0' } });
    const sharded = await stepOneFlood(relay, 50);
    expect(sharded).toMatchObject({ code: CLOSE.bytesRateLimited.code, reason: CLOSE.bytesRateLimited.reason });
    console.log(`step 1 flood of 50: ${own.answers} answered in the room's object, ${sharded.answers} in a shard`);
    expect(sharded.answers).toBeLessThanOrEqual(own.answers);
  });
});
