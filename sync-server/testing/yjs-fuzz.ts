/**
 * A seeded, deterministic mutation fuzzer for Yjs (v1) updates, the relay's attack surface: it makes
 * legit updates from real Y.Doc edits (the app's root maps 'room' and 'members', plus arrays, text
 * and nested maps for coverage), mutates them field by field (client, clock, lengths, info bits,
 * origin/rightOrigin/parent references, struct splicing, duplication) and byte by byte, and checks
 * what the relay would do with them: apply, relay the emitted updates, store and reload the state.
 * The same case index always gives the same bytes for a given seed, so a finding is reproducible.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { applyChecked, UpdateRefusedError } from '../update-guard.ts';

// ---------------------------------------------------------------------------------------------
// Random numbers

/** A seeded PRNG (mulberry32) with the few helpers the fuzzer needs. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** Makes a PRNG from a 32-bit seed. */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    chance: (p: number) => next() < p,
  };
}

/** Mixes a seed and a case index into the seed of that case. */
export const caseSeed = (seed: number, index: number): number => (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;

// ---------------------------------------------------------------------------------------------
// The v1 update format as a model that can be edited and written back

/** A struct id. */
export interface Id {
  client: number;
  clock: number;
}

/** One struct of an update; `content` is the raw bytes of an item's content, `length` its clock span. */
export type Struct =
  | { kind: 'gc'; length: number }
  | { kind: 'skip'; length: number }
  | {
      kind: 'item';
      /** The info byte: low 5 bits content kind, BIT6 parentSub, BIT7 rightOrigin, BIT8 origin. */
      info: number;
      origin: Id | null;
      rightOrigin: Id | null;
      /** Root type name or parent item id; only written when neither origin nor rightOrigin is. */
      parent: string | Id | null;
      parentSub: string | null;
      content: Uint8Array;
      length: number;
    };

/** The structs of one client, starting at `clock`. */
export interface ClientSection {
  client: number;
  clock: number;
  structs: Struct[];
}

/** A v1 update: struct sections then the delete set. */
export interface UpdateModel {
  sections: ClientSection[];
  ds: { client: number; ranges: [clock: number, len: number][] }[];
}

const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;

/** Reads the raw bytes of one item content and its clock length, as Yjs's readItemContent would. */
function readContentSpan(d: decoding.Decoder, kind: number): { content: Uint8Array; length: number } {
  const start = d.pos;
  let length = 1;
  switch (kind) {
    case 1: length = decoding.readVarUint(d); break; // Deleted
    case 2: { // JSON
      length = decoding.readVarUint(d);
      for (let i = 0; i < length; i++) decoding.readVarString(d);
      break;
    }
    case 3: decoding.readVarUint8Array(d); break; // Binary
    case 4: length = decoding.readVarString(d).length; break; // String
    case 5: decoding.readVarString(d); break; // Embed
    case 6: decoding.readVarString(d); decoding.readVarString(d); break; // Format
    case 7: { // Type
      const ref = decoding.readVarUint(d);
      if (ref === 3 || ref === 5) decoding.readVarString(d);
      else if (ref > 6) throw new RangeError('type ref');
      break;
    }
    case 8: { // Any
      length = decoding.readVarUint(d);
      for (let i = 0; i < length; i++) decoding.readAny(d);
      break;
    }
    case 9: decoding.readVarString(d); decoding.readAny(d); break; // Doc
    default: throw new RangeError(`content kind ${kind}`);
  }
  return { content: d.arr.subarray(start, d.pos), length };
}

const readId = (d: decoding.Decoder): Id => ({ client: decoding.readVarUint(d), clock: decoding.readVarUint(d) });

/** Parses a v1 update into the editable model; throws where Yjs's reader would. */
export function parseUpdate(update: Uint8Array): UpdateModel {
  const d = decoding.createDecoder(update);
  const sections: ClientSection[] = [];
  const n = decoding.readVarUint(d);
  for (let i = 0; i < n; i++) {
    const count = decoding.readVarUint(d);
    const section: ClientSection = { client: decoding.readVarUint(d), clock: decoding.readVarUint(d), structs: [] };
    for (let j = 0; j < count; j++) {
      const info = decoding.readUint8(d);
      const kind = info & 31;
      if (kind === 0) section.structs.push({ kind: 'gc', length: decoding.readVarUint(d) });
      else if (kind === 10) section.structs.push({ kind: 'skip', length: decoding.readVarUint(d) });
      else {
        const origin = info & BIT8 ? readId(d) : null;
        const rightOrigin = info & BIT7 ? readId(d) : null;
        const needsParent = (info & (BIT7 | BIT8)) === 0;
        const parent = needsParent ? (decoding.readVarUint(d) === 1 ? decoding.readVarString(d) : readId(d)) : null;
        const parentSub = needsParent && info & BIT6 ? decoding.readVarString(d) : null;
        section.structs.push({ kind: 'item', info, origin, rightOrigin, parent, parentSub, ...readContentSpan(d, kind) });
      }
    }
    sections.push(section);
  }
  const ds: UpdateModel['ds'] = [];
  const dn = decoding.readVarUint(d);
  for (let i = 0; i < dn; i++) {
    const client = decoding.readVarUint(d);
    const m = decoding.readVarUint(d);
    const ranges: [number, number][] = [];
    for (let j = 0; j < m; j++) ranges.push([decoding.readVarUint(d), decoding.readVarUint(d)]);
    ds.push({ client, ranges });
  }
  return { sections, ds };
}

const writeId = (e: encoding.Encoder, id: Id): void => {
  encoding.writeVarUint(e, id.client);
  encoding.writeVarUint(e, id.clock);
};

/** Writes the model back as a v1 update; the info byte's reference bits follow the fields present. */
export function writeUpdate(model: UpdateModel): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, model.sections.length);
  for (const s of model.sections) {
    encoding.writeVarUint(e, s.structs.length);
    encoding.writeVarUint(e, s.client);
    encoding.writeVarUint(e, s.clock);
    for (const st of s.structs) {
      if (st.kind !== 'item') {
        encoding.writeUint8(e, st.kind === 'gc' ? 0 : 10);
        encoding.writeVarUint(e, st.length);
        continue;
      }
      // With an origin, BIT6 (parentSub) is kept as read: Yjs sets it but does not read a key then.
      const sub = st.origin || st.rightOrigin ? st.info & BIT6 : st.parentSub !== null ? BIT6 : 0;
      const info = (st.info & 31) | (st.origin ? BIT8 : 0) | (st.rightOrigin ? BIT7 : 0) | sub;
      encoding.writeUint8(e, info);
      if (st.origin) writeId(e, st.origin);
      if (st.rightOrigin) writeId(e, st.rightOrigin);
      if (!st.origin && !st.rightOrigin) {
        if (typeof st.parent === 'string') {
          encoding.writeVarUint(e, 1);
          encoding.writeVarString(e, st.parent);
        } else {
          encoding.writeVarUint(e, 0);
          writeId(e, st.parent ?? { client: 0, clock: 0 });
        }
        if (st.parentSub !== null) encoding.writeVarString(e, st.parentSub);
      }
      encoding.writeUint8Array(e, st.content);
    }
  }
  encoding.writeVarUint(e, model.ds.length);
  for (const c of model.ds) {
    encoding.writeVarUint(e, c.client);
    encoding.writeVarUint(e, c.ranges.length);
    for (const [clock, len] of c.ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
  }
  return encoding.toUint8Array(e);
}

