/**
 * A shard of a big room on Cloudflare: a Durable Object (named `<room id>#<k>`) that holds some of
 * the room's members when the room's own object (room-object.ts) is full, so a room is not bound
 * to what one object can carry. It keeps its members' sockets (hibernation API) and runs the same
 * member rules as a room (room-member.ts: message and byte budgets, presence ownership, size and
 * rate), but holds no document: every document message goes to the room's object by RPC, which
 * applies and stores it (one writer) and sends the answer back; changes come back from there to be
 * relayed to the members here (never to their sender). Its members' presence is summed here into a
 * part of the room's field (room-field.ts), sent to the room several times a second; the room adds
 * every part to its own and sends the finished frame back, which goes out to every member here.
 */
import { DurableObject } from 'cloudflare:workers';
import { messageYjsSyncStep1 } from 'y-protocols/sync';
import { FIELD_INTERVAL_MS } from '../../src/shared/room-field.ts';
import { APP_PROTOCOL, CLOSE, limitsFromEnv, presenceKeyFromProtocols, type RelayLimits } from '../policy.ts';
import { fieldInstant } from '../room-field.ts';
import { createMember, type DocumentHandler, type Member, type MemberContext, type Peer } from '../room-member.ts';
import { createRoomPresence, type RoomPresence } from '../room-presence.ts';
import { settings, type WorkerEnv } from './env.ts';
import { type HibernatedSockets, hibernatedSockets, type PresenceAttachment } from './hibernated-socket.ts';
import type { RoomObject } from './room-object.ts';
import { ROOM_HEADER, SHARD_HEADER } from './shard-headers.ts';

/** A shard sends its part of the field this often: twice per frame, so the room has one for each frame's instant. */
export const PART_INTERVAL_MS = FIELD_INTERVAL_MS / 2;

/** What a socket carries across hibernation. */
interface Attachment extends PresenceAttachment {
  readonly client?: string;
  /** This member among the shard's, so that the room's object can leave it out of its own change. */
  readonly tag: string;
  readonly room: string;
  readonly shard: number;
}

interface Held {
  readonly member: Member;
  readonly peer: Peer;
  readonly tag: string;
  /** Whether its dropped dependencies were logged (once per member: logs stay bounded). */
  droppedLogged?: boolean;
}

