/**
 * Deleting a room (`DELETE /room/<id>` with `Authorization: Bearer <owner key>`, ROOM_DELETE in
 * src/shared/room-protocol.ts): what a request is answered, the same for every adapter, in one
 * order: the room id, the browser's Origin (as for upgrades), the owner key, then the adapter's own
 * checks (Node: shutting down, and the new-rooms budget and disk quota for an id it holds nothing
 * for). The client's HTTP budget is spent before this, by each adapter's page budget (a DELETE is
 * never free of it: http-budget.ts), so guesses past it get 429 without a hash computed. Also the
 * notice a connection to a deleted room gets first. Runtime-free: adapters only translate.
 */
import * as encoding from 'lib0/encoding';
import { ownerKeyOpens, parseOwnerKey } from '../src/shared/room-owner.ts';
import { ROOM_DELETE, ROOM_DELETED_MESSAGE } from '../src/shared/room-protocol.ts';
import { HTTP, originAllowed, roomIdFromPath, type RelayLimits } from './policy.ts';
import type { Refusal } from './upgrade-checks.ts';

/** A deletion request as every adapter sees it. */
export interface DeleteRequest {
  readonly pathname: string;
  readonly origin: string | undefined;
  readonly host: string | undefined;
  /** The Authorization header as sent. */
  readonly authorization: string | undefined;
}

/** A check an adapter adds, run once the key has opened the room: null to go on. */
export type DeleteCheck = (roomId: string) => Refusal | null;

/** Whether a request is a room deletion (the adapter then asks `admitDelete`). */
export const isRoomDelete = (method: string | undefined, pathname: string): boolean =>
  method === ROOM_DELETE.method && pathname.startsWith(ROOM_DELETE.pathPrefix);

const BEARER = new RegExp(`^${ROOM_DELETE.scheme} +(\\S+) *$`, 'i');

/** The owner key's text in an Authorization header: 'missing', 'malformed', or the key as sent. */
export function ownerKeyFromHeader(header: string | undefined): 'missing' | 'malformed' | { readonly key: string } {
  if (header === undefined || header.trim() === '') return 'missing';
  const key = BEARER.exec(header)?.[1];
  return key !== undefined && parseOwnerKey(key) ? { key } : 'malformed';
}

/** Runs the checks in order: the room to delete, or the first refusal. */
export function admitDelete(
  request: DeleteRequest,
  shared: { readonly limits: RelayLimits; readonly hostIsRouted: boolean },
  own: readonly DeleteCheck[],
): { roomId: string } | { refusal: Refusal } {
  const parsed = roomIdFromPath(request.pathname);
  if ('error' in parsed) {
    return {
      refusal: parsed.error === 'bad-id' ? { kind: 'bad-id', ...HTTP.badRoomId } : { kind: 'not-a-room', status: 404, body: 'Not a room.' },
    };
  }
  if (!originAllowed(request.origin, request.host, shared.limits, shared.hostIsRouted))
    return { refusal: { kind: 'origin', ...HTTP.badOrigin } };
  const owner = ownerKeyFromHeader(request.authorization);
  if (owner === 'missing') return { refusal: { kind: 'owner-key-missing', ...HTTP.ownerKeyNeeded } };
  if (owner === 'malformed') return { refusal: { kind: 'owner-key-malformed', ...HTTP.ownerKeyNeeded } };
  if (!ownerKeyOpens(parsed.id, owner.key)) return { refusal: { kind: 'owner-key-wrong', ...HTTP.ownerKeyWrong } };
  for (const check of own) {
    const refusal = check(parsed.id);
    if (refusal) return { refusal };
  }
  return { roomId: parsed.id };
}

/** Headers a refusal of a deletion carries beside its status: the challenge of a 401, the wait of a 429 or 503. */
export function refusalHeaders(refusal: Refusal): Record<string, string> {
  return {
    ...(refusal.status === 401 ? { 'WWW-Authenticate': ROOM_DELETE.scheme } : {}),
    ...(refusal.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(refusal.retryAfterSeconds) }),
  };
}

/** The frame that tells a connection (of our client only) that the room was deleted at `deletedAt`. */
export function roomDeletedNotice(deletedAt: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, ROOM_DELETED_MESSAGE);
  encoding.writeVarUint(encoder, deletedAt);
  return encoding.toUint8Array(encoder);
}
