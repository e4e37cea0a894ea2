/**
 * One room on Cloudflare: a Durable Object (one per room id, so one owner) that runs the same
 * runtime-free room as the Node adapter (sync-server/room.ts, coalesced presence included) over the
 * WebSocket hibernation API. The document lives in the object's SQLite storage; an object that was
 * evicted or hibernated rebuilds it from storage before it answers anyone. No timer runs while the
 * room is quiet, so an idle room costs nothing.
 */
import { DurableObject } from 'cloudflare:workers';
import * as Y from 'yjs';
import { APP_PROTOCOL, CLOSE, limitsFromEnv, type CloseKind, type RelayLimits } from '../policy.ts';
import { createRoom, newCounters, type Member, type Peer, type Room } from '../room.ts';
import { settings, type WorkerEnv } from './env.ts';

/** A change is written this long after it happened (sooner when the last member leaves). */
const SAVE_DELAY_MS = 1000;

export class RoomObject extends DurableObject<WorkerEnv> {
  private readonly limits: RelayLimits;
  private room!: Room;
  private readonly members = new Map<WebSocket, Member>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.limits = limitsFromEnv(settings(env));
    // Nothing is answered before the document is back from storage: an evicted object must never
    // serve an empty room (and then save the emptiness over the real one).
    void ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS doc (id INTEGER PRIMARY KEY CHECK (id = 1), state BLOB NOT NULL, updated INTEGER NOT NULL)');
      const row = ctx.storage.sql.exec<{ state: ArrayBuffer }>('SELECT state FROM doc WHERE id = 1').toArray()[0];
      this.room = createRoom(ctx.id.toString(), {
        limits: this.limits,
        counters: newCounters(),
        initialState: row ? new Uint8Array(row.state) : null,
        onLimit: (kind) => console.log(`limit ${kind}`),
        onDocChange: () => {
          this.dirty = true;
          this.saveTimer ??= setTimeout(() => this.save(), SAVE_DELAY_MS);
        },
      });
      // Connections that outlived the object in memory (hibernation) carry on where they were.
      for (const ws of ctx.getWebSockets()) this.attach(ws, true);
    });
  }

  private save(): void {
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dirty) return;
    this.ctx.storage.sql.exec('INSERT OR REPLACE INTO doc (id, state, updated) VALUES (1, ?, ?)', Y.encodeStateAsUpdate(this.room.doc), Date.now());
    this.dirty = false;
    // Deleted once nobody has opened it for the retention time (see alarm()).
    void this.ctx.storage.setAlarm(Date.now() + this.limits.deleteRoomAfterMs);
  }

  private attach(ws: WebSocket, resumed: boolean): Member {
    const peer: Peer = {
      send: (data) => ws.send(data),
      close: (code, reason) => ws.close(code, reason),
      // The runtime buffers and applies backpressure itself; it does not say how much is queued.
      bufferedAmount: 0,
    };
    const member = this.room.join(peer, Date.now(), { resumed });
    this.members.set(ws, member);
    return member;
  }

  private closeWith(ws: WebSocket, kind: CloseKind): void {
    console.log(`limit ${kind}`);
    ws.close(CLOSE[kind].code, CLOSE[kind].reason);
  }

  override async fetch(request: Request): Promise<Response> {
    const { 0: client, 1: server } = new WebSocketPair();
    if (this.members.size >= this.limits.maxMembersPerRoom) {
      // Not handed to the hibernation API: it only has to carry the close code.
      server.accept();
      this.closeWith(server, 'roomFull');
    } else {
      this.ctx.acceptWebSocket(server);
      void this.ctx.storage.setAlarm(Date.now() + this.limits.deleteRoomAfterMs);
      this.attach(server, false);
    }
    const offered = request.headers.get('Sec-WebSocket-Protocol')?.split(',').map((p) => p.trim()) ?? [];
    const headers = offered.includes(APP_PROTOCOL) ? { 'Sec-WebSocket-Protocol': APP_PROTOCOL } : undefined;
    return new Response(null, { status: 101, webSocket: client, ...(headers ? { headers } : {}) });
  }

  override async webSocketMessage(ws: WebSocket, message: ArrayBuffer | string): Promise<void> {
    const member = this.members.get(ws);
    if (!member) return; // closed as the room was full
    const bytes = typeof message === 'string' ? new TextEncoder().encode(message) : new Uint8Array(message);
    if (bytes.length > this.limits.maxFrameBytes) return this.closeWith(ws, 'tooBig');
    const verdict = member.receive(bytes, Date.now());
    if (verdict) this.closeWith(ws, verdict);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.left(ws);
    // reason: the socket may already be closed from our side; completing the handshake is best effort
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code);
    } catch {}
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.left(ws);
  }

  private left(ws: WebSocket): void {
    const member = this.members.get(ws);
    if (!member) return;
    this.members.delete(ws);
    member.leave();
    if (this.members.size === 0) this.save();
  }

  /** Retention: a room nobody opened for the retention time is deleted, storage and all. */
  override async alarm(): Promise<void> {
    if (this.members.size > 0) return void this.ctx.storage.setAlarm(Date.now() + this.limits.deleteRoomAfterMs);
    await this.ctx.storage.deleteAll();
  }
}
