/**
 * axe (WCAG 2.0 and 2.1, A and AA) on every state a person meets, on two small phones, light and
 * dark: home and its Options, the glyph picker, the safety note, a running session, the summary,
 * the patterns, the journal and its tables, the privacy page through a passphrase and an erase, a
 * locked journal counting down, and a room (named, sharing, scheduled, breathing, asking, over, deleted).
 * One page walks through each group of states.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, nameInRoom, openOptions, openPanel, test } from './fixtures.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PASSPHRASE = 'lantern orchard seventeen';
const T0 = new Date('2026-03-01T07:00:00Z');

/** Runs axe on the page as it is; a violation is recorded against `state` without ending the walk. */
async function audit(page: Page, state: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
  }));
  expect.soft(found, state).toEqual([]);
}

/** Waits until every glyph picture in the open picker has loaded. */
async function glyphsLoaded(page: Page): Promise<void> {
  const thumbs = page.locator('.glyph-options img.glyph-thumb');
  await expect(thumbs.first()).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(() =>
      thumbs.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)),
    )
    .toBe(true);
}

/** Breathes a short session of the chosen pattern (`during` it runs) and stops: the summary shows. */
async function shortSession(page: Page, during?: () => Promise<void>): Promise<void> {
  await openOptions(page);
  await page.getByLabel('Get ready for').selectOption('0');
  await page.getByRole('button', { name: /^Start / }).click();
  await expect(page.getByTestId('phase')).toBeVisible();
  await during?.();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('saved')).toBeVisible();
}

