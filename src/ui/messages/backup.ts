/** Words for people about a refused backup, chosen here at the UI boundary from the error's data. */
import type { BackupProblem, ManifestMismatch } from '../../vault/errors.ts';
import { joinAnd } from './words.ts';

const sessions = (n: number, was: string) => (n === 1 ? `1 session was ${was}` : `${n} sessions were ${was}`);

const NOTHING = 'Nothing was imported. If you have another copy, try that one.';

/** Why a backup whose records do not match its manifest was refused, and what to do. */
export function manifestMismatchMessage(m: ManifestMismatch): string {
  if (m.forged)
    return `This backup was changed after it was saved, or is damaged: its list of sessions does not match its seal. ${NOTHING}`;
  const changes = [
    m.missing > 0 && sessions(m.missing, 'removed from the file'),
    m.added > 0 && sessions(m.added, 'added to the file'),
    m.replaced > 0 && sessions(m.replaced, 'replaced by a different copy'),
    m.reordered && 'the sessions were put in a different order',
  ].filter((part): part is string => typeof part === 'string');
  if (changes.length === 1 && m.missing > 0) return `This backup is incomplete: ${changes[0]} after it was saved. ${NOTHING}`;
  return `This backup was changed after it was saved: ${joinAnd(changes)}. ${NOTHING}`;
}

const notABackup = (detail: string) => `This file is not a Sacred Breathing backup, or it is damaged (${detail}). Nothing was imported.`;

/** Why a file was refused as a backup before anything in it was opened (or because some of it did not open). */
export function backupProblemMessage(p: BackupProblem): string {
  switch (p.kind) {
    case 'too-large':
      return `This file is far larger than any backup (more than ${Math.round(p.maxBytes / 1024 / 1024)} MB). Nothing was imported.`;
    case 'not-json':
      return notABackup('not JSON, or cut short');
    case 'unknown-format':
      return notABackup('unknown format');
    case 'unsupported-version':
      return `This backup is in a format this version of the app cannot read (version ${p.version}). If it was saved by a newer version, reload to update the app and try again. Nothing was imported.`;
    case 'missing':
      return notABackup(`${p.field} is missing`);
    case 'not-base64url':
      return notABackup(`${p.field} is not base64url`);
    case 'kdf-out-of-bounds':
      return notABackup('its key derivation settings are out of bounds');
    case 'bad-id':
      return notABackup(`session ${p.record} has no valid id`);
    case 'repeated-id':
      return notABackup(`session ${p.record} repeats an id`);
    case 'manifest-malformed':
      return notABackup('its list of sessions is malformed');
    case 'damaged':
      return `${p.damaged} of ${p.total} sessions in this backup are damaged or were changed. Nothing was imported.`;
  }
}
