/** The Node adapter's settings, read from the environment with embedded defaults. */
import { resolve } from 'node:path';

export interface NodeConfig {
  readonly port: number;
  readonly host: string;
  readonly distDir: string;
}

/** Thrown for a setting that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  // Empty counts as unset: HOST="" would otherwise bind every interface, PORT="" a random port.
  const port = Number(env.PORT || 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be 0-65535, got "${env.PORT}"`);
  return {
    port,
    // Loopback unless the operator opts in: a fresh install is not on the network by surprise.
    host: env.HOST || '127.0.0.1',
    distDir: resolve(env.DIST_DIR || 'dist'),
  };
}
