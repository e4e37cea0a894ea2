/**
 * Reads a v1 update once for the relay's guard (update-guard.ts) and its limits (room-doc.ts):
 * every struct's place in its client's section, its references and the kind of its content, the
 * delete ranges, and counts. It reads exactly as Yjs's decoder does (JSON content parsed too), so
 * what it reads Yjs reads; garbage is refused at once. Shapes Yjs reads but must not integrate
 * (zero-length, a client's second section, a subdocument, bytes after the update) are noted as the
 * update's flaw, which the guard's inspection throws: the size limits still have their say first.
 */
import * as decoding from 'lib0/decoding';

/** Why an update was refused. */
export type GuardReason =
  | 'malformed' // does not parse as a v1 update, or bytes follow it
  | 'zero-length' // a struct or delete range of length 0
  | 'duplicate-client' // two struct sections for one client
  | 'forward-reference' // origin, right origin or parent at or after the struct's own id (same client)
  | 'parent-not-type' // a parent id that is not a nested type
  | 'mixed-parents' // origin and right origin in different types, or under different map keys
  | 'map-right-origin' // a map entry with a right origin (Yjs never writes one)
  | 'surrogate-split' // a reference Yjs resolves but never relays, splitting a stored string inside a surrogate pair
  | 'overlap-mismatch' // a struct continuing the client's last item (its first clocks already there) but placed elsewhere
  | 'root-not-allowed' // a root type name the room does not use
  | 'subdocument' // ContentDoc: the relay does not host subdocuments
  | 'too-many-structs' // more structs in one update than allowed
  | 'too-many-types' // more nested types (ContentType) in one update than allowed
  | 'incomplete'; // references ids the doc does not have (reported by applyChecked's result, thrown only by callers that want it)

/** Thrown for an update the room must not apply; the caller closes its sender. */
export class UpdateRefusedError extends Error {
  override readonly name = 'UpdateRefusedError';
  readonly reason: GuardReason;
  constructor(reason: GuardReason, detail = '') {
    super(detail ? `${reason}: ${detail}` : reason);
    this.reason = reason;
  }
}

/** Throws the refusal. */
export const refuse = (reason: GuardReason, detail = ''): never => {
  throw new UpdateRefusedError(reason, detail);
};

/** What one update holds, for per-room limits (count types against a room budget, say). */
export interface UpdateCounts {
  structs: number;
  /** Nested types created (ContentType items). */
  types: number;
  deleteRanges: number;
  bytes: number;
}

/** Limits of the guard; every field optional. */
export interface GuardOptions {
  /** Root type names allowed; default any. The app uses ['room', 'members']. */
  readonly roots?: readonly string[];
  readonly maxStructsPerUpdate?: number;
  readonly maxTypesPerUpdate?: number;
  readonly allowSubdocuments?: boolean;
}

/** A struct id as an update references it. */
export interface Ref {
  client: number;
  clock: number;
}

/** An item as read: its clock span, content kind (7 a nested type, 9 a subdocument) and references. */
export interface ParsedItem {
  kind: 'item';
  clock: number;
  length: number;
  contentKind: number;
  typeRef: number;
  origin: Ref | null;
  rightOrigin: Ref | null;
  parent: string | Ref | null;
  parentSub: string | null;
}

/** One struct as read. */
export type ParsedStruct = ParsedItem | { kind: 'gc' | 'skip'; clock: number; length: number };

/** An update as read: the bytes, each client's structs in clock order, the delete ranges, counts. */
export interface ParsedUpdate {
  readonly bytes: Uint8Array;
  readonly sections: Map<number, ParsedStruct[]>;
  readonly ds: { client: number; clock: number; length: number }[];
  readonly counts: UpdateCounts;
  /** The first shape Yjs reads but the guard refuses; the inspection throws it. */
  readonly flaw: UpdateRefusedError | null;
}

const BIT6 = 32;
const BIT7 = 64;
const BIT8 = 128;

/** Reads JSON content as Yjs does ('undefined' stands for undefined), so what Yjs cannot parse is refused here. */
const readJson = (d: decoding.Decoder): void => {
  const text = decoding.readVarString(d);
  if (text !== 'undefined') JSON.parse(text);
};

