/**
 * Simulated members of a room, for the browser tests and bench/room-people.ts: each opens its own
 * WebSocket to the relay as the app does (the app's subprotocols), writes its name into the room's
 * document, and sends presence as the app does (memberId, name, pressed, recent inhale onsets,
 * score), through the app's own publisher, so no more often than `presenceIntervalMs(room size)`.
 * By default each breathes on a rhythm of its own (8 to 12 s a breath, pressed while breathing in).
 * What the relay sends back is read and dropped: a page of 200 members is what is measured, not 200
 * decoders in this process. The relay and these members share this machine's clock, so its time
 * is server time here.
 */
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { seeded } from '../src/core/random.ts';
import { createPresencePublisher } from '../src/room/presence.ts';
import { type Presence, writeName } from '../src/room/schema.ts';
import { randomBytes, toBase64Url } from '../src/shared/bytes.ts';
import { APP_PROTOCOL, PRESENCE_PROTOCOL_PREFIX } from '../src/shared/room-protocol.ts';
import { syncUpdate } from '../sync-server/testing/updates.ts';

/** One simulated member. */
export interface FakeMember {
  readonly memberId: string;
  /** Its name ('' for one who gave none). */
  readonly name: string;
  press(): void;
  release(): void;
  /** Each press (epoch ms) and when its presence left for the relay (null until it has). */
  readonly presses: readonly { readonly at: number; readonly sentAt: number | null }[];
  /** Presence messages sent so far. */
  readonly sent: number;
}

/** Simulated members in one room. */
export interface FakeMembers {
  readonly members: readonly FakeMember[];
  /** Says goodbye (an empty presence) and closes every socket. */
  close(): Promise<void>;
}

export interface FakeMemberOptions {
  /** Members in the room besides these (the pages under test): presence is paced by the whole room's size. */
  readonly others?: number;
  /** Whether each breathes on its own rhythm; without it, a member presses only when told. Default true. */
  readonly breathe?: boolean;
  /** Seeds names, rhythms and scores, so a run can be repeated. */
  readonly seed?: number;
}

// biome-ignore format: a table of names
const FIRST = [
  'Ada', 'Bo', 'Chidi', 'Dörte', 'Émile', 'Farah', 'Gao', 'Hana', 'Ilse', 'Jonas', 'Kemal', 'Lior', 'Mei', 'Nadia', 'Olu',
  'Priya', 'Quinn', 'Rosa', 'Sven', 'Tamar', 'Uma', 'Vikram', 'Wren', 'Xiu', 'Yusuf', 'Zofia', 'Aroha', 'Bjørn', 'Carmen', 'Dmitri',
  'Esi', 'Fionn', 'Giulia',
];
const LAST = ['Okafor', 'Nakamura', 'Lindqvist', 'Haddad', 'García', 'Novak', 'Mensah', 'Kowalczyk', 'Ibrahim', 'Chen', 'Ó Briain'];
/** The longest name the app keeps (40 characters): the list must cut it, not overflow. */
export const LONG_NAME = 'Maximiliana Wolfeschlegelsteinhausen-Ber';
const ONSETS_KEPT = 12;
const RENEW_MS = 10_000; // y-protocols drops a presence not renewed within 30 s

/** The name of simulated member `i`: unique, some long, one in fifty without a name. */
export function fakeName(i: number): string {
  if (i === 4) return LONG_NAME;
  if (i % 50 === 49) return '';
  return `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= FIRST.length * LAST.length ? ` ${i}` : ''}`;
}

function awarenessFrame(clientId: number, clock: number, state: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // awareness message
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1); // one entry
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, state);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

function syncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // sync message
  encoding.writeVarUint(e, 0); // step 1
  encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  return encoding.toUint8Array(e);
}

