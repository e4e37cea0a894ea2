/**
 * What makes the app installable with Chromium's richer dialog (screenshots of the stated sizes,
 * shortcuts, a language), and what stays out of the first load (Helia, the rooms store).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, expect, test } from './fixtures.ts';

interface Manifest {
  lang?: string;
  screenshots?: { src: string; sizes: string; type: string; form_factor?: string }[];
  shortcuts?: { name: string; url: string }[];
}

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

test('the manifest has wide and narrow screenshots of the stated sizes, shortcuts and a language', async ({ request }) => {
  const manifest = (await (await request.get('/manifest.webmanifest')).json()) as Manifest;
  expect(manifest.lang).toBe('en');
  const shots = manifest.screenshots ?? [];
  expect(shots.map((s) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
  for (const shot of shots) {
    const response = await request.get(shot.src);
    expect(response.status(), shot.src).toBe(200);
    expect(response.headers()['content-type']).toContain(shot.type);
    expect(pngSize(await response.body()), shot.src).toBe(shot.sizes);
  }
  expect((manifest.shortcuts ?? []).map((s) => s.url)).toEqual(['/?start=1', '/journal']);
});

test('the first paint asks for neither Helia nor the rooms store', async ({ page }) => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  // The scripts asked for until the home screen's Start is on the page (the glyph's loader may follow
  // once the page is idle, by design): the page reports that moment itself, before any idle callback.
  let atFirstPaint: string[] | null = null;
  await page.exposeBinding('startShown', () => {
    atFirstPaint ??= [...scripts];
  });
  await page.addInitScript(() => {
    const seen = () => [...document.querySelectorAll('#app button')].some((b) => /^start/i.test(b.textContent?.trim() ?? ''));
    new MutationObserver((_, observer) => {
      if (!seen()) return;
      observer.disconnect();
      void (window as unknown as { startShown(): Promise<void> }).startShown();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/');
  await expect.poll(() => atFirstPaint).not.toBeNull();
  const firstLoad = [...atFirstPaint!, ...[...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]!)];
  expect(firstLoad.some((path) => /\/assets\/app-[\w-]+\.js$/.test(path))).toBe(true);
  expect(firstLoad.filter((path) => /\/(helia|rooms)-[\w-]+\.js$/.test(path))).toEqual([]);
});
