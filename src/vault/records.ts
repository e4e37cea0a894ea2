/** Sealing and opening journal entries as records: padded JSON under AES-256-GCM, bound to their id. */
import { parseEntry, type JournalEntry } from '../core/journal.ts';
import { open, seal, utf8 } from './aead.ts';
import { randomBytes, toBase64Url } from '../shared/bytes.ts';
import { pad, unpad } from './bytes.ts';
import type { EncryptedRecord } from './db.ts';

/** The format version inside each record's plaintext; readers refuse what they do not know. */
export const RECORD_VERSION = 1;

export const newRecordId = (): string => toBase64Url(randomBytes(16));

const recordAad = (id: string) => utf8(`sacred-breathing/record/v1/${id}`);

/** An entry as the plaintext of a record (or of an inbox entry): versioned JSON, padded to a bucket. */
export const encodeEntry = (entry: JournalEntry): Uint8Array<ArrayBuffer> => pad(utf8(JSON.stringify({ v: RECORD_VERSION, ...entry })));

/** Reverses encodeEntry(); throws on content that is not an entry of a known version. */
export function decodeEntry(padded: Uint8Array): JournalEntry {
  const { v, ...entry } = JSON.parse(new TextDecoder().decode(unpad(padded))) as { v: unknown };
  if (v !== RECORD_VERSION) throw new TypeError(`unknown record version ${String(v)}`);
  return parseEntry(entry);
}

/** Seals an entry under the data key, bound to its id. */
export async function sealEntry(dataKey: CryptoKey, id: string, entry: JournalEntry): Promise<EncryptedRecord> {
  const { iv, ct } = await seal(dataKey, encodeEntry(entry), recordAad(id));
  return { id, iv, ct };
}

/** Opens a record; throws on a wrong key, a moved or changed record, or content that is not an entry. */
export async function openEntry(dataKey: CryptoKey, record: EncryptedRecord): Promise<JournalEntry> {
  return decodeEntry(await open(dataKey, record, recordAad(record.id)));
}
