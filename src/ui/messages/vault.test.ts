import { afterEach, describe, expect, it } from 'vitest';
import { InvalidEntryError } from '../../core/journal.ts';
import { dict as de } from '../../i18n/de/index.ts';
import { dict as en } from '../../i18n/en/index.ts';
import { useDictionary } from '../../i18n/index.ts';
import {
  type AnyVaultError,
  BackupFormatError,
  BackupManifestError,
  BackupNeedsPassphraseError,
  type BackupProblem,
  EntryGoneError,
  KdfParamsError,
  KeyChangedElsewhereError,
  NewerVaultError,
  PassphraseRequiredError,
  PassphraseTooShortError,
  RecoveryKeyFormatError,
  RecoveryKeyMismatchError,
  UnreadableVaultError,
  type VaultErrorCode,
  VaultGoneError,
  VaultLockedError,
  WrongPassphraseError,
  WrongRecoveryKeyError,
} from '../../vault/errors.ts';
import { describeError } from './index.ts';
import { needsPassphraseWords, unavailableWords, vaultWords } from './vault.ts';

afterEach(() => useDictionary('en', en));

/** One error of every code (the type makes a new code without a sample a compile error), and what its words must say. */
const SAMPLES: { readonly [C in VaultErrorCode]: readonly [Extract<AnyVaultError, { code: C }>, ...string[]] } = {
  locked: [new VaultLockedError(), 'locked', 'Unlock it'],
  'passphrase-required': [new PassphraseRequiredError(), 'Set a passphrase first'],
  unreadable: [new UnreadableVaultError('NotReadableError'), '(NotReadableError)', 'Import a backup, or erase'],
  'recovery-key-mismatch': [new RecoveryKeyMismatchError(), 'not the recovery key shown', 'not set yet'],
  gone: [new VaultGoneError(), 'erased in another tab'],
  'key-changed-elsewhere': [new KeyChangedElsewhereError(), 'changed in another tab', 'new passphrase'],
  'passphrase-too-short': [new PassphraseTooShortError(8), 'at least 8 characters'],
  'wrong-passphrase': [new WrongPassphraseError(), 'That passphrase does not open this journal. Nothing was changed.'],
  'wrong-recovery-key': [new WrongRecoveryKeyError(), 'That recovery key does not open this journal. Nothing was changed.'],
  'recovery-key-format': [new RecoveryKeyFormatError(52), '52 letters and digits'],
  'kdf-params': [new KdfParamsError({ m: 4_194_304, t: 99, p: 3 }), 'm=4194304 t=99 p=3', 'Nothing was changed'],
  'newer-version': [new NewerVaultError(), 'newer version', 'Reload'],
  'entry-gone': [new EntryGoneError(), 'no longer in the journal'],
  'backup-needs-passphrase': [new BackupNeedsPassphraseError(), 'Set a passphrase first', 'another device'],
  'backup-format': [new BackupFormatError({ kind: 'damaged', damaged: 2, total: 7 }), '2 of 7 sessions', 'Nothing was imported'],
  'backup-manifest': [
    new BackupManifestError({ forged: false, missing: 1, added: 0, replaced: 0, reordered: false }),
    'incomplete',
    '1 session was removed',
  ],
};

/** Every way a file can fail as a backup, and what the words must say. */
const PROBLEMS: { readonly [K in BackupProblem['kind']]: readonly [Extract<BackupProblem, { kind: K }>, ...string[]] } = {
  'too-large': [{ kind: 'too-large', maxBytes: 64 * 1024 * 1024 }, 'far larger than any backup', '64 MB'],
  'not-json': [{ kind: 'not-json' }, 'not a Sacred Breathing backup, or it is damaged', 'cut short'],
  'unknown-format': [{ kind: 'unknown-format' }, 'unknown format'],
  'unsupported-version': [{ kind: 'unsupported-version', version: '3' }, 'version 3'],
  missing: [{ kind: 'missing', field: 'keyring.recovery' }, 'keyring.recovery is missing'],
  'not-base64url': [{ kind: 'not-base64url', field: 'records[4].iv' }, 'records[4].iv is not base64url'],
  'kdf-out-of-bounds': [{ kind: 'kdf-out-of-bounds' }, 'out of bounds'],
  'bad-id': [{ kind: 'bad-id', record: 5 }, 'session 5 has no valid id'],
  'repeated-id': [{ kind: 'repeated-id', record: 6 }, 'session 6 repeats an id'],
  'manifest-malformed': [{ kind: 'manifest-malformed' }, 'malformed'],
  damaged: [{ kind: 'damaged', damaged: 1, total: 3 }, '1 of 3 sessions'],
};

describe('words for the journal’s errors', () => {
  for (const [code, [error, ...says]] of Object.entries(SAMPLES)) {
    it(`has words for ${code}, with its data in them`, () => {
      expect(error.code).toBe(code);
      const text = vaultWords(error);
      expect(text).toBeTypeOf('string');
      for (const part of says) expect(text).toContain(part);
      // The developer's message (where there is one) is never what a person reads.
      if (error.message) expect(text).not.toContain(error.message);
      expect(describeError(error)).toBe(text);
    });
  }

  for (const [kind, [problem, ...says]] of Object.entries(PROBLEMS)) {
    it(`says why a file is refused as a backup: ${kind}`, () => {
      const text = vaultWords(new BackupFormatError(problem));
      for (const part of says) expect(text).toContain(part);
      expect(text).toContain('Nothing was imported.');
    });
  }

  it('says which part of a damaged session is wrong', () => {
    expect(vaultWords(new InvalidEntryError('start-time'))).toContain('its start time');
  });

  it('leaves any other error to the other domains', () => {
    expect(vaultWords(new TypeError('x'))).toBeUndefined();
    expect(vaultWords('a string')).toBeUndefined();
  });

  it('words the journal’s states: a passphrase needed, a journal that did not open', () => {
    expect(needsPassphraseWords('DataCloneError')).toBe(
      "This browser cannot keep the journal's device key (DataCloneError). Set a passphrase to keep your sessions.",
    );
    expect(unavailableWords(new NewerVaultError())).toContain('newer version');
    expect(unavailableWords(new DOMException('no', 'InvalidStateError'))).toContain('(InvalidStateError)');
  });

  it('speaks the showing language', () => {
    useDictionary('de', de);
    expect(vaultWords(new WrongPassphraseError())).toBe('Diese Passphrase öffnet dieses Tagebuch nicht. Es wurde nichts geändert.');
    expect(vaultWords(new InvalidEntryError('note'))).toContain('(ihre Notiz)');
    expect(unavailableWords(new DOMException('no', 'InvalidStateError'))).toContain('Der Speicher dieses Browsers');
  });
});
