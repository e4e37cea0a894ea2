/**
 * Setting or changing the passphrase, in two steps: prepare (check it, measure this device, make a
 * recovery key to show), then confirm once the recovery key is typed back. Confirming moves the
 * journal under a new data key into a new database (generations.ts, rekey.ts).
 */
import { importAesKey } from './aead.ts';
import { randomBytes } from '../shared/bytes.ts';
import { bytesEqual } from './device.ts';
import { KeyChangedElsewhereError, PassphraseTooShortError, RecoveryKeyMismatchError } from './errors.ts';
import type { calibrate } from './kdf.ts';
import { newDataKey, unwrapWithPassphrase, wrapWithPassphrase, wrapWithRecoveryKey } from './keyring.ts';
import { decodeRecoveryKey, newRecoveryKey, normalizeRecoveryKey } from './recovery-key.ts';
import { rekeyedContent } from './rekey.ts';
import { fold } from './upkeep.ts';
import type { VaultContext } from './vault-context.ts';
import type { PendingPassphrase, Vault } from './vault-types.ts';

/** The shortest passphrase accepted. */
export const MIN_PASSPHRASE_LENGTH = 8;

/** preparePassphrase and confirmPassphrase, with `kdfCalibrate` measuring this device. */
export function passphraseOperations(
  ctx: VaultContext,
  kdfCalibrate: typeof calibrate,
): Pick<Vault, 'preparePassphrase' | 'confirmPassphrase'> {
  const issued = new WeakSet<PendingPassphrase>();
  return {
    async preparePassphrase(passphrase, current) {
      ctx.key();
      if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new PassphraseTooShortError(MIN_PASSPHRASE_LENGTH);
      const ring = await ctx.serial(ctx.readKeyring);
      if (ring?.passphrase) {
        const raw = await unwrapWithPassphrase(current ?? '', ring.passphrase);
        // The current passphrase opens a key other than the one this tab holds (or this tab let
        // go of its key when it followed the journal): another tab changed the passphrase.
        if (!ctx.held() || !bytesEqual(raw, ctx.rawKey())) throw new KeyChangedElsewhereError();
      }
      const { params, ms } = await kdfCalibrate(randomBytes(16));
      const pending = { recoveryKey: newRecoveryKey(), unlockMs: ms, kdf: params };
      issued.add(pending);
      return pending;
    },
    async confirmPassphrase(passphrase, pending, typedRecoveryKey) {
      ctx.key();
      if (!issued.has(pending)) throw new TypeError('confirmPassphrase needs what preparePassphrase returned');
      decodeRecoveryKey(typedRecoveryKey); // a malformed key gets its own, more specific error
      if (normalizeRecoveryKey(typedRecoveryKey) !== normalizeRecoveryKey(pending.recoveryKey)) throw new RecoveryKeyMismatchError();
      // A new data key: the old device key or passphrase (whose wraps the browser's files may still
      // hold) must open nothing from now on.
      const raw = newDataKey();
      const newKey = await importAesKey(raw);
      const keyring = {
        version: 1 as const,
        passphrase: await wrapWithPassphrase(passphrase, raw, pending.kdf),
        recovery: await wrapWithRecoveryKey(pending.recoveryKey, raw),
      };
      await ctx.serial(async () => {
        await fold(ctx);
        await ctx.move(await rekeyedContent(ctx.db(), ctx.key(), newKey, keyring));
        await ctx.hold(raw);
      });
      issued.delete(pending);
      ctx.setState({ kind: 'unlocked', protection: 'passphrase' });
    },
  };
}