/** Skips one item content as Yjs's readItemContent reads it; returns [clock length, type ref]. */
function skipContent(d: decoding.Decoder, kind: number): [number, number] {
  switch (kind) {
    case 1: // Deleted
      return [decoding.readVarUint(d), -1];
    case 2: // JSON
    case 8: {
      // Any
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) {
        if (kind === 2) readJson(d);
        else decoding.readAny(d);
      }
      return [n, -1];
    }
    case 3: // Binary
      decoding.readVarUint8Array(d);
      return [1, -1];
    case 4: // String
      return [decoding.readVarString(d).length, -1];
    case 5: // Embed
      JSON.parse(decoding.readVarString(d));
      return [1, -1];
    case 6: // Format: a key, then JSON
      decoding.readVarString(d);
      JSON.parse(decoding.readVarString(d));
      return [1, -1];
    case 7: {
      // Type
      const ref = decoding.readVarUint(d);
      if (ref > 6) refuse('malformed', `type ref ${ref}`);
      if (ref === 3 || ref === 5) decoding.readVarString(d); // XmlElement, XmlHook name
      return [1, ref];
    }
    case 9: // Doc: a guid, then options
      decoding.readVarString(d);
      decoding.readAny(d);
      return [1, -1];
    default:
      return refuse('malformed', `content kind ${kind}`);
  }
}

const readRef = (d: decoding.Decoder): Ref => ({ client: decoding.readVarUint(d), clock: decoding.readVarUint(d) });

/** Reads a v1 update into sections and delete ranges: refuses garbage and the options' bounds at once, notes a flaw (see the module doc). */
export function readUpdate(update: Uint8Array, options: GuardOptions = {}): ParsedUpdate {
  const d = decoding.createDecoder(update);
  const counts: UpdateCounts = { structs: 0, types: 0, deleteRanges: 0, bytes: update.length };
  const sections = new Map<number, ParsedStruct[]>();
  const maxStructs = options.maxStructsPerUpdate ?? Infinity;
  const maxTypes = options.maxTypesPerUpdate ?? Infinity;
  let flaw: UpdateRefusedError | null = null;
  const note = (reason: GuardReason, detail = '') => {
    flaw ??= new UpdateRefusedError(reason, detail);
  };
  try {
    const n = decoding.readVarUint(d);
    for (let i = 0; i < n; i++) {
      const count = decoding.readVarUint(d);
      const client = decoding.readVarUint(d);
      let clock = decoding.readVarUint(d);
      if (sections.has(client)) note('duplicate-client', String(client));
      counts.structs += count;
      if (counts.structs > maxStructs) refuse('too-many-structs', String(counts.structs));
      const structs: ParsedStruct[] = [];
      sections.set(client, structs);
      for (let j = 0; j < count; j++) {
        const info = decoding.readUint8(d);
        const contentKind = info & 31;
        let struct: ParsedStruct;
        if (contentKind === 0 || contentKind === 10) {
          struct = { kind: contentKind === 0 ? 'gc' : 'skip', clock, length: decoding.readVarUint(d) };
        } else {
          const origin = info & BIT8 ? readRef(d) : null;
          const rightOrigin = info & BIT7 ? readRef(d) : null;
          const explicit = (info & (BIT7 | BIT8)) === 0;
          const parent = explicit ? (decoding.readVarUint(d) === 1 ? decoding.readVarString(d) : readRef(d)) : null;
          const parentSub = explicit && info & BIT6 ? decoding.readVarString(d) : null;
          if (contentKind === 9 && !options.allowSubdocuments) note('subdocument');
          const [length, typeRef] = skipContent(d, contentKind);
          if (typeRef >= 0) {
            counts.types++;
            if (counts.types > maxTypes) refuse('too-many-types', String(counts.types));
          }
          if (typeof parent === 'string' && options.roots && !options.roots.includes(parent)) note('root-not-allowed', parent);
          struct = { kind: 'item', clock, length, contentKind, typeRef, origin, rightOrigin, parent, parentSub };
        }
        if (struct.length === 0) note('zero-length', `${client}:${clock}`);
        structs.push(struct);
        clock += struct.length;
      }
    }
    const ds: ParsedUpdate['ds'] = [];
    const dn = decoding.readVarUint(d);
    for (let i = 0; i < dn; i++) {
      const client = decoding.readVarUint(d);
      const m = decoding.readVarUint(d);
      for (let j = 0; j < m; j++) {
        const range = { client, clock: decoding.readVarUint(d), length: decoding.readVarUint(d) };
        if (range.length === 0) note('zero-length', `delete ${client}:${range.clock}`);
        ds.push(range);
      }
    }
    counts.deleteRanges = ds.length;
    // Yjs stops reading at the delete set; bytes after it are no update of ours.
    if (decoding.hasContent(d)) note('malformed', 'trailing bytes');
    return { bytes: update, sections, ds, counts, flaw };
  } catch (e) {
    if (e instanceof UpdateRefusedError) throw e;
    // lib0 throws plain Errors on truncated input, JSON.parse a SyntaxError.
    return refuse('malformed', e instanceof Error ? e.message : String(e));
  }
}