export class ShardObject extends DurableObject<WorkerEnv> {
  private readonly limits: RelayLimits;
  private readonly peers = new Set<Peer>();
  private readonly held = new Map<WebSocket, Held>();
  private readonly sockets = new Map<Peer, WebSocket>();
  /** Its members' sockets: messages, refusals and closes (hibernated-socket.ts). */
  private readonly hibernated: HibernatedSockets;
  private readonly presence: RoomPresence<Peer>;
  private readonly context: MemberContext;
  private home: { room: string; shard: number } | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly counters = { messagesIn: 0, bytesIn: 0 };
  /** The room's document size, as its object last said: a sync step 1 is charged by it before the room does the work. */
  private docBytes = 0;
  /** Newcomers the room handed here since the last part: the room stops counting them as pending. */
  private arrivals = 0;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.limits = limitsFromEnv(settings(env));
    this.hibernated = hibernatedSockets({
      member: (ws) => this.held.get(ws)?.member,
      left: (ws) => this.left(ws),
      maxFrameBytes: this.limits.maxFrameBytes,
    });
    const send = (peer: Peer, data: Uint8Array) => {
      // reason: a socket that throws while closing must not break the loop over members
      try {
        peer.send(data);
      } catch {}
    };
    this.presence = createRoomPresence<Peer>({
      maxMembers: this.limits.maxMembersPerRoom,
      fieldAbove: this.limits.fieldAbove,
      members: () => this.peers,
      send,
      dropped: () => {},
      relayed: true,
    });
    this.context = {
      presence: this.presence,
      peers: this.peers,
      send,
      document: this.document,
      limits: this.limits,
      counters: this.counters,
    };
    void ctx.blockConcurrencyWhile(async () => {
      for (const ws of ctx.getWebSockets()) {
        if (ws.readyState !== WebSocket.OPEN) continue;
        const a = ws.deserializeAttachment() as Attachment | null;
        if (a) this.attach(ws, a, true);
      }
    });
  }

  private roomStub: DurableObjectStub<RoomObject> | null = null;

  /** The room's object, by RPC: one stub, so that calls to it arrive in the order they were made. */
  private room(): DurableObjectStub<RoomObject> {
    this.roomStub ??= this.env.ROOMS.get(this.env.ROOMS.idFromName(this.home!.room));
    return this.roomStub;
  }

  /**
   * A member's document message goes to the room's object; its answer, its cost and any refusal
   * come back. A sync step 1 is charged before it goes, as if its answer were the whole document
   * (the most one costs), so a flood is closed here after as many messages as in the room, not
   * once all of a burst has made the room's one writer encode the document; when the answer comes
   * the charge is settled to what the room charges its own members (the difference refunded).
   */
  private readonly document: DocumentHandler = (peer, step, payload, spend) => {
    if (step > 2) return 'malformed';
    const ws = this.sockets.get(peer);
    const held = ws && this.held.get(ws);
    if (!held || !this.home) return null;
    const estimate = step === messageYjsSyncStep1 ? Math.max(payload.length, this.docBytes) : 0;
    spend(estimate);
    this.room()
      .shardDocument(this.home.room, this.home.shard, held.tag, step, payload)
      .then(
        ({ reply, refusal, work, droppedPending, bytes }) => {
          this.docBytes = bytes;
          spend(work - estimate);
          if (droppedPending && !held.droppedLogged) {
            held.droppedLogged = true;
            console.log('limit pending-dropped');
          }
          if (reply) peer.send(reply);
          if (refusal) this.hibernated.refuse(ws, refusal);
        },
        () => this.lost(ws),
      );
    return null;
  };

  private attach(ws: WebSocket, a: Attachment, resumed: boolean): void {
    this.home = { room: a.room, shard: a.shard };
    const peer: Peer = {
      client: a.client,
      send: (data) => ws.readyState === WebSocket.OPEN && ws.send(data),
      close: (code, reason) => this.hibernated.closeWith(ws, code, reason),
      bufferedAmount: 0,
    };
    const now = Date.now();
    this.peers.add(peer);
    this.sockets.set(peer, ws);
    this.presence.join(peer, now, a.presenceIds);
    const member = createMember(this.context, peer, now, { resumed, presenceIds: a.presenceIds });
    this.held.set(ws, { member, peer, tag: a.tag });
    this.timer ??= setInterval(() => this.sendPart(), PART_INTERVAL_MS);
  }

  /** This shard's part of the field, for the frame instant ahead, with how many it holds. */
  private sendPart(): void {
    if (!this.home) return;
    const part = this.presence.part(fieldInstant(Date.now() + PART_INTERVAL_MS));
    const members = this.held.size;
    const arrived = this.arrivals;
    this.arrivals = 0;
    if (members === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    // reason: a room's object that is restarting misses one part; the next one (on a new stub) carries the same
    this.room()
      .shardPart(this.home.room, this.home.shard, members, arrived, part)
      .then(
        // The room could not tell us of a change (or a restore, or its deletion): our members sync again.
        (missed) => missed && this.closeAll(CLOSE[missed].code, CLOSE[missed].reason),
        () => {
          this.roomStub = null;
          this.arrivals += arrived; // told with the next part
        },
      );
  }

  override async fetch(request: Request): Promise<Response> {
    const room = request.headers.get(ROOM_HEADER);
    const shard = Number(request.headers.get(SHARD_HEADER));
    if (!room || !Number.isInteger(shard)) return new Response(null, { status: 400 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const address = request.headers.get('CF-Connecting-IP');
    const protocols = request.headers.get('Sec-WebSocket-Protocol') ?? undefined;
    const attachment: Attachment = {
      presenceIds: [],
      client: presenceKeyFromProtocols(protocols) ?? (address ? `address:${address}` : undefined),
      tag: crypto.randomUUID(),
      room,
      shard,
    };
    server.serializeAttachment(attachment);
    this.attach(server, attachment, false);
    this.arrivals++;
    // The room's field so far, then sync step 1 of its document (the newcomer's own changes come back as step 2).
    const field = this.presence.all();
    if (field) server.send(field);
    this.room()
      .shardGreeting()
      .then(
        ({ greeting, bytes }) => {
          this.docBytes = bytes;
          if (server.readyState === WebSocket.OPEN) server.send(greeting);
        },
        () => this.lost(server),
      );
    const offered = protocols?.split(',').map((p) => p.trim()) ?? [];
    // Which shard answered (an index, nothing about anyone): for operators and tests.
    const headers: Record<string, string> = { [SHARD_HEADER]: String(shard) };
    if (offered.includes(APP_PROTOCOL)) headers['Sec-WebSocket-Protocol'] = APP_PROTOCOL;
    return new Response(null, { status: 101, webSocket: client, headers });
  }

  override async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string): Promise<void> {
    this.hibernated.message(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.hibernated.closed(ws, code);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.hibernated.errored(ws);
  }

  /** RPC from the room's object: its field frame, for every member here. */
  field(frame: Uint8Array): void {
    this.presence.relayField(frame);
  }

  /** RPC from the room's object: a document change, for every member here but its sender (`except`, a tag). */
  update(frame: Uint8Array, except: string | null): void {
    for (const { peer, tag } of this.held.values()) if (tag !== except) peer.send(frame);
  }

  /** RPC from the room's object: every member here is closed (the room was deleted). */
  closeAll(code: number, reason: string): void {
    for (const ws of [...this.held.keys()]) this.hibernated.closeWith(ws, code, reason);
  }

  /** The room's object did not answer for this member: it is closed to sync again, and the next call uses a new stub. */
  private lost(ws: WebSocket): void {
    this.roomStub = null;
    this.hibernated.refuse(ws, 'storageFailed');
  }

  private left(ws: WebSocket): void {
    const held = this.held.get(ws);
    if (!held) return;
    this.held.delete(ws);
    this.sockets.delete(held.peer);
    held.member.leave();
  }
}
