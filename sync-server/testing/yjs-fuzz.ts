/**
 * A seeded, deterministic mutation fuzzer for Yjs (v1) updates, the relay's attack surface: it makes
 * legit updates from real Y.Doc edits (the app's root maps 'room' and 'members', plus arrays, text
 * and nested maps for coverage), mutates them field by field (client, clock, lengths, info bits,
 * origin/rightOrigin/parent references, struct splicing, duplication) and byte by byte, and checks
 * what the relay would do with them: apply, relay the emitted updates, store and reload the state.
 * The same case index always gives the same bytes for a given seed, so a finding is reproducible.
 *
 * One entry for the fuzzer's parts: fuzz-rng.ts (seeded numbers), update-model.ts (the v1 format as
 * an editable model), fuzz-scenarios.ts (legit traffic), fuzz-mutations.ts, fuzz-cases.ts (cases
 * and their runner), fuzz-oracle.ts (what the relay does with them), fuzz-minimize.ts.
 */
export * from './fuzz-cases.ts';
export * from './fuzz-minimize.ts';
export * from './fuzz-mutations.ts';
export * from './fuzz-oracle.ts';
export * from './fuzz-rng.ts';
export * from './fuzz-scenarios.ts';
export * from './update-model.ts';