/** Every struct id an update defines (first clock of each struct). */
export function structIds(model: UpdateModel): Id[] {
  const ids: Id[] = [];
  for (const s of model.sections) {
    let clock = s.clock;
    for (const st of s.structs) {
      ids.push({ client: s.client, clock });
      if (st.length > 1) ids.push({ client: s.client, clock: clock + st.length - 1 });
      clock += st.length;
    }
  }
  return ids;
}

/** Hex of bytes (fixtures are stored this way). */
export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Bytes of a hex string. */
export const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));

// ---------------------------------------------------------------------------------------------
// Legit traffic: real edits from several Y.Docs

/** Client ids the corpus uses: small ones collide with mutated tweaks, large ones are realistic. */
const CLIENT_POOL = [1, 2, 3, 7, 100, 1_000_003, 2_345_678_901];
const ROOM_KEYS = ['title', 'pattern', 'phase', 'startedAt', 'host', 'k5', 'k6', 'k7'];

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
    }
    else list.insert(rng.int(list.length + 1), [jsonValue(rng), ...(rng.chance(0.3) ? [jsonValue(rng)] : [])]);
  } else if (r === 6) {
    const text = doc.getText('notes');
    if (text.length > 0 && rng.chance(0.3)) {
      const at = rng.int(text.length);
      text.delete(at, Math.min(1 + rng.int(3), text.length - at));
    }
    else if (text.length > 2 && rng.chance(0.2)) text.format(rng.int(text.length - 1), 1 + rng.int(2), { bold: rng.chance(0.5) ? true : null });
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
      for (const other of docs) if (other.online && other !== peer) Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(relay, Y.encodeStateVector(other.doc)));
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

