/** Messages and updates as honest and hostile clients make them, for the relay's tests. */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { writePresence } from '../presence.ts';

/** A y-websocket sync update message carrying `update`. */
export function syncUpdate(update: Uint8Array): Uint8Array<ArrayBuffer> {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return new Uint8Array(encoding.toUint8Array(e));
}

/** The update a real client makes for `edit` on `doc`. */
export function changeOf(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const keep = (u: Uint8Array) => updates.push(u);
  doc.on('update', keep);
  edit(doc);
  doc.off('update', keep);
  return Y.mergeUpdates(updates);
}

/** A y-websocket awareness message with one presence entry (`state` as JSON). */
export function presenceMessage(clientId: number, state: object, clock = 1): Uint8Array<ArrayBuffer> {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, writePresence([{ clientId, clock, state: JSON.stringify(state) }]));
  return new Uint8Array(encoding.toUint8Array(e));
}
