/**
 * Backups: one JSON file that holds the keyring's passphrase and recovery wraps, every record as
 * stored (still encrypted) and a manifest that authenticates the file as a whole. It opens on any
 * device with the passphrase or the recovery key.
 *
 *   { "format": "sacred-breathing-backup", "version": 2,
 *     "keyring": { "passphrase": { "kdf": { "alg": "argon2id", "m", "t", "p", "salt" }, "iv", "ct" },
 *                  "recovery": { "salt", "iv", "ct" } },
 *     "records": [ { "id", "iv", "ct" } ],           byte fields in base64url
 *     "manifest": { "count", "records": [[id, digest]], "mac" } }   (backup-manifest.ts)
 *
 * Import checks everything before writing anything: a corrupt, truncated, foreign or tampered
 * file, or one with records removed, added or moved, is refused whole; a good one merges without
 * duplicates (records keep their ids). Version 1 files (no manifest) are still read: each record
 * in them is authenticated, so nothing can be added or changed, but a removed record cannot be
 * seen; the import says so.
 */
import { importAesKey } from './aead.ts';
import { buildManifest, compareManifest, deriveManifestKey, verifyManifest, type Manifest } from './backup-manifest.ts';
import { fromBase64Url, toBase64Url } from '../shared/bytes.ts';
import type { EncryptedRecord } from './db.ts';
import { BackupFormatError, BackupNeedsPassphraseError, KdfParamsError, type BackupProblem } from './errors.ts';
import { checkKdfParams, type KdfParams } from './kdf.ts';
import { unwrapWithPassphrase, unwrapWithRecoveryKey, type PassphraseWrap, type RecoveryWrap } from './keyring.ts';
import { openEntry } from './records.ts';
import type { StoredEntry, Vault } from './vault.ts';

export const BACKUP_FORMAT = 'sacred-breathing-backup';
export const BACKUP_VERSION = 2;
/** The first version, without a manifest: still read (see above). */
export const LEGACY_BACKUP_VERSION = 1;
/** Refuse files past this size before parsing them (10,000 sessions take about 6 MB). */
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024;

export type BackupSecret = { readonly passphrase: string } | { readonly recoveryKey: string };

const b64 = toBase64Url;
const sealedOut = (s: { iv: Uint8Array; ct: Uint8Array }) => ({ iv: b64(s.iv), ct: b64(s.ct) });

const keyringOut = (passphrase: PassphraseWrap, recovery: RecoveryWrap) => {
  const { kdf } = passphrase;
  return {
    passphrase: { kdf: { alg: kdf.alg, m: kdf.m, t: kdf.t, p: kdf.p, salt: b64(kdf.salt) }, ...sealedOut(passphrase.sealed) },
    recovery: { salt: b64(recovery.salt), ...sealedOut(recovery.sealed) },
  };
};

/** What the manifest's MAC covers besides the records: format, version and the keyring, in a fixed order. */
const manifestHeader = (passphrase: PassphraseWrap, recovery: RecoveryWrap) =>
  JSON.stringify([BACKUP_FORMAT, BACKUP_VERSION, keyringOut(passphrase, recovery)]);

/** What a backup is made from: the vault's keyring, its readable records and the manifest key. */
export type BackupSource = Pick<Vault, 'keyring' | 'readableRecords' | 'manifestKey'>;

/** The backup file, and how many damaged records were left out of it (they would spoil the import). */
export async function exportBackup(vault: BackupSource): Promise<{ text: string; leftOut: number }> {
  const ring = await vault.keyring();
  if (!ring.passphrase || !ring.recovery) throw new BackupNeedsPassphraseError();
  const { records, damaged } = await vault.readableRecords();
  const manifest = await buildManifest(await vault.manifestKey(), manifestHeader(ring.passphrase, ring.recovery), records);
  const file = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    keyring: keyringOut(ring.passphrase, ring.recovery),
    records: records.map((r) => ({ id: r.id, ...sealedOut(r) })),
    manifest,
  };
  return { text: JSON.stringify(file), leftOut: damaged };
}

interface ParsedBackup {
  readonly passphrase: PassphraseWrap;
  readonly recovery: RecoveryWrap;
  readonly records: EncryptedRecord[];
  /** Absent in version 1 files only. */
  readonly manifest?: Manifest;
}

