/**
 * A room beyond one Durable Object (shard-object.ts), in local workerd: stock y-websocket clients
 * spread over the room's own object and two shards share one document (stored by the room's
 * object), every one of them receives the field of the whole room with the exact group figure,
 * and a shard's member is held to the same budgets as the room's own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FIELD_PRESENCE_ID, readField, type RoomField } from '../../src/shared/room-field.ts';
import { CLOSE } from '../policy.ts';
import { provider, raw, ROOM, synced, until, upgradeStatus } from '../testing/relay-suite.ts';
import type { Member } from '../testing/clients.ts';
import { startWorker, stopAllWorkers } from './local.ts';
import { SHARD_HEADER } from './shard-headers.ts';

afterEach(stopAllWorkers);

// The room's object holds 4 (a field above 3); shards of 4 after it: 10 members are 4 + 4 + 2.
const SETTINGS = { RELAY_FIELD_ABOVE: '3', RELAY_SHARD_MEMBERS: '4' };
const MEMBERS = 10;
const PERIOD_MS = 10_000;

const fieldOf = (m: Member): RoomField | null => readField(m.provider.awareness.getStates().get(FIELD_PRESENCE_ID));

/** Presence as the app sends it: pressing along at one breath per PERIOD_MS, `phase` radians into it at `t0`. */
function breathe(m: Member, n: number, phase: number, t0: number): void {
  const last = t0 - (phase / (2 * Math.PI)) * PERIOD_MS;
  m.provider.awareness.setLocalState({ memberId: `member-${n}`, name: `M${n}`, pressed: false, onsets: [last - PERIOD_MS, last] });
}

/** The group figure straight from its definition: the mean of cos(θi − θj) over every pair. */
function pairwisePpc(phases: readonly number[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < phases.length; i++)
    for (let j = i + 1; j < phases.length; j++) {
      sum += Math.cos(phases[i]! - phases[j]!);
      pairs++;
    }
  return Math.max(0, sum / pairs);
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
    // The next newcomer goes to the second shard (the room's object and the first shard are full).
    const probe = await upgradeStatus(relay, `/room/${ROOM}`);
    expect(probe).toMatchObject({ status: 101, headers: { [SHARD_HEADER.toLowerCase()]: '1' } });

    // Every member, wherever it is held, gets the field of all ten with the exact figure.
    const expected = pairwisePpc(phases);
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
});
