/**
 * `npm start`: builds the app when the build is missing or older than its sources, then serves it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from './config.ts';

const SOURCES = [
  'src',
  'sw',
  'public',
  'index.html',
  'vite.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'sw/tsconfig.json',
];

/** Newest modification time under a file or folder, in ms. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestMtime(join(path, entry))), stat.mtimeMs);
}

// A DIST_DIR set by the operator is a build made elsewhere: serve it as it is.
const builtAt = newestMtime(join(readConfig().distDir, 'index.html'));
if (process.env.DIST_DIR === undefined && (builtAt === 0 || SOURCES.some((s) => newestMtime(s) > builtAt))) {
  console.log(builtAt === 0 ? 'No build yet: building…' : 'Sources changed since the last build: rebuilding…');
  const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import('./main.ts');
