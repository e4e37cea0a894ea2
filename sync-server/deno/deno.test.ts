/**
 * The Deno adapter: the shared relay suites (sync, limits and codes, hostile members, field mode,
 * deletion) against the Deno relay as a child process (local.ts), and what only this adapter
 * does: its rooms in a Deno KV file that outlives a kill -9, a document beyond one KV value, and a
 * damaged entry that costs its room alone.
 */
import { afterEach, vi } from 'vitest';
import { deleteSuite } from '../testing/relay-suite-delete.ts';
import { fieldSuite } from '../testing/relay-suite-field.ts';
import { hostileSuite } from '../testing/relay-suite-hostile.ts';
import { relaySuite } from '../testing/relay-suite.ts';
import { startDeno, stopAllDeno } from './local.ts';
import { storedRooms } from './testing/kv-file.ts';

// A Deno process starts in about a second; a busy machine (two cores, four engineers) makes it more.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 30_000 });
afterEach(stopAllDeno);

const start = (env?: Record<string, string>, dataDir?: string) => startDeno(env, dataDir);

relaySuite({ name: 'deno', start });
hostileSuite({ name: 'deno', start });
fieldSuite({ name: 'deno', start });
deleteSuite({ name: 'deno', start, stored: (relay) => storedRooms(relay.dataDir) });
