/**
 * The resonance finder end to end in the built app, on the fake strap of fake-bluetooth.ts (a test
 * double: no Bluetooth adapter here) sending real Heart Rate Measurement bytes: five rates breathed
 * in turn (shortened with ?step=, which exists for tests and demos), each rate's heart-rate swing
 * measured, the largest chosen, saved as the person's own pattern, and the session kept in the
 * journal with its result.
 */
import { installFakeHeartStrap, strapPackets, swingingHeart } from './fake-bluetooth.ts';
import { expect, test } from './fixtures.ts';

/** A heart swinging 60-75 bpm at 0.1 Hz, for the whole protocol and more. */
const swinging = strapPackets(swingingHeart(300, 67.5, 7.5, 0.1), 1000, { contact: true });

test('the resonance finder breathes five rates, picks the largest swing, saves it as a pattern and keeps it in the journal', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await installFakeHeartStrap(page, { name: 'Polar H10 1A2B3C4D', packets: swinging.packets, intervalMs: 1000, battery: 87 });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Heart sensor', exact: true }).click();
  await page.getByRole('region', { name: 'Heart sensor' }).getByRole('button', { name: 'Chest strap' }).click();
  const finder = page.getByRole('link', { name: 'Find my resonance rate' });
  await expect(finder).toBeVisible();
  // The link as the person follows it, with each step shortened to 12 s.
  await finder.evaluate((a) => a.setAttribute('href', `${a.getAttribute('href')}?step=12`));
  await finder.click();
  await page.getByRole('button', { name: 'Begin' }).click();
  for (const rate of ['6.5', '6', '5.5', '5', '4.5'])
    await expect(page.getByTestId('resonance-step')).toHaveAttribute('data-rate', rate, { timeout: 40_000 });

  const results = page.getByTestId('resonance-results');
  await expect(results).toBeVisible({ timeout: 60_000 });
  const rows = results.locator('tbody tr');
  await expect(rows).toHaveCount(5);
  const measured = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({ rate: Number(tr.getAttribute('data-rate')), amplitude: Number(tr.getAttribute('data-amplitude') || Number.NaN) })),
  );
  expect(measured.map((m) => m.rate)).toEqual([6.5, 6, 5.5, 5, 4.5]);
  // Every rate measured: a heart swinging 15 bpm peak to trough swings several bpm at any of them.
  for (const m of measured) expect(m.amplitude, `swing at ${m.rate}`).toBeGreaterThan(3);
  const chosen = Number(await page.getByTestId('resonance-chosen').getAttribute('data-rate'));
  const largest = Math.max(...measured.map((m) => m.amplitude));
  // The largest swing wins; swings within 0.1 bpm of it tie, and a tie goes by coherence, then the slower rate.
  expect(measured.find((m) => m.rate === chosen)!.amplitude).toBeGreaterThanOrEqual(largest - 0.1);

  await page.getByRole('button', { name: 'Save as my pattern' }).click();
  await expect(page.getByText(/Saved as “My resonance/)).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('radio', { name: new RegExp(`My resonance ${chosen.toFixed(1)}`) })).toBeChecked();

  await page.goto('/journal');
  await expect(page.getByRole('list', { name: 'Sessions, newest first' })).toContainText(`resonance ${chosen} breaths/min`);
});
