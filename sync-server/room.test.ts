/** The runtime-free room, without sockets: what its adapters rely on. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_LIMITS, type RelayLimits } from './policy.ts';
import { createPresenceOwners } from './presence.ts';
import { createRoom, newCounters, RoomLoadError, type Peer } from './room.ts';
import { changeOf, presenceMessage, syncUpdate } from './testing/updates.ts';

afterEach(() => vi.useRealTimers());

const room = (
  limits: Partial<RelayLimits> = {},
  extra: { stored?: Uint8Array[]; storageFull?: () => boolean; changes?: Uint8Array[]; states?: Uint8Array[] } = {},
) =>
  createRoom('r', {
    limits: { ...DEFAULT_LIMITS, ...limits },
    counters: newCounters(),
    onLimit: () => undefined,
    onDocChange: (u) => void extra.changes?.push(u),
    onCheckpoint: (state) => void extra.states?.push(state),
    ...(extra.stored ? { stored: extra.stored } : {}),
    ...(extra.storageFull ? { storageFull: extra.storageFull } : {}),
  });

const presence = (clientId: number, state: object) => presenceMessage(clientId, state);
const peer = (client?: string) => {
  const got: Uint8Array[] = [];
  const p: Peer = { send: (d) => void got.push(d), close: () => undefined, bufferedAmount: 0, ...(client ? { client } : {}) };
  return { peer: p, got };
};
/** An update made by a real client: `edit` runs on a fresh doc (or `doc`). */
const change = (edit: (doc: Y.Doc) => void, doc = new Y.Doc()) => changeOf(doc, edit);

