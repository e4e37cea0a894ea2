/** The Node adapter's settings, read from the environment with embedded defaults. */
import { resolve } from 'node:path';
import { GatewayUrlError, parseGatewayList } from '../../src/glyphs/gateways.ts';
import { ConfigError, intSetting, limitsFromEnv, type RelayLimits } from '../policy.ts';

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
}

function gateways(raw: string | undefined): readonly string[] {
  try {
    return parseGatewayList(raw);
  } catch (error) {
    if (error instanceof GatewayUrlError) throw new ConfigError(`GLYPH_GATEWAYS: ${error.message}`);
    throw error;
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  return {
    port: intSetting(env, 'PORT', 8080, 0, 65535),
    // Loopback unless the operator opts in: a fresh install is not on the network by surprise.
    host: env.HOST || '127.0.0.1',
    distDir: resolve(env.DIST_DIR || 'dist'),
    dataDir: resolve(env.DATA_DIR || '.data'),
    trustProxy: env.TRUST_PROXY === '1',
    glyphGateways: gateways(env.GLYPH_GATEWAYS),
    limits: limitsFromEnv(env),
  };
}
