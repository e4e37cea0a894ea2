/**
 * The v1 update format as a model the fuzzer can edit and write back: struct sections (GC, Skip,
 * items with their references and raw content) and the delete set, read where Yjs's reader would.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

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
    case 1:
      length = decoding.readVarUint(d);
      break; // Deleted
    case 2: {
      // JSON
      length = decoding.readVarUint(d);
      for (let i = 0; i < length; i++) decoding.readVarString(d);
      break;
    }
    case 3:
      decoding.readVarUint8Array(d);
      break; // Binary
    case 4:
      length = decoding.readVarString(d).length;
      break; // String
    case 5:
      decoding.readVarString(d);
      break; // Embed
    case 6:
      decoding.readVarString(d);
      decoding.readVarString(d);
      break; // Format
    case 7: {
      // Type
      const ref = decoding.readVarUint(d);
      if (ref === 3 || ref === 5) decoding.readVarString(d);
      else if (ref > 6) throw new RangeError('type ref');
      break;
    }
    case 8: {
      // Any
      length = decoding.readVarUint(d);
      for (let i = 0; i < length; i++) decoding.readAny(d);
      break;
    }
    case 9:
      decoding.readVarString(d);
      decoding.readAny(d);
      break; // Doc
    default:
      throw new RangeError(`content kind ${kind}`);
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
