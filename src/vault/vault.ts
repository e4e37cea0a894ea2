/**
 * The encrypted journal. Opening it unwraps the data key with the device key, or waits for a
 * passphrase or recovery key (startup.ts, unlock.ts); every entry is sealed under the data key
 * (entries.ts, records.ts), or, while the journal is locked, to its inbox key (inbox.ts). Setting
 * or changing the passphrase moves the journal into a new database under a new data key
 * (passphrase.ts, generations.ts, rekey.ts). The parts share one context (vault-context.ts).
 */
import { deriveManifestKey } from './backup-manifest.ts';
import { VAULT_DB_NAME } from './db.ts';
import { entryOperations } from './entries.ts';
import { adoptLegacyFailures, localStorageFailures, type LegacyFailureCounter } from './failures.ts';
import { pointerDbName } from './generations.ts';
import { calibrate } from './kdf.ts';
import { passphraseOperations } from './passphrase.ts';
import { startVault } from './startup.ts';
import { unlockOperations } from './unlock.ts';
import { openVaultContext } from './vault-context.ts';
import type { Vault } from './vault-types.ts';

export type { StoredEntry } from './snapshot.ts';
export type { PendingPassphrase, Vault, VaultState } from './vault-types.ts';
export {
  KeyChangedElsewhereError,
  PassphraseRequiredError,
  RecoveryKeyMismatchError,
  UnreadableVaultError,
  VaultGoneError,
  VaultLockedError,
} from './errors.ts';
export { failureDelayMs } from './failures.ts';
export { MIN_PASSPHRASE_LENGTH } from './passphrase.ts';

/** How to open the vault; every field has a default, the seams are for tests. */
export interface VaultOptions {
  /** The base database name; generations are named after it. */
  readonly dbName?: string;
  /** Where an earlier version counted wrong passphrases (localStorage by default), taken over once. */
  readonly legacyFailures?: LegacyFailureCounter;
  readonly newDeviceKey?: () => Promise<CryptoKey>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly calibrate?: typeof calibrate;
}

/** Opens the journal on this device, creating it (under a device key) the first time. */
export async function openVault(options: VaultOptions = {}): Promise<Vault> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)));
  const ctx = await openVaultContext(options.dbName ?? VAULT_DB_NAME);
  await adoptLegacyFailures(ctx.db(), 'legacyFailures' in options ? options.legacyFailures : localStorageFailures());
  await startVault(ctx, options.newDeviceKey);
  return {
    state: ctx.state,
    onChange: ctx.onChange,
    ...unlockOperations(ctx, sleep),
    ...passphraseOperations(ctx, options.calibrate ?? calibrate),
    ...entryOperations(ctx),
    manifestKey: async () => deriveManifestKey(ctx.rawKey()),
    databaseNames: () => [pointerDbName(ctx.base), ctx.name()],
    close: () => ctx.db().close(),
  };
}
