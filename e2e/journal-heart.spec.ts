import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { HeartSummary } from '../src/core/heart/beat.ts';
import type { JournalEntry, RoomRecord } from '../src/core/journal.ts';
import { sampleEntry } from '../src/core/testing/entries.ts';
import { sampleFinderHeart, sampleHeart, sampleRr } from '../src/core/testing/heart.ts';
import { expect, expectChartInside, saveBackup, test } from './fixtures.ts';
import { backupOf, clippedRows, importFile, setPassphrase } from './journal-seed.ts';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DAY = 86_400_000;
const GROUP: RoomRecord = { group: { kind: 'group', value: 0.72, counted: 5 }, people: 5, facilitated: true };
const STRAP: HeartSummary = sampleHeart({ meanBpm: 64.2, coherence: 72.4, rr: sampleRr(300, 935) });
const FINDER: HeartSummary = sampleFinderHeart({ meanBpm: 61.4, coherence: 80, rr: sampleRr(280, 977) });
// A short camera session in a room: a rate, no coherence yet.
const CAMERA: HeartSummary = sampleHeart({
  source: 'camera',
  meanBpm: 70.4,
  rmssdMs: null,
  coherence: null,
  peakCoherence: null,
  rr: [861, 850.5, 842],
});

/** A session `daysAgo` days before now (the charts show the last 30 days), at the same time of day. */
const ago = (daysAgo: number, i: number, overrides: Partial<JournalEntry>): JournalEntry =>
  sampleEntry(i, { startedAt: new Date(Date.now() - daysAgo * DAY - 3_600_000).toISOString(), ...overrides });

/** Clicks a plain-export button and reads the file it saves. */
async function plainExport(page: Page, button: 'Export JSON' | 'Export CSV'): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const chunks = await (await download.createReadStream()).toArray();
  return Buffer.concat(chunks).toString('utf8');
}

const clipped = (page: Page) => clippedRows(page, '.row-main > span', '.row-heart, .row-room, .row-sync');

