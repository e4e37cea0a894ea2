/**
 * The chest strap end to end in the built app: Web Bluetooth through the fake strap of
 * fake-bluetooth.ts (a test double: no adapter here), which notifies real Heart Rate Measurement
 * bytes made from a known RR series at a strap's real pace. The page parses, timestamps and
 * measures them with its own code; the test reads the UI contract (data-testid="heart-live").
 */
import type { Page } from '@playwright/test';
import { dropFakeStrap, type FakeStrapControl, installFakeHeartStrap, strapPackets, swingingHeart } from './fake-bluetooth.ts';
import { expect, test, waitForServiceWorkerControl } from './fixtures.ts';

const STRAP = 'Polar H10 1A2B3C4D';

/** A heart at 70 bpm, barely moving (±0.5 bpm): its rate is 70 by any averaging. */
const steady = strapPackets(swingingHeart(180, 70, 0.5, 0.2), 1000, { contact: true });
/** A heart swinging 60-75 bpm at 0.1 Hz, as it does breathing six times a minute at resonance. */
const swinging = strapPackets(swingingHeart(150, 67.5, 7.5, 0.1), 1000);

const live = (page: Page) => page.getByTestId('heart-live');
const rrShown = async (page: Page) => ((await live(page).getAttribute('data-rr')) ?? '').split(' ').filter(Boolean).map(Number);
const strap = (page: Page) => page.evaluate(() => (window as unknown as { __fakeHeartStrap: FakeStrapControl }).__fakeHeartStrap);

async function connectStrap(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Heart sensor', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Heart sensor' });
  await panel.getByRole('button', { name: 'Chest strap' }).click();
}

async function breatheSixAMinute(page: Page): Promise<void> {
  await page.getByRole('radio', { name: /Six a minute/ }).check();
  await page.getByRole('button', { name: 'Start Six a minute 4:6' }).click();
  await expect(live(page)).toHaveAttribute('data-source', 'strap');
}

/** Waits until the page shows at least `count` beats, then checks them against what the strap sent (the first beats: fewer than 64 shown). */
async function expectRrAsSent(page: Page, sent: readonly number[], count: number): Promise<void> {
  await expect.poll(async () => (await rrShown(page)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
  const shown = await rrShown(page);
  expect(shown.length).toBeLessThan(64);
  expect(shown.length).toBeGreaterThan(0);
  // Each RR as the strap encoded it (1/1024 s), within 1 ms, in order, none lost, none added.
  for (const [i, rr] of shown.entries()) expect(Math.abs(rr - sent[i]!), `RR ${i}: ${rr} against ${sent[i]}`).toBeLessThanOrEqual(1);
}

test.describe('heart: chest strap', () => {
  test('connects from the Heart sensor panel and shows the rate, contact and RR the strap sent', async ({ page }) => {
    await installFakeHeartStrap(page, { name: STRAP, packets: steady.packets, intervalMs: 1000, battery: 87 });
    await page.goto('/');
    await connectStrap(page);
    await expect(page.getByTestId('heart-status')).toHaveText(`Chest strap connected: ${STRAP}, battery 87%`);
    expect((await strap(page)).requests).toEqual([{ filters: [{ services: ['heart_rate'] }], optionalServices: ['battery_service'] }]);
    await expect(page.getByRole('button', { name: 'Stop heart sensor' })).toBeVisible();
    await page.evaluate(() => (window as unknown as { __fakeHeartStrap: FakeStrapControl }).__fakeHeartStrap.setBattery(86));
    await expect(page.getByTestId('heart-status')).toHaveText(`Chest strap connected: ${STRAP}, battery 86%`);

    await breatheSixAMinute(page);
    await expect(live(page)).toHaveAttribute('data-state', 'running');
    await expectRrAsSent(page, steady.rrMs, 12);
    await expect(live(page)).toHaveAttribute('data-bpm', /^(69|70|71)$/);
    await expect(live(page)).toHaveAttribute('data-quality', '1.00');
  });

  test('heart coherence appears and reads high while the heart swings at 0.1 Hz', async ({ page }) => {
    // The one test at a strap's real pace for a coherence window: 64 s of beats, 80 % covered, then a figure.
    test.setTimeout(150_000);
    await installFakeHeartStrap(page, { name: STRAP, packets: swinging.packets, intervalMs: 1000, battery: null });
    await page.goto('/');
    await connectStrap(page);
    await expect(page.getByTestId('heart-status')).toHaveText(`Chest strap connected: ${STRAP}`);
    await breatheSixAMinute(page);
    await expectRrAsSent(page, swinging.rrMs, 20);
    await expect(live(page)).toHaveAttribute('data-quality', ''); // this strap reports no contact
    await expect(live(page)).not.toHaveAttribute('data-coherence', '', { timeout: 100_000 });
    const score = Number(await live(page).getAttribute('data-coherence'));
    expect(score).toBeGreaterThanOrEqual(67);
    await expect(live(page)).toContainText('high');
  });

  test('a strap out of range for a moment comes back quietly; one that stays away shows the lost status', async ({ page }) => {
    await installFakeHeartStrap(page, { name: STRAP, packets: steady.packets, intervalMs: 1000, battery: 60 });
    await page.goto('/');
    await connectStrap(page);
    await breatheSixAMinute(page);
    await expect.poll(async () => (await rrShown(page)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);

    await dropFakeStrap(page, true);
    const before = (await rrShown(page)).length;
    await expect.poll(async () => (await rrShown(page)).length, { timeout: 15_000 }).toBeGreaterThan(before + 2);
    expect((await strap(page)).connects).toBe(2);
    await expect(live(page)).toHaveAttribute('data-state', 'running');

    await dropFakeStrap(page, false);
    await expect(live(page)).toHaveAttribute('data-state', 'lost');
    await expect(live(page)).toContainText('Stopped: the sensor went away.');
  });

  test('a browser without Web Bluetooth (Firefox, Safari) says so', async ({ page }) => {
    await page.addInitScript(() => {
      // reason: Navigator.bluetooth is not in TypeScript's DOM types
      delete (Navigator.prototype as { bluetooth?: unknown }).bluetooth;
    });
    await page.goto('/');
    await page.getByRole('button', { name: 'Heart sensor', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Heart sensor' });
    await expect(panel).toContainText('This browser cannot reach Bluetooth devices');
    await panel.getByRole('button', { name: 'Chest strap' }).click();
    await expect(page.getByTestId('heart-status')).toHaveText('Stopped: this browser cannot use this sensor.');
  });

  test('closing the device chooser is said as such', async ({ page }) => {
    await installFakeHeartStrap(page, { name: STRAP, packets: steady.packets, intervalMs: 1000, battery: null, chooser: 'cancel' });
    await page.goto('/');
    await connectStrap(page);
    await expect(page.getByTestId('heart-status')).toHaveText('Stopped: no device was chosen.');
  });

  test('offline, the installed app still connects the strap', async ({ page, context, server }) => {
    await installFakeHeartStrap(page, { name: STRAP, packets: steady.packets, intervalMs: 1000, battery: 87 });
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    await server.stop();
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Breathe' })).toBeVisible();

    await connectStrap(page);
    await expect(page.getByTestId('heart-status')).toHaveText(`Chest strap connected: ${STRAP}, battery 87%`);
    await breatheSixAMinute(page);
    await expectRrAsSent(page, steady.rrMs, 8);
    await expect(live(page)).toHaveAttribute('data-bpm', /^(69|70|71)$/);
  });
});
