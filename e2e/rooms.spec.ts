import type { Page } from '@playwright/test';
import { expect, nameInRoom, openPanel, openRoom, test } from './fixtures.ts';

const SKEW_MS = 4_000;

/** When the current phase ends, converted to real time (the test knows each page's clock skew). */
async function phaseEnd(page: Page, skewMs: number): Promise<{ step: number; realEnd: number }> {
  const pacer = page.getByTestId('room-pacer');
  const [step, end] = await Promise.all([pacer.getAttribute('data-step'), pacer.getAttribute('data-phase-end-local')]);
  return { step: Number(step), realEnd: Number(end) - skewMs };
}

test.describe('rooms', () => {
  test('two devices with clocks seconds apart breathe in step, see each other, and heal after going offline', async ({
    browser,
    server,
  }) => {
    // Two browsers, a sync, going offline and back: 55-59 s of the default 60 under CI's load. Each
    // wait has its own bound; this one only catches a hang.
    test.setTimeout(120_000);
    const a = await (await browser.newContext()).newPage();
    const bContext = await browser.newContext();
    const b = await bContext.newPage();
    // Device B's wall clock runs 4 s ahead of the relay's (and of A's).
    await b.addInitScript((skew) => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + skew;
    }, SKEW_MS);

    await openRoom(a, server.url, 'Ada');
    await b.goto(a.url());
    await nameInRoom(b, 'Bo');
    await expect(a.getByTestId('members')).toContainText('Bo');
    await expect(b.getByTestId('members')).toContainText('Ada');
    await expect(b.getByTestId('room-phase')).toHaveText('Waiting for the host');

    await openPanel(a, 'Lead');
    await a.getByLabel('Pattern').selectOption({ label: 'Box 4-4-4-4' });
    await a.getByRole('button', { name: 'Start for everyone' }).click();
    await expect(a.getByTestId('room-phase')).toHaveText('Inhale', { timeout: 10_000 });
    await expect(b.getByTestId('room-phase')).toHaveText('Inhale', { timeout: 10_000 });

    // The same phase, ending at the same real moment on both devices, within 50 ms.
    let compared = 0;
    for (let i = 0; i < 6 && compared < 3; i++) {
      const [ea, eb] = await Promise.all([phaseEnd(a, 0), phaseEnd(b, SKEW_MS)]);
      if (ea.step !== eb.step) continue; // sampled across a boundary: look again
      expect(Math.abs(ea.realEnd - eb.realEnd)).toBeLessThan(50);
      compared++;
    }
    expect(compared).toBeGreaterThan(0);

    // Both press along, a breath a second: the pair figure appears on both devices.
    await a.getByRole('button', { name: 'Hold while breathing in' }).focus();
    await b.getByRole('button', { name: 'Hold while breathing in' }).focus();
    const pressing = (async () => {
      for (let k = 0; k < 10; k++) {
        await Promise.all([a.keyboard.down('Space'), b.keyboard.down('Space')]);
        await a.waitForTimeout(400);
        await Promise.all([a.keyboard.up('Space'), b.keyboard.up('Space')]);
        await a.waitForTimeout(600);
      }
    })();
    await expect(a.getByTestId('group-figure')).toContainText(/Pair sync \d+ \/ 100/, { timeout: 10_000 });
    await expect(b.getByTestId('group-figure')).toContainText(/Pair sync \d+ \/ 100/, { timeout: 10_000 });
    await pressing;
    await openPanel(a, 'People');
    await expect(a.getByTestId('members')).toContainText(/coherence \d+/);

    // B loses the network, renames itself, comes back: A sees the new name.
    await bContext.setOffline(true);
    await expect(b.getByTestId('room-status')).toContainText('Offline');
    await expect(b.getByTestId('room-phase')).not.toHaveText(''); // still breathing on its own
    await openPanel(b, 'People');
    await b.getByLabel('Your name').fill('Bo-Lin');
    await b.getByRole('button', { name: 'Save name' }).click();
    await bContext.setOffline(false);
    await expect(b.getByTestId('room-status')).toHaveText('Connected', { timeout: 20_000 });
    await expect(a.getByTestId('members')).toContainText('Bo-Lin', { timeout: 20_000 });
  });
});

test('a room opened before opens offline, on its last pattern, and can be breathed alone', async ({ browser, server }) => {
  const host = await (await browser.newContext()).newPage();
  await host.goto(server.url);
  await host.getByRole('button', { name: 'Breathe together: open a room' }).click();
  await openPanel(host, 'Lead');
  await host.getByLabel('Pattern').selectOption({ label: 'Triangle 4-4-4' });
  await host.getByRole('button', { name: 'Start for everyone' }).click();

  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto(host.url());
  await expect(guest.getByTestId('room-phase')).toHaveText(/Get ready|Inhale|Hold|Exhale/);
  await guest.waitForFunction(() => navigator.serviceWorker.controller !== null);

  await server.stop();
  await context.setOffline(true);
  await guest.reload();
  await expect(guest.getByTestId('room-status')).toContainText('Offline');
  await expect(guest.getByTestId('room-pacer')).toContainText('Triangle 4-4-4');
  await guest.getByRole('button', { name: 'Breathe Triangle 4-4-4 on your own' }).click();
  await expect(guest.getByTestId('room-phase')).toHaveText('Get ready');
  await expect(guest.getByTestId('room-phase')).toHaveText('Inhale', { timeout: 6_000 });
});