test.describe('heart sessions in the journal', () => {
  test('rows and charts show the heart at 320 px; a backup keeps the raw heartbeats; the plain export has them only when asked', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 320, height: 568 });
    const seeded = await backupOf([
      ago(4, 1, { note: 'no sensor' }),
      ago(3, 2, { heart: STRAP, note: 'strap' }),
      ago(2, 3, { heart: FINDER, note: 'finder' }),
      ago(1, 4, { heart: CAMERA, room: GROUP, note: 'camera in a room' }),
    ]);
    await page.goto('/journal');
    await page.getByRole('link', { name: 'Privacy and backup' }).click();
    await importFile(page, seeded, 4);

    const rows = page.getByTestId('history-row');
    await expect(rows).toHaveCount(4);
    // Newest first: camera in a room, finder, strap, no sensor.
    await expect(rows.nth(2).getByTestId('heart-figures')).toHaveText('Heart: 64 bpm · coherence 72');
    // The presses' figure is named apart from the heart's: one "coherence" per row.
    await expect(rows.nth(2).locator('.row-facts')).toContainText('rhythm 90');
    expect((await rows.nth(2).textContent())?.match(/coherence/g)).toHaveLength(1);
    await expect(rows.nth(2).getByTestId('heart-resonance')).toHaveCount(0);
    await expect(rows.nth(1).getByTestId('heart-figures')).toHaveText('Heart: 61 bpm · coherence 80');
    await expect(rows.nth(1).getByTestId('heart-resonance')).toHaveText('resonance 5.5 breaths/min');
    await expect(rows.nth(0).getByTestId('heart-figures')).toHaveText('Heart: 70 bpm');
    await expect(rows.nth(0).getByTestId('room-sync')).toHaveText('group sync 72 / 100');
    await expect(rows.nth(3).getByTestId('heart-figures')).toHaveCount(0);
    // The icon is hidden from screen readers; the words say what the figures are.
    await expect(rows.nth(2).locator('.heart-icon')).toHaveAttribute('aria-hidden', 'true');
    await expect(rows.nth(2)).toContainText('strap');
    expect(await clipped(page)).toEqual([]);

    // Heart charts: coherence on the two days that have one, the rate on all three days with a sensor.
    const coherence = page.getByTestId('heart-coherence-chart');
    const rate = page.getByTestId('heart-rate-chart');
    await expect(coherence.getByRole('img')).toHaveAccessibleName(
      'Heart coherence (0 to 100), last 30 days: 2 days with a heart sensor, average 76, latest 80.',
    );
    await expect(rate.getByRole('img')).toHaveAccessibleName(
      'Mean heart rate, last 30 days: 3 days with a heart sensor, average 65 bpm, latest 70 bpm.',
    );
    await expect(coherence.locator('.dot')).toHaveCount(2);
    await expect(rate.locator('.dot')).toHaveCount(3);
    await expect(rate.locator('.y-axis .axis-unit')).toHaveText('bpm');
    await rate.getByText('As a table').click();
    await expect(rate.getByRole('row')).toHaveCount(4);
    await expect(rate.getByRole('row').nth(1).getByRole('cell').last()).toHaveText('64');
    for (const range of ['Week', 'Month', 'Year']) {
      await page.getByRole('radio', { name: range }).check();
      await expect(rate.locator('.dot')).toHaveCount(3);
      await expectChartInside(coherence, 320);
      await expectChartInside(rate, 320);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const { violations } = await new AxeBuilder({ page }).include('.session-list').include('.chart').withTags(AXE_TAGS).analyze();
      expect(violations.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
    const before = await rows.allInnerTexts();

    // Backup, erase, import: the heart comes back, raw heartbeats included (read through the plain export below).
    await setPassphrase(page);
    const exported = await saveBackup(page);
    await page.getByLabel('Type ERASE to confirm').fill('ERASE');
    await page.getByRole('button', { name: 'Erase everything' }).click();
    await expect(page.getByTestId('erase-proof')).toContainText('no database and no journal cache');
    await page.getByRole('button', { name: 'Start afresh' }).click();
    await page.getByRole('link', { name: 'Journal' }).click();
    await expect(page.getByText('No sessions yet.')).toBeVisible();
    await expect(page.getByTestId('heart-rate-chart')).toHaveCount(0);
    await page.getByRole('link', { name: 'Privacy and backup' }).click();
    await importFile(page, exported, 4);
    await expect(rows).toHaveCount(4);
    expect(await rows.allInnerTexts()).toEqual(before);
    await expect(rate.locator('.dot')).toHaveCount(3);

    // Plain export: the heart's figures always, the RR series only with the box ticked.
    await page.getByRole('link', { name: 'Privacy and backup' }).click();
    const box = page.getByRole('checkbox', { name: 'Include raw heartbeats (RR intervals)' });
    await expect(box).not.toBeChecked();
    type Session = { note?: string; heart?: HeartSummary };
    const byNote = (json: string) => new Map((JSON.parse(json).sessions as Session[]).map((s) => [s.note, s.heart]));
    const without = byNote(await plainExport(page, 'Export JSON'));
    const { rr: _s, ...strapFigures } = STRAP;
    const { rr: _f, ...finderFigures } = FINDER;
    expect(without.get('strap')).toEqual(strapFigures);
    expect(without.get('finder')).toEqual(finderFigures);
    expect(without.get('no sensor')).toBeUndefined();
    const csvWithout = await plainExport(page, 'Export CSV');
    expect(csvWithout.split('\r\n')[0]).toMatch(/,heart_source,heart_mean_bpm,.*,resonance_rate$/);
    expect(csvWithout).not.toContain(STRAP.rr.slice(0, 5).join(' '));

    await box.check();
    const withBeats = byNote(await plainExport(page, 'Export JSON'));
    expect(withBeats.get('strap')).toEqual(STRAP);
    expect(withBeats.get('finder')).toEqual(FINDER);
    expect(withBeats.get('camera in a room')!.rr).toEqual([861, 850.5, 842]);
    const csvWith = await plainExport(page, 'Export CSV');
    expect(csvWith.split('\r\n')[0]).toMatch(/,resonance_rate,heart_rr_ms$/);
    expect(csvWith).toContain(`,${STRAP.rr.join(' ')}\r\n`);
  });

  test('a journal without a heart sensor shows no heart chart', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 568 });
    const seeded = await backupOf([ago(1, 1, { note: 'plain' })]);
    await page.goto('/journal');
    await page.getByRole('link', { name: 'Privacy and backup' }).click();
    await importFile(page, seeded, 1);
    await expect(page.getByTestId('history-row')).toHaveCount(1);
    await expect(page.getByTestId('minutes-chart')).toBeVisible();
    await expect(page.getByTestId('heart-figures')).toHaveCount(0);
    await expect(page.getByTestId('heart-rate-chart')).toHaveCount(0);
    await expect(page.getByTestId('heart-coherence-chart')).toHaveCount(0);
    await expect(page.getByText(/heart sensor/)).toHaveCount(0);
  });
});
