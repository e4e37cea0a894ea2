/** Words for people about a refused backup, chosen here at the UI boundary from the error's data. */
import { t } from '../../i18n/index.ts';
import type { BackupProblem, ManifestMismatch } from '../../vault/errors.ts';
import { joinAnd } from './words.ts';

/** Why a backup whose records do not match its manifest was refused, and what to do. */
export function manifestMismatchMessage(m: ManifestMismatch): string {
  const nothing = t('security.backupErrors.tryAnotherCopy');
  if (m.forged) return `${t('security.backupErrors.forged')} ${nothing}`;
  const changes = [
    m.missing > 0 && t('security.backupErrors.removed', m.missing),
    m.added > 0 && t('security.backupErrors.added', m.added),
    m.replaced > 0 && t('security.backupErrors.replaced', m.replaced),
    m.reordered && t('security.backupErrors.reordered'),
  ].filter((part): part is string => typeof part === 'string');
  if (changes.length === 1 && m.missing > 0) return `${t('security.backupErrors.incomplete', m.missing)} ${nothing}`;
  return `${t('security.backupErrors.changed', joinAnd(changes))} ${nothing}`;
}

const notABackup = (detail: string) => t('security.backupErrors.notABackup', detail);

/** Why a file was refused as a backup before anything in it was opened (or because some of it did not open). */
export function backupProblemMessage(p: BackupProblem): string {
  switch (p.kind) {
    case 'too-large':
      return t('security.backupErrors.tooLarge', Math.round(p.maxBytes / 1024 / 1024));
    case 'not-json':
      return notABackup(t('security.backupErrors.notJson'));
    case 'unknown-format':
      return notABackup(t('security.backupErrors.unknownFormat'));
    case 'unsupported-version':
      return t('security.backupErrors.unsupportedVersion', p.version);
    case 'missing':
      return notABackup(t('security.backupErrors.missing', p.field));
    case 'not-base64url':
      return notABackup(t('security.backupErrors.notBase64url', p.field));
    case 'kdf-out-of-bounds':
      return notABackup(t('security.backupErrors.kdfOutOfBounds'));
    case 'bad-id':
      return notABackup(t('security.backupErrors.badId', p.record));
    case 'repeated-id':
      return notABackup(t('security.backupErrors.repeatedId', p.record));
    case 'manifest-malformed':
      return notABackup(t('security.backupErrors.manifestMalformed'));
    case 'damaged':
      return t('security.backupErrors.damaged', p.damaged, p.total);
  }
}
