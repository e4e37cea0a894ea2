import { afterEach, describe, expect, it, vi } from 'vitest';
import { toBase64Url } from '../shared/bytes.ts';
import { PRESENCE_PROTOCOL_PREFIX } from '../shared/room-protocol.ts';
import { createFakeRelay } from './testing/fake-relay.ts';

// Every random secret in rooms comes from the one shared source (src/shared/bytes.ts).
vi.mock('../shared/bytes.ts', async (actual) => ({
  ...(await actual<typeof import('../shared/bytes.ts')>()),
  randomBytes: (n: number) => new Uint8Array(n).fill(7),
}));

const sevens = (n: number) => toBase64Url(new Uint8Array(n).fill(7));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('random secrets in rooms', () => {
  it('make room ids from the shared random bytes', async () => {
    const { newRoomId } = await import('./link.ts');
    expect(newRoomId()).toBe(sevens(16));
  });

  it('make the presence secret from the shared random bytes', async () => {
    const { connectRoom } = await import('./connection.ts');
    const { newRoomId } = await import('./link.ts');
    const relay = createFakeRelay();
    const conn = connectRoom(newRoomId(), relay.env, relay.clock, () => undefined);
    conn.provider.connect();
    expect(relay.last().protocols).toContain(`${PRESENCE_PROTOCOL_PREFIX}${sevens(16)}`);
    conn.dispose();
    relay.dispose();
  });
});