// ---------------------------------------------------------------------------------------------
// Mutations

/** What a mutation may draw from: ids, clients and roots seen in the case's legit updates. */
interface Pools {
  ids: Id[];
  clients: number[];
  models: UpdateModel[];
}

const ROOTS = ['room', 'members', 'list', 'notes'];

const tweakNumber = (rng: Rng, n: number, pool: readonly number[]): number =>
  rng.pick<() => number>([
    () => n + 1,
    () => Math.max(0, n - 1),
    () => 0,
    () => n + 1 + rng.int(8),
    () => (pool.length > 0 ? rng.pick(pool) : n),
    () => rng.int(1 << 20),
  ])();

const pickId = (rng: Rng, pools: Pools): Id => {
  const base = pools.ids.length > 0 ? rng.pick(pools.ids) : { client: rng.pick(CLIENT_POOL), clock: 0 };
  if (rng.chance(0.6)) return { ...base };
  return rng.chance(0.5) ? { client: base.client, clock: tweakNumber(rng, base.clock, []) } : { client: tweakNumber(rng, base.client, pools.clients), clock: base.clock };
};

const items = (model: UpdateModel) => model.sections.flatMap((s) => s.structs.filter((st) => st.kind === 'item'));

type ItemStruct = Extract<Struct, { kind: 'item' }>;

/** Names of the model-level mutations, for statistics. */
export const MUTATIONS = [
  'sectionClient', 'sectionClock', 'origin', 'rightOrigin', 'parent', 'parentSub', 'contentKind', 'length', 'spliceStruct',
  'spliceSection', 'dupSection', 'dropStruct', 'swapStructs', 'dsAdd', 'dsTweak', 'dsDup', 'toGc', 'toNestedMap', 'toSkip',
] as const;

