/**
 * What a room's object knows of its shards (shard-object.ts), runtime-free and driven by the clock
 * it is given: how many members each holds (its own word, plus newcomers handed to it that it may
 * not have counted yet), and its latest parts of the field. Nothing here lasts on a shard's
 * silence: a hand-off that never reached its shard stops counting after EMPTY_SHARD_GRACE_MS, a
 * shard's figures leave the field after PART_FRESH_MS, its members stop counting after
 * SHARD_SILENT_MS, so a room whose shards are gone leaves the field and lets its timer stop. A
 * shard silent for a moment still gets the room's changes for EMPTY_SHARD_GRACE_MS (missing one
 * would leave its members diverged).
 */
import { FIELD_INTERVAL_MS } from '../../src/shared/room-field.ts';
import type { FieldPart } from '../room-field.ts';

/** A hand-off counts this long at most without its shard's word (the upgrade may never reach it). */
export const EMPTY_SHARD_GRACE_MS = 5000;
/** A part older than this is left out of the field: a silent shard's figures must not freeze in everyone's. */
export const PART_FRESH_MS = 2 * FIELD_INTERVAL_MS;
/** A shard that sent no part for this long holds nobody the room counts (it sends one every 100 ms while it has members). */
export const SHARD_SILENT_MS = 1000;
/** Parts kept per shard: enough to find the one for a frame's instant. */
const PARTS_KEPT = 4;

interface ShardState {
  /** Members it said it holds, in its latest part. */
  reported: number;
  /** When its latest part arrived (0: none yet). */
  heardAt: number;
  /** When each newcomer not yet in its word was handed to it, oldest first. */
  handed: number[];
  /** Its latest parts, newest last, with when each arrived. */
  parts: { part: FieldPart; at: number }[];
}

/** The shards of one room, as its object sees them. */
export interface ShardRegistry {
  /** A newcomer was handed to shard `k`. */
  handed(k: number, now: number): void;
  /** Shard `k` sent its part of the field, how many it holds, and how many newcomers reached it since its previous part. */
  part(k: number, members: number, arrived: number, part: FieldPart, now: number): void;
  /** Members shard `k` holds or may hold (a recent hand-off); without `k`, the sum over shards. */
  members(now: number, k?: number): number;
  /** Shards to send the room's changes and field to: those that hold members, or may. */
  live(now: number): number[];
  /** Every shard known, live or not (the room's deletion closes them all). */
  known(): number[];
  /** Each fresh shard's part for the instant `at`, or its newest. */
  parts(at: number, now: number): FieldPart[];
  /** Forgets every shard. */
  clear(): void;
}

/** A registry with no shard yet. */
export function createShardRegistry(): ShardRegistry {
  const shards = new Map<number, ShardState>();

  const pending = (s: ShardState, now: number) => {
    while (s.handed.length > 0 && now - s.handed[0]! > EMPTY_SHARD_GRACE_MS) s.handed.shift();
    return s.handed.length;
  };
  /** Members it holds as the room counts them: its word while it is fresh, and hand-offs it may not have counted. */
  const held = (s: ShardState, now: number) => (now - s.heardAt <= SHARD_SILENT_MS ? s.reported : 0) + pending(s, now);
  /**
   * Whether it still gets the room's changes: longer than it counts, so a shard slow for a moment
   * misses none (its members would diverge); one that says it is empty, with no hand-off pending, at once.
   */
  const live = (s: ShardState, now: number) => pending(s, now) > 0 || (s.reported > 0 && now - s.heardAt <= EMPTY_SHARD_GRACE_MS);
  const prune = (now: number) => {
    for (const [k, s] of shards) if (!live(s, now)) shards.delete(k);
  };

  return {
    handed(k, now) {
      const s = shards.get(k) ?? { reported: 0, heardAt: 0, handed: [], parts: [] };
      s.handed.push(now);
      shards.set(k, s);
    },
    part(k, members, arrived, part, now) {
      const s = shards.get(k) ?? { reported: 0, heardAt: 0, handed: [], parts: [] };
      s.reported = members;
      s.heardAt = now;
      // Those that reached it are in `members` now (the oldest first: upgrades arrive in the order they were handed).
      s.handed.splice(0, arrived);
      s.parts.push({ part, at: now });
      if (s.parts.length > PARTS_KEPT) s.parts.shift();
      shards.set(k, s);
      prune(now);
    },
    members(now, k) {
      if (k !== undefined) {
        const s = shards.get(k);
        return s ? held(s, now) : 0;
      }
      prune(now);
      let n = 0;
      for (const s of shards.values()) n += held(s, now);
      return n;
    },
    live(now) {
      prune(now);
      return [...shards.keys()];
    },
    known: () => [...shards.keys()],
    parts(at, now) {
      const out: FieldPart[] = [];
      for (const s of shards.values()) {
        const fresh = s.parts.filter((p) => now - p.at <= PART_FRESH_MS);
        const pick = fresh.findLast((p) => p.part.at === at) ?? fresh[fresh.length - 1];
        if (pick) out.push(pick.part);
      }
      return out;
    },
    clear: () => shards.clear(),
  };
}
