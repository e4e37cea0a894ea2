/**
 * The fuzzer's cases and their runner: case `index` of a seed is a legit prefix, one or two mutated
 * updates and maybe a legit suffix, always the same bytes; a run counts the oracle's findings.
 */
import { caseSeed, createRng } from './fuzz-rng.ts';
import { BYTE_MUTATIONS, MUTATIONS, mutateBytes, mutateModel, type Pools } from './fuzz-mutations.ts';
import { checkSequence, type ApplyHooks, type FindingClass } from './fuzz-oracle.ts';
import { legitScenario, type Scenario } from './fuzz-scenarios.ts';
import { parseUpdate, structIds, writeUpdate } from './update-model.ts';

/** One generated case: the updates in order, and the mutations that made them. */
export interface FuzzCase {
  index: number;
  updates: Uint8Array[];
  mutations: string[];
}

/** The scenarios a seed draws from, made once per seed and process. */
const scenarioCache = new Map<number, Scenario[]>();
const scenariosFor = (seed: number): Scenario[] => {
  let list = scenarioCache.get(seed);
  if (!list) {
    const rng = createRng(seed ^ 0x5ce11a);
    list = Array.from({ length: 96 }, () => legitScenario(rng));
    scenarioCache.set(seed, list);
  }
  return list;
};

/** Makes case `index` of `seed`: a legit prefix, one or two mutated updates, maybe a legit suffix. */
export function generateCase(seed: number, index: number): FuzzCase {
  const rng = createRng(caseSeed(seed, index));
  const scenarios = scenariosFor(seed);
  const scenario = rng.pick(scenarios);
  const donor = rng.pick(scenarios);
  const models = [...scenario.updates, ...donor.updates].map(parseUpdate);
  const pools: Pools = {
    ids: models.flatMap(structIds),
    clients: [...new Set(models.flatMap((m) => m.sections.map((s) => s.client)))],
    models,
  };
  const cut = rng.int(scenario.updates.length + 1);
  const out = scenario.updates.slice(0, cut);
  const mutations: string[] = [];
  const mutants = 1 + (rng.chance(0.3) ? 1 : 0);
  for (let m = 0; m < mutants; m++) {
    const source = rng.chance(0.7) ? rng.pick(scenario.updates) : rng.pick(donor.updates);
    const model = parseUpdate(source);
    const count = 1 + rng.int(3);
    for (let k = 0; k < count; k++) {
      const name = rng.pick(MUTATIONS);
      if (mutateModel(model, name, rng, pools)) mutations.push(name);
    }
    let bytes = writeUpdate(model);
    if (rng.chance(0.25)) {
      const name = rng.pick(BYTE_MUTATIONS);
      bytes = mutateBytes(bytes, name, rng);
      mutations.push(name);
    }
    out.push(bytes);
  }
  if (rng.chance(0.4)) out.push(...scenario.updates.slice(cut));
  return { index, updates: out, mutations };
}

/**
 * Counts per class and the first few case indexes of each, from one run. Keys are class names,
 * with a trailing '*' when an applyUpdate of the case threw first (a consequence, not a clean finding).
 */
export interface RunStats {
  cases: number;
  refusedByDecode: number;
  counts: Record<string, number>;
  examples: Record<string, number[]>;
  /** Mutation names seen in failing cases, per class (what tends to cause it). */
  causes: Record<string, Record<string, number>>;
}

/** An empty RunStats. */
export const emptyStats = (): RunStats => ({ cases: 0, refusedByDecode: 0, counts: {}, examples: {}, causes: {} });

/** Adds one case's verdict to the statistics. */
export function record(stats: RunStats, c: FuzzCase, classes: Iterable<FindingClass>, refused: number, applyThrew = false): void {
  stats.cases++;
  stats.refusedByDecode += refused;
  for (const cls of classes) {
    const k = applyThrew && cls !== 'apply-throws' ? `${cls}*` : cls;
    stats.counts[k] = (stats.counts[k] ?? 0) + 1;
    stats.examples[k] ??= [];
    const ex = stats.examples[k];
    if (ex.length < 20) ex.push(c.index);
    stats.causes[k] ??= {};
    const causes = stats.causes[k];
    for (const m of new Set(c.mutations)) causes[m] = (causes[m] ?? 0) + 1;
  }
}

/** Runs cases [from, to) of a seed in this thread (no hang protection: see bench/yjs-fuzz.ts). */
export function runCases(seed: number, from: number, to: number, hooks?: ApplyHooks, onCase?: (index: number) => void): RunStats {
  const stats = emptyStats();
  generateCase(seed, from); // the seed's scenarios are made before the first case is timed
  for (let i = from; i < to; i++) {
    onCase?.(i);
    const c = generateCase(seed, i);
    try {
      const v = checkSequence(c.updates, hooks);
      record(stats, c, v.classes, v.refused, v.applyThrew);
    } catch (e) {
      // reason: an exception the oracle did not expect is itself a finding; the run goes on.
      record(stats, c, ['oracle-error'], 0);
      void e;
    }
  }
  return stats;
}
