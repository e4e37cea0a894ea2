/**
 * The app in Spanish and German: a whole session's words, the summary and the journal's dates in the
 * person's language, the language following the browser or the picker (kept across reloads,
 * switched offline), the manifest following it, and the right-to-left pseudo-locale's layout.
 * Expected words come from the dictionaries themselves, so a rewording does not break the test,
 * while a word left in English does.
 */
import type { Page } from '@playwright/test';
import { dict as de } from '../src/i18n/de/index.ts';
import { dict as es } from '../src/i18n/es/index.ts';
import type { Dict } from '../src/i18n/en/index.ts';
import { expect, openOptions, test, waitForServiceWorkerControl } from './fixtures.ts';

/** The date part a journal row shows for today, as the browser's Intl writes it in `tag`. */
const todayIn = (page: Page, tag: string) =>
  page.evaluate((tag) => new Intl.DateTimeFormat(tag, { dateStyle: 'medium' }).format(new Date()), tag);

/**
 * Breathes the default pattern (two equal phases of 5.45 s) into its second phase in `words`, checks
 * each phase word as it comes, stops, and checks the summary and the journal's row.
 */
async function breatheIn(page: Page, words: Dict, tag: string): Promise<void> {
  await openOptions(page);
  await page.getByLabel(words.practice.getReadyFor).selectOption('0');
  await page.getByRole('button', { name: words.practice.start(words.patterns.preset.coherent.name) }).click();
  const phase = page.getByTestId('phase');
  await expect(phase).toHaveText(words.patterns.phase.inhale);
  await expect(phase).toHaveText(words.patterns.phase.exhale, { timeout: 8000 });
  await page.getByRole('button', { name: words.practice.session.stop }).click();
  await expect(page.getByRole('heading', { name: words.practice.summary.stopped })).toBeVisible();
  await expect(page.getByTestId('saved')).toBeVisible();
  await page.getByRole('button', { name: words.practice.summary.done, exact: true }).click();

  await page.getByRole('link', { name: words.common.nav.journal }).click();
  await expect(page.locator('main')).toContainText(await todayIn(page, tag));
}

test.describe('languages', () => {
  test.describe('from the browser', () => {
    test.use({ locale: 'es-ES' });

    test('a session in Spanish: phase words, the summary and the journal date', async ({ page }) => {
      await page.goto('/');
      await expect(page.locator('html')).toHaveAttribute('lang', 'es');
      await expect(page.getByRole('link', { name: es.common.nav.practice })).toBeVisible();
      await breatheIn(page, es, 'es-ES');
    });
  });

  test('German chosen in the picker: at once, after a reload, in the manifest, and switched offline', async ({ page, context }) => {
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await openOptions(page);
    await page.getByLabel('Language').selectOption('de');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('link', { name: de.common.nav.practice })).toBeVisible();
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest-de.webmanifest');
    const manifest = await page.evaluate(() => fetch('/manifest-de.webmanifest').then((r) => r.json()));
    expect(manifest).toMatchObject({ lang: 'de', description: de.common.manifest.description });

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await breatheIn(page, de, 'de-DE');

    // Every dictionary is precached: the language changes with no network.
    await context.setOffline(true);
    await page.getByRole('link', { name: de.common.nav.practice }).click();
    await openOptions(page);
    await page.getByLabel(de.common.language).selectOption('es');
    await expect(page.getByRole('link', { name: es.common.nav.practice })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await context.setOffline(false);
  });

  test.describe('the right-to-left pseudo-locale', () => {
    test.use({ viewport: { width: 320, height: 640 } });

    test('turns the page right to left and nothing widens it', async ({ page }) => {
      await page.goto('/?lang=ar-XB');
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      for (const path of ['/?lang=ar-XB', '/patterns?lang=ar-XB', '/journal?lang=ar-XB']) {
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
        await expect(page.locator('main')).not.toBeEmpty();
        // A right-to-left page does not scroll to what overflows on its right: each element is checked
        // against the viewport instead, unless a scroller inside the viewport clips it (the pattern chips).
        const outside = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const inView = (r: DOMRect) => r.left >= -1 && r.right <= width + 1;
          return [...document.querySelectorAll('body *')]
            .filter((el) => {
              const r = el.getBoundingClientRect();
              if (r.width === 0 || inView(r)) return false;
              for (let p = el.parentElement; p; p = p.parentElement)
                if (getComputedStyle(p).overflowX !== 'visible' && inView(p.getBoundingClientRect())) return false;
              return true;
            })
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        });
        expect(outside, path).toEqual([]);
      }
    });
  });
});
