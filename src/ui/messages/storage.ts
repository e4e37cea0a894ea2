/**
 * Words for what the device's storage (IndexedDB, the Cache API) refuses, whichever domain asked:
 * the browser names the refusal (a DOMException's name), and that is all the words need.
 */

/** The refusals a storage call can end in that a person should hear about, by DOMException name. */
const STORAGE_REFUSALS = new Set([
  'AbortError',
  'ConstraintError',
  'DataError',
  'InvalidStateError',
  'NotReadableError',
  'ReadOnlyError',
  'TransactionInactiveError',
  'UnknownError',
  'VersionError',
]);

/** Words for a refusal by the device's storage; undefined for any other error. */
export function storageWords(error: unknown): string | undefined {
  if (!(error instanceof DOMException)) return undefined;
  if (error.name === 'QuotaExceededError') return "This device's storage is full, so nothing was saved. Free some space, then try again.";
  if (error.name === 'VersionError') return 'This device holds data from a newer version of Sacred Breathing. Reload the page to get it.';
  if (STORAGE_REFUSALS.has(error.name)) {
    return `This device's storage did not take it (${error.name}). Try again; if it keeps happening, reload the page.`;
  }
  return undefined;
}
