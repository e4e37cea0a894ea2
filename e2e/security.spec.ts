/**
 * The privacy page on a phone and a desktop: the recovery key never splits a group and copies to
 * the clipboard, wrong passphrases show the wait as a countdown with Unlock disabled, and an import
 * into a journal without a passphrase says the backup's protection is gone.
 */
import { basename } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, saveBackup, test } from './fixtures.ts';

const PASSPHRASE = 'lantern orchard seventeen';

/** Opens the privacy page and chooses a passphrase, stopping where the recovery key is shown; returns the key. */
async function showRecoveryKey(page: Page): Promise<string> {
  await page.goto('/journal/security');
  await page.getByLabel('New passphrase').fill(PASSPHRASE);
  await page.getByLabel('Repeat it').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Write down your recovery key' })).toBeFocused({ timeout: 20_000 });
  return (await page.getByTestId('recovery-key').textContent())!;
}

async function setPassphrase(page: Page): Promise<void> {
  const key = await showRecoveryKey(page);
  await page.getByLabel('Type the recovery key to confirm you have it').fill(key);
  await page.getByRole('button', { name: 'Set the passphrase' }).click();
  await expect(page.getByTestId('protection')).toHaveText(/opens only with your passphrase/, { timeout: 20_000 });
}

test.describe('the recovery key on a 320 px phone', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('each group of the key sits on one line, and no group is wider than the box', async ({ page }) => {
    const key = await showRecoveryKey(page);
    expect(key).toMatch(/^[0-9A-Z]+(-[0-9A-Z]+){3,}$/);
    const groups = await page
      .getByTestId('recovery-key')
      .locator('.key-group')
      .evaluateAll((spans) =>
        spans.map((span) => {
          const range = document.createRange();
          range.selectNodeContents(span);
          // One line: every piece of the group's text has the same top.
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          const box = span.parentElement!.getBoundingClientRect();
          const own = span.getBoundingClientRect();
          return { text: span.textContent, lines: tops.size, inside: own.left >= box.left - 0.5 && own.right <= box.right + 0.5 };
        }),
      );
    expect(groups.map((g) => g.text).join('')).toBe(key);
    for (const g of groups) expect(g, g.text ?? '').toMatchObject({ lines: 1, inside: true });
    // The key does take more than one line here: the test would prove nothing otherwise.
    const rows = await page.getByTestId('recovery-key').evaluate((p) => Math.round(p.getBoundingClientRect().height));
    const row = await page
      .getByTestId('recovery-key')
      .locator('.key-group')
      .first()
      .evaluate((s) => s.getBoundingClientRect().height);
    expect(rows).toBeGreaterThan(row * 1.5);
  });
});

test.describe('copying the key', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('Copy the key puts exactly the key on the clipboard and says so', async ({ page }) => {
    const key = await showRecoveryKey(page);
    await page.getByRole('button', { name: 'Copy the key' }).click();
    await expect(page.getByTestId('key-copied')).toHaveText(/^Copied\./);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  });
});

test('without the Clipboard API the key is selected instead, and the page says how to copy it', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
  const key = await showRecoveryKey(page);
  await page.getByRole('button', { name: 'Copy the key' }).click();
  await expect(page.getByTestId('key-copied')).toContainText('selected');
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(key);
});

test('after wrong passphrases the wait shows as a countdown and Unlock waits for it; the right one still opens', async ({ page }) => {
  await setPassphrase(page);
  await page.getByRole('button', { name: 'Lock now' }).click();
  const field = page.getByLabel('Passphrase', { exact: true });
  const unlock = page.getByRole('button', { name: 'Unlock', exact: true });
  const wait = page.getByTestId('unlock-wait');
  // Three wrong tries are checked at once; the third makes the next wait a second.
  for (let i = 0; i < 3; i++) {
    await expect(unlock).toBeEnabled({ timeout: 20_000 });
    await field.fill(`wrong guess ${i}`);
    await unlock.click();
    await expect(page.getByRole('alert')).toContainText('does not open this journal', { timeout: 20_000 });
  }
  await expect(unlock).toBeDisabled();
  await expect(wait).toHaveText('Too many wrong tries in a row. Try again in 1 s.');
  await expect(unlock).toBeEnabled({ timeout: 5000 });
  await expect(wait).toHaveCount(0);
  // The fourth wrong try doubles it: the countdown starts at 2 and counts down.
  await field.fill('wrong guess 3');
  await unlock.click();
  await expect(wait).toHaveText('Too many wrong tries in a row. Try again in 2 s.', { timeout: 20_000 });
  await expect(unlock).toBeDisabled();
  await expect(wait).toHaveText('Too many wrong tries in a row. Try again in 1 s.');
  await expect(unlock).toBeEnabled({ timeout: 5000 });
  // Waited out here, the right passphrase opens (that the wait is not served twice is unlock.test.ts's, on fake timers).
  await field.fill(PASSPHRASE);
  await unlock.click();
  await expect(page.getByTestId('protection')).toHaveText(/opens only with your passphrase/, { timeout: 20_000 });
});

test('an import into a journal without a passphrase says the backup’s protection is gone, and leads to setting one', async ({ page }) => {
  await setPassphrase(page);
  const backupPath = await saveBackup(page);

  await page.getByLabel('Type ERASE to confirm').fill('ERASE');
  await page.getByRole('button', { name: 'Erase everything' }).click();
  await page.getByRole('button', { name: 'Start afresh' }).click();
  await page.goto('/journal/security');
  await expect(page.getByTestId('protection')).toHaveText(/never leaves this device/);

  // The styled picker: the input is hidden, the button-like label and the chosen file's name show.
  await expect(page.getByTestId('file-name')).toHaveText('No file chosen');
  await expect(page.getByText('Choose a file')).toBeVisible();
  await page.getByLabel('Backup file').setInputFiles(backupPath);
  await expect(page.getByTestId('file-name')).toHaveText(basename(backupPath));

  await page.getByLabel('The passphrase or recovery key it was saved with').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText(/^Imported 0 sessions/)).toBeVisible({ timeout: 20_000 });
  const warning = page.getByTestId('import-warning');
  await expect(warning).toContainText('no longer protected by a passphrase');
  await warning.getByRole('button', { name: 'Set a passphrase' }).click();
  await expect(page.getByLabel('New passphrase')).toBeFocused();
});

test('an import into a journal with a passphrase gives no such warning', async ({ page }) => {
  await setPassphrase(page);
  const backupPath = await saveBackup(page);
  await page.getByLabel('Backup file').setInputFiles(backupPath);
  await page.getByLabel('The passphrase or recovery key it was saved with').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText(/^Imported 0 sessions/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('import-warning')).toHaveCount(0);
});
