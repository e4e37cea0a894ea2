/**
 * `/ipns/…` and `/routing/…` on Node: the runtime-free answer (../gateway/ipns.ts) for the pack's
 * signed record, read from the served pack directory at each request (a publish may replace it).
 * Placed before the /ipfs/ gateway's route, which otherwise answers 404 there.
 */
import { answerIpns } from '../gateway/ipns.ts';
import type { PackRecord } from '../gateway/types.ts';
import type { Route } from './app.ts';
import { gatewayRequest } from './gateway.ts';

/** The route for the pack's name; `record()` gives the record served now (null: the pack was never signed). */
export function ipnsRoute(record: () => PackRecord | null): Route {
  return {
    name: 'ipns',
    handle(req, res, url) {
      const answer = answerIpns(gatewayRequest(req, url), record());
      if (answer === null) return false;
      res.writeHead(answer.status, answer.headers);
      res.end(req.method === 'HEAD' ? undefined : (answer.body ?? undefined));
      return true;
    },
  };
}
