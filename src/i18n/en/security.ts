/**
 * English words for privacy and backup: the passphrase, unlocking, backups, erasing, and the words
 * for the journal's and the device storage's errors.
 */
import { plurals } from '../plural.ts';

const plural = plurals('en-GB');

const NOTHING_IMPORTED = 'Nothing was imported.';

export const security = {
  title: 'Privacy and backup',
  back: 'Back to the journal',
  protection: {
    unavailable: 'The journal could not be opened.',
    locked: 'The journal is locked.',
    needsPassphrase: 'This browser cannot keep a device key: set a passphrase to keep your journal.',
    device: 'Your journal is encrypted with a key that never leaves this device.',
    passphrase: 'Your journal is encrypted and opens only with your passphrase or recovery key.',
  },
  unlockTitle: 'Unlock to change settings or back up',
  done: {
    set: 'Passphrase set. Your journal now opens only with it or your recovery key.',
    changed: 'Passphrase changed. From now on your new passphrase and new recovery key open the journal; the old ones no longer do.',
  },
  lock: {
    now: 'Lock now',
    after: 'Lock after',
    never: 'never',
    idle: (minutes: number) => `${minutes} min idle`,
  },
  disk: {
    summary: 'What stays on disk?',
    text: "When the passphrase is set or changed, your sessions move to a new encrypted store and the old one is deleted. Your browser may keep pieces of the old store on disk for a few days, and someone who copied this browser's files in that time could read the sessions saved before. Sessions saved since are not affected. Keeping your device's own encryption on (most phones have it on) protects against this.",
  },
  secret: { show: 'Show', hide: 'Hide' },
  passphrase: {
    setTitle: 'Protect the journal with a passphrase',
    changeTitle: 'Change the passphrase',
    setHint: 'Then only your passphrase (or the recovery key you will be given) opens it, on this device or any other.',
    changeHint:
      'You will get a new recovery key. The old passphrase and old recovery key will stop working, except for backups saved before today, which still open with the old ones.',
    advice: 'At least 8 characters; a few unusual words are easy to remember and hard to guess.',
    current: 'Current passphrase',
    new: 'New passphrase',
    repeat: 'Repeat it',
    differ: 'The two passphrases differ.',
    measuring: 'Measuring this device…',
    continue: 'Continue',
    keyTitle: 'Write down your recovery key',
    newKeyTitle: 'Write down your new recovery key',
    keyText:
      'If you forget your passphrase, this key is the only other way into your journal. It is shown once. Write it on paper and keep it somewhere safe.',
    typeKey: 'Type the recovery key to confirm you have it',
    unlockFast: 'Unlocking takes under a second on this device.',
    unlockTime: (seconds: number) =>
      plural(seconds, {
        one: 'Unlocking takes about # second on this device.',
        other: 'Unlocking takes about # seconds on this device.',
      }),
    figures: (ms: string, mib: string, passes: number) =>
      `About ${ms} ms (Argon2id, ${mib} MiB, ${plural(passes, { one: '# pass', other: '# passes' })})`,
    reencrypting: 'Re-encrypting…',
    set: 'Set the passphrase',
    change: 'Change the passphrase',
    back: 'Back',
  },
  key: {
    copy: 'Copy the key',
    copied: 'Copied. Keep a copy on paper too.',
    selected: 'The key is selected: copy it with your device’s copy command.',
  },
  unlock: {
    passphrase: 'Passphrase',
    recoveryKey: 'Recovery key',
    wait: (seconds: number) => `Too many wrong tries in a row. Try again in ${seconds} s.`,
    unlocking: 'Unlocking…',
    unlock: 'Unlock',
    usePassphrase: 'Use the passphrase',
    useRecoveryKey: 'Forgot it? Use the recovery key',
  },
  backup: {
    title: 'Encrypted backup',
    hint: 'One file with every session, still encrypted. It opens on any device with your passphrase or recovery key.',
    save: 'Save an encrypted backup',
    saved: 'Backup saved.',
    savedWithout: (n: number) =>
      plural(n, {
        one: 'Backup saved, without # damaged session that could not be read.',
        other: 'Backup saved, without # damaged sessions that could not be read.',
      }),
    needsPassphrase: 'Set a passphrase first: a backup must open without this device.',
  },
  restore: {
    title: 'Restore from a backup',
    file: 'Backup file',
    choose: 'Choose a file',
    noFile: 'No file chosen',
    secret: 'The passphrase or recovery key it was saved with',
    import: 'Import',
    importing: 'Importing…',
    imported: (added: number) => plural(added, { one: 'Imported # session.', other: 'Imported # sessions.' }),
    importedWithDuplicates: (added: number, duplicates: number) =>
      `${plural(added, { one: 'Imported # session', other: 'Imported # sessions' })} (${plural(duplicates, { one: '# was already here', other: '# were already here' })}).`,
    olderFormat:
      'This backup is in the older format (version 1), which cannot show whether sessions were removed from the file: check that your history is complete.',
    droppedTitle: 'These sessions are no longer protected by a passphrase.',
    droppedText:
      'The backup opened only with its passphrase or recovery key; on this device the journal opens without one, so anyone who uses this browser can read them.',
    setPassphrase: 'Set a passphrase',
  },
  plain: {
    title: 'Plain export',
    hint: 'Your data, readable by any program. These files are not encrypted: keep them private.',
    json: 'Export JSON',
    csv: 'Export CSV',
    jsonSaved: 'JSON saved.',
    csvSaved: 'CSV saved.',
    heartbeats: 'Include raw heartbeats (RR intervals)',
    heartbeatsHint:
      "Each time between two heartbeats of every session with a heart sensor. As personal as a fingerprint; without it the export keeps the heart's figures only.",
  },
  erase: {
    title: 'Erase everything',
    hint: 'Deletes the journal, its keys, your patterns and settings from this device, for good. Backups you saved are not touched.',
    /** The word typed to confirm, in capitals. */
    word: 'ERASE',
    confirm: (word: string) => `Type ${word} to confirm`,
    button: 'Erase everything',
  },
  erased: {
    clean: 'Everything is erased',
    unfinished: 'Erasing did not finish',
    left: (names: string) => `Still present: ${names}. Close the app's other tabs and try again.`,
    proof:
      'Checked just now: no database and no journal cache of Sacred Breathing is left on this device. Your journal, its keys, your patterns and settings are gone.',
    afresh: 'Start afresh',
  },
  errors: {
    locked: 'The journal is locked. Unlock it with your passphrase or recovery key.',
    passphraseRequired: 'Set a passphrase first: this browser cannot keep the journal safe without one.',
    unreadable: (name: string) =>
      `The key that opens this journal on this device can no longer be read (${name}). Import a backup, or erase to start again.`,
    recoveryKeyMismatch: 'That is not the recovery key shown. Check it and type it again; your passphrase is not set yet.',
    gone: 'The journal was erased in another tab. Reload the app to start again.',
    keyChangedElsewhere: 'The passphrase was changed in another tab. Unlock the journal here with the new passphrase, then try again.',
    passphraseTooShort: (min: number) => `A passphrase needs at least ${min} characters.`,
    wrongPassphrase: 'That passphrase does not open this journal. Nothing was changed.',
    wrongRecoveryKey: 'That recovery key does not open this journal. Nothing was changed.',
    recoveryKeyFormat: (length: number) => `A recovery key has ${length} letters and digits (dashes optional).`,
    kdfParams: (settings: string) =>
      `This journal's passphrase settings are outside what this app accepts (${settings}), so the passphrase cannot be checked. Nothing was changed.`,
    newerVersion: 'This journal was saved by a newer version of Sacred Breathing. Reload to update the app; nothing was changed.',
    entryGone: 'That session is no longer in the journal.',
    backupNeedsPassphrase: 'Set a passphrase first: a backup opens on another device only with your passphrase or recovery key.',
    entryDamaged: (part: string) => `This session's saved data is damaged (${part}), so it cannot be changed.`,
    entryPart: {
      notObject: 'it is not a session at all',
      startTime: 'its start time',
      duration: 'its length',
      cycles: 'its breath count',
      completed: 'whether it was finished',
      pattern: 'its pattern',
      coherence: 'its coherence figures',
      mood: 'a mood',
      note: 'its note',
      room: 'its room figures',
      heart: 'its heart figures',
    },
    needsPassphrase: (name: string) =>
      `This browser cannot keep the journal's device key (${name}). Set a passphrase to keep your sessions.`,
    storageRefused: (name: string) =>
      `This browser's storage refused it (${name}). Private browsing modes can block it; try a normal window.`,
    unknownError: 'unknown error',
  },
  backupErrors: {
    tryAnotherCopy: 'Nothing was imported. If you have another copy, try that one.',
    forged: 'This backup was changed after it was saved, or is damaged: its list of sessions does not match its seal.',
    incomplete: (missing: number) =>
      plural(missing, {
        one: 'This backup is incomplete: # session was removed from the file after it was saved.',
        other: 'This backup is incomplete: # sessions were removed from the file after it was saved.',
      }),
    changed: (changes: string) => `This backup was changed after it was saved: ${changes}.`,
    removed: (n: number) => plural(n, { one: '# session was removed from the file', other: '# sessions were removed from the file' }),
    added: (n: number) => plural(n, { one: '# session was added to the file', other: '# sessions were added to the file' }),
    replaced: (n: number) =>
      plural(n, { one: '# session was replaced by a different copy', other: '# sessions were replaced by a different copy' }),
    reordered: 'the sessions were put in a different order',
    notABackup: (detail: string) => `This file is not a Sacred Breathing backup, or it is damaged (${detail}). ${NOTHING_IMPORTED}`,
    tooLarge: (mb: number) => `This file is far larger than any backup (more than ${mb} MB). ${NOTHING_IMPORTED}`,
    notJson: 'not JSON, or cut short',
    unknownFormat: 'unknown format',
    unsupportedVersion: (version: string) =>
      `This backup is in a format this version of the app cannot read (version ${version}). If it was saved by a newer version, reload to update the app and try again. ${NOTHING_IMPORTED}`,
    missing: (field: string) => `${field} is missing`,
    notBase64url: (field: string) => `${field} is not base64url`,
    kdfOutOfBounds: 'its key derivation settings are out of bounds',
    badId: (session: number) => `session ${session} has no valid id`,
    repeatedId: (session: number) => `session ${session} repeats an id`,
    manifestMalformed: 'its list of sessions is malformed',
    damaged: (damaged: number, total: number) =>
      plural(damaged, {
        one: `# of ${total} sessions in this backup is damaged or was changed. ${NOTHING_IMPORTED}`,
        other: `# of ${total} sessions in this backup are damaged or were changed. ${NOTHING_IMPORTED}`,
      }),
  },
  storage: {
    full: "This device's storage is full, so nothing was saved. Free some space, then try again.",
    newer: 'This device holds data from a newer version of Sacred Breathing. Reload the page to get it.',
    refused: (name: string) => `This device's storage did not take it (${name}). Try again; if it keeps happening, reload the page.`,
  },
};
