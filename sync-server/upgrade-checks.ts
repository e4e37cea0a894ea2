/**
 * The checks before a room's WebSocket upgrade, in one order for every adapter: the room id, the
 * client's upgrade budget, the browser's Origin, then the adapter's own checks (Node: shutdown,
 * connections per client, the disk quota and new rooms, rooms in memory), then the room token.
 * Adapters hand in their own checks; they cannot leave out or reorder the shared ones. Each
 * refusal names its limit kind, so both adapters log and count it the same way.
 */
import type { LimitKind } from '../src/shared/room-protocol.ts';
import { HTTP, originAllowed, roomIdFromPath, type RelayLimits } from './policy.ts';
import { tokenFromProtocols, verifyRoomToken } from './room-token.ts';

/** An upgrade request as every adapter sees it. */
export interface UpgradeRequest {
  readonly pathname: string;
  readonly origin: string | undefined;
  readonly host: string | undefined;
  /** Sec-WebSocket-Protocol as sent. */
  readonly protocols: string | undefined;
  /** Whom the request counts against (an address: a map key only, never logged). */
  readonly client: string;
  readonly nowMs: number;
}

/** Why an upgrade is refused, as an HTTP answer. */
export interface Refusal {
  readonly kind: LimitKind;
  readonly status: number;
  readonly body: string;
  readonly retryAfterSeconds?: number;
}

/** A check an adapter adds: null to go on. */
export type UpgradeCheck = (request: UpgradeRequest, roomId: string) => Refusal | null;

export interface SharedChecks {
  readonly limits: RelayLimits;
  /** The per-client upgrade budget (a keyed limiter). */
  readonly upgrades: { allow(key: string, nowMs: number): boolean; retryAfterSeconds(): number };
  /** On Workers the platform routes by Host, so the deployment's own name is its own. */
  readonly hostIsRouted: boolean;
}

/** The names of the shared checks, in the order they run (an architecture test holds them to it). */
export const SHARED_CHECK_ORDER = ['room-id', 'upgrade-rate', 'origin', 'adapter', 'token'] as const;

/** Runs the checks in order: the room id to upgrade into, or the first refusal. */
export async function admitUpgrade(
  request: UpgradeRequest,
  shared: SharedChecks,
  own: readonly UpgradeCheck[],
): Promise<{ roomId: string } | { refusal: Refusal }> {
  const parsed = roomIdFromPath(request.pathname);
  if ('error' in parsed) {
    return {
      refusal: parsed.error === 'bad-id' ? { kind: 'bad-id', ...HTTP.badRoomId } : { kind: 'not-a-room', status: 404, body: 'Not a room.' },
    };
  }
  if (!shared.upgrades.allow(request.client, request.nowMs)) {
    return { refusal: { kind: 'upgrade-rate', ...HTTP.rateLimited, retryAfterSeconds: shared.upgrades.retryAfterSeconds() } };
  }
  if (!originAllowed(request.origin, request.host, shared.limits, shared.hostIsRouted))
    return { refusal: { kind: 'origin', ...HTTP.badOrigin } };
  for (const check of own) {
    const refusal = check(request, parsed.id);
    if (refusal) return { refusal };
  }
  if (shared.limits.tokenSecret) {
    const verdict = await verifyRoomToken(shared.limits.tokenSecret, parsed.id, tokenFromProtocols(request.protocols), request.nowMs);
    if (verdict !== 'ok') return { refusal: { kind: `token-${verdict}`, ...HTTP.badToken } };
  }
  return { roomId: parsed.id };
}
