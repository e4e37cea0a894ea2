import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const T0 = new Date('2026-03-01T07:00:00Z');

/** Loads the app under Playwright's clock, paused, so the test decides when time passes. */
async function openPaused(page: Page): Promise<void> {
  await page.clock.install({ time: T0 });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Breathe' })).toBeVisible();
  await page.clock.pauseAt(new Date(T0.getTime() + 60_000));
}

const phase = (page: Page) => page.getByTestId('phase');
const expansion = (page: Page) =>
  page.locator('.guide').evaluate((el) => Number((el as HTMLElement).style.getPropertyValue('--expansion')));

test.describe('pacer', () => {
  test('box breathing shows inhale, hold, exhale, hold at the right moments', async ({ page }) => {
    await openPaused(page);
    await page.getByRole('radio', { name: /Box 4-4-4-4/ }).check();
    await page.getByRole('button', { name: 'Start Box 4-4-4-4' }).click();
    // Box holds the breath: the safety note comes first, once.
    await expect(page.getByRole('alertdialog')).toContainText('holds the breath');
    await page.getByRole('button', { name: 'I understand, begin' }).click();

    await expect(phase(page)).toHaveText('Get ready');
    await page.clock.runFor(1_100);
    await expect(page.getByTestId('countdown')).toHaveText('2');

    // Prep ends at 3 s; each phase lasts 4 s. Check 30 ms either side of every boundary.
    let t = 1_100;
    const at = async (ms: number) => {
      await page.clock.runFor(ms - t);
      t = ms;
    };
    const expected = ['Inhale', 'Hold', 'Exhale', 'Hold', 'Inhale'];
    for (let k = 0; k < expected.length; k++) {
      const boundary = 3_000 + k * 4_000;
      await at(boundary - 30);
      await expect(phase(page)).toHaveText(k === 0 ? 'Get ready' : expected[k - 1]!);
      await at(boundary + 30);
      await expect(phase(page)).toHaveText(expected[k]!);
      await expect(page.getByTestId('countdown')).toHaveText('4');
    }
    // The guide is drawn from the clock: half-way through the inhale it is half full.
    await at(3_000 + 16_000 + 2_000);
    expect(await expansion(page)).toBeCloseTo(0.5, 1);
    await at(3_000 + 16_000 + 2_500);
    await expect(page.getByTestId('elapsed')).toHaveText('0:18');
    await expect(page.getByTestId('remaining')).toHaveText('4:46');
  });

  test('pause holds the pacer still and resume carries on where it was', async ({ page }) => {
    await openPaused(page);
    await page.getByRole('radio', { name: /Six a minute/ }).check();
    await page.getByRole('button', { name: 'Start Six a minute 4:6' }).click();
    await page.clock.runFor(3_000 + 5_000); // 1 s into the exhale
    await expect(phase(page)).toHaveText('Exhale');
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(phase(page)).toHaveText('Paused');
    await page.clock.runFor(30_000);
    await expect(page.getByTestId('elapsed')).toHaveText('0:05');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.clock.runFor(100);
    await expect(phase(page)).toHaveText('Exhale');
    await expect(page.getByTestId('countdown')).toHaveText('5');
    await page.clock.runFor(5_000);
    await expect(phase(page)).toHaveText('Inhale');
  });

  test('press-and-hold gives a summary with a coherence figure', async ({ page }) => {
    await openPaused(page);
    await page.getByRole('radio', { name: /Six a minute/ }).check();
    await page.getByRole('button', { name: 'Start Six a minute 4:6' }).click();
    await page.clock.runFor(3_000);
    // Three breaths following the pacer, 100 ms late: press on each inhale, release on each exhale.
    for (let cycle = 0; cycle < 3; cycle++) {
      await page.clock.runFor(100);
      await page.keyboard.down('Space');
      await expect(page.getByRole('button', { name: /Breathing in/ })).toHaveAttribute('aria-pressed', 'true');
      await page.clock.runFor(4_000);
      await page.keyboard.up('Space');
      await page.clock.runFor(5_900);
    }
    await page.getByRole('button', { name: 'Stop' }).click();

    await expect(page.getByRole('heading', { name: 'Session stopped' })).toBeVisible();
    await expect(page.getByTestId('summary-cycles')).toHaveText('3');
    await expect(page.getByTestId('summary-duration')).toHaveText('0:30');
    await expect(page.getByTestId('coherence-score')).toHaveText('100');
    await expect(page.getByTestId('coherence-r')).toHaveText('1.00');
    await expect(page.getByTestId('coherence-offset')).toContainText('100 ms late');
    await expect(page.getByTestId('coherence-rate')).toContainText('6.0/min');
    await expect(page.getByText('not your heart')).toBeVisible();
  });

  test('a press in the countdown counts, and pausing while held lets go', async ({ page }) => {
    await openPaused(page);
    await page.getByRole('radio', { name: /Six a minute/ }).check();
    await page.getByRole('button', { name: 'Start Six a minute 4:6' }).click();
    await page.clock.runFor(2_700);
    await page.keyboard.down('Space'); // 300 ms before the first inhale
    await page.clock.runFor(4_300);
    await page.keyboard.up('Space'); // on the exhale
    await page.clock.runFor(6_000);
    await page.keyboard.down('Space'); // on the second inhale
    await page.clock.runFor(2_000);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByRole('button', { name: 'Hold while breathing in' })).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.up('Space');
    await page.clock.runFor(5_000);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Stop' }).click();
    // Three timed onsets (-300, 0, 0 ms); the release implied by the pause is no timing event.
    await expect(page.getByTestId('coherence-offset')).toContainText('100 ms early');
    await expect(page.getByTestId('coherence-in-phase')).toHaveText('100% of the time');
  });

  test('a session without presses ends with an honest "not enough presses"', async ({ page }) => {
    await openPaused(page);
    await page.getByRole('radio', { name: /Relaxing 4-7-8/ }).check();
    await page.getByRole('button', { name: 'Start Relaxing 4-7-8' }).click();
    await page.getByRole('button', { name: 'I understand, begin' }).click();
    await page.clock.runFor(3_000 + 4 * 19_000 + 100);
    await expect(page.getByRole('heading', { name: 'Session complete' })).toBeVisible();
    await expect(page.getByTestId('summary-cycles')).toHaveText('4');
    await expect(page.getByTestId('summary-duration')).toHaveText('1:16');
    await expect(page.getByTestId('no-coherence')).toBeVisible();
  });
});
