/**
 * The fuzzer's mutations of a legit update: field by field on the model (client, clock, lengths,
 * info bits, origin/rightOrigin/parent references, struct splicing, duplication) and byte by byte.
 */
import * as encoding from 'lib0/encoding';
import type { Rng } from './fuzz-rng.ts';
import { CLIENT_POOL, ROOM_KEYS } from './fuzz-scenarios.ts';
import type { Id, Struct, UpdateModel } from './update-model.ts';

/** What a mutation may draw from: ids, clients and roots seen in the case's legit updates. */
export interface Pools {
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
  return rng.chance(0.5)
    ? { client: base.client, clock: tweakNumber(rng, base.clock, []) }
    : { client: tweakNumber(rng, base.client, pools.clients), clock: base.clock };
};

const items = (model: UpdateModel) => model.sections.flatMap((s) => s.structs.filter((st) => st.kind === 'item'));

type ItemStruct = Extract<Struct, { kind: 'item' }>;

/** Names of the model-level mutations, for statistics. */
export const MUTATIONS = [
  'sectionClient',
  'sectionClock',
  'origin',
  'rightOrigin',
  'parent',
  'parentSub',
  'contentKind',
  'length',
  'spliceStruct',
  'spliceSection',
  'dupSection',
  'dropStruct',
  'swapStructs',
  'dsAdd',
  'dsTweak',
  'dsDup',
  'toGc',
  'toNestedMap',
  'toSkip',
] as const;

/** Applies one named mutation to the model in place; returns false when it did not fit. */
export function mutateModel(model: UpdateModel, name: (typeof MUTATIONS)[number], rng: Rng, pools: Pools): boolean {
  const section = model.sections.length > 0 ? rng.pick(model.sections) : null;
  const its = items(model) as ItemStruct[];
  const item = its.length > 0 ? rng.pick(its) : null;
  switch (name) {
    case 'sectionClient':
      if (!section) return false;
      section.client = tweakNumber(rng, section.client, pools.clients);
      return true;
    case 'sectionClock':
      if (!section) return false;
      section.clock = tweakNumber(
        rng,
        section.clock,
        pools.ids.map((i) => i.clock),
      );
      return true;
    case 'origin':
      if (!item) return false;
      item.origin = rng.chance(0.15) ? null : pickId(rng, pools);
      if (!item.origin && !item.rightOrigin) item.parent ??= rng.pick(ROOTS);
      return true;
    case 'rightOrigin':
      if (!item) return false;
      item.rightOrigin = rng.chance(0.15) ? null : pickId(rng, pools);
      if (!item.origin && !item.rightOrigin) item.parent ??= rng.pick(ROOTS);
      return true;
    case 'parent': {
      if (!item) return false;
      item.origin = null;
      item.rightOrigin = null;
      item.parent = rng.chance(0.5) ? rng.pick(ROOTS) : pickId(rng, pools);
      if (rng.chance(0.5)) item.parentSub = rng.chance(0.5) ? null : rng.pick(ROOM_KEYS);
      return true;
    }
    case 'parentSub':
      if (!item) return false;
      item.origin = null;
      item.rightOrigin = null;
      item.parent ??= rng.pick(ROOTS);
      item.parentSub = item.parentSub === null ? rng.pick(ROOM_KEYS) : rng.chance(0.5) ? null : rng.pick(ROOM_KEYS);
      return true;
    case 'contentKind':
      if (!item) return false;
      item.info = (item.info & ~31) | (1 + rng.int(9));
      return true;
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
    case 'dropStruct':
      if (!section || section.structs.length === 0) return false;
      section.structs.splice(rng.int(section.structs.length), 1);
      return true;
    case 'swapStructs': {
      if (!section || section.structs.length < 2) return false;
      const i = rng.int(section.structs.length - 1);
      const [a] = section.structs.splice(i, 1);
      section.structs.splice(i + 1, 0, a as Struct);
      return true;
    }
    case 'dsAdd': {
      const id = pickId(rng, pools);
      let entry = model.ds.find((c) => c.client === id.client);
      if (!entry) {
        entry = { client: id.client, ranges: [] };
        model.ds.push(entry);
      }
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
    case 'dsDup':
      if (model.ds.length === 0) return false;
      model.ds.push(structuredClone(rng.pick(model.ds)));
      return true;
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

/** Applies one named byte-level mutation; returns the new bytes. */
export function mutateBytes(bytes: Uint8Array, name: (typeof BYTE_MUTATIONS)[number], rng: Rng): Uint8Array {
  const b = Array.from(bytes);
  const at = rng.int(Math.max(1, b.length));
  switch (name) {
    case 'flipBit':
      if (b.length) b[at] = (b[at]! ^ (1 << rng.int(8))) & 255;
      break;
    case 'setByte':
      if (b.length) b[at] = rng.pick([0, 1, 2, 7, 10, 0x7f, 0x80, 0xff, rng.int(256)]);
      break;
    case 'truncate':
      b.length = at;
      break;
    case 'insertByte':
      b.splice(at, 0, rng.int(256));
      break;
    case 'dupRange':
      b.splice(at, 0, ...b.slice(at, at + 1 + rng.int(16)));
      break;
    case 'deleteRange':
      b.splice(at, 1 + rng.int(4));
      break;
  }
  return Uint8Array.from(b);
}
