/**
 * The Node server's sockets, bounded: a connection must send a whole request head within a time
 * (one that sends nothing at all included), the process holds fewer sockets than it may open
 * files, one address holds a bounded number of plain HTTP sockets, and a request the HTTP parser
 * rejects is answered 400 (or 408, 431), never logged, never thrown.
 */
import { readFileSync } from 'node:fs';
import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { REFUSAL_HEADER_LINES } from '../headers.ts';
import type { LimitLog } from '../limit-log.ts';

/** The soft limit on open files (`ulimit -n`) from /proc/self/limits (Linux), or null where there is none to read. */
export function openFileLimit(read: () => string = () => readFileSync('/proc/self/limits', 'utf8')): number | null {
  let text: string;
  try {
    text = read();
  } catch {
    return null; // reason: not Linux (no /proc), or /proc is not mounted: the caller falls back
  }
  const soft = /^Max open files\s+(\d+|unlimited)\s/m.exec(text)?.[1];
  if (soft === undefined) return null;
  return soft === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(soft);
}

/**
 * Sockets the server holds at most, for a process that may open `fileLimit` files: a quarter is
 * left for everything else (files being served, the room store, stdio); 1024 assumed when unknown.
 */
export const defaultMaxSockets = (fileLimit: number | null): number =>
  Math.max(16, Math.min(1_000_000, Math.floor((fileLimit ?? 1024) * 0.75)));

/**
 * Node's HTTP timeouts from the one setting: a request head (headers, or the whole of an upgrade
 * request) within `headersTimeoutMs`, which also closes a connection that sends nothing at all
 * (checked every quarter of it); idle keep-alive connections close after 5 s.
 */
export function serverTimeouts(headersTimeoutMs: number): ServerOptions {
  return {
    headersTimeout: headersTimeoutMs,
    // No route takes a request body: 30 s is generous, and it must not be below the head's time.
    requestTimeout: Math.max(30_000, headersTimeoutMs),
    keepAliveTimeout: 5000,
    connectionsCheckingInterval: Math.min(5000, Math.max(50, Math.floor(headersTimeoutMs / 4))),
  };
}

export interface SocketGuardOptions {
  /** Sockets the server holds at most (WebSockets included); more are closed as they arrive. */
  readonly maxSockets: number;
  /** Plain HTTP sockets (not yet or never WebSockets) per peer address; 0 for no cap (behind a proxy, every peer is the proxy). */
  readonly maxSocketsPerClient: number;
  /**
   * An upgrade is settled within this: answered 101, or refused and closed. Past it, a socket not
   * yet answered, or refused and still held open by its client, is destroyed.
   */
  readonly upgradeTimeoutMs: number;
  readonly limitLog: LimitLog;
}

/** What the guard hands back. */
export interface SocketGuard {
  /** An upgrade request: it leaves the plain-socket count (the relay counts rooms per client) and gets the upgrade timeout. */
  upgraded(socket: Duplex): void;
  /** Plain sockets held now, for one address or all. */
  plainSockets(address?: string): number;
}

const STATUS_LINE: Record<number, string> = {
  400: '400 Bad Request',
  408: '408 Request Timeout',
  431: '431 Request Header Fields Too Large',
};

/** Installs the socket limits and the parser-error answer on `server` (see the module doc). */
export function guardSockets(server: Server, options: SocketGuardOptions): SocketGuard {
  const { limitLog } = options;
  server.maxConnections = options.maxSockets;
  server.on('drop', () => limitLog.hit('max-sockets'));

  const perAddress = new Map<string, number>();
  const counted = new WeakMap<Duplex, string>();
  const release = (socket: Duplex) => {
    const address = counted.get(socket);
    if (address === undefined) return;
    counted.delete(socket);
    const n = (perAddress.get(address) ?? 1) - 1;
    if (n > 0) perAddress.set(address, n);
    else perAddress.delete(address);
  };
  server.on('connection', (socket: Socket) => {
    if (options.maxSocketsPerClient <= 0) return;
    const address = socket.remoteAddress ?? '';
    const held = perAddress.get(address) ?? 0;
    if (held >= options.maxSocketsPerClient) {
      limitLog.hit('sockets-per-client');
      socket.destroy();
      return;
    }
    perAddress.set(address, held + 1);
    counted.set(socket, address);
    socket.once('close', () => release(socket));
  });

  // What the HTTP parser refuses (a malformed request line or header, a head too large or too
  // slow): an answer where nothing was written on the socket yet, else just the end of it. The
  // raw bytes (error.rawPacket) are never logged: they are the client's.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The client went away mid-request (reset, or closed its side): nothing to answer, nothing refused.
    if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE') {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    limitLog.hit(status === 408 ? 'request-timeout' : status === 431 ? 'headers-too-large' : 'bad-request', socket);
    const untouched = socket.writable && (socket as Partial<Socket>).bytesWritten === 0;
    if (!untouched) {
      socket.destroy();
      return;
    }
    socket.end(`HTTP/1.1 ${STATUS_LINE[status]}\r\nContent-Length: 0\r\nConnection: close\r\n${REFUSAL_HEADER_LINES}\r\n`, () =>
      socket.destroy(),
    );
  });

  return {
    upgraded(socket) {
      release(socket);
      // The relay ends a refused upgrade; a client that never closes its side would hold it forever
      // (and, trickling bytes, past any idle timeout): the timer is absolute.
      const timer = setTimeout(() => {
        const s = socket as Socket;
        if (s.destroyed || (!s.writableEnded && s.bytesWritten > 0)) return; // gone, or an open WebSocket
        limitLog.hit('upgrade-timeout', socket);
        s.destroy();
      }, options.upgradeTimeoutMs);
      socket.once('close', () => clearTimeout(timer));
    },
    plainSockets: (address) =>
      address === undefined ? [...perAddress.values()].reduce((a, b) => a + b, 0) : (perAddress.get(address) ?? 0),
  };
}