describe('room', () => {
  it('leaves no timer running while nothing happens (a Durable Object could not hibernate)', () => {
    vi.useFakeTimers();
    const r = room();
    expect(vi.getTimerCount()).toBe(0);
    r.destroy();
  });

  it('survives a peer whose send throws (a socket closing on Workers), stores each change before relaying it', () => {
    const changes: Uint8Array[] = [];
    const r = room({}, { changes });
    const broken: Peer = {
      send: () => {
        throw new TypeError('closed');
      },
      close: () => undefined,
      bufferedAmount: 0,
    };
    const fine = peer();
    const writer = r.join(peer().peer, 0);
    r.join(broken, 0);
    r.join(fine.peer, 0);
    fine.got.length = 0;
    const doc = new Y.Doc();
    expect(writer.receive(syncUpdate(change((d) => d.getMap('m').set('a', 1), doc)), 0)).toBeNull();
    expect(writer.receive(syncUpdate(change((d) => d.getMap('m').set('b', 2), doc)), 0)).toBeNull();
    expect(fine.got.length).toBe(2);
    expect(changes.length).toBe(2);
    expect(r.doc.getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
    r.destroy();
  });

  it('gives a resumed member back the presence ids it owned, and greets only new members', () => {
    const r = room();
    const sent: number[] = [];
    const counting = (): Peer => ({ send: () => void sent.push(1), close: () => undefined, bufferedAmount: 0 });
    const resumed = r.join(counting(), 0, { resumed: true, presenceIds: [7, 8, 9] });
    expect(sent.length).toBe(0);
    expect(resumed.presenceIds()).toEqual([7, 8]); // at most two per member
    r.join(counting(), 0);
    expect(sent.length).toBe(1); // sync step 1 for the newcomer
    r.destroy();
  });

  it('keeps a departed member presence id for its own client: another connection cannot take it over', async () => {
    const r = room();
    const first = r.join(peer('phone').peer, 0);
    first.receive(presence(7, { name: 'Ana' }), 0);
    expect(first.presenceIds()).toEqual([7]);
    first.leave();
    const thief = r.join(peer('elsewhere').peer, 0);
    thief.receive(presence(7, { name: 'not Ana' }), 0);
    expect(thief.presenceIds()).toEqual([]);
    const back = r.join(peer('phone').peer, 0);
    back.receive(presence(7, { name: 'Ana' }), 0);
    expect(back.presenceIds()).toEqual([7]);
    r.destroy();
  });

  it('reads nothing more from a member once it has decided to close it', () => {
    const r = room();
    const bad = r.join(peer().peer, 0);
    expect(bad.receive(new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 0)).toBe('malformed');
    expect(bad.receive(syncUpdate(change((d) => d.getMap('m').set('late', 1))), 0)).toBeNull();
    expect(r.doc.getMap('m').has('late')).toBe(false);
    r.destroy();
  });

  it('closes a member that spends more bytes than its budget (4029), before decoding what it sent', () => {
    const r = room({ bytesPerSecond: 1024, bytesBurst: 64 * 1024, messagesPerSecond: 1000, messageBurst: 1000 });
    const m = r.join(peer().peer, 0);
    const big = syncUpdate(change((d) => d.getText('t').insert(0, 'x'.repeat(40_000))));
    expect(m.receive(big, 0)).toBeNull();
    expect(m.receive(big, 5)).toBeNull(); // this one overdraws the budget
    expect(m.receive(big, 10)).toBe('bytesRateLimited');
    r.destroy();
  });

  it('shares a client budget across its connections for document traffic, not for presence', () => {
    const r = room({ messagesPerSecond: 1000, messageBurst: 1000 });
    const shared = {
      spent: 0,
      inCredit: () => shared.spent < 1000,
      spend: (n: number) => {
        shared.spent += n;
      },
    };
    const a = r.join(peer('studio').peer, 0, { clientBudget: shared });
    const b = r.join(peer('studio').peer, 0, { clientBudget: shared });
    expect(a.receive(syncUpdate(change((d) => d.getMap('m').set('a', 'x'.repeat(2000)))), 0)).toBeNull();
    expect(shared.spent).toBeGreaterThan(2000);
    expect(b.receive(presence(11, { name: 'B' }), 0)).toBeNull(); // presence has its own bounds
    expect(b.receive(syncUpdate(change((d) => d.getMap('m').set('b', 1))), 0)).toBe('bytesRateLimited');
    r.destroy();
  });

  it('counts the real size of the document: repeated updates do not fill a room', () => {
    const r = room({ maxRoomBytes: 4096, messagesPerSecond: 1000, messageBurst: 1000 });
    const m = r.join(peer().peer, 0);
    const update = syncUpdate(change((d) => d.getText('t').insert(0, 'y'.repeat(3000))));
    for (let i = 0; i < 50; i++) expect(m.receive(update, i)).toBeNull();
    expect(r.stats().bytes).toBeLessThan(3200);
    expect(m.receive(syncUpdate(change((d) => d.getText('u').insert(0, 'z'.repeat(2000)))), 100)).toBe('roomTooLarge');
    expect(r.doc.getText('u').length).toBe(0); // refused whole
    r.destroy();
  });

  it('always accepts deletions and empty sync steps, even with storage full', () => {
    let full = false;
    const r = room({}, { storageFull: () => full });
    const m = r.join(peer().peer, 0);
    const doc = new Y.Doc();
    expect(m.receive(syncUpdate(change((d) => d.getMap('m').set('a', 'x'.repeat(100)), doc)), 0)).toBeNull();
    full = true;
    expect(m.receive(syncUpdate(change((d) => d.getMap('m').set('b', 1), doc)), 0)).toBe('storageFull');
    const m2 = r.join(peer().peer, 0);
    expect(m2.receive(syncUpdate(change((d) => d.getMap('m').delete('a'), doc)), 0)).toBeNull();
    expect(m2.receive(syncUpdate(new Uint8Array([0, 0])), 0)).toBeNull();
    expect(r.doc.getMap('m').has('a')).toBe(false);
    r.destroy();
  });

  it('limits the structs of one update (1009) and the nested types of a room (4013)', () => {
    const r = room({ maxUpdateStructs: 100, maxRoomTypes: 10, messagesPerSecond: 1000, messageBurst: 1000 });
    const m = r.join(peer().peer, 0);
    expect(
      m.receive(
        syncUpdate(
          change((d) => {
            for (let i = 0; i < 200; i++) d.getMap('m').set(`k${i}`, i);
          }),
        ),
        0,
      ),
    ).toBe('updateTooComplex');
    const m2 = r.join(peer().peer, 0);
    expect(
      m2.receive(
        syncUpdate(
          change((d) => {
            for (let i = 0; i < 20; i++) d.getMap('m').set(`k${i}`, new Y.Map());
          }),
        ),
        0,
      ),
    ).toBe('roomTooLarge');
    expect(r.stats().types).toBe(0);
    r.destroy();
  });

  it('refuses an update whose dependencies it lacks (4205: sync again): what a fresh joiner gets is what the members got', () => {
    const r = room({ messagesPerSecond: 1000, messageBurst: 1000 });
    const member = peer();
    r.join(member.peer, 0);
    const sender = r.join(peer().peer, 0);
    const doc = new Y.Doc();
    change((d) => d.getMap('m').set('first', 1), doc); // never sent
    const second = change((d) => d.getText('t').insert(0, 'later'), doc);
    const dependent = change((d) => d.getText('t').insert(5, '!'), doc);
    expect(sender.receive(syncUpdate(second), 0)).toBe('incomplete');
    const again = r.join(peer().peer, 0);
    expect(again.receive(syncUpdate(dependent), 0)).toBe('incomplete');
    expect(r.doc.store.pendingStructs).toBeNull();
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(r.doc));
    expect(fresh.store.pendingStructs).toBeNull();
    expect(Y.encodeStateVector(fresh)).toEqual(Y.encodeStateVector(r.doc));
  });

  it('hands the adapter a proved state at a checkpoint and before a newcomer gets the document, not otherwise', () => {
    const states: Uint8Array[] = [];
    const r = room({}, { states });
    const m = r.join(peer().peer, 0);
    expect(states.length).toBe(0); // nothing changed yet
    m.receive(syncUpdate(change((d) => d.getMap('m').set('a', 1))), 0);
    r.join(peer().peer, 0);
    expect(states.length).toBe(1);
    r.checkpoint(); // nothing new since
    expect(states.length).toBe(1);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, states[0]!);
    expect(fresh.getMap('m').get('a')).toBe(1);
    r.destroy();
  });

  it('refuses stored data that does not load, with a named error', () => {
    expect(() => room({}, { stored: [new Uint8Array([1, 2, 3, 4, 5])] })).toThrow(RoomLoadError);
    const state = change((d) => d.getMap('m').set('kept', true));
    expect(
      room({}, { stored: [state] })
        .doc.getMap('m')
        .get('kept'),
    ).toBe(true);
  });
});

describe('presence reservations', () => {
  it('are never pushed out by a flood of joins and leaves while they run', () => {
    const owners = createPresenceOwners<object>(10);
    const victim = {};
    owners.claim(7, victim);
    owners.release(7, 'secret:victim', 0);
    for (let i = 0; i < 100; i++) {
      const flood = {};
      owners.claim(1000 + i, flood);
      owners.release(1000 + i, `address:${i}`, 1);
    }
    expect(owners.mayClaim(7, 'address:thief', 2)).toBe(false);
    expect(owners.mayClaim(7, 'secret:victim', 2)).toBe(true);
  });
});
