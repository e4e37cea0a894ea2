import type { RoomObject } from './room-object.ts';
import type { ShardObject } from './shard-object.ts';

/** What the Worker and its Durable Objects get from wrangler.jsonc: bindings, and the settings as vars. */
export interface WorkerEnv {
  readonly ROOMS: DurableObjectNamespace<RoomObject>;
  /** A big room's shards (shard-object.ts), named `<room id>#<k>`. */
  readonly SHARDS: DurableObjectNamespace<ShardObject>;
  readonly ASSETS: Fetcher;
  /** RELAY_*, ROOM_RETENTION_DAYS, ALLOWED_ORIGINS, ROOM_TOKEN_SECRET (a secret), GLYPH_GATEWAYS: as on Node. */
  readonly [setting: string]: unknown;
}

/** The string settings among the bindings (what policy.limitsFromEnv reads). */
export function settings(env: WorkerEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
