/** The vault's named errors, each with a message written for the person using the app. */

/** The vault is locked: unlock it first. */
export class VaultLockedError extends Error {
  override readonly name = 'VaultLockedError';
  constructor() {
    super('The journal is locked. Unlock it with your passphrase or recovery key.');
  }
}

/** This browser cannot keep a device key, so nothing is stored before a passphrase is set. */
export class PassphraseRequiredError extends Error {
  override readonly name = 'PassphraseRequiredError';
  constructor() {
    super('Set a passphrase first: this browser cannot keep the journal safe without one.');
  }
}

/** The stored device key no longer opens the journal, and there is no passphrase to try. */
export class UnreadableVaultError extends Error {
  override readonly name = 'UnreadableVaultError';
}

/** The typed-back recovery key does not match the one shown: the passphrase is not in force yet. */
export class RecoveryKeyMismatchError extends Error {
  override readonly name = 'RecoveryKeyMismatchError';
  constructor() {
    super('That is not the recovery key shown. Check it and type it again; your passphrase is not set yet.');
  }
}

/** The journal was erased (or its database deleted) in another tab while this one had it open. */
export class VaultGoneError extends Error {
  override readonly name = 'VaultGoneError';
  constructor() {
    super('The journal was erased in another tab. Reload the app to start again.');
  }
}
