/** Reads a QR code on the page as a phone would: a picture of the element, decoded in Node. */
import type { Locator } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * The text of the QR code that `locator` shows. Only dark on light is read (as many phone scanners
 * do), so a code drawn light on dark fails here as it would in the room.
 */
export async function decodeQr(locator: Locator): Promise<string> {
  const image = PNG.sync.read(await locator.screenshot({ type: 'png', animations: 'disabled' }));
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const code = jsQR(pixels, image.width, image.height, { inversionAttempts: 'dontInvert' });
  if (!code) throw new Error(`no QR code could be read in a ${image.width}×${image.height} picture of ${locator}`);
  return code.data;
}