/** Opens a socket to `url`, trying again a few times if the handshake fails (a busy machine resets some). */
async function openSocket(url: string, protocols: string[], tries = 3): Promise<WebSocket> {
  for (let attempt = 1; ; attempt++) {
    const ws = new WebSocket(url, protocols);
    try {
      await new Promise<void>((ok, fail) => {
        ws.once('open', () => ok());
        ws.once('error', fail);
      });
      ws.removeAllListeners('error');
      ws.on('error', () => undefined); // reason: a socket the relay drops at teardown has nothing to report
      ws.on('message', () => undefined); // read and dropped (see the top of this file)
      return ws;
    } catch (error) {
      if (attempt >= tries) throw error;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/** Connects one member; resolves once its socket is open and its name and first presence are sent. */
async function connectMember(
  wsUrl: string,
  i: number,
  roomSize: number,
  next: () => number,
  breathe: boolean,
): Promise<FakeMember & { stop(): Promise<void> }> {
  const doc = new Y.Doc();
  const memberId = toBase64Url(randomBytes(16));
  const name = fakeName(i);
  const secret = toBase64Url(randomBytes(16));
  const ws = await openSocket(wsUrl, [APP_PROTOCOL, `${PRESENCE_PROTOCOL_PREFIX}${secret}`]);
  const presses: { at: number; sentAt: number | null }[] = [];
  const onsets: number[] = [];
  const baseScore = next() < 0.2 ? null : Math.round(40 + next() * 55);
  let pressed = false;
  let clock = 0;
  let lastSent = 0;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      run();
    }, ms);
    timers.add(t);
  };

  const send = () => {
    if (ws.readyState !== WebSocket.OPEN) return;
    const presence: Presence = {
      memberId,
      name,
      pressed,
      onsets: onsets.slice(-ONSETS_KEPT),
      score: baseScore === null || onsets.length < 2 ? null : Math.min(100, baseScore + Math.round(next() * 6 - 3)),
    };
    ws.send(awarenessFrame(doc.clientID, ++clock, JSON.stringify(presence)));
    member.sent++;
    lastSent = Date.now();
    const last = presses.at(-1);
    if (pressed && last && last.sentAt === null) last.sentAt = lastSent;
  };
  const publisher = createPresencePublisher({ now: () => Date.now(), dispose: () => undefined }, () => roomSize, send);
  const renew = () => {
    if (Date.now() - lastSent >= RENEW_MS) send();
    later(RENEW_MS / 2, renew);
  };

  const member = {
    memberId,
    name,
    presses,
    sent: 0,
    press() {
      if (pressed) return;
      pressed = true;
      const at = Date.now();
      presses.push({ at, sentAt: null });
      onsets.push(at);
      if (onsets.length > ONSETS_KEPT) onsets.shift();
      publisher.publish();
    },
    release() {
      if (!pressed) return;
      pressed = false;
      publisher.publish();
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
      publisher.dispose();
      if (ws.readyState === WebSocket.OPEN) ws.send(awarenessFrame(doc.clientID, ++clock, 'null'));
      if (ws.readyState === WebSocket.CLOSED) return;
      await new Promise<void>((done) => {
        ws.once('close', () => done());
        ws.close();
      });
    },
  };

  /** Breathes: in for 40-50 % of a breath of 8-12 s, from a random point of the first breath. */
  const breatheOn = () => {
    const breathMs = 8000 + next() * 4000;
    const inMs = breathMs * (0.4 + next() * 0.1);
    const cycle = () => {
      member.press();
      later(inMs, () => member.release());
      later(breathMs, cycle);
    };
    later(next() * breathMs, cycle);
  };

  ws.send(syncStep1(doc));
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  if (name) writeName(doc, memberId, name);
  for (const u of updates) ws.send(syncUpdate(u));
  send();
  renew();
  if (breathe) breatheOn();
  return member;
}

/** Adds `n` simulated members to room `roomId` of the relay at `baseUrl` (http://host:port); resolves once all are in. */
export async function addFakeMembers(baseUrl: string, roomId: string, n: number, options: FakeMemberOptions = {}): Promise<FakeMembers> {
  const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/room/${roomId}`;
  const roomSize = n + (options.others ?? 1);
  const members: Awaited<ReturnType<typeof connectMember>>[] = [];
  // A few at a time: a room filling is people arriving, not one burst of 200 handshakes.
  for (let i = 0; i < n; i += 20) {
    const batch = Array.from({ length: Math.min(20, n - i) }, (_, k) =>
      connectMember(wsUrl, i + k, roomSize, seeded((options.seed ?? 1) * 100_003 + i + k), options.breathe ?? true),
    );
    members.push(...(await Promise.all(batch)));
  }
  return {
    members,
    async close() {
      await Promise.all(members.map((m) => m.stop()));
    },
  };
}