/** Applies one named mutation to the model in place; returns false when it did not fit. */
function mutateModel(model: UpdateModel, name: (typeof MUTATIONS)[number], rng: Rng, pools: Pools): boolean {
  const section = model.sections.length > 0 ? rng.pick(model.sections) : null;
  const its = items(model) as ItemStruct[];
  const item = its.length > 0 ? rng.pick(its) : null;
  switch (name) {
    case 'sectionClient': if (!section) return false; section.client = tweakNumber(rng, section.client, pools.clients); return true;
    case 'sectionClock': if (!section) return false; section.clock = tweakNumber(rng, section.clock, pools.ids.map((i) => i.clock)); return true;
    case 'origin': if (!item) return false; item.origin = rng.chance(0.15) ? null : pickId(rng, pools); if (!item.origin && !item.rightOrigin) item.parent ??= rng.pick(ROOTS); return true;
    case 'rightOrigin': if (!item) return false; item.rightOrigin = rng.chance(0.15) ? null : pickId(rng, pools); if (!item.origin && !item.rightOrigin) item.parent ??= rng.pick(ROOTS); return true;
    case 'parent': {
      if (!item) return false;
      item.origin = null;
      item.rightOrigin = null;
      item.parent = rng.chance(0.5) ? rng.pick(ROOTS) : pickId(rng, pools);
      if (rng.chance(0.5)) item.parentSub = rng.chance(0.5) ? null : rng.pick(ROOM_KEYS);
      return true;
    }
    case 'parentSub': if (!item) return false; item.origin = null; item.rightOrigin = null; item.parent ??= rng.pick(ROOTS); item.parentSub = item.parentSub === null ? rng.pick(ROOM_KEYS) : rng.chance(0.5) ? null : rng.pick(ROOM_KEYS); return true;
    case 'contentKind': if (!item) return false; item.info = (item.info & ~31) | (1 + rng.int(9)); return true;
    case 'length': {
      if (!section || section.structs.length === 0) return false;
      const st = rng.pick(section.structs);
      if (st.kind !== 'item') st.length = tweakNumber(rng, st.length, []);
      else if ((st.info & 31) === 1) {
        st.length = tweakNumber(rng, st.length, []);
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, st.length);
        st.content = encoding.toUint8Array(e);
      } else return false;
      return true;
    }
    case 'spliceStruct': {
      const other = rng.pick(pools.models).sections;
      if (!section || other.length === 0) return false;
      const from = rng.pick(other);
      if (from.structs.length === 0) return false;
      section.structs.splice(rng.int(section.structs.length + 1), 0, structuredClone(rng.pick(from.structs)));
      return true;
    }
    case 'spliceSection': {
      const other = rng.pick(pools.models).sections;
      if (other.length === 0) return false;
      const copy = structuredClone(rng.pick(other));
      if (rng.chance(0.3)) copy.client = tweakNumber(rng, copy.client, pools.clients);
      model.sections.splice(rng.int(model.sections.length + 1), 0, copy);
      return true;
    }
    case 'dupSection': {
      if (!section) return false;
      const copy = structuredClone(section);
      if (rng.chance(0.5)) copy.clock = section.clock + section.structs.reduce((a, s) => a + s.length, 0);
      model.sections.splice(rng.int(model.sections.length + 1), 0, copy);
      return true;
    }
    case 'dropStruct': if (!section || section.structs.length === 0) return false; section.structs.splice(rng.int(section.structs.length), 1); return true;
    case 'swapStructs': {
      if (!section || section.structs.length < 2) return false;
      const i = rng.int(section.structs.length - 1);
      const [a] = section.structs.splice(i, 1);
      section.structs.splice(i + 1, 0, a as Struct);
      return true;
    }
    case 'dsAdd': {
      const id = pickId(rng, pools);
      const entry = model.ds.find((c) => c.client === id.client) ?? (model.ds.push({ client: id.client, ranges: [] }), model.ds[model.ds.length - 1]!);
      entry.ranges.push([id.clock, 1 + rng.int(rng.chance(0.2) ? 1000 : 4)]);
      return true;
    }
    case 'dsTweak': {
      if (model.ds.length === 0) return false;
      const entry = rng.pick(model.ds);
      if (rng.chance(0.3)) entry.client = tweakNumber(rng, entry.client, pools.clients);
      else if (entry.ranges.length > 0) {
        const r = rng.pick(entry.ranges);
        const k = rng.int(2) as 0 | 1;
        r[k] = tweakNumber(rng, r[k], []);
      }
      return true;
    }
    case 'dsDup': if (model.ds.length === 0) return false; model.ds.push(structuredClone(rng.pick(model.ds))); return true;
    case 'toGc':
    case 'toSkip': {
      if (!section || section.structs.length === 0) return false;
      const i = rng.int(section.structs.length);
      section.structs[i] = { kind: name === 'toGc' ? 'gc' : 'skip', length: section.structs[i]!.length };
      return true;
    }
    case 'toNestedMap': {
      if (!item) return false;
      item.info = (item.info & ~31) | 7;
      item.content = Uint8Array.of(rng.chance(0.7) ? 1 : rng.int(7));
      item.length = 1;
      return true;
    }
  }
}

/** Names of the byte-level mutations, for statistics. */
export const BYTE_MUTATIONS = ['flipBit', 'setByte', 'truncate', 'insertByte', 'dupRange', 'deleteRange'] as const;

