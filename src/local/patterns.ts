/** The person's own patterns, kept on the device. */
import { validatePattern, type Pattern, type PatternId } from '../core/pattern.ts';
import type { LocalDb } from './db.ts';

/** A fresh id for a custom pattern. */
export const newPatternId = (): PatternId => `custom-${crypto.randomUUID()}` as PatternId;

/** Thrown when a preset is offered as a custom pattern: presets ship with the app and are copied, not changed. */
export class PresetPatternError extends Error {
  override readonly name = 'PresetPatternError';
  readonly code = 'preset-read-only';
  readonly patternId: PatternId;
  constructor(patternId: PatternId) {
    super(`presets cannot be saved as custom patterns: ${patternId}`);
    this.patternId = patternId;
  }
}

/** Custom patterns in the local database (the patterns store, store.ts, is what the UI uses). */
export interface PatternLibrary {
  /** Custom patterns by name; stored entries that no longer validate are left out, not thrown. */
  list(): Promise<Pattern[]>;
  get(id: string): Promise<Pattern | undefined>;
  /** Validates and stores (creates or replaces) a custom pattern; throws InvalidPatternError or PresetPatternError. */
  save(pattern: unknown): Promise<Pattern>;
  remove(id: string): Promise<void>;
}

const tryValidate = (raw: unknown): Pattern | undefined => {
  try {
    return validatePattern(raw);
  } catch {
    // reason: a record written by a future or broken version is skipped rather than breaking the list.
    return undefined;
  }
};

/** The pattern library over the local database. */
export function createPatternLibrary(db: LocalDb): PatternLibrary {
  return {
    async list() {
      const all = (await db.getAll('patterns')).map(tryValidate).filter((p): p is Pattern => p !== undefined);
      return all.sort((a, b) => a.name.localeCompare(b.name));
    },
    async get(id) {
      const raw = await db.get('patterns', id);
      return raw === undefined ? undefined : tryValidate(raw);
    },
    async save(raw) {
      const pattern = validatePattern(raw);
      if (pattern.preset) throw new PresetPatternError(pattern.id);
      await db.put('patterns', pattern);
      return pattern;
    },
    remove: (id) => db.delete('patterns', id),
  };
}
