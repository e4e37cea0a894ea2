import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { RoomRecord } from '../src/core/journal.ts';
import { sampleEntry } from '../src/core/testing/entries.ts';
import { expect, saveBackup, test } from './fixtures.ts';
import { backupOf, clippedRows, importFile, setPassphrase } from './journal-seed.ts';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const GROUP: RoomRecord = { group: { kind: 'group', value: 0.72, counted: 5 }, people: 5, facilitated: true };
const PAIR: RoomRecord = { group: { kind: 'pair', value: 0.4, counted: 2 }, people: 2, facilitated: true };
// A room's pattern breathed on one's own, with no figure.
const ALONE: RoomRecord = { group: null, people: 3, facilitated: false };
// The widest figures: a full score and two-digit people.
const FULL: RoomRecord = { group: { kind: 'group', value: 1, counted: 12 }, people: 12, facilitated: true };

const clipped = (page: Page) => clippedRows(page, '.row-main > span, .room-mark', '.row-room, .row-sync');

test.describe('room sessions in the journal', () => {
  test('are marked with the group figure at 320 px, and an exported backup re-imported keeps them', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 568 });
    const seeded = await backupOf([
      sampleEntry(1, { note: undefined }),
      sampleEntry(2, { room: GROUP, note: 'together at dusk' }),
      sampleEntry(3, { room: PAIR, note: undefined }),
      sampleEntry(4, { room: ALONE, note: 'alone with the room' }),
      sampleEntry(5, { room: FULL, note: 'a full room' }),
    ]);
    await page.goto('/journal');
    await page.getByRole('link', { name: 'Privacy and backup' }).click();
    await importFile(page, seeded, 5);

    const rows = page.getByTestId('history-row');
    await expect(rows).toHaveCount(5);
    // Newest first: full (5), alone (4), pair (3), group (2), solo (1).
    const group = rows.nth(3);
    await expect(group.getByTestId('room-mark')).toHaveText('Room session');
    await expect(group.getByTestId('room-people')).toHaveText('5 people');
    await expect(group.getByTestId('room-sync')).toHaveText('group sync 72 / 100');
    await expect(rows.nth(2).getByTestId('room-mark')).toHaveText('Room session');
    await expect(rows.nth(2).getByTestId('room-people')).toHaveText('2 people');
    await expect(rows.nth(2).getByTestId('room-sync')).toHaveText('pair sync 40 / 100');
    await expect(rows.nth(1).getByTestId('room-mark')).toHaveText('Room pattern');
    await expect(rows.nth(1).getByTestId('room-people')).toHaveText('alone');
    await expect(rows.nth(1).getByTestId('room-sync')).toHaveCount(0);
    await expect(rows.nth(0).getByTestId('room-sync')).toHaveText('group sync 100 / 100');
    await expect(rows.nth(0).getByTestId('room-people')).toHaveText('12 people');
    await expect(rows.nth(4).getByTestId('room-mark')).toHaveCount(0);
    // The mark is words beside an icon, not a colour; a screen reader reads it with the row.
    await expect(group).toContainText('Room session 5 people');
    await expect(group.locator('.room-mark svg')).toHaveAttribute('aria-hidden', 'true');
    expect(await clipped(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const { violations } = await new AxeBuilder({ page }).include('.session-list').withTags(AXE_TAGS).analyze();
      expect(violations.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
    const before = await rows.allInnerTexts();

    await setPassphrase(page);
    const exported = await saveBackup(page);
    await page.getByLabel('Type ERASE to confirm').fill('ERASE');
    await page.getByRole('button', { name: 'Erase everything' }).click();
    await expect(page.getByTestId('erase-proof')).toContainText('no database and no journal cache');
    await page.getByRole('button', { name: 'Start afresh' }).click();
    await page.getByRole('link', { name: 'Journal' }).click();
    await expect(page.getByText('No sessions yet.')).toBeVisible();

    await page.getByRole('link', { name: 'Privacy and backup' }).click();
    await importFile(page, exported, 5);
    await expect(rows).toHaveCount(5);
    await expect(rows.nth(3).getByTestId('room-sync')).toHaveText('group sync 72 / 100');
    expect(await rows.allInnerTexts()).toEqual(before);
  });

  test('a long list of room and solo sessions scrolls to its oldest row, rows end to end, only a window of them drawn', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 320, height: 568 });
    const rooms = [GROUP, PAIR, ALONE, undefined];
    const count = 120;
    const seeded = await backupOf(
      Array.from({ length: count }, (_, i) => sampleEntry(i, { note: `n${i}`, room: rooms[i % rooms.length] })),
    );
    await page.goto('/journal');
    await page.getByRole('link', { name: 'Privacy and backup' }).click();
    await importFile(page, seeded, count);
    const list = page.locator('.session-list');
    const rows = page.getByTestId('history-row');
    await expect(rows.first()).toContainText(`n${count - 1}`);
    // Bottom of the list: the oldest session, a room one.
    await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(rows.last()).toContainText('n0');
    await expect(rows.last().getByTestId('room-sync')).toHaveText('group sync 72 / 100');
    await expect(rows.last()).toHaveAttribute('aria-posinset', String(count));
    const drawn = await rows.evaluateAll((els: HTMLElement[]) =>
      els.map((el) => ({ top: el.offsetTop, bottom: el.offsetTop + el.offsetHeight, pos: Number(el.getAttribute('aria-posinset')) })),
    );
    expect(drawn.length).toBeLessThan(count / 2);
    drawn.sort((a, b) => a.pos - b.pos);
    for (let i = 1; i < drawn.length; i++) {
      expect(drawn[i]!.pos).toBe(drawn[i - 1]!.pos + 1);
      expect(drawn[i]!.top).toBe(drawn[i - 1]!.bottom);
    }
    expect(drawn.at(-1)!.bottom).toBe(await list.evaluate((el) => el.scrollHeight));
    expect(await clipped(page)).toEqual([]);
  });
});
