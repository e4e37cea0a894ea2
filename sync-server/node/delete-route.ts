/**
 * `DELETE /room/<id>` on the Node server: the host deletes a room. The checks are the shared ones
 * (../room-delete.ts) with this adapter's own (own-checks.ts); what deletion does is rooms.ts. The
 * page budget (http-limit.ts, first among the routes) has already charged the request.
 */
import type { LimitKind, RelayLimits } from '../policy.ts';
import { admitDelete, type DeleteCheck, isRoomDelete, refusalHeaders } from '../room-delete.ts';
import type { Route } from './app.ts';
import { clientKey } from './client-key.ts';

export interface DeleteRouteOptions {
  readonly limits: RelayLimits;
  /** Behind a reverse proxy: count clients by X-Forwarded-For. */
  readonly trustProxy: boolean;
  /** This adapter's own checks for a client's deletion. */
  readonly own: (client: string) => DeleteCheck[];
  /** Deletes the room (durably, before it returns). */
  readonly remove: (roomId: string) => void;
  /** Counts (and logs within bounds) a refusal. */
  readonly hit: (kind: LimitKind, connection?: object) => void;
}

/** The route that deletes a room for the holder of its owner key: 204, or the refusal's status. */
export function roomDeleteRoute(options: DeleteRouteOptions): Route {
  return {
    name: 'room-delete',
    handle(req, res, url) {
      if (!isRoomDelete(req.method, url.pathname)) return false;
      const request = {
        pathname: url.pathname,
        origin: req.headers.origin,
        host: req.headers.host,
        authorization: req.headers.authorization,
      };
      const admitted = admitDelete(
        request,
        { limits: options.limits, hostIsRouted: false },
        options.own(clientKey(req, options.trustProxy)),
      );
      if ('refusal' in admitted) {
        const { refusal } = admitted;
        options.hit(refusal.kind, req.socket);
        res.writeHead(refusal.status, {
          'Content-Type': 'text/plain; charset=utf-8',
          'Cache-Control': 'no-store',
          ...refusalHeaders(refusal),
        });
        res.end(refusal.body);
        return true;
      }
      options.remove(admitted.roomId);
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      return true;
    },
  };
}
