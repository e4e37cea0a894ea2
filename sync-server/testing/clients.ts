/** Honest members for the relay's tests and benches: the stock y-websocket client, and waiting on conditions. */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** The room most tests use. */
export const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';

/** A member: its document and its provider. */
export interface Member {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
}

/** Connects a stock y-websocket client (Node 22's own WebSocket, as a browser would) to `room` of the relay at `relay.ws`. */
export function connectMember(relay: { readonly ws: string }, room: string): Member {
  const doc = new Y.Doc();
  return { doc, provider: new WebsocketProvider(`${relay.ws}/room`, room, doc, { disableBc: true }) };
}

/** Resolves once the provider has synced with the relay. */
export const synced = (p: WebsocketProvider) => new Promise<void>((ok) => (p.synced ? ok() : p.once('sync', (s: boolean) => s && ok())));

/**
 * Waits for `check` to hold, running `poll` (which may fetch what `check` reads) before each look.
 * A poll that throws (a relay's database busy as it is read) is tried again until the time is up.
 */
export async function until(check: () => boolean, ms = 5000, poll?: () => Promise<unknown>): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    let failed: unknown;
    try {
      await poll?.();
    } catch (error) {
      failed = error;
    }
    if (failed === undefined && check()) return;
    if (Date.now() > end) throw failed ?? new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
