/**
 * Which state the journal starts in: open with the device key, wait for a passphrase, or create a
 * new journal under a device key (or, where this browser cannot keep one, wait for a passphrase
 * before anything is written).
 */
import { probe, setUpDevice } from './device.ts';
import { UnreadableVaultError } from './errors.ts';
import { newDataKey, unwrapWithDevice, type Keyring } from './keyring.ts';
import { copiedContent } from './rekey.ts';
import { afterUnlock, ensureInbox } from './upkeep.ts';
import type { VaultContext } from './vault-context.ts';

/** Sets the journal's first state from its keyring (read once here); throws UnreadableVaultError. */
export async function startVault(ctx: VaultContext, newDeviceKey?: () => Promise<CryptoKey>): Promise<void> {
  const existing = await ctx.readKeyring();
  if (!existing) return create(ctx, newDeviceKey);
  if (existing.device) return openWithDevice(ctx, existing);
  if (existing.passphrase && ctx.name() === ctx.base) {
    // A passphrase set before generations existed: that database's files may still hold the
    // device key and records of before. Move the journal out (as it is) and delete it.
    await ctx.move(await copiedContent(ctx.db()));
  }
}

/** A new journal under a new device key; where the key cannot be kept, nothing is stored until a passphrase is set. */
async function create(ctx: VaultContext, newDeviceKey?: () => Promise<CryptoKey>): Promise<void> {
  const raw = newDataKey();
  await ctx.hold(raw);
  const db = ctx.db();
  try {
    const ring = await setUpDevice(db, raw, newDeviceKey);
    ctx.setState({ kind: 'unlocked', protection: 'device' });
    await ensureInbox(ctx, ring);
  } catch (error) {
    // reason: the cleanup itself may fail in the same broken storage; the state says what to do.
    await db.delete('keys', 'device').catch(() => undefined);
    await db.delete('keys', 'keyring').catch(() => undefined);
    ctx.setState({ kind: 'needs-passphrase', errorName: (error as Error).name });
  }
}

/** Opens with the device key; without a passphrase to fall back on, a device key that fails is the end. */
async function openWithDevice(ctx: VaultContext, ring: Keyring): Promise<void> {
  let raw: Uint8Array<ArrayBuffer> | undefined;
  try {
    raw = await unwrapWithDevice((await ctx.db().get('keys', 'device')) as CryptoKey, ring.device!);
  } catch (error) {
    if (!ring.passphrase) {
      ctx.db().close();
      throw new UnreadableVaultError((error as Error).name);
    }
  }
  if (!raw) return;
  await ctx.hold(raw);
  ctx.setState({ kind: 'unlocked', protection: 'device' });
  // reason: as in afterUnlock, a failed probe write must not hide a journal that opened.
  await probe(ctx.db(), raw).catch((error: unknown) => console.warn('journal storage probe failed', (error as Error).name));
  await afterUnlock(ctx, ring);
}
