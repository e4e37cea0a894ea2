/**
 * A small seeded fuzz run against the real relay process (bench/relay-fuzz.ts runs 10^5 frames):
 * hostile connections send every shape of the frame fuzzer while two honest members edit the room.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../policy.ts';
import { runRelayFuzz } from './testing/fuzz-run.ts';
import { startRelay, stopAllRelays } from './testing/relay-process.ts';

afterEach(stopAllRelays);

/** The fuzz's connections must reach the rooms: the per-address caps on upgrades are tested on their own. */
const FUZZ_ENV = { TRUST_PROXY: '1', RELAY_UPGRADES_PER_MINUTE: '100000', RELAY_NEW_ROOMS_PER_HOUR: '100000' };

describe('relay fuzz (node)', () => {
  it('stays up and healthy under hostile frames of every shape, and the honest members converge', async () => {
    const relay = await startRelay(FUZZ_ENV);
    const report = await runRelayFuzz(relay, { frames: 3000, seed: 20261201, connections: 4, maxFrameBytes: DEFAULT_LIMITS.maxFrameBytes });
    expect(report.crashes).toBe(0);
    expect(report.frames).toBeGreaterThanOrEqual(3000);
    expect(Object.keys(report.byShape).length).toBeGreaterThanOrEqual(6);
    // Health stays up: a poll may miss its 2 s on a loaded machine, not one in ten (the reference server misses most).
    expect(report.healthFailures).toBeLessThanOrEqual(Math.floor(report.healthPolls / 10));
    expect(report.converged, JSON.stringify(report)).toBe(true);
    // Bounded logs: one line per limit kind and connection, and a ceiling for all.
    expect(relay.output().split('\n').length).toBeLessThan(200);
  }, 120_000);
});
