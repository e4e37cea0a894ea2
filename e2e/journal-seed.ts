/**
 * A journal seeded the way a person brings one: the page has no seam to fill its journal, so the
 * browser tests write a backup file with the app's own vault code (no IndexedDB) and import it, and
 * set a passphrase through the privacy page as a person does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { JournalEntry } from '../src/core/journal.ts';
import { randomBytes } from '../src/shared/bytes.ts';
import { importAesKey } from '../src/vault/aead.ts';
import { exportBackup } from '../src/vault/backup.ts';
import { deriveManifestKey } from '../src/vault/backup-manifest.ts';
import { KDF_BOUNDS } from '../src/vault/kdf.ts';
import { type Keyring, newDataKey, wrapWithPassphrase, wrapWithRecoveryKey } from '../src/vault/keyring.ts';
import { newRecordId, sealEntry } from '../src/vault/records.ts';
import { newRecoveryKey } from '../src/vault/recovery-key.ts';
import { expect } from './fixtures.ts';

/** The passphrase of every seeded backup and of the passphrase the tests set. */
export const PASSPHRASE = 'heron lantern moss quietly';

/** Writes a backup file of `entries` under PASSPHRASE and returns its path. */
export async function backupOf(entries: readonly JournalEntry[]): Promise<string> {
  const dataKey = newDataKey();
  const key = await importAesKey(dataKey);
  const kdf = { alg: 'argon2id' as const, m: KDF_BOUNDS.minM, t: KDF_BOUNDS.minT, p: KDF_BOUNDS.p, salt: randomBytes(16) };
  const keyring: Keyring = {
    version: 1,
    passphrase: await wrapWithPassphrase(PASSPHRASE, dataKey, kdf),
    recovery: await wrapWithRecoveryKey(newRecoveryKey(), dataKey),
  };
  const records = await Promise.all(entries.map((e) => sealEntry(key, newRecordId(), e)));
  const { text } = await exportBackup({
    keyring: async () => keyring,
    readableRecords: async () => ({ records, damaged: 0 }),
    manifestKey: () => deriveManifestKey(dataKey),
  });
  const path = join(mkdtempSync(join(tmpdir(), 'sb-backup-')), 'journal.json');
  writeFileSync(path, text);
  return path;
}

/** Imports a backup file from the privacy page (open on it) and goes back to the journal. */
export async function importFile(page: Page, path: string, sessions: number): Promise<void> {
  await page.getByLabel('Backup file').setInputFiles(path);
  await page.getByLabel('The passphrase or recovery key it was saved with').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText(sessions === 1 ? 'Imported 1 session.' : `Imported ${sessions} sessions.`)).toBeVisible({ timeout: 20_000 });
  await page.getByRole('link', { name: 'Back to the journal' }).click();
}

/** Sets PASSPHRASE from the journal page, confirming the recovery key as a person does. */
export async function setPassphrase(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Privacy and backup' }).click();
  await page.getByLabel('New passphrase').fill(PASSPHRASE);
  await page.getByLabel('Repeat it').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Continue' }).click();
  const key = (await page.getByTestId('recovery-key').textContent())!;
  await page.getByLabel('Type the recovery key to confirm you have it').fill(key);
  await page.getByRole('button', { name: 'Set the passphrase' }).click();
  await expect(page.getByTestId('protection')).toHaveText(/opens only with your passphrase/, { timeout: 20_000 });
}

/**
 * Each history row's lines (`parts`) that lie outside the row or the 320 px viewport, and lines of
 * the `uncut` classes cut short by an ellipsis (an ellipsis is fine for a long note, never for these).
 */
export const clippedRows = (page: Page, parts: string, uncut: string) =>
  page.getByTestId('history-row').evaluateAll(
    (rows, [parts, uncut]) =>
      rows.flatMap((row) => {
        const box = row.getBoundingClientRect();
        return [...row.querySelectorAll(parts!)].flatMap((el) => {
          const r = el.getBoundingClientRect();
          // Half a pixel of slack: a row's lines fill its height to within a fraction of one.
          const out = r.left < box.left || r.right > box.right || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5 || r.right > 320;
          const cut = el.matches(uncut!) && el.scrollWidth > el.clientWidth;
          return out || cut
            ? [`${el.className} "${el.textContent}" ${r.left},${r.top}-${r.right},${r.bottom} in ${box.top}-${box.bottom}`]
            : [];
        });
      }),
    [parts, uncut],
  );
