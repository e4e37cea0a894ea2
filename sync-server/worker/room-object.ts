/**
 * One room on Cloudflare: a Durable Object (one per room id, so one owner) that runs the same
 * runtime-free room as the Node adapter (sync-server/room.ts, coalesced presence included) over the
 * WebSocket hibernation API. Every document change is appended to the object's SQLite storage as
 * it happens (writes are synchronous there, and confirmed before the object answers), and folded
 * into one state row when the last member leaves or the log grows; so eviction or a deploy loses
 * nothing and no timer keeps a quiet room awake. An object that was evicted or hibernated rebuilds
 * the document from storage before it answers anyone. When the host deletes the room, its members
 * are closed with 4410, the object's storage is deleted whole, and only a tombstone (when) is kept,
 * until the alarm deletes it with the rest once the room has been idle for the retention time.
 * Past RELAY_SHARD_MEMBERS members it sends newcomers to its shards (shard-object.ts) and stays the
 * one writer of the document for them (shardDocument), and the one maker of the field (shardPart).
 */
import { DurableObject } from 'cloudflare:workers';
import * as syncProtocol from 'y-protocols/sync';
import {
  APP_PROTOCOL,
  CLOSE,
  limitsFromEnv,
  presenceKeyFromProtocols,
  type CloseKind,
  type LimitKind,
  type RelayLimits,
} from '../policy.ts';
import { createRoom, newCounters, RoomLoadError, type Member, type Peer, type RemoteDocumentResult, type Room } from '../room.ts';
import { roomDeletedNotice } from '../room-delete.ts';
import type { FieldPart } from '../room-field.ts';
import { frame, MESSAGE_SYNC } from '../room-member.ts';
import { settings, type WorkerEnv } from './env.ts';
import { type HibernatedSockets, hibernatedSockets, type PresenceAttachment } from './hibernated-socket.ts';
import { createOutbox } from './outbox.ts';
import { ROOM_HEADER, SHARD_HEADER, SHARD_REDIRECT_STATUS, shardName } from './shard-headers.ts';
import type { ShardObject } from './shard-object.ts';
import { createShardRegistry } from './shard-registry.ts';

/** The update log is folded into the state row past this many entries. */
const COMPACT_AFTER = 200;

/**
 * A room is deleted at most this much later than the retention time after it was last opened: the
 * alarm is set this far past it, and moved only once it falls short. Setting it on every upgrade
 * was a storage write per connection (0.7 ms of CPU each in local workerd, 40% of connecting).
 */
const alarmSlackMs = (retentionMs: number) => Math.min(60 * 60_000, retentionMs / 10);

/** What a socket carries across hibernation (`serializeAttachment`, at most 2 KiB). */
interface Attachment extends PresenceAttachment {
  /** Who the client is for presence (its tab's secret, or CF-Connecting-IP): presence ids it leaves behind are kept for it. */
  readonly client?: string;
}