function mutateBytes(bytes: Uint8Array, name: (typeof BYTE_MUTATIONS)[number], rng: Rng): Uint8Array {
  const b = Array.from(bytes);
  const at = rng.int(Math.max(1, b.length));
  switch (name) {
    case 'flipBit': if (b.length) b[at] = (b[at]! ^ (1 << rng.int(8))) & 255; break;
    case 'setByte': if (b.length) b[at] = rng.pick([0, 1, 2, 7, 10, 0x7f, 0x80, 0xff, rng.int(256)]); break;
    case 'truncate': b.length = at; break;
    case 'insertByte': b.splice(at, 0, rng.int(256)); break;
    case 'dupRange': b.splice(at, 0, ...b.slice(at, at + 1 + rng.int(16))); break;
    case 'deleteRange': b.splice(at, 1 + rng.int(4)); break;
  }
  return Uint8Array.from(b);
}

/** One generated case: the updates in order, and the mutations that made them. */
export interface FuzzCase {
  index: number;
  updates: Uint8Array[];
  mutations: string[];
}

/** The scenarios a seed draws from, made once per seed and process. */
const scenarioCache = new Map<number, Scenario[]>();
const scenariosFor = (seed: number): Scenario[] => {
  let list = scenarioCache.get(seed);
  if (!list) {
    const rng = createRng(seed ^ 0x5ce11a);
    list = Array.from({ length: 96 }, () => legitScenario(rng));
    scenarioCache.set(seed, list);
  }
  return list;
};

/** Makes case `index` of `seed`: a legit prefix, one or two mutated updates, maybe a legit suffix. */
export function generateCase(seed: number, index: number): FuzzCase {
  const rng = createRng(caseSeed(seed, index));
  const scenarios = scenariosFor(seed);
  const scenario = rng.pick(scenarios);
  const donor = rng.pick(scenarios);
  const models = [...scenario.updates, ...donor.updates].map(parseUpdate);
  const pools: Pools = {
    ids: models.flatMap(structIds),
    clients: [...new Set(models.flatMap((m) => m.sections.map((s) => s.client)))],
    models,
  };
  const cut = rng.int(scenario.updates.length + 1);
  const out = scenario.updates.slice(0, cut);
  const mutations: string[] = [];
  const mutants = 1 + (rng.chance(0.3) ? 1 : 0);
  for (let m = 0; m < mutants; m++) {
    const source = rng.chance(0.7) ? rng.pick(scenario.updates) : rng.pick(donor.updates);
    const model = parseUpdate(source);
    const count = 1 + rng.int(3);
    for (let k = 0; k < count; k++) {
      const name = rng.pick(MUTATIONS);
      if (mutateModel(model, name, rng, pools)) mutations.push(name);
    }
    let bytes = writeUpdate(model);
    if (rng.chance(0.25)) {
      const name = rng.pick(BYTE_MUTATIONS);
      bytes = mutateBytes(bytes, name, rng);
      mutations.push(name);
    }
    out.push(bytes);
  }
  if (rng.chance(0.4)) out.push(...scenario.updates.slice(cut));
  return { index, updates: out, mutations };
}

// ---------------------------------------------------------------------------------------------
// The oracle: what the relay does with a sequence, and what goes wrong

/** Thrown when a document's lists or nesting look cyclic (a corrupted linked list would loop forever). */
export class CyclicDocumentError extends Error {
  override readonly name = 'CyclicDocumentError';
}

const MAX_WALK = 1_000_000;

/** A canonical dump of a type: its live map entries and list content, nested types dumped in place. */
// reason: Yjs types its share map as AbstractType<YEvent<any>>; the dump reads only _map and _start.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function dumpType(type: Y.AbstractType<any>, depth: number, budget: { steps: number }): unknown {
  if (depth > 100) throw new CyclicDocumentError('nesting deeper than 100');
  const dumpContent = (item: Y.Item): unknown[] => {
    const c = item.content;
    if (c instanceof Y.ContentType) return [dumpType(c.type, depth + 1, budget)];
    if (c instanceof Y.ContentString) return [c.str];
    if (c instanceof Y.ContentFormat) return [{ format: c.key, value: c.value }];
    return c.getContent();
  };
  const map: [string, unknown][] = [];
  for (const [key, item] of type._map) {
    if (--budget.steps < 0) throw new CyclicDocumentError('walk budget exhausted');
    if (!item.deleted) map.push([key, dumpContent(item).at(-1)]);
  }
  map.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const list: unknown[] = [];
  for (let n = type._start; n !== null; n = n.right) {
    if (--budget.steps < 0) throw new CyclicDocumentError('walk budget exhausted');
    if (!n.deleted) list.push(...dumpContent(n));
  }
  return { map, list };
}

