/**
 * Words for the journal's errors and states: the vault's errors (by code, with their data), a
 * journal entry that does not parse, and a device whose storage is full. Undefined for any other error.
 */
import { type EntryProblem, InvalidEntryError } from '../../core/entry-error.ts';
import { t } from '../../i18n/index.ts';
import { type AnyVaultError, isVaultError } from '../../vault/errors.ts';
import { backupProblemMessage, manifestMismatchMessage } from './backup.ts';

function words(e: AnyVaultError): string {
  switch (e.code) {
    case 'locked':
      return t('security.errors.locked');
    case 'passphrase-required':
      return t('security.errors.passphraseRequired');
    case 'unreadable':
      return t('security.errors.unreadable', e.errorName);
    case 'recovery-key-mismatch':
      return t('security.errors.recoveryKeyMismatch');
    case 'gone':
      return t('security.errors.gone');
    case 'key-changed-elsewhere':
      return t('security.errors.keyChangedElsewhere');
    case 'passphrase-too-short':
      return t('security.errors.passphraseTooShort', e.min);
    case 'wrong-passphrase':
      return t('security.errors.wrongPassphrase');
    case 'wrong-recovery-key':
      return t('security.errors.wrongRecoveryKey');
    case 'recovery-key-format':
      return t('security.errors.recoveryKeyFormat', e.length);
    case 'kdf-params':
      // The settings as the algorithm names them, digits as they are: a figure to quote, not to read.
      return t('security.errors.kdfParams', `Argon2id m=${e.params.m} t=${e.params.t} p=${e.params.p}`);
    case 'newer-version':
      return t('security.errors.newerVersion');
    case 'entry-gone':
      return t('security.errors.entryGone');
    case 'backup-needs-passphrase':
      return t('security.errors.backupNeedsPassphrase');
    case 'backup-format':
      return backupProblemMessage(e.problem);
    case 'backup-manifest':
      return manifestMismatchMessage(e.mismatch);
  }
}

/** Each problem's part of a session, in words. */
const ENTRY_PARTS: Record<EntryProblem, () => string> = {
  'not-object': () => t('security.errors.entryPart.notObject'),
  'start-time': () => t('security.errors.entryPart.startTime'),
  duration: () => t('security.errors.entryPart.duration'),
  cycles: () => t('security.errors.entryPart.cycles'),
  completed: () => t('security.errors.entryPart.completed'),
  pattern: () => t('security.errors.entryPart.pattern'),
  coherence: () => t('security.errors.entryPart.coherence'),
  mood: () => t('security.errors.entryPart.mood'),
  note: () => t('security.errors.entryPart.note'),
  room: () => t('security.errors.entryPart.room'),
  heart: () => t('security.errors.entryPart.heart'),
};

/** Words for the vault errors a person can meet; undefined for any other error. */
export function vaultWords(error: unknown): string | undefined {
  if (isVaultError(error)) return words(error);
  if (error instanceof InvalidEntryError) return t('security.errors.entryDamaged', ENTRY_PARTS[error.problem]());
  return undefined;
}

/** Why the journal asks for a passphrase before it keeps anything (the state's `errorName` is the browser's refusal). */
export const needsPassphraseWords = (errorName: string): string => t('security.errors.needsPassphrase', errorName);

/** Why the journal could not be opened at all (a sentence, said after "The journal could not be opened"). */
export const unavailableWords = (error: unknown): string =>
  vaultWords(error) ?? t('security.errors.storageRefused', error instanceof Error ? error.name : t('security.errors.unknownError'));
