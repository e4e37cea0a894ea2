/**
 * Unlocking with the passphrase or the recovery key, and locking. Each wrong attempt in a row is
 * counted in the vault's own database (failures.ts) and makes the next one wait longer.
 */
import { VaultLockedError } from './errors.ts';
import { failureDelayMs, readFailures, writeFailures } from './failures.ts';
import { unwrapWithPassphrase, unwrapWithRecoveryKey, type Keyring } from './keyring.ts';
import { afterUnlock } from './upkeep.ts';
import type { VaultContext } from './vault-context.ts';
import type { Vault } from './vault-types.ts';

/** Unlock (passphrase or recovery key) and lock, for a vault that waits with `sleep`. */
export function unlockOperations(
  ctx: VaultContext,
  sleep: (ms: number) => Promise<void>,
): Pick<Vault, 'unlock' | 'unlockWithRecoveryKey' | 'lock'> {
  // When the last wrong try failed here: time waited since counts towards the next wait, so a
  // person who waits out the countdown shown is not made to wait again. Unknown after a reload,
  // where the whole wait applies. Rounded up to whole seconds, as the countdown is.
  let lastFailedAt: number | undefined;
  const remaining = (delay: number) =>
    lastFailedAt === undefined ? delay : Math.min(delay, Math.max(0, Math.ceil((delay - (Date.now() - lastFailedAt)) / 1000) * 1000));
  async function unlockWith(kind: 'passphrase' | 'recovery', unwrap: (ring: Keyring) => Promise<Uint8Array<ArrayBuffer>>): Promise<void> {
    const [ring, failures] = await ctx.serial(async () => [await ctx.readKeyring(), await readFailures(ctx.db())] as const);
    if (!ring?.[kind]) throw new VaultLockedError();
    await sleep(remaining(failureDelayMs(failures)));
    // Counted before the attempt, so closing the page mid-check does not escape the count.
    await ctx.serial(() => writeFailures(ctx.db(), failures + 1));
    const raw = await unwrap(ring).catch((error: unknown) => {
      lastFailedAt = Date.now();
      throw error;
    });
    await ctx.serial(async () => {
      await writeFailures(ctx.db(), 0);
      await ctx.hold(raw);
      ctx.setState({ kind: 'unlocked', protection: 'passphrase' });
      await afterUnlock(ctx);
    });
  }

  return {
    unlock: (passphrase) => unlockWith('passphrase', (ring) => unwrapWithPassphrase(passphrase, ring.passphrase!)),
    unlockWithRecoveryKey: (recoveryKey) => unlockWith('recovery', (ring) => unwrapWithRecoveryKey(recoveryKey, ring.recovery!)),
    lock() {
      const state = ctx.state();
      if (state.kind !== 'unlocked' || state.protection !== 'passphrase') return;
      ctx.forget();
      ctx.setState({ kind: 'locked' });
    },
  };
}
