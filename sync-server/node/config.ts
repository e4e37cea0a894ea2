/** The Node adapter's settings, read from the environment with embedded defaults. */
import { resolve } from 'node:path';
import { GatewayUrlError, parseGatewayList } from '../../src/shared/glyphs/gateways.ts';
import { hstsWanted } from '../headers.ts';
import { ConfigError, intSetting, limitsFromEnv, type RelayLimits } from '../policy.ts';
import { defaultMaxSockets, openFileLimit } from './sockets.ts';

export { ConfigError };

export interface NodeConfig {
  readonly port: number;
  readonly host: string;
  readonly distDir: string;
  readonly dataDir: string;
  /** Rate-limit by X-Forwarded-For (set only behind a proxy you run: clients can forge the header). */
  readonly trustProxy: boolean;
  readonly limits: RelayLimits;
  /** Public IPFS gateways the page may load glyphs from, after the app's own origin. */
  readonly glyphGateways: readonly string[];
  /** Sockets held at most (WebSockets included), below the open-file limit. */
  readonly maxSockets: number;
  /** Plain HTTP sockets per peer address; 0 for no cap (the default behind a trusted proxy). */
  readonly maxSocketsPerClient: number;
  /** A connection sends a whole request head within this, or is closed (one that sends nothing too). */
  readonly headersTimeoutMs: number;
  /** When set, /metrics needs `Authorization: Bearer <token>`. */
  readonly metricsToken: string | null;
  /** When set, /metrics is served on this address only, not on the app's port. */
  readonly metricsListen: { readonly host: string; readonly port: number } | null;
  /** Send Strict-Transport-Security: HSTS=1, or PUBLIC_ORIGIN is https (HSTS=0 turns it off). */
  readonly hsts: boolean;
}

/** `host:port` (`[::1]:9100` for IPv6) for METRICS_LISTEN. */
function listenAddress(name: string, raw: string | undefined): NodeConfig['metricsListen'] {
  if (!raw) return null;
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(raw);
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new ConfigError(`${name} must be host:port (like 127.0.0.1:9100 or [::1]:9100), got "${raw}"`);
  return { host: m[1] ?? m[2]!, port };
}

const MIN_TOKEN_LENGTH = 16;

function gateways(raw: string | undefined): readonly string[] {
  try {
    return parseGatewayList(raw);
  } catch (error) {
    if (error instanceof GatewayUrlError) throw new ConfigError(`GLYPH_GATEWAYS: ${error.message}`);
    throw error;
  }
}

/** The settings from `env` (process.env by default); a ConfigError names the variable that cannot be used. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const trustProxy = env.TRUST_PROXY === '1';
  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken !== null && metricsToken.length < MIN_TOKEN_LENGTH)
    throw new ConfigError(`METRICS_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`);
  return {
    port: intSetting(env, 'PORT', 8080, 0, 65535),
    // Loopback unless the operator opts in: a fresh install is not on the network by surprise.
    host: env.HOST || '127.0.0.1',
    distDir: resolve(env.DIST_DIR || 'dist'),
    dataDir: resolve(env.DATA_DIR || '.data'),
    trustProxy,
    glyphGateways: gateways(env.GLYPH_GATEWAYS),
    limits: limitsFromEnv(env),
    maxSockets: intSetting(env, 'RELAY_MAX_SOCKETS', defaultMaxSockets(openFileLimit()), 1, 1_000_000),
    // Behind a proxy every connection comes from the proxy: a cap per address would be a cap on everyone.
    maxSocketsPerClient: intSetting(env, 'RELAY_MAX_SOCKETS_PER_CLIENT', trustProxy ? 0 : 256, 0, 1_000_000),
    headersTimeoutMs: intSetting(env, 'RELAY_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    metricsToken,
    metricsListen: listenAddress('METRICS_LISTEN', env.METRICS_LISTEN),
    hsts: hstsWanted(env),
  };
}
