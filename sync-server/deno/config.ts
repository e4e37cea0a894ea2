/** The Deno adapter's settings, read from the environment with the Node server's names and defaults. */
import { GatewayUrlError, parseGatewayList } from '../../src/shared/glyphs/gateways.ts';
import { hstsWanted } from '../headers.ts';
import { ConfigError, intSetting, limitsFromEnv, type RelayLimits } from '../policy.ts';
import { deno } from './runtime.ts';

export { ConfigError };

/**
 * Every variable the Deno relay reads: the process is granted these and no others
 * (`--allow-env=<names>`, see local.ts and the dev:deno script).
 */
export const ENV_NAMES = [
  'PORT',
  'HOST',
  'DIST_DIR',
  'DATA_DIR',
  'PUBLIC_ORIGIN',
  'ALLOWED_ORIGINS',
  'ROOM_TOKEN_SECRET',
  'HSTS',
  'GLYPH_GATEWAYS',
  'TRUST_PROXY',
  // Set by Deno Deploy: the app's own KV is opened (no file, no data directory).
  'DENO_DEPLOYMENT_ID',
  'ROOM_RETENTION_DAYS',
  'RELAY_BYTES_BURST',
  'RELAY_BYTES_PER_SECOND',
  'RELAY_DISK_QUOTA_MB',
  'RELAY_FIELD_ABOVE',
  'RELAY_HTTP_PER_MINUTE',
  'RELAY_MAX_CONNECTIONS_PER_CLIENT',
  'RELAY_MAX_FRAME_BYTES',
  'RELAY_MAX_MEMBERS',
  'RELAY_MAX_ROOMS',
  'RELAY_MAX_ROOM_BYTES',
  'RELAY_MAX_ROOM_STRUCTS',
  'RELAY_MAX_ROOM_TYPES',
  'RELAY_MAX_UPDATE_STRUCTS',
  'RELAY_MEMORY_BUDGET_MB',
  'RELAY_MESSAGES_PER_SECOND',
  'RELAY_MESSAGE_BURST',
  'RELAY_NEW_ROOMS_PER_HOUR',
  'RELAY_PRESENCE_PER_SECOND',
  'RELAY_SHARD_MEMBERS',
  'RELAY_UNLOAD_AFTER_MS',
  'RELAY_UPGRADES_PER_MINUTE',
] as const;

type Env = Readonly<Record<string, string | undefined>>;

/** The settings the Deno relay runs with. */
export interface DenoConfig {
  readonly port: number;
  readonly host: string;
  readonly distDir: string;
  readonly dataDir: string;
  /** The Deno KV file, under the data directory. */
  readonly kvPath: string;
  /** Rate-limit by the last X-Forwarded-For address (set only behind a proxy you run). */
  readonly trustProxy: boolean;
  readonly limits: RelayLimits;
  readonly glyphGateways: readonly string[];
  readonly hsts: boolean;
  /** On Deno Deploy: the platform's KV (Deno.openKv() without a path) instead of the file. */
  readonly deployed: boolean;
}

/** The process's environment, read one granted name at a time (reading the whole environment needs a wider grant). */
export function processEnv(): Env {
  const names = new Set<string>(ENV_NAMES);
  const values: Record<string, string | undefined> = {};
  for (const name of names) values[name] = deno.env.get(name);
  return values;
}

/** A directory setting without its trailing slash (relative paths stay relative: reading the working directory's name needs a wider grant). */
const directory = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);

/** The settings from `env`; a ConfigError names the variable that cannot be used. */
export function readConfig(env: Env = processEnv()): DenoConfig {
  let glyphGateways: readonly string[];
  try {
    glyphGateways = parseGatewayList(env.GLYPH_GATEWAYS);
  } catch (error) {
    if (error instanceof GatewayUrlError) throw new ConfigError(`GLYPH_GATEWAYS: ${error.message}`);
    throw error;
  }
  const dataDir = directory(env.DATA_DIR || '.data');
  return {
    port: intSetting(env, 'PORT', 8080, 0, 65535),
    // Loopback unless the operator opts in, as on Node.
    host: env.HOST || '127.0.0.1',
    distDir: directory(env.DIST_DIR || 'dist'),
    dataDir,
    kvPath: `${dataDir}/rooms.kv`,
    trustProxy: env.TRUST_PROXY === '1',
    limits: limitsFromEnv(env),
    glyphGateways,
    hsts: hstsWanted(env),
    deployed: Boolean(env.DENO_DEPLOYMENT_ID),
  };
}
