/** Deleting a room: what a request is answered, in one order for every adapter, and the notice. */
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { randomBytes, toBase64Url } from '../src/shared/bytes.ts';
import { OWNER_KEY_BYTES, roomIdOfOwnerKey } from '../src/shared/room-owner.ts';
import { ROOM_DELETED_MESSAGE } from '../src/shared/room-protocol.ts';
import { DEFAULT_LIMITS } from './policy.ts';
import {
  admitDelete,
  type DeleteCheck,
  type DeleteRequest,
  isRoomDelete,
  ownerKeyFromHeader,
  refusalHeaders,
  roomDeletedNotice,
} from './room-delete.ts';

const key = randomBytes(OWNER_KEY_BYTES);
const KEY = toBase64Url(key);
const ROOM = roomIdOfOwnerKey(key);
const request = (over: Partial<DeleteRequest> = {}): DeleteRequest => ({
  pathname: `/room/${ROOM}`,
  origin: undefined,
  host: '127.0.0.1:8080',
  authorization: `Bearer ${KEY}`,
  ...over,
});
const shared = { limits: DEFAULT_LIMITS, hostIsRouted: false };
const verdict = (r: DeleteRequest, own: DeleteCheck[] = []) => {
  const admitted = admitDelete(r, shared, own);
  return 'refusal' in admitted ? `${admitted.refusal.status} ${admitted.refusal.kind}` : `ok ${admitted.roomId}`;
};

describe('room deletion', () => {
  it('is a DELETE under /room/ only', () => {
    expect(isRoomDelete('DELETE', `/room/${ROOM}`)).toBe(true);
    expect(isRoomDelete('DELETE', '/room/x/y')).toBe(true); // answered 404 by admitDelete
    expect(isRoomDelete('GET', `/room/${ROOM}`)).toBe(false);
    expect(isRoomDelete('delete', `/room/${ROOM}`)).toBe(false); // methods are case-sensitive (RFC 9110)
    expect(isRoomDelete('DELETE', '/rooms/x')).toBe(false);
    expect(isRoomDelete(undefined, `/room/${ROOM}`)).toBe(false);
  });

  it('answers each request by the first check it fails: room id, Origin, owner key, the adapter', () => {
    const calls: string[] = [];
    const adapter: DeleteCheck = (id) => {
      calls.push(id);
      return { kind: 'new-rooms', status: 429, body: '', retryAfterSeconds: 180 };
    };
    const evil = { origin: 'https://evil.example', authorization: undefined };
    expect(verdict(request({ pathname: '/room/not-an-id', ...evil }), [adapter])).toBe('400 bad-id');
    expect(verdict(request({ pathname: '/room/a/b', ...evil }), [adapter])).toBe('404 not-a-room');
    expect(verdict(request(evil), [adapter])).toBe('403 origin');
    expect(verdict(request({ authorization: undefined }), [adapter])).toBe('401 owner-key-missing');
    expect(verdict(request({ authorization: '' }), [adapter])).toBe('401 owner-key-missing');
    expect(verdict(request({ authorization: KEY }), [adapter])).toBe('401 owner-key-malformed');
    expect(verdict(request({ authorization: `Basic ${KEY}` }), [adapter])).toBe('401 owner-key-malformed');
    expect(verdict(request({ authorization: `Bearer ${KEY}x` }), [adapter])).toBe('401 owner-key-malformed');
    expect(verdict(request({ authorization: `Bearer ${KEY} ${KEY}` }), [adapter])).toBe('401 owner-key-malformed');
    const other = toBase64Url(randomBytes(OWNER_KEY_BYTES));
    expect(verdict(request({ authorization: `Bearer ${other}` }), [adapter])).toBe('403 owner-key-wrong');
    expect(calls).toEqual([]);
    expect(verdict(request(), [adapter])).toBe('429 new-rooms');
    expect(calls).toEqual([ROOM]);
    expect(verdict(request())).toBe(`ok ${ROOM}`);
  });

  it('takes the scheme in any case and the Origin the relay serves', () => {
    expect(verdict(request({ authorization: `bearer  ${KEY}` }))).toBe(`ok ${ROOM}`);
    expect(verdict(request({ origin: 'http://127.0.0.1:8080' }))).toBe(`ok ${ROOM}`);
    expect(admitDelete(request({ origin: 'https://breathe.example', host: 'breathe.example' }), shared, [])).toHaveProperty('refusal');
    const routed = admitDelete(
      request({ origin: 'https://breathe.example', host: 'breathe.example' }),
      { ...shared, hostIsRouted: true },
      [],
    );
    expect(routed).toEqual({ roomId: ROOM });
  });

  it('reads the owner key out of the Authorization header', () => {
    expect(ownerKeyFromHeader(undefined)).toBe('missing');
    expect(ownerKeyFromHeader('Bearer')).toBe('malformed');
    expect(ownerKeyFromHeader(`Bearer ${KEY}`)).toEqual({ key: KEY });
  });

  it('gives a 401 its challenge and a refusal with a wait its Retry-After', () => {
    expect(refusalHeaders({ kind: 'owner-key-missing', status: 401, body: '' })).toEqual({ 'WWW-Authenticate': 'Bearer' });
    expect(refusalHeaders({ kind: 'new-rooms', status: 429, body: '', retryAfterSeconds: 9 })).toEqual({ 'Retry-After': '9' });
    expect(refusalHeaders({ kind: 'owner-key-wrong', status: 403, body: '' })).toEqual({});
  });

  it('encodes the notice as [varUint 8][varUint deletedAt], for epoch milliseconds past 2^32', () => {
    for (const at of [0, 1, 127, 128, 2 ** 32 + 5, Date.now(), Number.MAX_SAFE_INTEGER]) {
      const decoder = decoding.createDecoder(roomDeletedNotice(at));
      expect(decoding.readVarUint(decoder)).toBe(ROOM_DELETED_MESSAGE);
      expect(decoding.readVarUint(decoder)).toBe(at);
      expect(decoding.hasContent(decoder)).toBe(false);
    }
  });
});
