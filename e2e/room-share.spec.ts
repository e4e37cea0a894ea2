/**
 * Sharing a room in person: the QR code on the room page reads back as the room's link (decoded
 * from a picture of it, as a phone would), its encoder loads only when the code is first shown, and
 * the share button uses the share sheet where there is one and copies the link where there is not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DIST, expect, test } from './fixtures.ts';
import { decodeQr } from './qr.ts';

/** The built chunk holding the QR encoder (uqr), found by a sentence of its own. */
function qrChunk(): string {
  const assets = join(DIST, 'assets');
  const found = readdirSync(assets).filter(
    (f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes('uqr only supports encoding string and binary data'),
  );
  expect(found, 'one chunk holds the QR encoder').toHaveLength(1);
  return `/assets/${found[0]}`;
}

/** Opens a new room the way a person does, and its Share panel; resolves to the room's link (the page's URL without fragment or query). */
async function openNewRoom(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Breathe together: open a room' }).click();
  await expect(page).toHaveURL(/\/room\/[A-Za-z0-9_-]{22}(?:[?#].*)?$/);
  const shareTab = page.getByRole('button', { name: 'Share', exact: true });
  await shareTab.click();
  await expect(shareTab).toHaveAttribute('aria-expanded', 'true');
  const { origin, pathname } = new URL(page.url());
  return `${origin}${pathname}`;
}

interface ShareStub {
  calls: ShareData[];
  reply: 'shared' | 'closed';
}

test('the QR code reads back as the room link, and its encoder loads only when the code is first shown', async ({ page }) => {
  const chunk = qrChunk();
  expect(readFileSync(join(DIST, 'index.html'), 'utf8')).not.toContain(chunk);
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });

  const link = await openNewRoom(page);
  const toggle = page.getByRole('button', { name: 'Show QR code' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('room-qr')).toHaveCount(0);
  expect(scripts).not.toContain(chunk);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const qr = page.getByRole('img', { name: 'QR code of the room link' });
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute('data-testid', 'room-qr');
  expect(scripts).toContain(chunk);
  await expect(page.getByText('Scan to join on another phone')).toBeVisible();
  expect(await decodeQr(qr)).toBe(link);

  // Hidden and shown again: the same code, without loading anything more.
  const loaded = scripts.length;
  await toggle.click();
  await expect(qr).toBeHidden();
  await toggle.click();
  expect(await decodeQr(qr)).toBe(link);
  expect(scripts).toHaveLength(loaded);
});

test('the QR code is black on white and reads back in the dark theme too', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const link = await openNewRoom(page);
  await page.getByRole('button', { name: 'Show QR code' }).click();
  expect(await decodeQr(page.getByTestId('room-qr'))).toBe(link);
});

test('without a share sheet, "Share the room link" copies the link', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
  await page.addInitScript(() => {
    // Chromium on Linux has no share sheet; this holds the test to that whatever the build of Chromium.
    delete (Navigator.prototype as Partial<Navigator>).share;
    delete (Navigator.prototype as Partial<Navigator>).canShare;
  });
  const link = await openNewRoom(page);
  expect(await page.evaluate(() => typeof navigator.share)).toBe('undefined');
  await page.getByRole('button', { name: 'Share the room link' }).click();
  await expect(page.getByRole('region', { name: 'Share this room' }).getByRole('status')).toHaveText('Link copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
});

test('where the clipboard refuses, the link is there to copy by hand', async ({ page }) => {
  await page.addInitScript(() => {
    delete (Navigator.prototype as Partial<Navigator>).share;
    Clipboard.prototype.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  });
  const link = await openNewRoom(page);
  await page.getByRole('button', { name: 'Share the room link' }).click();
  await expect(page.getByRole('region', { name: 'Share this room' }).getByRole('status')).toHaveText(
    'This browser would not copy the link. Select it below and copy it by hand.',
  );
  const manual = page.getByRole('textbox', { name: 'Room link' });
  await expect(manual).toHaveValue(link);
  await expect(manual).toBeFocused();
  expect(await manual.evaluate((input: HTMLInputElement) => input.value.slice(input.selectionStart!, input.selectionEnd!))).toBe(link);
});

test('with a share sheet, "Share the room link" hands it the link; closing the sheet is no error', async ({ page }) => {
  await page.addInitScript(() => {
    const stub: ShareStub = { calls: [], reply: 'closed' };
    (window as unknown as { shareStub: ShareStub }).shareStub = stub;
    Object.defineProperty(Navigator.prototype, 'share', {
      configurable: true,
      value: (data: ShareData) => {
        stub.calls.push({ ...data });
        return stub.reply === 'shared' ? Promise.resolve() : Promise.reject(new DOMException('Share canceled', 'AbortError'));
      },
    });
    Object.defineProperty(Navigator.prototype, 'canShare', { configurable: true, value: () => true });
  });
  const link = await openNewRoom(page);
  const panel = page.getByRole('region', { name: 'Share this room' });
  const stub = () => page.evaluate(() => (window as unknown as { shareStub: ShareStub }).shareStub);
  const share = page.getByRole('button', { name: 'Share the room link' });

  // The person closes the sheet: nothing is copied, nothing is reported.
  await share.click();
  await expect.poll(async () => (await stub()).calls.length).toBe(1);
  expect((await stub()).calls[0]!.url).toBe(link);
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect(panel.getByRole('status')).toHaveText('');
  await expect(panel.getByRole('textbox', { name: 'Room link' })).toHaveCount(0);

  await page.evaluate(() => {
    (window as unknown as { shareStub: ShareStub }).shareStub.reply = 'shared';
  });
  await share.click();
  await expect.poll(async () => (await stub()).calls.length).toBe(2);
  const [, shared] = (await stub()).calls;
  expect(shared).toEqual({ title: expect.any(String), url: link });
  expect(shared!.title).not.toBe('');
  await expect(panel.getByRole('status')).toHaveText('');
});
