import { expect, test } from './fixtures.ts';

test.describe('custom patterns', () => {
  test('a bad pattern is refused with clear reasons and nothing is saved', async ({ page }) => {
    await page.goto('/patterns/new');
    await page.getByRole('button', { name: 'Remove phase 1' }).click();
    await page.getByLabel('Phase 1 seconds').fill('0');
    await page.getByRole('button', { name: 'Save pattern' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('the pattern needs a name');
    await expect(alert).toContainText('must last at least 0.5 seconds');
    await expect(alert).toContainText('the pattern has no inhale');
    await page.goto('/patterns');
    await expect(page.getByText('None yet.')).toBeVisible();
  });

  test('copy a preset, edit it, then delete it', async ({ page }) => {
    await page.goto('/patterns');
    await page.getByRole('link', { name: 'Copy Relaxing 4-7-8 as a new pattern' }).click();
    await expect(page.getByLabel('Name')).toHaveValue('Relaxing 4-7-8 (mine)');
    await page.getByRole('button', { name: 'Save pattern' }).click();
    await page.getByRole('link', { name: 'Edit Relaxing 4-7-8 (mine)' }).click();
    await page.getByLabel('Name').fill('Sleep 4-7-8');
    await page.getByRole('button', { name: 'Save pattern' }).click();
    const list = page.getByTestId('custom-patterns');
    await expect(list).toContainText('Sleep 4-7-8');
    await expect(list).not.toContainText('(mine)');

    await page.getByRole('button', { name: 'Delete Sleep 4-7-8' }).click();
    await page.getByRole('button', { name: 'Delete Sleep 4-7-8' }).click(); // the confirmation
    await expect(page.getByText('None yet.')).toBeVisible();
  });
});
