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

  test('phases are reordered from the keyboard, focus following the phase, and the order is saved', async ({ page }) => {
    await page.goto('/patterns/new');
    await page.getByLabel('Name').fill('Reordered');
    await page.getByRole('button', { name: 'Add phase' }).click();
    // Kinds read as sessions show them.
    await expect(page.getByLabel('Phase 3 kind').locator('option:checked')).toHaveText('Hold');
    // One minimum everywhere: the field's min and step are the one saving needs.
    const seconds = page.getByLabel('Phase 1 seconds');
    await expect(seconds).toHaveAttribute('min', '0.5');
    await expect(seconds).toHaveAttribute('step', '0.5');
    await seconds.fill('0.5');

    await page.getByRole('button', { name: 'Move phase 3 up' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Move phase 2 up' })).toBeFocused();
    await page.keyboard.press('Space');
    // At the top "up" is disabled: focus moves to the row's "down", and a press takes it back.
    await expect(page.getByRole('button', { name: 'Move phase 1 down' })).toBeFocused();
    await expect(page.getByRole('button', { name: 'Move phase 1 up' })).toBeDisabled();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Move phase 2 down' })).toBeFocused();
    const kinds = () => page.locator('.phase-rows select').evaluateAll((ss) => ss.map((s) => (s as HTMLSelectElement).value));
    expect(await kinds()).toEqual(['inhale', 'hold', 'exhale']);
    await page.getByRole('button', { name: 'Save pattern' }).click();

    await page.getByRole('link', { name: 'Edit Reordered' }).click();
    await expect(page.getByLabel('Phase 2 kind')).toHaveValue('hold');
    expect(await kinds()).toEqual(['inhale', 'hold', 'exhale']);
    await expect(page.getByLabel('Phase 1 seconds')).toHaveValue('0.5');
  });

  test('a new pattern starts from a preset chosen on the new-pattern screen', async ({ page }) => {
    await page.goto('/patterns/new');
    await page.getByLabel('Start from').selectOption({ label: 'Relaxing 4-7-8' });
    await expect(page.getByLabel('Name')).toHaveValue('Relaxing 4-7-8 (mine)');
    await expect(page.getByLabel('Phase 2 kind')).toHaveValue('hold');
    await expect(page.getByLabel('Phase 2 seconds')).toHaveValue('7');
    // A name the person typed survives another choice.
    await page.getByLabel('Name').fill('Wind down');
    await page.getByLabel('Start from').selectOption({ label: 'Box 4-4-4-4' });
    await expect(page.getByLabel('Name')).toHaveValue('Wind down');
    await expect(page.getByLabel('Phase 4 kind')).toHaveValue('hold');
    await page.getByRole('button', { name: 'Save pattern' }).click();
    await expect(page.getByTestId('custom-patterns')).toContainText('Wind down');
    await expect(page.getByTestId('custom-patterns')).toContainText('4-4-4-4 s');
  });

  test('at 320 px the editor and the delete confirmation stay inside the screen', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 568 });
    await page.goto('/patterns/new?from=preset%3A478');
    await page.getByLabel('Name').fill('Evening 4-2-7');
    const fieldset = page.getByRole('group', { name: 'Phases of one breath' });
    const box = (await fieldset.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // The unit stays beside its field.
    const unit = await page.locator('.phase-seconds').first().boundingBox();
    const field = await page.getByLabel('Phase 1 seconds').boundingBox();
    expect(Math.abs(unit!.y + unit!.height / 2 - (field!.y + field!.height / 2))).toBeLessThan(4);
    await page.getByRole('button', { name: 'Save pattern' }).click();

    await page.getByRole('button', { name: 'Delete Evening 4-2-7' }).click();
    const confirm = page.getByRole('group', { name: 'Delete Evening 4-2-7?' }).getByRole('button', { name: 'Delete Evening 4-2-7' });
    await expect(confirm).toBeFocused();
    // One line: no break inside "4-2-7".
    const lines = await confirm.evaluate((b) => {
      const range = document.createRange();
      range.selectNodeContents(b);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  });
});