/** A canonical string of a document's content (every root type) and state vector, for equality. */
export function snapshotDoc(doc: Y.Doc): string {
  const budget = { steps: MAX_WALK };
  const roots: [string, unknown][] = [];
  for (const [name, type] of doc.share) {
    const dump = dumpType(type, 0, budget) as { map: unknown[]; list: unknown[] };
    if (dump.map.length > 0 || dump.list.length > 0) roots.push([name, dump]);
  }
  roots.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const sv = [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort((a, b) => a[0] - b[0]);
  return JSON.stringify({ roots, sv });
}

/** The failure classes the oracle reports. */
export type FindingClass =
  | 'apply-throws' // (c) applyUpdate threw from inside Yjs after decodeUpdate accepted the update
  | 'encode-throws' // encodeStateAsUpdate of the relay doc throws: nothing can be stored or sent to a joiner
  | 'reload-throws' // (a) the stored state throws when applied to a fresh doc
  | 'reload2-throws' // the state re-encoded from a reloaded doc throws on the next reload
  | 'relay-replay-throws' // a member applying the relayed 'update' events in order throws
  | 'joiner-diverges' // (b) fresh joiner (stored state) differs from members (relayed events)
  | 'reload-differs' // the stored state loads to something other than the relay's own doc
  | 'pending' // (d) the doc holds pendingStructs or pendingDs at the end
  | 'pending-clear-diverges' // (d) dropping pending still leaves joiner and members different
  | 'oracle-error' // the check itself threw somewhere unexpected (a new class to look at)
  | 'hang'; // the case did not finish in time (reported by the runner, not by checkSequence)

/** What one sequence did: the classes found and, per class, a short message. */
export interface Verdict {
  classes: Set<FindingClass>;
  messages: Partial<Record<FindingClass, string>>;
  /** Updates that decodeUpdate (or the guard) refused (the relay closes their sender and applies nothing). */
  refused: number;
  /** Whether an applyUpdate threw: later classes are then consequences of a half-applied update. */
  applyThrew: boolean;
}

/** Hooks to check a guarded relay instead of the bare one. */
export interface ApplyHooks {
  /** Applies one decoded update to the relay's doc; by default Y.applyUpdate. May throw to refuse. */
  apply(doc: Y.Doc, update: Uint8Array): void;
}

const bareApply: ApplyHooks = { apply: (doc, update) => Y.applyUpdate(doc, update, 'peer') };

/** What the relay does (room-doc.ts): the guard, and an incomplete update refused like a bad one. */
export const relayApply: ApplyHooks = {
  apply(doc, update) {
    if (applyChecked(doc, update, 'peer') === 'incomplete') throw new UpdateRefusedError('incomplete');
  },
};

const errText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * Runs a sequence through a relay doc as room.ts does (decodeUpdate, then applyUpdate, relaying
 * 'update' events), then stores and reloads, and compares the joiner with the members.
 */
export function checkSequence(updates: readonly Uint8Array[], hooks: ApplyHooks = bareApply): Verdict {
  const verdict: Verdict = { classes: new Set(), messages: {}, refused: 0, applyThrew: false };
  const flag = (c: FindingClass, m: string) => {
    verdict.classes.add(c);
    verdict.messages[c] ??= m;
  };
  const doc = new Y.Doc({ gc: true, guid: 'f' });
  const emitted: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => emitted.push(u));
  for (const u of updates) {
    try {
      Y.decodeUpdate(u);
    } catch {
      // reason: the relay refuses what decodeUpdate refuses; that is the intended outcome, not a finding.
      verdict.refused++;
      continue;
    }
    try {
      hooks.apply(doc, u);
    } catch (e) {
      if (hooks === bareApply) flag('apply-throws', errText(e)), (verdict.applyThrew = true);
      else verdict.refused++;
    }
  }
  const members = new Y.Doc({ guid: 'f' });
  try {
    for (const u of emitted) Y.applyUpdate(members, u);
  } catch (e) {
    flag('relay-replay-throws', errText(e));
  }
  let state: Uint8Array;
  try {
    state = Y.encodeStateAsUpdate(doc);
  } catch (e) {
    // The relay can neither persist nor greet a joiner (sync step 2 encodes the same way).
    flag('encode-throws', errText(e));
    doc.destroy();
    return verdict;
  }
  const joiner = new Y.Doc({ guid: 'f' });
  let loaded = true;
  try {
    Y.applyUpdate(joiner, state);
  } catch (e) {
    loaded = false;
    flag('reload-throws', errText(e));
  }
  const snap = (d: Y.Doc): string => {
    try {
      return snapshotDoc(d);
    } catch (e) {
      return `unreadable: ${errText(e)}`;
    }
  };
  const membersSnap = snap(members);
  if (loaded) {
    const joinerSnap = snap(joiner);
    if (joinerSnap !== membersSnap) flag('joiner-diverges', `joiner ${joinerSnap.length} chars vs members ${membersSnap.length}`);
    if (joinerSnap !== snap(doc)) flag('reload-differs', 'reloaded state differs from the relay doc');
    try {
      Y.applyUpdate(new Y.Doc({ guid: 'f' }), Y.encodeStateAsUpdate(joiner));
    } catch (e) {
      flag('reload2-throws', errText(e));
    }
  }
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    flag('pending', `${doc.store.pendingStructs ? 'structs' : ''}${doc.store.pendingDs ? ' ds' : ''}`);
    doc.store.pendingStructs = null;
    doc.store.pendingDs = null;
    const cleared = new Y.Doc({ guid: 'f' });
    try {
      Y.applyUpdate(cleared, Y.encodeStateAsUpdate(doc));
      if (snap(cleared) !== membersSnap) flag('pending-clear-diverges', 'still differs after dropping pending');
    } catch (e) {
      flag('pending-clear-diverges', `reload throws after dropping pending: ${errText(e)}`);
    }
  }
  doc.destroy();
  return verdict;
}

