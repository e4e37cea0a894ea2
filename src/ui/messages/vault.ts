/**
 * Words for the journal's errors and states: the vault's errors (by code, with their data), a
 * journal entry that does not parse, and a device whose storage is full. Undefined for any other error.
 */
import { type EntryProblem, InvalidEntryError } from '../../core/journal.ts';
import { type AnyVaultError, isVaultError } from '../../vault/errors.ts';
import { backupProblemMessage, manifestMismatchMessage } from './backup.ts';

function words(e: AnyVaultError): string {
  switch (e.code) {
    case 'locked':
      return 'The journal is locked. Unlock it with your passphrase or recovery key.';
    case 'passphrase-required':
      return 'Set a passphrase first: this browser cannot keep the journal safe without one.';
    case 'unreadable':
      return `The key that opens this journal on this device can no longer be read (${e.errorName}). Import a backup, or erase to start again.`;
    case 'recovery-key-mismatch':
      return 'That is not the recovery key shown. Check it and type it again; your passphrase is not set yet.';
    case 'gone':
      return 'The journal was erased in another tab. Reload the app to start again.';
    case 'key-changed-elsewhere':
      return 'The passphrase was changed in another tab. Unlock the journal here with the new passphrase, then try again.';
    case 'passphrase-too-short':
      return `A passphrase needs at least ${e.min} characters.`;
    case 'wrong-passphrase':
      return 'That passphrase does not open this journal. Nothing was changed.';
    case 'wrong-recovery-key':
      return 'That recovery key does not open this journal. Nothing was changed.';
    case 'recovery-key-format':
      return `A recovery key has ${e.length} letters and digits (dashes optional).`;
    case 'kdf-params':
      return `This journal's passphrase settings are outside what this app accepts (Argon2id m=${e.params.m} t=${e.params.t} p=${e.params.p}), so the passphrase cannot be checked. Nothing was changed.`;
    case 'newer-version':
      return 'This journal was saved by a newer version of Sacred Breathing. Reload to update the app; nothing was changed.';
    case 'entry-gone':
      return 'That session is no longer in the journal.';
    case 'backup-needs-passphrase':
      return 'Set a passphrase first: a backup opens on another device only with your passphrase or recovery key.';
    case 'backup-format':
      return backupProblemMessage(e.problem);
    case 'backup-manifest':
      return manifestMismatchMessage(e.mismatch);
  }
}

const ENTRY_PARTS: Record<EntryProblem, string> = {
  'not-object': 'it is not a session at all',
  'start-time': 'its start time',
  duration: 'its length',
  cycles: 'its breath count',
  completed: 'whether it was finished',
  pattern: 'its pattern',
  coherence: 'its coherence figures',
  mood: 'a mood',
  note: 'its note',
  room: 'its room figures',
};

/** Words for the vault errors a person can meet; undefined for any other error. */
export function vaultWords(error: unknown): string | undefined {
  if (isVaultError(error)) return words(error);
  if (error instanceof InvalidEntryError)
    return `This session's saved data is damaged (${ENTRY_PARTS[error.problem]}), so it cannot be changed.`;
  return undefined;
}

/** Why the journal asks for a passphrase before it keeps anything (the state's `errorName` is the browser's refusal). */
export const needsPassphraseWords = (errorName: string): string =>
  `This browser cannot keep the journal's device key (${errorName}). Set a passphrase to keep your sessions.`;

/** Why the journal could not be opened at all (a sentence, said after "The journal could not be opened"). */
export const unavailableWords = (error: unknown): string =>
  vaultWords(error) ??
  `This browser's storage refused it (${error instanceof Error ? error.name : 'unknown error'}). Private browsing modes can block it; try a normal window.`;