/** Parses and checks the structure of a backup file; throws BackupFormatError. */
export function parseBackup(text: string): ParsedBackup {
  const fail = (problem: BackupProblem): never => {
    throw new BackupFormatError(problem);
  };
  if (text.length > MAX_BACKUP_BYTES) fail({ kind: 'too-large', maxBytes: MAX_BACKUP_BYTES });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // reason: JSON.parse's own message names a character offset, which helps nobody here.
    return fail({ kind: 'not-json' });
  }
  const obj = (v: unknown, field: string) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail({ kind: 'missing', field });
  const bytes = (v: unknown, field: string) => {
    if (typeof v !== 'string') return fail({ kind: 'missing', field });
    try {
      return fromBase64Url(v);
    } catch {
      // reason: fromBase64Url throws a bare TypeError; which field it was is what the words need.
      return fail({ kind: 'not-base64url', field });
    }
  };
  const sealed = (v: unknown, field: string) => {
    const o = obj(v, field);
    return { iv: bytes(o.iv, `${field} iv`), ct: bytes(o.ct, `${field} ct`) };
  };
  const file = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : fail({ kind: 'unknown-format' });
  if (file.format !== BACKUP_FORMAT) fail({ kind: 'unknown-format' });
  if (file.version !== BACKUP_VERSION && file.version !== LEGACY_BACKUP_VERSION)
    // The file's own text, cut short: a page of junk in the version field is not worth repeating.
    fail({ kind: 'unsupported-version', version: String(file.version).slice(0, 24) });
  const ring = obj(file.keyring, 'keyring');
  const pw = obj(ring.passphrase, 'keyring.passphrase');
  const kdfRaw = obj(pw.kdf, 'keyring.passphrase.kdf');
  let kdf: KdfParams;
  try {
    const salt = bytes(kdfRaw.salt, 'keyring.passphrase.kdf.salt');
    kdf = checkKdfParams({ alg: kdfRaw.alg as 'argon2id', m: kdfRaw.m as number, t: kdfRaw.t as number, p: kdfRaw.p as number, salt });
  } catch (error) {
    if (!(error instanceof KdfParamsError)) throw error;
    return fail({ kind: 'kdf-out-of-bounds' });
  }
  const rec = obj(ring.recovery, 'keyring.recovery');
  if (!Array.isArray(file.records)) fail({ kind: 'missing', field: 'records' });
  const seen = new Set<string>();
  const records = (file.records as unknown[]).map((r, i) => {
    // Sessions are counted from 1 in what a person reads, as in the bad-id and repeated-id problems.
    const o = obj(r, `session ${i + 1}`);
    if (typeof o.id !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(o.id)) fail({ kind: 'bad-id', record: i + 1 });
    if (seen.has(o.id as string)) fail({ kind: 'repeated-id', record: i + 1 });
    seen.add(o.id as string);
    return { id: o.id as string, ...sealed(o, `session ${i + 1}`) };
  });
  return {
    passphrase: { kdf, sealed: sealed(pw, 'keyring.passphrase') },
    recovery: { salt: bytes(rec.salt, 'keyring.recovery.salt'), sealed: sealed(rec, 'keyring.recovery') },
    records,
    ...(file.version === BACKUP_VERSION ? { manifest: parseManifest(file.manifest, fail) } : {}),
  };
}

function parseManifest(raw: unknown, fail: (problem: BackupProblem) => never): Manifest {
  if (typeof raw !== 'object' || raw === null) return fail({ kind: 'missing', field: 'manifest' });
  const { count, records, mac } = raw as Record<string, unknown>;
  const isPair = (p: unknown) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string';
  if (
    !Number.isInteger(count) ||
    !Array.isArray(records) ||
    !records.every(isPair) ||
    typeof mac !== 'string' ||
    !/^[A-Za-z0-9_-]{43}$/.test(mac)
  ) {
    fail({ kind: 'manifest-malformed' });
  }
  return { count: count as number, records: records as [string, string][], mac: mac as string };
}

/**
 * Opens every record of a backup with the person's secret; any damaged record, or any difference
 * from the manifest (BackupManifestError), refuses the whole file. `verified` is false for a
 * version 1 file, which has no manifest.
 */
export async function openBackup(text: string, secret: BackupSecret): Promise<{ entries: StoredEntry[]; verified: boolean }> {
  const backup = parseBackup(text);
  const raw =
    'passphrase' in secret
      ? await unwrapWithPassphrase(secret.passphrase, backup.passphrase)
      : await unwrapWithRecoveryKey(secret.recoveryKey, backup.recovery);
  const key = await importAesKey(raw);
  // The manifest's own seal first: an edited list can say nothing about what was removed.
  if (backup.manifest)
    await verifyManifest(await deriveManifestKey(raw), manifestHeader(backup.passphrase, backup.recovery), backup.manifest);
  let damaged = 0;
  const entries: StoredEntry[] = [];
  for (const record of backup.records) {
    try {
      entries.push({ id: record.id, entry: await openEntry(key, record) });
    } catch {
      // reason: counted below; one bad record refuses the file so that nothing half-imports.
      damaged++;
    }
  }
  if (damaged > 0) {
    throw new BackupFormatError({ kind: 'damaged', damaged, total: backup.records.length });
  }
  if (backup.manifest) await compareManifest(backup.manifest, backup.records);
  return { entries, verified: !!backup.manifest };
}

/** What an import did; `verified` is false for a version 1 file, whose removed records cannot be seen. */
export interface ImportResult {
  readonly added: number;
  readonly duplicates: number;
  readonly verified: boolean;
}

/** Imports a backup into an unlocked vault: all or nothing, merging by record id. */
export async function importBackup(vault: Vault, text: string, secret: BackupSecret): Promise<ImportResult> {
  const { entries, verified } = await openBackup(text, secret);
  return { ...(await vault.addEntries(entries)), verified };
}
