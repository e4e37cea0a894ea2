/** The Node adapter's settings, read from the environment with embedded defaults. */
import { resolve } from 'node:path';
import { DEFAULT_GLYPH_GATEWAYS, gatewayOrigin, GatewayUrlError } from '../../src/glyphs/gateways.ts';
import { DEFAULT_LIMITS, type RelayLimits } from '../policy.ts';

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
}

/** Thrown for a setting that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  // Empty counts as unset: HOST="" would otherwise bind every interface, PORT="" a random port.
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

function gateways(raw: string | undefined): readonly string[] {
  if (raw === undefined || raw === '') return DEFAULT_GLYPH_GATEWAYS;
  if (raw === 'none') return [];
  try {
    return raw.split(',').map(gatewayOrigin);
  } catch (error) {
    if (error instanceof GatewayUrlError) throw new ConfigError(`GLYPH_GATEWAYS: ${error.message}`);
    throw error;
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const d = DEFAULT_LIMITS;
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    // Loopback unless the operator opts in: a fresh install is not on the network by surprise.
    host: env.HOST || '127.0.0.1',
    distDir: resolve(env.DIST_DIR || 'dist'),
    dataDir: resolve(env.DATA_DIR || '.data'),
    trustProxy: env.TRUST_PROXY === '1',
    glyphGateways: gateways(env.GLYPH_GATEWAYS),
    limits: {
      maxFrameBytes: int(env, 'RELAY_MAX_FRAME_BYTES', d.maxFrameBytes, 1024, 1 << 20),
      messagesPerSecond: int(env, 'RELAY_MESSAGES_PER_SECOND', d.messagesPerSecond, 1, 10_000),
      messageBurst: int(env, 'RELAY_MESSAGE_BURST', d.messageBurst, 1, 100_000),
      awarenessPerSecond: int(env, 'RELAY_PRESENCE_PER_SECOND', d.awarenessPerSecond, 1, 1000),
      httpPerMinute: int(env, 'RELAY_HTTP_PER_MINUTE', d.httpPerMinute, 1, 1_000_000),
      maxConnectionsPerClient: int(env, 'RELAY_MAX_CONNECTIONS_PER_CLIENT', d.maxConnectionsPerClient, 1, 1_000_000),
      maxMembersPerRoom: int(env, 'RELAY_MAX_MEMBERS', d.maxMembersPerRoom, 1, 100_000),
      maxRoomBytes: int(env, 'RELAY_MAX_ROOM_BYTES', d.maxRoomBytes, 1024, 64 << 20),
      unloadIdleRoomAfterMs: int(env, 'RELAY_UNLOAD_AFTER_MS', d.unloadIdleRoomAfterMs, 0, 86_400_000),
      maxRoomsLoaded: int(env, 'RELAY_MAX_ROOMS', d.maxRoomsLoaded, 1, 1_000_000),
      deleteRoomAfterMs: int(env, 'ROOM_RETENTION_DAYS', 30, 1, 3650) * 86_400_000,
      allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
      tokenSecret: env.ROOM_TOKEN_SECRET || null,
    },
  };
}
