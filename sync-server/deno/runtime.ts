/**
 * The Deno APIs this adapter uses, typed here: the project typechecks with tsc on Node's types,
 * where `Deno` is unknown, so the few calls made are declared once and read from globalThis.
 */

/** What `Deno.serve` tells the handler of the connection. */
export interface ServeInfo {
  readonly remoteAddr: { readonly hostname: string; readonly port: number };
}

/** A running `Deno.serve` server. */
export interface DenoServer {
  readonly addr: { readonly hostname: string; readonly port: number };
  shutdown(): Promise<void>;
  readonly finished: Promise<void>;
}

/** The subset of Deno's namespace used by the relay. */
export interface DenoApi {
  serve(
    options: { port: number; hostname: string; onListen?: (addr: { hostname: string; port: number }) => void },
    handler: (request: Request, info: ServeInfo) => Response | Promise<Response>,
  ): DenoServer;
  upgradeWebSocket(request: Request, options?: { protocol?: string; idleTimeout?: number }): { socket: WebSocket; response: Response };
  openKv(path?: string): Promise<unknown>;
  readonly env: { get(name: string): string | undefined };
  readFile(path: string): Promise<Uint8Array>;
  stat(path: string): Promise<{ readonly isFile: boolean; readonly size: number; readonly mtime: Date | null }>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
  exit(code?: number): never;
}

/** Deno's namespace (only defined when running under Deno). */
export const deno = (globalThis as unknown as { Deno: DenoApi }).Deno;