for (const viewport of [
  { width: 320, height: 568 },
  { width: 375, height: 667 },
]) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test.describe(`axe at ${viewport.width}×${viewport.height}, ${colorScheme}`, () => {
      test.use({ viewport, colorScheme });
      // Each test walks through many states, some behind a passphrase's key derivation.
      test.describe.configure({ mode: 'parallel', timeout: 180_000 });

      test('home, Options, glyph picker, safety note, session, summaries, patterns', async ({ page }) => {
        await page.clock.install({ time: T0 });
        await page.goto('/');
        await expect(page.getByRole('button', { name: /^Start / })).toBeVisible();
        await audit(page, 'home');

        await openOptions(page);
        await page.locator('.glyph-choose > summary').click();
        await glyphsLoaded(page);
        await page.locator('.glyph-add > summary').click();
        await expect(page.getByLabel('CID')).toBeVisible();
        await audit(page, 'home with Options, the glyph picker and Add a glyph open');

        // A hold-heavy pattern shows the safety note once, before its first session.
        await page.getByRole('radio', { name: /Relaxing 4-7-8/ }).check();
        await page.getByRole('button', { name: 'Start Relaxing 4-7-8' }).click();
        await expect(page.getByRole('alertdialog', { name: 'Before you hold your breath' })).toBeVisible();
        await audit(page, 'safety note');
        await page.getByRole('button', { name: 'Choose another pattern' }).click();

        // A running session, on a paused clock so that it is the same every run: three presses along
        // the breath. (axe waits on timers, so the clock runs again while it looks.)
        await page.getByRole('radio', { name: /Six a minute/ }).check();
        await page.clock.pauseAt(new Date(T0.getTime() + 60_000));
        await page.getByRole('button', { name: 'Start Six a minute 4:6' }).click();
        await page.clock.runFor(3_000);
        const guide = page.locator('.stage .guide');
        const box = (await guide.boundingBox())!;
        for (let breath = 0; breath < 3; breath++) {
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          await page.mouse.down();
          await page.clock.runFor(4_000);
          await page.mouse.up();
          await page.clock.runFor(6_000);
        }
        await expect(page.getByTestId('phase')).toBeVisible();
        await page.clock.resume();
        // After three presses the instructions fade out; axe looks once they are gone.
        await expect(page.locator('#hold-hint')).toBeHidden();
        await audit(page, 'running session, the instructions faded after three presses');

        await page.getByRole('button', { name: 'Stop' }).click();
        await expect(page.getByTestId('coherence-score')).toBeVisible();
        await audit(page, 'summary with presses');

        await page.getByRole('button', { name: 'Done' }).click();
        await shortSession(page, () => audit(page, 'running session, with its instructions'));
        await audit(page, 'summary without presses');

        await page.goto('/patterns');
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await audit(page, '/patterns');
        await page.goto('/patterns/new');
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await audit(page, '/patterns/new');
      });

      test('journal, its tables, privacy page, recovery key, locked journal counting down, erase', async ({ page }) => {
        await page.goto('/journal');
        await expect(page.getByText('No sessions yet.')).toBeVisible();
        await audit(page, 'empty journal');

        await page.goto('/journal/security');
        await expect(page.getByTestId('protection')).toHaveText(/never leaves this device/);
        await audit(page, 'privacy page without a passphrase');

        await page.goto('/');
        await shortSession(page);
        await page.getByRole('button', { name: 'Done' }).click();
        await page.getByRole('link', { name: 'Journal' }).click();
        await expect(page.getByTestId('history-row')).toHaveCount(1);
        await audit(page, 'journal with a session');
        for (const table of await page.locator('details.chart-table > summary').all()) await table.click();
        await expect(page.locator('details.chart-table table').first()).toBeVisible();
        await audit(page, 'journal with its tables open (month)');
        for (const range of ['Week', 'Year']) {
          await page.getByRole('radio', { name: range }).check();
          await audit(page, `journal with its tables open (${range.toLowerCase()})`);
        }

        await page.getByRole('link', { name: 'Privacy and backup' }).click();
        await page.getByLabel('New passphrase').fill(PASSPHRASE);
        await page.getByLabel('Repeat it').fill(PASSPHRASE);
        await page.getByRole('button', { name: 'Continue' }).click();
        await expect(page.getByRole('heading', { name: 'Write down your recovery key' })).toBeFocused({ timeout: 20_000 });
        await audit(page, 'the recovery key step');
        const key = (await page.getByTestId('recovery-key').textContent())!;
        await page.getByLabel('Type the recovery key to confirm you have it').fill(key);
        await page.getByRole('button', { name: 'Set the passphrase' }).click();
        await expect(page.getByTestId('protection')).toHaveText(/opens only with your passphrase/, { timeout: 20_000 });
        await audit(page, 'privacy page with a passphrase set');

        // Locked: five wrong tries make the next wait four seconds, long enough for axe to look on a busy machine.
        await page.getByRole('button', { name: 'Lock now' }).click();
        await page.getByRole('link', { name: 'Back to the journal' }).click();
        await expect(page.getByRole('heading', { name: 'Your journal is locked' })).toBeVisible();
        await audit(page, 'locked journal');
        const unlock = page.getByRole('button', { name: 'Unlock', exact: true });
        const wait = page.getByTestId('unlock-wait');
        for (let i = 0; i < 5; i++) {
          await expect(unlock).toBeEnabled({ timeout: 20_000 });
          await page.getByLabel('Passphrase', { exact: true }).fill(`wrong guess ${i}`);
          await unlock.click();
          await expect(page.getByRole('alert')).toContainText('does not open this journal', { timeout: 20_000 });
        }
        await expect(wait).toHaveText(/Try again in 4 s\./);
        await audit(page, 'locked journal counting down after wrong passphrases');

        await expect(unlock).toBeEnabled({ timeout: 10_000 });
        await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
        await unlock.click();
        await expect(page.getByTestId('history-row')).toHaveCount(1, { timeout: 20_000 });
        await page.getByRole('link', { name: 'Privacy and backup' }).click();
        await page.getByLabel('Type ERASE to confirm').fill('ERASE');
        await expect(page.getByRole('button', { name: 'Erase everything' })).toBeEnabled();
        await audit(page, 'erase, confirmed and ready');
        await page.getByRole('button', { name: 'Erase everything' }).click();
        await expect(page.getByTestId('erase-proof')).toContainText('no database and no journal cache', { timeout: 20_000 });
        await audit(page, 'after erasing everything');
      });

      test('a room, connected and breathing', async ({ page }) => {
        await page.goto('/');
        await page.getByRole('button', { name: 'Breathe together: open a room' }).click();
        await expect(page).toHaveURL(/\/room\/[A-Za-z0-9_-]{22}$/);
        await audit(page, 'room before naming');
        await nameInRoom(page, 'Ada');
        await audit(page, 'room connected');
        await openPanel(page, 'Share');
        await page.getByRole('button', { name: 'Show QR code' }).click();
        await expect(page.getByTestId('room-qr')).toBeVisible();
        await audit(page, 'room sharing, QR code shown');
        await openPanel(page, 'Lead');
        // Two days from now, on the page's own clock, as the field takes it.
        const inTwoDays = await page.evaluate(() => {
          const d = new Date(Date.now() + 2 * 86_400_000);
          const two = (n: number) => String(n).padStart(2, '0');
          return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T09:30:00`;
        });
        await page.getByLabel('Start at a set time').fill(inTwoDays);
        await page.getByRole('button', { name: 'Schedule' }).click();
        await expect(page.getByTestId('room-schedule')).toBeVisible();
        await audit(page, 'room scheduled, lead panel');
        await page.getByRole('button', { name: 'Start now' }).click();
        await expect(page.getByTestId('room-phase')).toHaveText(/Get ready|Inhale/);
        await audit(page, 'room breathing');
        // A session under way: a restart asks first.
        await page.getByRole('button', { name: 'Start again for everyone' }).click();
        await expect(page.getByRole('alertdialog')).toBeVisible();
        await audit(page, 'room asking before a restart');
        await page.getByRole('button', { name: 'Keep breathing' }).click();
        // Ended once breathing has begun (ended during "Get ready", nothing was breathed and no summary shows).
        await expect(page.getByTestId('room-phase')).toHaveText('Inhale', { timeout: 10_000 });
        await page.getByRole('button', { name: 'End for everyone' }).click();
        await expect(page.getByTestId('room-summary')).toBeVisible();
        await audit(page, 'room session ended, its summary');
        await openPanel(page, 'Lead');
        await page.getByRole('button', { name: 'Delete this room…' }).click();
        await audit(page, 'room asking before a deletion');
        await page.getByRole('alertdialog').getByRole('button', { name: 'Delete for everyone' }).click();
        await expect(page.getByTestId('room-gone')).toBeVisible();
        await audit(page, 'room deleted');
      });
    });
  }
}