/** The classes that are bugs (pending alone is a symptom to record, not a failure). */
export const FAILURES: readonly FindingClass[] = ['apply-throws', 'encode-throws', 'reload-throws', 'reload2-throws', 'relay-replay-throws', 'joiner-diverges', 'reload-differs', 'pending-clear-diverges', 'oracle-error', 'hang'];

// ---------------------------------------------------------------------------------------------
// Minimizing a finding

const decodes = (u: Uint8Array): boolean => {
  try {
    Y.decodeUpdate(u);
    return true;
  } catch {
    // reason: a candidate that decodeUpdate refuses is simply not a reproduction.
    return false;
  }
};

/**
 * True when the sequence, every update of it accepted by decodeUpdate, still shows `target`; with
 * `clean`, also without any applyUpdate throwing (the failure then needs no half-applied update).
 */
export const reproduces = (updates: readonly Uint8Array[], target: FindingClass, clean = false, hooks?: ApplyHooks): boolean => {
  if (!updates.every(decodes)) return false;
  const v = checkSequence(updates, hooks);
  return v.classes.has(target) && !(clean && v.applyThrew);
};

/** Smaller variants of one update: without a section, a struct, a delete-set entry or range. */
function* modelReductions(u: Uint8Array): Generator<Uint8Array> {
  let model: UpdateModel;
  try {
    model = parseUpdate(u);
  } catch {
    // reason: a byte-mutated update may not parse with the model reader; bytes are reduced instead.
    return;
  }
  const variants: ((m: UpdateModel) => boolean)[] = [];
  model.sections.forEach((s, i) => {
    variants.push((m) => (m.sections.splice(i, 1), true));
    s.structs.forEach((_, j) => {
      variants.push((m) => (m.sections[i]!.structs.splice(j, 1), true));
      variants.push((m) => {
        // Drop a prefix struct but keep later clocks: the section starts later.
        const sec = m.sections[i]!;
        if (j !== 0) return false;
        sec.clock += sec.structs[0]!.length;
        sec.structs.shift();
        return true;
      });
    });
  });
  model.ds.forEach((c, i) => {
    variants.push((m) => (m.ds.splice(i, 1), true));
    c.ranges.forEach((_, j) => variants.push((m) => (m.ds[i]!.ranges.splice(j, 1), true)));
  });
  for (const v of variants) {
    const m = structuredClone(model);
    if (v(m)) yield writeUpdate(m);
  }
}

