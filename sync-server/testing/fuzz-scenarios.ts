/**
 * Legit traffic for the fuzzer: real edits from one to three Y.Docs (the app's root maps 'room' and
 * 'members', plus arrays, text and nested maps for coverage), in the order a relay receives them.
 */
import * as Y from 'yjs';
import type { Rng } from './fuzz-rng.ts';

/** Client ids the corpus uses: small ones collide with mutated tweaks, large ones are realistic. */
export const CLIENT_POOL = [1, 2, 3, 7, 100, 1_000_003, 2_345_678_901];
/** Keys of the room map the edits (and mutations) use. */
export const ROOM_KEYS = ['title', 'pattern', 'phase', 'startedAt', 'host', 'k5', 'k6', 'k7'];

const jsonValue = (rng: Rng): unknown =>
  rng.pick<() => unknown>([
    () => rng.int(1000),
    () => `s${rng.int(100)}`,
    () => null,
    () => rng.chance(0.5),
    () => ({ inhale: rng.int(10), hold: rng.int(10), label: `p${rng.int(9)}` }),
    () => [rng.int(9), `x${rng.int(9)}`],
  ])();

/** One random edit of the kinds the app makes, plus arrays, text and nested types for coverage. */
function randomEdit(doc: Y.Doc, rng: Rng, coverage: boolean): void {
  const room = doc.getMap('room');
  const members = doc.getMap('members');
  const r = rng.int(coverage ? 10 : 5);
  if (r === 0 || r === 1) room.set(rng.pick(ROOM_KEYS), jsonValue(rng));
  else if (r === 2) room.delete(rng.pick(ROOM_KEYS));
  else if (r === 3) members.set(String(doc.clientID), { name: `m${rng.int(50)}`, joinedAt: rng.int(1e6) });
  else if (r === 4) members.delete(rng.pick([...members.keys(), 'nobody']));
  else if (r === 5) {
    const list = doc.getArray<unknown>('list');
    if (list.length > 0 && rng.chance(0.35)) {
      const at = rng.int(list.length);
      list.delete(at, Math.min(1 + rng.int(2), list.length - at));
    } else list.insert(rng.int(list.length + 1), [jsonValue(rng), ...(rng.chance(0.3) ? [jsonValue(rng)] : [])]);
  } else if (r === 6) {
    const text = doc.getText('notes');
    if (text.length > 0 && rng.chance(0.3)) {
      const at = rng.int(text.length);
      text.delete(at, Math.min(1 + rng.int(3), text.length - at));
    } else if (text.length > 2 && rng.chance(0.2))
      text.format(rng.int(text.length - 1), 1 + rng.int(2), { bold: rng.chance(0.5) ? true : null });
    else text.insert(rng.int(text.length + 1), rng.pick(['breathe ', 'in', 'out', 'ö', '🌬']));
  } else if (r === 7) {
    const nested = room.get('nested');
    if (nested instanceof Y.Map && rng.chance(0.7)) {
      if (rng.chance(0.8)) nested.set(`n${rng.int(4)}`, jsonValue(rng));
      else nested.delete(`n${rng.int(4)}`);
    } else {
      const m = new Y.Map<unknown>();
      m.set('n0', jsonValue(rng));
      room.set('nested', m);
    }
  } else if (r === 8) {
    const arr = room.get('steps');
    if (arr instanceof Y.Array && rng.chance(0.7)) arr.insert(rng.int(arr.length + 1), [rng.int(9)]);
    else room.set('steps', Y.Array.from([rng.int(9)]));
  } else {
    doc.transact(() => {
      room.set(rng.pick(ROOM_KEYS), jsonValue(rng));
      members.set(String(doc.clientID), { name: `m${rng.int(50)}` });
    });
  }
}

/** A legit session: updates in the order the relay receives them, from 1 to 3 docs. */
export interface Scenario {
  updates: Uint8Array[];
}

/**
 * Makes a legit session: docs edit, sometimes online (each update reaches the others at once),
 * sometimes offline (they merge later, sending encodeStateAsUpdate against the relay's vector).
 */
export function legitScenario(rng: Rng, options: { edits?: number; coverage?: boolean } = {}): Scenario {
  const edits = options.edits ?? 4 + rng.int(16);
  const coverage = options.coverage ?? true;
  const clients = [...CLIENT_POOL].sort(() => rng.next() - 0.5).slice(0, 1 + rng.int(3));
  const relay = new Y.Doc({ guid: 'f' });
  const updates: Uint8Array[] = [];
  const docs = clients.map((id) => {
    const doc = new Y.Doc({ guid: 'f' });
    doc.clientID = id;
    return { doc, online: true };
  });
  for (let i = 0; i < edits; i++) {
    const peer = rng.pick(docs);
    if (rng.chance(0.1)) peer.online = !peer.online;
    const before = Y.encodeStateVector(peer.doc);
    randomEdit(peer.doc, rng, coverage);
    if (peer.online) {
      // Online: send own state since `before` plus whatever the relay lacks (a reconnect's sync step 2).
      const u = Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(relay));
      if (u.length > 2) {
        updates.push(rng.chance(0.7) ? Y.encodeStateAsUpdate(peer.doc, before) : u);
        Y.applyUpdate(relay, u);
        if (updates[updates.length - 1] !== u) updates.push(u);
      }
      // Others that are online catch up from the relay.
      for (const other of docs)
        if (other.online && other !== peer) Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(other.doc)));
    }
  }
  for (const d of docs) {
    const u = Y.encodeStateAsUpdate(d.doc, Y.encodeStateVector(relay));
    if (u.length > 2) {
      updates.push(u);
      Y.applyUpdate(relay, u);
    }
  }
  for (const d of docs) d.doc.destroy();
  relay.destroy();
  return { updates };
}
