/**
 * The vault's named errors. Each carries a `code` and the data its words need; the words for a
 * person are chosen in the UI (src/ui/messages/vault.ts). A `message` is for logs only.
 */

/** Every vault error: `code` says what went wrong, the subclass's fields say the rest. */
export abstract class VaultError extends Error {
  abstract readonly code: string;
}

/** The vault is locked: unlock it first. */
export class VaultLockedError extends VaultError {
  override readonly name = 'VaultLockedError';
  readonly code = 'locked';
}

/** This browser cannot keep a device key, so nothing is stored before a passphrase is set. */
export class PassphraseRequiredError extends VaultError {
  override readonly name = 'PassphraseRequiredError';
  readonly code = 'passphrase-required';
}

/** The stored device key no longer opens the journal, and there is no passphrase to try. */
export class UnreadableVaultError extends VaultError {
  override readonly name = 'UnreadableVaultError';
  readonly code = 'unreadable';
  /** The name of the browser's error that reading the device key gave. */
  readonly errorName: string;
  constructor(errorName: string) {
    super(`device key unreadable (${errorName})`);
    this.errorName = errorName;
  }
}

/** The typed-back recovery key does not match the one shown: the passphrase is not in force yet. */
export class RecoveryKeyMismatchError extends VaultError {
  override readonly name = 'RecoveryKeyMismatchError';
  readonly code = 'recovery-key-mismatch';
}

/** The journal was erased (or its database deleted) in another tab while this one had it open. */
export class VaultGoneError extends VaultError {
  override readonly name = 'VaultGoneError';
  readonly code = 'gone';
}

/** Another tab put a new key in force since this tab unlocked: this tab's key no longer opens the journal. */
export class KeyChangedElsewhereError extends VaultError {
  override readonly name = 'KeyChangedElsewhereError';
  readonly code = 'key-changed-elsewhere';
}

/** A new passphrase shorter than the minimum. */
export class PassphraseTooShortError extends VaultError {
  override readonly name = 'PassphraseTooShortError';
  readonly code = 'passphrase-too-short';
  readonly min: number;
  constructor(min: number) {
    super(`passphrase shorter than ${min}`);
    this.min = min;
  }
}

/** The passphrase did not open the keyring. Nothing was changed. */
export class WrongPassphraseError extends VaultError {
  override readonly name = 'WrongPassphraseError';
  readonly code = 'wrong-passphrase';
}

/** The recovery key did not open the keyring. Nothing was changed. */
export class WrongRecoveryKeyError extends VaultError {
  override readonly name = 'WrongRecoveryKeyError';
  readonly code = 'wrong-recovery-key';
}

/** Text that cannot be a recovery key (wrong length or characters). */
export class RecoveryKeyFormatError extends VaultError {
  override readonly name = 'RecoveryKeyFormatError';
  readonly code = 'recovery-key-format';
  /** How many letters and digits a recovery key has. */
  readonly length: number;
  constructor(length: number) {
    super(`not a recovery key of ${length} characters`);
    this.length = length;
  }
}

/** Key derivation parameters outside the bounds (a foreign or crafted keyring). */
export class KdfParamsError extends VaultError {
  override readonly name = 'KdfParamsError';
  readonly code = 'kdf-params';
  readonly params: { readonly m: number; readonly t: number; readonly p: number };
  constructor(params: { readonly m: number; readonly t: number; readonly p: number }) {
    super(`argon2id parameters out of bounds: m=${params.m} t=${params.t} p=${params.p}`);
    this.params = params;
  }
}

/** The database was written by a newer version of the app. Nothing was changed. */
export class NewerVaultError extends VaultError {
  override readonly name = 'NewerVaultError';
  readonly code = 'newer-version';
}

/** A session asked for by id is no longer in the journal (deleted meanwhile, perhaps in another tab). */
export class EntryGoneError extends VaultError {
  override readonly name = 'EntryGoneError';
  readonly code = 'entry-gone';
}

/** A backup is not available before a passphrase is set: a device key cannot travel. */
export class BackupNeedsPassphraseError extends VaultError {
  override readonly name = 'BackupNeedsPassphraseError';
  readonly code = 'backup-needs-passphrase';
}

/** Why a file is not a readable backup; `field` is a path in the file's JSON, `record` a 1-based position. */
export type BackupProblem =
  | { readonly kind: 'too-large'; readonly maxBytes: number }
  | { readonly kind: 'not-json' }
  | { readonly kind: 'unknown-format' }
  | { readonly kind: 'unsupported-version'; readonly version: string }
  | { readonly kind: 'missing'; readonly field: string }
  | { readonly kind: 'not-base64url'; readonly field: string }
  | { readonly kind: 'kdf-out-of-bounds' }
  | { readonly kind: 'bad-id'; readonly record: number }
  | { readonly kind: 'repeated-id'; readonly record: number }
  | { readonly kind: 'manifest-malformed' }
  | { readonly kind: 'damaged'; readonly damaged: number; readonly total: number };

/** The file is not a readable backup of this app. Nothing was imported. */
export class BackupFormatError extends VaultError {
  override readonly name = 'BackupFormatError';
  readonly code = 'backup-format';
  readonly problem: BackupProblem;
  constructor(problem: BackupProblem) {
    super(`backup refused: ${JSON.stringify(problem)}`);
    this.problem = problem;
  }
}

/** What differs between a backup's records and its manifest. */
export interface ManifestMismatch {
  /** The manifest itself does not verify: it was edited, or made with another key. */
  readonly forged: boolean;
  readonly missing: number;
  readonly added: number;
  readonly replaced: number;
  readonly reordered: boolean;
}

/** The backup's records do not match its authenticated manifest. Nothing was imported. */
export class BackupManifestError extends VaultError {
  override readonly name = 'BackupManifestError';
  readonly code = 'backup-manifest';
  readonly mismatch: ManifestMismatch;
  constructor(mismatch: ManifestMismatch) {
    super(`backup manifest mismatch: ${JSON.stringify(mismatch)}`);
    this.mismatch = mismatch;
  }
}

/** Every vault error there is, so that code narrows to the class (and its data). */
export type AnyVaultError =
  | VaultLockedError
  | PassphraseRequiredError
  | UnreadableVaultError
  | RecoveryKeyMismatchError
  | VaultGoneError
  | KeyChangedElsewhereError
  | PassphraseTooShortError
  | WrongPassphraseError
  | WrongRecoveryKeyError
  | RecoveryKeyFormatError
  | KdfParamsError
  | NewerVaultError
  | EntryGoneError
  | BackupNeedsPassphraseError
  | BackupFormatError
  | BackupManifestError;

/** Every vault error's code. */
export type VaultErrorCode = AnyVaultError['code'];

/** Whether a thrown value is one of the vault's errors. */
export const isVaultError = (error: unknown): error is AnyVaultError => error instanceof VaultError;
