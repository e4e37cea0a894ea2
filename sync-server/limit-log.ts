import type { LimitKind } from '../src/shared/room-protocol.ts';

/**
 * Counting and logging the limits clients run into. Every hit is counted (the counts are /metrics'
 * `relay_limit_hits_total{kind}`); log lines are bounded: at most one per kind for a connection,
 * and at most `linesPerMinute` in all, so a flood cannot fill the disk with its echo. Other lines
 * a client's requests cause (a room deleted) go under the same ceiling.
 */

/** Counts and logs limit hits (see the module doc). */
export interface LimitLog {
  /** A hit of `kind`; with `connection` (a socket, a peer), one line per kind for it is enough. */
  hit(kind: LimitKind, connection?: object): void;
  /** A line for something a client did that is no limit (counted elsewhere), under the same ceiling; never an id or an address. */
  event(line: string): void;
  /** Hits per kind since start, never reset. */
  readonly hits: Partial<Record<LimitKind, number>>;
}

export function createLimitLog(log: (line: string) => void, linesPerMinute = 60, now: () => number = Date.now): LimitLog {
  const hits: Partial<Record<LimitKind, number>> = {};
  const logged = new WeakMap<object, Set<LimitKind>>();
  // A token bucket of log lines: a burst of `linesPerMinute`, then that rate.
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
