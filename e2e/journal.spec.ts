import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, openOptions, saveBackup, test, waitForServiceWorkerControl, type AppServer } from './fixtures.ts';

const PASSPHRASE = 'lantern orchard seventeen';

/** Opens the app, lets the service worker take over, then takes the network and the server away. */
async function goOffline(page: Page, server: AppServer): Promise<void> {
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await server.stop();
  await page.context().setOffline(true);
}

/** Breathes a (short) session of the default pattern and saves a note with it. */
async function breathe(page: Page, note: string): Promise<void> {
  await page.getByRole('link', { name: 'Practice' }).click();
  await openOptions(page);
  await page.getByLabel('Get ready for').selectOption('0');
  await page.getByRole('button', { name: /^Start / }).click();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('saved')).toBeVisible();
  await page.getByLabel('Note (optional)').fill(note);
  await page.getByRole('button', { name: 'Save mood and note' }).click();
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
}

async function setPassphrase(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Journal' }).click();
  await page.getByRole('link', { name: 'Privacy and backup' }).click();
  await page.getByLabel('New passphrase').fill(PASSPHRASE);
  await page.getByLabel('Repeat it').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Write down your recovery key' })).toBeFocused();
  const key = (await page.getByTestId('recovery-key').textContent())!;
  await page.getByLabel('Type the recovery key to confirm you have it').fill(key);
  await page.getByRole('button', { name: 'Set the passphrase' }).click();
  await expect(page.getByTestId('protection')).toHaveText(/opens only with your passphrase/, { timeout: 20_000 });
}

/** Breathes a (short) session of the default pattern and stops, saving nothing more. */
async function finishSession(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Practice' }).click();
  await openOptions(page);
  await page.getByLabel('Get ready for').selectOption('0');
  await page.getByRole('button', { name: /^Start / }).click();
  await page.getByRole('button', { name: 'Stop' }).click();
}

const databaseNames = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name!).sort());

/**
 * Every value of every object store of every database, bytes as Latin-1 text so plaintext would
 * show. `omit` leaves out keys that legitimately change (the wrong-passphrase counter).
 */
function dumpIndexedDb(page: Page, omit: readonly string[] = []): Promise<{ text: string; records: number }> {
  return page.evaluate(async (omit) => {
    const out: string[] = [];
    let records = 0;
    const replacer = (_k: string, v: unknown) => {
      if (v instanceof Uint8Array) return String.fromCharCode(...v);
      if (v instanceof ArrayBuffer) return String.fromCharCode(...new Uint8Array(v));
      if (typeof CryptoKey !== 'undefined' && v instanceof CryptoKey) return `[CryptoKey extractable=${v.extractable}]`;
      return v;
    };
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const req = indexedDB.open(name!);
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      for (const store of db.objectStoreNames) {
        const tx = db.transaction(store);
        const [keys, values] = await Promise.all(
          [tx.objectStore(store).getAllKeys(), tx.objectStore(store).getAll()].map(
            (req) => new Promise<unknown[]>((ok) => (req.onsuccess = () => ok(req.result as unknown[]))),
          ),
        );
        if (store === 'records') records += values!.length;
        const kept = keys!.map((k, i) => [k, values![i]] as const).filter(([k]) => !omit.includes(String(k)));
        out.push(`${name}/${store}`, JSON.stringify(kept, replacer));
      }
      db.close();
    }
    return { text: out.join('\n'), records };
  }, omit);
}

const historyRows = (page: Page) => page.getByTestId('history-row').allInnerTexts();

