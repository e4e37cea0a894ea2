/**
 * The count of wrong passphrases in a row, kept in the vault's own `keys` store beside the keyring:
 * clearing one site-storage key cannot reset the growing delay without also losing the journal.
 * Earlier versions kept it in localStorage; that value is taken over once and removed.
 */
import type { VaultDb } from './db.ts';

/** Where an earlier version kept the count (localStorage), for the one-time move. */
export interface LegacyFailureCounter {
  read(): number;
  clear(): void;
}

const LEGACY_KEY = 'sacred-breathing.unlock-failures';

/** The localStorage counter of earlier versions, or none where there is no localStorage. */
export const localStorageFailures = (): LegacyFailureCounter | undefined =>
  typeof localStorage === 'undefined'
    ? undefined
    : { read: () => Number(localStorage.getItem(LEGACY_KEY)) || 0, clear: () => localStorage.removeItem(LEGACY_KEY) };

/** Delay before the nth consecutive wrong passphrase is checked: none for the first three, then doubling to 30 s. */
export const failureDelayMs = (failures: number): number => (failures < 3 ? 0 : Math.min(30_000, 1000 * 2 ** (failures - 3)));

/** Wrong passphrases in a row so far. */
export async function readFailures(db: VaultDb): Promise<number> {
  const n = await db.get('keys', 'failures');
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

export async function writeFailures(db: VaultDb, n: number): Promise<void> {
  await db.put('keys', n, 'failures');
}

/** Takes over a count an earlier version left in localStorage (the higher one wins), then removes it. */
export async function adoptLegacyFailures(db: VaultDb, legacy: LegacyFailureCounter | undefined): Promise<void> {
  const old = legacy?.read() ?? 0;
  if (old > 0) await writeFailures(db, Math.max(old, await readFailures(db)));
  legacy?.clear();
}