/** Delta-debugs a sequence to a small one that still shows `target` (sequence, structs, then bytes). */
export function minimize(updates: readonly Uint8Array[], target: FindingClass, clean = false, hooks?: ApplyHooks, maxChecks = 20_000): Uint8Array[] {
  let cur = [...updates];
  let checks = 0;
  const ok = (cand: Uint8Array[]): boolean => ++checks <= maxChecks && reproduces(cand, target, clean, hooks);
  let progress = true;
  while (progress && checks < maxChecks) {
    progress = false;
    for (let i = cur.length - 1; i >= 0; i--) {
      const cand = cur.filter((_, j) => j !== i);
      if (ok(cand)) (cur = cand), (progress = true);
    }
    for (let i = 0; i < cur.length; i++) {
      for (const smaller of modelReductions(cur[i]!)) {
        if (smaller.length >= cur[i]!.length) continue;
        const cand = cur.map((u, j) => (j === i ? smaller : u));
        if (ok(cand)) {
          cur = cand;
          progress = true;
          break;
        }
      }
    }
    for (let i = 0; i < cur.length; i++) {
      for (let chunk = Math.max(1, cur[i]!.length >> 1); chunk >= 1; chunk >>= 1) {
        for (let at = 0; at + chunk <= cur[i]!.length; ) {
          const u = cur[i]!;
          const smaller = Uint8Array.from([...u.subarray(0, at), ...u.subarray(at + chunk)]);
          const cand = cur.map((x, j) => (j === i ? smaller : x));
          if (ok(cand)) (cur = cand), (progress = true);
          else at += chunk;
        }
      }
    }
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------
// Running many cases

/**
 * Counts per class and the first few case indexes of each, from one run. Keys are class names,
 * with a trailing '*' when an applyUpdate of the case threw first (a consequence, not a clean finding).
 */
export interface RunStats {
  cases: number;
  refusedByDecode: number;
  counts: Record<string, number>;
  examples: Record<string, number[]>;
  /** Mutation names seen in failing cases, per class (what tends to cause it). */
  causes: Record<string, Record<string, number>>;
}

/** An empty RunStats. */
export const emptyStats = (): RunStats => ({ cases: 0, refusedByDecode: 0, counts: {}, examples: {}, causes: {} });

/** Adds one case's verdict to the statistics. */
export function record(stats: RunStats, c: FuzzCase, classes: Iterable<FindingClass>, refused: number, applyThrew = false): void {
  stats.cases++;
  stats.refusedByDecode += refused;
  for (const cls of classes) {
    const k = applyThrew && cls !== 'apply-throws' ? `${cls}*` : cls;
    stats.counts[k] = (stats.counts[k] ?? 0) + 1;
    const ex = (stats.examples[k] ??= []);
    if (ex.length < 20) ex.push(c.index);
    const causes = (stats.causes[k] ??= {});
    for (const m of new Set(c.mutations)) causes[m] = (causes[m] ?? 0) + 1;
  }
}

/** Runs cases [from, to) of a seed in this thread (no hang protection: see bench/yjs-fuzz.ts). */
export function runCases(seed: number, from: number, to: number, hooks?: ApplyHooks, onCase?: (index: number) => void): RunStats {
  const stats = emptyStats();
  generateCase(seed, from); // the seed's scenarios are made before the first case is timed
  for (let i = from; i < to; i++) {
    onCase?.(i);
    const c = generateCase(seed, i);
    try {
      const v = checkSequence(c.updates, hooks);
      record(stats, c, v.classes, v.refused, v.applyThrew);
    } catch (e) {
      // reason: an exception the oracle did not expect is itself a finding; the run goes on.
      record(stats, c, ['oracle-error'], 0);
      void e;
    }
  }
  return stats;
}
