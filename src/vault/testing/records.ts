/** For tests: the records a vault keeps, exactly as stored (still encrypted), read from its current generation. */
import { type EncryptedRecord, openVaultDb } from '../db.ts';
import { currentGeneration } from '../generations.ts';

/** Every stored record of the journal named `base`, read through a connection of its own. */
export async function storedRecords(base: string): Promise<EncryptedRecord[]> {
  const db = await openVaultDb(await currentGeneration(base));
  try {
    return await db.getAll('records');
  } finally {
    db.close();
  }
}
