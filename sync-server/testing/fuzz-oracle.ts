/**
 * The fuzzer's oracle: what the relay does with a sequence of updates (apply, relay the emitted
 * updates, store and reload the state), and what goes wrong (throws, divergence, pending structs).
 */
import * as Y from 'yjs';
import { applyChecked } from '../update-guard.ts';
import { UpdateRefusedError } from '../update-reader.ts';

/** Thrown when a document's lists or nesting look cyclic (a corrupted linked list would loop forever). */
export class CyclicDocumentError extends Error {
  override readonly name = 'CyclicDocumentError';
}

const MAX_WALK = 1_000_000;

/** A shared type as Yjs types the values of its share map (taken from there, so no `any` is written here). */
type SharedType = Parameters<Y.Doc['share']['set']>[1];

/** A canonical dump of a type: its live map entries and list content, nested types dumped in place. */
function dumpType(type: SharedType, depth: number, budget: { steps: number }): unknown {
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
      if (hooks === bareApply) {
        flag('apply-throws', errText(e));
        verdict.applyThrew = true;
      } else verdict.refused++;
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
export const FAILURES: readonly FindingClass[] = [
  'apply-throws',
  'encode-throws',
  'reload-throws',
  'reload2-throws',
  'relay-replay-throws',
  'joiner-diverges',
  'reload-differs',
  'pending-clear-diverges',
  'oracle-error',
  'hang',
];