export class RoomObject extends DurableObject<WorkerEnv> {
  private readonly limits: RelayLimits;
  private room!: Room;
  private readonly members = new Map<WebSocket, Member>();
  /** Its members' sockets: messages, refusals and closes (hibernated-socket.ts). */
  private readonly hibernated: HibernatedSockets;
  private logged = 0;
  /** When the host deleted the room, while its tombstone is kept. */
  private deletedAt: number | null = null;
  /** When the alarm is set for, as this instance last set it (unknown after a restart: set again once). */
  private alarmAt: number | null = null;
  private readonly logged_kinds = new WeakMap<Peer, Set<LimitKind>>();
  /** The room's id (the name the Worker gave this object), once an upgrade or a shard said it. */
  private roomName: string | null = null;
  /** What it knows of its shards: who they hold, their parts of the field (shard-registry.ts). */
  private readonly shards = createShardRegistry();
  /** Shards that missed a change (or a restore) they could not be told of: their next part is answered with this close for their members. */
  private readonly missed = new Map<number, CloseKind>();
  private readonly stubs = new Map<number, DurableObjectStub<ShardObject>>();
  /** Set while a shard member's change is applied: its shard relays it to everyone there but its sender. */
  private origin: { shard: number; tag: string } | null = null;
  /** Every frame to a member goes through it: a busy room's presence is paced per socket (outbox.ts). */
  private readonly outbox = createOutbox<WebSocket>((ws, frame) => {
    // reason: a socket being closed throws on send; what it would have got no longer matters
    try {
      ws.send(frame);
    } catch {}
  });

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.limits = limitsFromEnv(settings(env));
    this.hibernated = hibernatedSockets({
      member: (ws) => this.members.get(ws),
      left: (ws) => this.left(ws),
      maxFrameBytes: this.limits.maxFrameBytes,
    });
    // Nothing is answered before the document is back from storage: an evicted object must never
    // serve an empty room (and then store the emptiness over the real one).
    void ctx.blockConcurrencyWhile(async () => {
      this.load();
      // Connections that outlived the object in memory (hibernation) carry on where they were.
      for (const ws of ctx.getWebSockets()) {
        if (ws.readyState !== WebSocket.OPEN) continue;
        const attachment = ws.deserializeAttachment() as Attachment | null;
        this.attach(ws, { resumed: true, presenceIds: attachment?.presenceIds ?? [], client: attachment?.client });
      }
    });
  }

  /** (Re)creates the tables and the room from what is stored; a room that does not load is set aside and starts empty. */
  private load(): void {
    const sql = this.ctx.storage.sql;
    sql.exec('CREATE TABLE IF NOT EXISTS doc (id INTEGER PRIMARY KEY CHECK (id = 1), state BLOB NOT NULL, updated INTEGER NOT NULL)');
    sql.exec('CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL)');
    // The host deleted the room at deleted_at (nothing else is kept of it).
    sql.exec('CREATE TABLE IF NOT EXISTS tombstone (id INTEGER PRIMARY KEY CHECK (id = 1), deleted_at INTEGER NOT NULL)');
    this.deletedAt = sql.exec<{ deleted_at: number }>('SELECT deleted_at FROM tombstone WHERE id = 1').toArray()[0]?.deleted_at ?? null;
    const row = sql.exec<{ state: ArrayBuffer }>('SELECT state FROM doc WHERE id = 1').toArray()[0];
    const updates = sql.exec<{ data: ArrayBuffer }>('SELECT data FROM updates ORDER BY seq').toArray();
    const stored = [...(row ? [new Uint8Array(row.state)] : []), ...updates.map((u) => new Uint8Array(u.data))];
    this.room?.destroy();
    try {
      this.room = this.createRoom(stored);
      this.logged = updates.length;
    } catch (error) {
      if (!(error instanceof RoomLoadError)) throw error;
      // Kept, not deleted: an operator can look at it; the room starts empty and members' copies refill it.
      console.error(`room set aside: ${error.message}`);
      this.ctx.storage.transactionSync(() => {
        sql.exec(
          'CREATE TABLE IF NOT EXISTS set_aside (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, data BLOB NOT NULL, at INTEGER NOT NULL)',
        );
        sql.exec("INSERT INTO set_aside (kind, data, at) SELECT 'state', state, ? FROM doc", Date.now());
        sql.exec("INSERT INTO set_aside (kind, data, at) SELECT 'update', data, ? FROM updates ORDER BY seq", Date.now());
        sql.exec('DELETE FROM doc');
        sql.exec('DELETE FROM updates');
      });
      this.room = this.createRoom([]);
      this.logged = 0;
    }
  }

  private createRoom(stored: readonly Uint8Array[]): Room {
    return createRoom(this.ctx.id.toString(), {
      limits: this.limits,
      counters: newCounters(),
      stored,
      onLimit: (kind, peer) => {
        // The room went back to a good state: shard members hold the rolled-back one too.
        if (kind === 'restored') this.closeShards('roomRestored');
        this.limitLog(kind, peer);
      },
      onCheckpoint: (state) => this.storeState(state),
      onDocChange: (update) => {
        this.ctx.storage.sql.exec('INSERT INTO updates (data) VALUES (?)', update);
        if (++this.logged > COMPACT_AFTER) this.compact();
        const live = this.shards.live(Date.now());
        if (live.length > 0) {
          const data = frame(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update));
          for (const k of live) this.sendUpdate(k, data, this.origin?.shard === k ? this.origin.tag : null);
        }
      },
      outside: {
        members: () => this.shards.members(Date.now()),
        parts: (at) => this.shards.parts(at, Date.now()),
      },
      onField: (data) => {
        // reason: a shard that is gone has no members left to tell (a broken stub is made anew next time); the next frame carries the same
        for (const k of this.shards.live(Date.now()))
          this.shard(k)
            .field(data)
            .catch(() => this.stubs.delete(k));
      },
    });
  }

  /**
   * A document change to shard `k`, tried again once on a fresh stub: a change a shard's members
   * never get leaves them diverged, so past that they are closed to sync again (1011, as a shard
   * closes a member whose change the room's object did not answer), now or at the shard's next part.
   */
  private sendUpdate(k: number, data: Uint8Array, except: string | null): void {
    const retry = () => {
      this.stubs.delete(k);
      this.shard(k)
        .update(data, except)
        .catch(() => {
          this.stubs.delete(k);
          this.closeShard(k, 'storageFailed');
        });
    };
    this.shard(k).update(data, except).catch(retry);
  }

  /** Closes every member of every shard that may hold some (the room changed under them). */
  private closeShards(kind: CloseKind): void {
    for (const k of this.shards.known()) this.closeShard(k, kind);
  }

  /** Closes shard `k`'s members with `kind`; when it cannot be told now, its next part is answered so. */
  private closeShard(k: number, kind: CloseKind): void {
    this.shard(k)
      .closeAll(CLOSE[kind].code, CLOSE[kind].reason)
      .catch(() => {
        this.stubs.delete(k);
        this.missed.set(k, kind);
      });
  }

  /** Shard `k` of this room, by RPC: one stub each, so that calls to it arrive in the order they were made. */
  private shard(k: number) {
    let stub = this.stubs.get(k);
    if (!stub) {
      stub = this.env.SHARDS.get(this.env.SHARDS.idFromName(shardName(this.roomName!, k)));
      this.stubs.set(k, stub);
    }
    return stub;
  }

  /** Members one object holds: never a room below the field threshold spread over shards. */
  private get shardSize(): number {
    return Math.max(this.limits.shardMembers, this.limits.fieldAbove + 1);
  }

  /** The shard a newcomer goes to: the first with room (a new one when all are full). */
  private pickShard(now: number): number {
    for (let k = 0; ; k++) if (this.shards.members(now, k) < this.shardSize) return k;
  }

  /**
   * RPC from a shard: its members' part of the field, how many it holds, and how many newcomers
   * reached it since its last part (hand-offs no longer pending). The answer is how to
   * close its members when they missed a change it could not be told of (null: carry on).
   */
  shardPart(room: string, k: number, members: number, arrived: number, part: FieldPart): CloseKind | null {
    this.roomName ??= room;
    this.shards.part(k, members, arrived, part, Date.now());
    this.room.recount();
    const missed = this.missed.get(k) ?? null;
    this.missed.delete(k);
    return missed;
  }

  /** RPC from a shard: what its newcomer is sent first (sync step 1), with the document's size (the shard charges its members' sync step 1s by it). */
  shardGreeting(): { greeting: Uint8Array; bytes: number } {
    return { greeting: this.room.greeting(), bytes: this.room.stats().bytes };
  }

  /** RPC from a shard: one member's document message, done here (the one writer); the answer goes back. */
  shardDocument(room: string, k: number, tag: string, step: number, payload: Uint8Array): RemoteDocumentResult {
    this.roomName ??= room;
    this.origin = { shard: k, tag };
    try {
      return this.room.remoteDocument(step, payload);
    } finally {
      this.origin = null;
    }
  }

  /** One log line per limit kind and member (a member that floods a limit costs the logs nothing). */
  private limitLog(kind: LimitKind, peer: Peer | null): void {
    if (!peer) return void console.log(`limit ${kind}`);
    const logged = this.logged_kinds.get(peer) ?? new Set<LimitKind>();
    if (logged.has(kind)) return;
    logged.add(kind);
    this.logged_kinds.set(peer, logged);
    console.log(`limit ${kind}`);
  }

  /** Folds the update log into the state row: the room proves its state loads back and hands it to storeState. */
  private compact(): void {
    this.room.checkpoint();
  }

  /** Stores a state proved to load back in place of the update log. */
  private storeState(state: Uint8Array): void {
    this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec('INSERT OR REPLACE INTO doc (id, state, updated) VALUES (1, ?, ?)', state, Date.now());
      this.ctx.storage.sql.exec('DELETE FROM updates');
    });
    this.logged = 0;
    this.keepAlarmAhead();
  }

  /** The room is in use now: it is deleted only once nobody has opened it for the retention time (see alarm()). */
  private keepAlarmAhead(): void {
    const due = Date.now() + this.limits.deleteRoomAfterMs;
    if (this.alarmAt !== null && this.alarmAt >= due) return;
    this.alarmAt = due + alarmSlackMs(this.limits.deleteRoomAfterMs);
    void this.ctx.storage.setAlarm(this.alarmAt);
  }

  private attach(ws: WebSocket, options: { resumed: boolean; presenceIds?: number[]; client?: string }): Member {
    const peer: Peer = {
      client: options.client,
      send: (data) => this.outbox.send(ws, data),
      close: (code, reason) => this.hibernated.closeWith(ws, code, reason),
      // The runtime buffers and applies backpressure itself; it does not say how much is queued.
      bufferedAmount: 0,
    };
    const member = this.room.join(peer, Date.now(), options);
    this.members.set(ws, member);
    return member;
  }

  override async fetch(request: Request): Promise<Response> {
    // The Worker sends a deletion here only once the owner key opened the room (../room-delete.ts).
    if (request.method === 'DELETE') return this.deleteRoom();
    this.roomName ??= request.headers.get(ROOM_HEADER);
    const now = Date.now();
    const full = this.members.size + this.shards.members(now) >= this.limits.maxMembersPerRoom;
    if (!full && this.members.size >= this.shardSize && this.roomName) {
      // This object is full: the Worker takes the newcomer to a shard, which answers the upgrade
      // itself (a socket passed through one object fewer costs every frame one hop fewer).
      const k = this.pickShard(now);
      // Counted for a few seconds only: an upgrade that never reaches the shard leaves nobody behind.
      this.shards.handed(k, now);
      return new Response(null, { status: SHARD_REDIRECT_STATUS, headers: { [SHARD_HEADER]: String(k) } });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    const offered =
      request.headers
        .get('Sec-WebSocket-Protocol')
        ?.split(',')
        .map((p) => p.trim()) ?? [];
    if (full) {
      // Not handed to the hibernation API: it only has to carry the close code.
      server.accept();
      console.log('limit roomFull');
      server.close(CLOSE.roomFull.code, CLOSE.roomFull.reason);
    } else {
      this.ctx.acceptWebSocket(server);
      this.keepAlarmAhead();
      const address = request.headers.get('CF-Connecting-IP');
      const client =
        presenceKeyFromProtocols(request.headers.get('Sec-WebSocket-Protocol') ?? undefined) ??
        (address ? `address:${address}` : undefined);
      server.serializeAttachment({ presenceIds: [], client } satisfies Attachment);
      // A room its host deleted: our client learns it first, before the sync (the stock client would not know the message).
      if (this.deletedAt !== null && offered.includes(APP_PROTOCOL)) server.send(roomDeletedNotice(this.deletedAt));
      this.attach(server, { resumed: false, client });
    }
    const headers = offered.includes(APP_PROTOCOL) ? { 'Sec-WebSocket-Protocol': APP_PROTOCOL } : undefined;
    return new Response(null, { status: 101, webSocket: client, ...(headers ? { headers } : {}) });
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

  private left(ws: WebSocket): void {
    const member = this.members.get(ws);
    if (!member) return;
    this.members.delete(ws);
    this.outbox.drop(ws);
    member.leave();
    if (this.members.size === 0 && this.logged > 0) this.compact();
  }

  /**
   * The host deletes the room: every member is closed with 4410, the object's storage goes whole
   * (deleteAll), and the tombstone is written with the alarm that will delete it; the 204 leaves
   * only once storage has confirmed all of it (the output gate), so nothing comes back after it.
   */
  private deleteRoom(): Promise<Response> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const deletedAt = Date.now();
      this.logged = 0; // nothing left to fold as the members leave
      for (const ws of this.ctx.getWebSockets()) this.hibernated.closeWith(ws, CLOSE.roomDeleted.code, CLOSE.roomDeleted.reason);
      // A shard that does not answer must not keep the room from being deleted: its next part is answered with the close.
      const shards = this.shards.known();
      const told = await Promise.allSettled(shards.map((k) => this.shard(k).closeAll(CLOSE.roomDeleted.code, CLOSE.roomDeleted.reason)));
      this.shards.clear();
      this.missed.clear();
      shards.forEach((k, i) => {
        if (told[i]!.status === 'rejected') this.missed.set(k, 'roomDeleted');
      });
      await this.ctx.storage.deleteAll();
      this.load(); // the old room destroyed, an empty one and the tables again
      this.ctx.storage.sql.exec('INSERT INTO tombstone (id, deleted_at) VALUES (1, ?)', deletedAt);
      this.deletedAt = deletedAt;
      this.alarmAt = deletedAt + this.limits.deleteRoomAfterMs;
      await this.ctx.storage.setAlarm(this.alarmAt);
      console.log('room deleted by its host');
      return new Response(null, { status: 204 });
    });
  }

  /** Retention: a room nobody opened for the retention time is deleted, storage and all (its tombstone too, older than that by then). */
  override async alarm(): Promise<void> {
    this.alarmAt = null; // it has fired
    if (this.members.size + this.shards.members(Date.now()) > 0) return this.keepAlarmAhead();
    await this.ctx.storage.deleteAll();
    this.load(); // an empty room again, should anyone open it before the object is evicted
  }
}