test.describe('journal', () => {
  test('saved sessions are unreadable at rest: no note, pattern name or date in any store', async ({ page, server }) => {
    await goOffline(page, server);
    await breathe(page, 'blue heron at dawn');
    await breathe(page, 'quiet harbour evening');

    await page.getByRole('link', { name: 'Journal' }).click();
    await expect(page.getByTestId('history-row')).toHaveCount(2);
    await expect(page.getByText('blue heron at dawn')).toBeVisible();

    // Delete one, then undo: it comes back.
    await page
      .getByRole('button', { name: /^Delete the session of/ })
      .first()
      .click();
    await expect(page.getByTestId('history-row')).toHaveCount(1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(page.getByTestId('history-row')).toHaveCount(2);

    const { text, records } = await dumpIndexedDb(page);
    expect(records).toBe(2);
    expect(text).toContain('[CryptoKey extractable=false]');
    for (const secret of ['blue heron', 'quiet harbour', 'Coherent 5.5']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/20\d\d-\d\d-\d\d/);
    expect(text).not.toMatch(/startedAt|durationMs|moodAfter|note/);
  });

  test('a wrong passphrase gives a clear error and changes nothing', async ({ page, server }) => {
    await goOffline(page, server);
    await breathe(page, 'cedar smoke');
    await setPassphrase(page);
    await page.getByRole('button', { name: 'Lock now' }).click();
    await expect(page.getByLabel('Passphrase', { exact: true })).toBeFocused();
    await page.getByRole('link', { name: 'Back to the journal' }).click();
    await expect(page.getByRole('heading', { name: 'Your journal is locked' })).toBeVisible();

    const before = await dumpIndexedDb(page, ['failures']);
    await page.getByLabel('Passphrase').fill('lantern orchard eighteen');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toHaveText('That passphrase does not open this journal. Nothing was changed.');
    expect(await dumpIndexedDb(page, ['failures'])).toEqual(before);
    // The wrong try is counted beside the keyring, not in localStorage where one key could reset it.
    expect((await dumpIndexedDb(page)).text).toMatch(/\["failures",1\]/);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);

    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByText('cedar smoke')).toBeVisible();
  });

  test('export, erase everything, import: the same history comes back, and erase leaves no database', async ({ page, server }) => {
    await goOffline(page, server);
    await breathe(page, 'first light');
    await breathe(page, 'rain on the roof');
    await setPassphrase(page);

    const backupPath = await saveBackup(page);
    expect(readFileSync(backupPath, 'utf8')).not.toContain('first light');
    await page.getByRole('link', { name: 'Back to the journal' }).click();
    await expect(page.getByTestId('history-row')).toHaveCount(2);
    const before = await historyRows(page);

    await page.getByRole('link', { name: 'Privacy and backup' }).click();
    await page.getByLabel('Type ERASE to confirm').fill('ERASE');
    await page.getByRole('button', { name: 'Erase everything' }).click();
    await expect(page.getByTestId('erase-proof')).toContainText('no database and no journal cache');
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]);

    // A corrupt file first: refused with a clear message, nothing imported.
    await page.getByRole('button', { name: 'Start afresh' }).click();
    await page.getByRole('link', { name: 'Journal' }).click();
    await page.getByRole('link', { name: 'Privacy and backup' }).click();
    const truncated = backupPath.replace(/\.json$/, '-cut.json');
    writeFileSync(truncated, readFileSync(backupPath, 'utf8').slice(0, 400));
    await page.getByLabel('Backup file').setInputFiles(truncated);
    await page.getByLabel('The passphrase or recovery key it was saved with').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByRole('alert')).toContainText('not a Sacred Breathing backup, or it is damaged');

    // One session taken out of the file: its manifest refuses the whole file.
    const shortened = backupPath.replace(/\.json$/, '-one-removed.json');
    const file = JSON.parse(readFileSync(backupPath, 'utf8'));
    file.records.pop();
    writeFileSync(shortened, JSON.stringify(file));
    await page.getByLabel('Backup file').setInputFiles(shortened);
    await page.getByLabel('The passphrase or recovery key it was saved with').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      'This backup is incomplete: 1 session was removed from the file after it was saved. Nothing was imported. If you have another copy, try that one.',
      { timeout: 20_000 },
    );

    await page.getByLabel('Backup file').setInputFiles(backupPath);
    await page.getByLabel('The passphrase or recovery key it was saved with').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByText('Imported 2 sessions.')).toBeVisible({ timeout: 20_000 });
    await page.getByRole('link', { name: 'Back to the journal' }).click();
    await expect(page.getByTestId('history-row')).toHaveCount(2);
    expect(await historyRows(page)).toEqual(before);
  });

  test('setting a passphrase moves the journal to a new database and deletes the old one with its device key', async ({ page, server }) => {
    await goOffline(page, server);
    await breathe(page, 'before the passphrase');
    expect(await databaseNames(page)).toContain('sacred-breathing-vault');
    const before = await dumpIndexedDb(page);
    // The record's ciphertext as the dump writes it (bytes as characters, JSON-escaped: it may hold a quote).
    const lines = before.text.split('\n');
    const [, record] = (JSON.parse(lines[lines.indexOf('sacred-breathing-vault/records') + 1]!) as [string, { ct: string }][])[0]!;
    const oldCiphertext = JSON.stringify(record!.ct.slice(0, 64)).slice(1, -1);
    expect(before.text).toContain('[CryptoKey extractable=false]');

    await setPassphrase(page);
    const names = await databaseNames(page);
    expect(names).not.toContain('sacred-breathing-vault');
    expect(names.filter((n) => n.startsWith('sacred-breathing-vault'))).toEqual([
      expect.stringMatching(/^sacred-breathing-vault-[0-9a-f]{16}$/),
      'sacred-breathing-vault-pointer',
    ]);
    const after = await dumpIndexedDb(page);
    expect(after.records).toBe(1);
    expect(after.text).not.toContain('CryptoKey');
    expect(after.text).not.toContain(oldCiphertext);
    // Right after the move the note on what the disk may keep is open, and says it plainly.
    await expect(page.getByTestId('disk-note')).toHaveAttribute('open');
    await expect(page.getByTestId('disk-note')).toContainText('may keep pieces of the old store on disk for a few days');
    await expect(page.getByRole('status').filter({ hasText: 'Passphrase set.' })).toBeFocused();

    // Changing it moves the journal again, under a new key and a new recovery key.
    const first = names.find((n) => /^sacred-breathing-vault-[0-9a-f]{16}$/.test(n))!;
    const NEXT = 'heron lantern autumn';
    await page.getByLabel('Current passphrase').fill(PASSPHRASE);
    await page.getByLabel('New passphrase').fill(NEXT);
    await page.getByLabel('Repeat it').fill(NEXT);
    await page.getByRole('button', { name: 'Continue' }).click();
    const key = (await page.getByTestId('recovery-key').textContent())!;
    await page.getByLabel('Type the recovery key to confirm you have it').fill(key);
    await page.getByRole('button', { name: 'Change the passphrase' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Passphrase changed.' })).toBeFocused({ timeout: 20_000 });
    const changed = await databaseNames(page);
    expect(changed).not.toContain(first);
    expect(changed.filter((n) => n.startsWith('sacred-breathing-vault'))).toHaveLength(2);

    await page.getByRole('button', { name: 'Lock now' }).click();
    await page.getByRole('link', { name: 'Back to the journal' }).click();
    await page.getByLabel('Passphrase').fill(NEXT);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByText('before the passphrase')).toBeVisible();
  });

  test('a session finished while the journal is locked is sealed at once, survives a reload and shows after unlock', async ({
    page,
    server,
  }) => {
    await goOffline(page, server);
    await breathe(page, 'kept in the open');
    await setPassphrase(page);
    await page.getByRole('button', { name: 'Lock now' }).click();

    await finishSession(page);
    await expect(page.getByTestId('sealed')).toContainText('stored encrypted and will appear in your history next time you unlock');
    const sealed = await dumpIndexedDb(page);
    expect(sealed.text).toMatch(/sacred-breathing-vault-[0-9a-f]{16}\/inbox\n\[\["[A-Za-z0-9_-]{22}",\{"id"/);
    expect(sealed.text).not.toMatch(/20\d\d-\d\d-\d\d|Coherent 5.5|startedAt/);

    await page.reload();
    await page.getByRole('link', { name: 'Journal' }).click();
    await expect(page.getByRole('heading', { name: 'Your journal is locked' })).toBeVisible();
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByTestId('history-row')).toHaveCount(2);
    await expect(page.getByText('kept in the open')).toBeVisible();
    expect((await dumpIndexedDb(page)).text).toMatch(/\/inbox\n\[\]/);
  });
});
