/**
 * Words for what the device's storage (IndexedDB, the Cache API) refuses, whichever domain asked:
 * the browser names the refusal (a DOMException's name), and that is all the words need.
 */
import { t } from '../../i18n/index.ts';

/** The refusals a storage call can end in that a person should hear about, by DOMException name. */
const STORAGE_REFUSALS: Readonly<Record<string, true>> = {
  AbortError: true,
  ConstraintError: true,
  DataError: true,
  InvalidStateError: true,
  NotReadableError: true,
  ReadOnlyError: true,
  TransactionInactiveError: true,
  UnknownError: true,
  VersionError: true,
};

/** Words for a refusal by the device's storage; undefined for any other error. */
export function storageWords(error: unknown): string | undefined {
  if (!(error instanceof DOMException)) return undefined;
  if (error.name === 'QuotaExceededError') return t('security.storage.full');
  if (error.name === 'VersionError') return t('security.storage.newer');
  if (Object.hasOwn(STORAGE_REFUSALS, error.name)) {
    return t('security.storage.refused', error.name);
  }
  return undefined;
}
