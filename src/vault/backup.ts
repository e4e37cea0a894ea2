/**
 * Backups: one JSON file that holds the keyring's passphrase and recovery wraps and every record
 * as stored (still encrypted). It opens on any device with the passphrase or the recovery key.
 *
 *   { "format": "sacred-breathing-backup", "version": 1,
 *     "keyring": { "passphrase": { "kdf": { "alg": "argon2id", "m", "t", "p", "salt" }, "iv", "ct" },
 *                  "recovery": { "salt", "iv", "ct" } },
 *     "records": [ { "id", "iv", "ct" } ] }          byte fields in base64url
 *
 * Import checks everything before writing anything: a corrupt, truncated, foreign or tampered
 * file is refused whole, and a good one merges without duplicates (records keep their ids).
 */
import { importAesKey } from './aead.ts';
import { fromBase64Url, toBase64Url } from './bytes.ts';
import type { EncryptedRecord } from './db.ts';
import { checkKdfParams, type KdfParams } from './kdf.ts';
import { unwrapWithPassphrase, unwrapWithRecoveryKey, type PassphraseWrap, type RecoveryWrap } from './keyring.ts';
import { openEntry } from './records.ts';
import type { StoredEntry, Vault } from './vault.ts';

export const BACKUP_FORMAT = 'sacred-breathing-backup';
export const BACKUP_VERSION = 1;
/** Refuse files past this size before parsing them (10,000 sessions take about 6 MB). */
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024;

/** The file is not a readable backup of this app. Nothing was imported. */
export class BackupFormatError extends Error {
  override readonly name = 'BackupFormatError';
}

/** The backup is not available before a passphrase is set: a device key cannot travel. */
export class BackupNeedsPassphraseError extends Error {
  override readonly name = 'BackupNeedsPassphraseError';
  constructor() {
    super('Set a passphrase first: a backup opens on another device only with your passphrase or recovery key.');
  }
}

export type BackupSecret = { readonly passphrase: string } | { readonly recoveryKey: string };

const b64 = toBase64Url;
const sealedOut = (s: { iv: Uint8Array; ct: Uint8Array }) => ({ iv: b64(s.iv), ct: b64(s.ct) });

/** The backup file, and how many damaged records were left out of it (they would spoil the import). */
export async function exportBackup(vault: Vault): Promise<{ text: string; leftOut: number }> {
  const ring = await vault.keyring();
  if (!ring.passphrase || !ring.recovery) throw new BackupNeedsPassphraseError();
  const { kdf } = ring.passphrase;
  const { records, damaged } = await vault.readableRecords();
  const file = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    keyring: {
      passphrase: { kdf: { alg: kdf.alg, m: kdf.m, t: kdf.t, p: kdf.p, salt: b64(kdf.salt) }, ...sealedOut(ring.passphrase.sealed) },
      recovery: { salt: b64(ring.recovery.salt), ...sealedOut(ring.recovery.sealed) },
    },
    records: records.map((r) => ({ id: r.id, ...sealedOut(r) })),
  };
  return { text: JSON.stringify(file), leftOut: damaged };
}

interface ParsedBackup {
  readonly passphrase: PassphraseWrap;
  readonly recovery: RecoveryWrap;
  readonly records: EncryptedRecord[];
}

/** Parses and checks the structure of a backup file; throws BackupFormatError. */
export function parseBackup(text: string): ParsedBackup {
  const fail = (why: string): never => {
    throw new BackupFormatError(`This file is not a Sacred Breathing backup, or it is damaged (${why}). Nothing was imported.`);
  };
  if (text.length > MAX_BACKUP_BYTES) fail('too large');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // reason: JSON.parse's own message names a character offset, which helps nobody here.
    return fail('not JSON, or cut short');
  }
  const obj = (v: unknown, what: string) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(`${what} missing`));
  const bytes = (v: unknown, what: string) => {
    if (typeof v !== 'string') return fail(`${what} missing`);
    try {
      return fromBase64Url(v);
    } catch {
      // reason: fromBase64Url throws a bare TypeError; the field name is what a person needs.
      return fail(`${what} is not base64url`);
    }
  };
  const sealed = (v: unknown, what: string) => {
    const o = obj(v, what);
    return { iv: bytes(o.iv, `${what} iv`), ct: bytes(o.ct, `${what} ciphertext`) };
  };
  const file = obj(raw, 'file');
  if (file.format !== BACKUP_FORMAT) fail('unknown format');
  if (file.version !== BACKUP_VERSION) fail(`unsupported version ${String(file.version)}`);
  const ring = obj(file.keyring, 'keyring');
  const pw = obj(ring.passphrase, 'passphrase wrap');
  const kdfRaw = obj(pw.kdf, 'key derivation');
  let kdf: KdfParams;
  try {
    kdf = checkKdfParams({ alg: kdfRaw.alg as 'argon2id', m: kdfRaw.m as number, t: kdfRaw.t as number, p: kdfRaw.p as number, salt: bytes(kdfRaw.salt, 'salt') });
  } catch (error) {
    return fail((error as Error).message);
  }
  const rec = obj(ring.recovery, 'recovery wrap');
  if (!Array.isArray(file.records)) fail('records missing');
  const seen = new Set<string>();
  const records = (file.records as unknown[]).map((r, i) => {
    const o = obj(r, `record ${i + 1}`);
    if (typeof o.id !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(o.id)) fail(`record ${i + 1} has no valid id`);
    if (seen.has(o.id as string)) fail(`record ${i + 1} repeats an id`);
    seen.add(o.id as string);
    return { id: o.id as string, ...sealed(o, `record ${i + 1}`) };
  });
  return {
    passphrase: { kdf, sealed: sealed(pw, 'passphrase wrap') },
    recovery: { salt: bytes(rec.salt, 'recovery salt'), sealed: sealed(rec, 'recovery wrap') },
    records,
  };
}

/** Opens every record of a backup with the person's secret; any damaged record refuses the whole file. */
export async function openBackup(text: string, secret: BackupSecret): Promise<StoredEntry[]> {
  const backup = parseBackup(text);
  const raw =
    'passphrase' in secret
      ? await unwrapWithPassphrase(secret.passphrase, backup.passphrase)
      : await unwrapWithRecoveryKey(secret.recoveryKey, backup.recovery);
  const key = await importAesKey(raw);
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
    throw new BackupFormatError(`${damaged} of ${backup.records.length} sessions in this backup are damaged or were changed. Nothing was imported.`);
  }
  return entries;
}

/** Imports a backup into an unlocked vault: all or nothing, merging by record id. */
export async function importBackup(vault: Vault, text: string, secret: BackupSecret): Promise<{ added: number; duplicates: number }> {
  return vault.addEntries(await openBackup(text, secret));
}

