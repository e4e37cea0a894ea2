/**
 * The glyph picker from the keyboard and the pointer: one tab stop, arrows move focus and choice
 * as in any radio group, the focus stays where it was after a choice, and no name shows twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Catalog } from '../src/shared/glyphs/pack.ts';
import { allGlyphsShown, expect, ROOT, test } from './fixtures.ts';

const catalog = JSON.parse(readFileSync(join(ROOT, 'public/glyphs/catalog.json'), 'utf8')) as Catalog;
const names = catalog.glyphs.map((g) => g.name);

/** The accessible name of the focused element, or null when the focus is not on a radio. */
const focusedRadio = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el instanceof HTMLInputElement && el.type === 'radio'
      ? (el.closest('label')?.querySelector('.glyph-name')?.textContent ?? '')
      : null;
  });

/** The picture shown for the current choice has loaded (a choice's picture arrives after the choice). */
const summaryShows = (page: Page, name: string) => expect(page.locator('.glyph-choose > summary')).toContainText(name);

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  // The guide's choice is folded under Options on the home screen.
  await page.locator('.practice-options > summary').click();
  await allGlyphsShown(page, names.length + 1);
});

test('arrow keys move the focus and the choice through the glyphs, and the focus stays on the chosen one', async ({ page }) => {
  const guide = page.getByRole('group', { name: 'Guide' });
  await guide.getByRole('radio', { name: 'Circle' }).check();
  await expect(guide.getByRole('radio', { name: 'Circle' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(guide.getByRole('radio', { name: names[0] })).toBeChecked();
  await summaryShows(page, names[0]!);
  await expect(guide.locator('.glyph-choose > summary img')).toBeVisible();
  expect(await focusedRadio(page)).toBe(names[0]);
  await page.keyboard.press('ArrowDown');
  await expect(guide.getByRole('radio', { name: names[1] })).toBeChecked();
  await summaryShows(page, names[1]!);
  expect(await focusedRadio(page)).toBe(names[1]);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(guide.getByRole('radio', { name: 'Circle' })).toBeChecked();
  await summaryShows(page, 'Circle');
  expect(await focusedRadio(page)).toBe('Circle');
});

test('the glyphs are one tab stop: Tab leaves the group from the chosen glyph, Shift+Tab comes back to it', async ({ page }) => {
  const guide = page.getByRole('group', { name: 'Guide' });
  await guide.getByRole('radio', { name: 'Lotus' }).check();
  await page.keyboard.press('Tab');
  expect(await focusedRadio(page)).toBeNull();
  await page.keyboard.press('Shift+Tab');
  expect(await focusedRadio(page)).toBe('Lotus');
});

test('a click keeps the focus on the glyph clicked, after its picture has loaded everywhere', async ({ page }) => {
  const guide = page.getByRole('group', { name: 'Guide' });
  for (const name of ['Lotus', 'Moon', 'Wave']) {
    await guide.locator('.glyph-option', { hasText: new RegExp(`^${name}$`) }).click();
    await expect(guide.getByRole('radio', { name })).toBeChecked();
    await summaryShows(page, name);
    await expect.poll(() => guide.locator('.glyph-choose > summary img').evaluate((i) => (i as HTMLImageElement).complete)).toBe(true);
    expect(await focusedRadio(page)).toBe(name);
  }
  // Enter on a radio does not take the focus away either.
  await page.keyboard.press('Enter');
  expect(await focusedRadio(page)).toBe('Wave');
});

test('no name shows twice: the suggested glyph is named once, as itself', async ({ page }) => {
  const labels = await page.locator('.glyph-options .glyph-name').allTextContents();
  expect(labels).toHaveLength(names.length + 2);
  expect(new Set(labels).size).toBe(labels.length);
  expect(labels.filter((l) => l === 'Moon')).toHaveLength(1);
  expect(labels.slice(0, 2)).toEqual(['Suggested', 'Circle']);
});
