/**
 * Counting and logging the limits clients run into, as the Node relay does (node/limit-log.ts,
 * which this adapter may not import): every hit counted, at most one `limit <kind>` line per kind
 * for a connection, and at most `linesPerMinute` lines in all. Lines never hold an id or an address.
 */
import type { LimitKind } from '../policy.ts';

/** Counts and logs limit hits. */
export interface LimitLog {
  /** A hit of `kind`; with `connection` (a socket, a peer), one line per kind for it is enough. */
  hit(kind: LimitKind, connection?: object): void;
  /** A line for something a client did that is no limit, under the same ceiling. */
  event(line: string): void;
  readonly hits: Partial<Record<LimitKind, number>>;
}

/** Makes the relay's limit log over `log`. */
export function createLimitLog(log: (line: string) => void, linesPerMinute = 60, now: () => number = Date.now): LimitLog {
  const hits: Partial<Record<LimitKind, number>> = {};
  const logged = new WeakMap<object, Set<LimitKind>>();
  let tokens = linesPerMinute;
  let last = now();
  let leftOut = 0;
  const write = (line: string) => {
    const t = now();
    tokens = Math.min(linesPerMinute, tokens + ((t - last) / 60_000) * linesPerMinute);
    last = t;
    if (tokens < 1) {
      leftOut++;
      return;
    }
    tokens--;
    log(leftOut > 0 ? `${line} (${leftOut} limit lines left out before this one)` : line);
    leftOut = 0;
  };
  return {
    hits,
    hit(kind, connection) {
      hits[kind] = (hits[kind] ?? 0) + 1;
      if (connection) {
        const kinds = logged.get(connection) ?? new Set<LimitKind>();
        if (kinds.has(kind)) return;
        kinds.add(kind);
        logged.set(connection, kinds);
      }
      write(`limit ${kind}`);
    },
    event: write,
  };
}
