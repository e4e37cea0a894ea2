import type { Page } from '@playwright/test';
import { expect, expectChartInside, openOptions, test } from './fixtures.ts';

/** Saves a custom pattern of two phases of `seconds` and `cycles` cycles: a whole session lasts 2 × `seconds` a cycle. */
async function quickPattern(page: Page, name: string, cycles: number, seconds = 0.5): Promise<void> {
  await page.goto('/patterns/new');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Phase 1 seconds').fill(String(seconds));
  await page.getByLabel('Phase 2 seconds').fill(String(seconds));
  await page.getByLabel('Length').fill(String(cycles));
  await page.getByLabel('Unit').selectOption('cycles');
  await page.getByRole('button', { name: 'Save pattern' }).click();
  await expect(page.getByTestId('custom-patterns')).toContainText(name);
}

/** Starts the chosen pattern with no time to get ready; `stop` ends it at once (0 cycles). */
async function practise(page: Page, name: string, stop: boolean): Promise<void> {
  await page.getByRole('link', { name: 'Practice' }).click();
  await page.getByRole('radio', { name: new RegExp(`^${name}`) }).check();
  await openOptions(page);
  await page.getByLabel('Get ready for').selectOption('0');
  await page.getByRole('button', { name: /^Start / }).click();
  if (stop) await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('saved')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Done' }).click();
}

test.describe('journal history', () => {
  test('charts have axes, dates and ranges and stay in their box at 320 px; a stopped session is listed but makes no streak', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 320, height: 568 });
    await quickPattern(page, 'Quick pair', 2);
    // The one stopped at once has long phases: under load the Stop click has come after a whole
    // half-second breath, which then counted.
    await quickPattern(page, 'Slow pair', 2, 20);
    await practise(page, 'Quick pair', false);
    await practise(page, 'Slow pair', true);

    await page.getByRole('link', { name: 'Journal' }).click();
    await expect(page.getByTestId('history-row')).toHaveCount(2);
    await expect(page.getByTestId('total-sessions')).toHaveText('2');
    // Only the session of two full cycles counts: one day, not two sessions' worth.
    await expect(page.getByTestId('streak-current')).toHaveText('1 day');
    // The stopped one (newest, first) is listed, and says why it makes no streak.
    await expect(page.getByTestId('history-row').first()).toContainText('under one breath, not in streaks');
    await expect(page.getByTestId('history-row').nth(1)).not.toContainText('not in streaks');

    const minutes = page.getByTestId('minutes-chart');
    const svg = minutes.getByRole('img');
    await expect(svg).toHaveAccessibleName(/^Minutes practised, last 30 days: .+ min on 1 of 30 days/);
    await expect(minutes.locator('.bar')).toHaveCount(30);
    // The vertical axis has a 0 and a unit; the horizontal one names days, today's last.
    await expect(minutes.locator('.y-axis text').first()).toHaveText('0');
    await expect(minutes.locator('.y-axis .axis-unit')).toHaveText('min');
    const today = await page.evaluate(() => new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }).format(new Date()));
    await expect(minutes.locator('.x-axis text').last()).toHaveText(today);
    expect(await minutes.locator('.x-axis text').count()).toBeGreaterThan(2);
    await expectChartInside(minutes, 320);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    // The text alternative lists the day practised, both sessions.
    await minutes.getByText('As a table').click();
    await expect(minutes.getByRole('row')).toHaveCount(2);
    await expect(minutes.getByRole('row').nth(1).getByRole('cell').last()).toHaveText('2');

    await page.getByRole('radio', { name: 'Week' }).check();
    await expect(svg).toHaveAccessibleName(/^Minutes practised, last 7 days/);
    await expect(minutes.locator('.bar')).toHaveCount(7);
    await expectChartInside(minutes, 320);

    await page.getByRole('radio', { name: 'Year' }).check();
    await expect(svg).toHaveAccessibleName(/^Minutes practised, last 12 months: .+ min on 1 of 12 months/);
    await expect(minutes.locator('.bar')).toHaveCount(12);
    const month = await page.evaluate(() => new Intl.DateTimeFormat(undefined, { month: 'short' }).format(new Date()));
    await expect(minutes.locator('.x-axis text').last()).toHaveText(month);
    await expectChartInside(minutes, 320);
    await expect(page.getByTestId('total-sessions')).toHaveText('2');
  });
});
