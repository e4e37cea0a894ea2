/** Relay metrics in the Prometheus text format (no labels that could carry personal data). */
import type { RoomCounters } from '../room.ts';

export interface RelayGauges {
  connections: number;
  roomsLoaded: number;
  /** Estimated heap of the loaded rooms (what the memory budget counts). */
  roomsHeapBytes: number;
  /** Bytes of all stored rooms and tombstones (what the disk quota counts). */
  storedBytes: number;
  /** Tombstones of deleted rooms kept. */
  tombstones: number;
  persist: Histogram;
}

const HISTOGRAM_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1];

/** A fixed-bucket histogram: constant memory however long the relay runs. */
export interface Histogram {
  observe(seconds: number): void;
  readonly counts: number[];
  readonly sum: number;
  readonly count: number;
}

export function createHistogram(): Histogram {
  const counts = HISTOGRAM_BUCKETS.map(() => 0);
  let sum = 0;
  let count = 0;
  return {
    observe(s) {
      for (const [i, le] of HISTOGRAM_BUCKETS.entries()) if (s <= le) counts[i]!++;
      sum += s;
      count++;
    },
    counts,
    get sum() {
      return sum;
    },
    get count() {
      return count;
    },
  };
}

export function renderMetrics(counters: RoomCounters, gauges: RelayGauges): string {
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, value: number, labels = '') => {
    if (!lines.some((l) => l.startsWith(`# TYPE ${name} `))) lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    lines.push(`${name}${labels} ${value}`);
  };
  metric('relay_connections', 'gauge', 'Open WebSocket connections.', gauges.connections);
  metric('relay_rooms_loaded', 'gauge', 'Rooms held in memory.', gauges.roomsLoaded);
  metric('relay_rooms_heap_bytes', 'gauge', 'Estimated heap of the rooms held in memory.', gauges.roomsHeapBytes);
  metric('relay_stored_bytes', 'gauge', 'Bytes of all stored rooms and tombstones.', gauges.storedBytes);
  metric('relay_tombstones', 'gauge', 'Tombstones of rooms deleted by their host, kept for the retention time.', gauges.tombstones);
  metric('relay_messages_in_total', 'counter', 'WebSocket messages received.', counters.messagesIn);
  metric('relay_messages_out_total', 'counter', 'WebSocket messages sent.', counters.messagesOut);
  metric('relay_bytes_in_total', 'counter', 'Bytes received in WebSocket messages.', counters.bytesIn);
  metric('relay_bytes_out_total', 'counter', 'Bytes sent in WebSocket messages.', counters.bytesOut);
  metric('relay_awareness_dropped_total', 'counter', 'Presence updates dropped (rate or slow member).', counters.awarenessDropped);
  metric('relay_rooms_deleted_total', 'counter', 'Rooms deleted by their host.', counters.roomsDeleted);
  for (const [kind, n] of Object.entries(counters.limitHits))
    metric('relay_limit_hits_total', 'counter', 'Requests or connections refused by a limit.', n, `{kind="${kind}"}`);
  const p = gauges.persist;
  lines.push('# HELP relay_persist_seconds Time to write a room to disk.', '# TYPE relay_persist_seconds histogram');
  for (const [i, le] of HISTOGRAM_BUCKETS.entries()) lines.push(`relay_persist_seconds_bucket{le="${le}"} ${p.counts[i]}`);
  lines.push(
    `relay_persist_seconds_bucket{le="+Inf"} ${p.count}`,
    `relay_persist_seconds_sum ${p.sum}`,
    `relay_persist_seconds_count ${p.count}`,
  );
  return `${lines.join('\n')}\n`;
}
