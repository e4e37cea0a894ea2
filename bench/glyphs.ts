/**
 * Glyphs in Chromium against the built app and the real server: time from navigation to the first
 * glyph picture on screen, on a first visit (the app's own gateway through verified-fetch, which
 * first loads the lazy Helia chunk) and on a repeat visit (the service worker's cache, no Helia),
 * beside a plain unverified fetch of the same SVG by path in the same page as the reference. Also
 * the gzip size of the lazy chunks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { startServer, waitForServiceWorkerControl } from '../e2e/fixtures.ts';
import { chromiumPath } from '../e2e/chromium.ts';

const RUNS = Number(process.env.BENCH_GLYPH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Before any page script: note when the page's heading appears and when the first glyph picture has loaded.
const FIRST_GLYPH = `
  new MutationObserver((_, observer) => {
    if (!window.__heading && document.querySelector('h1')) window.__heading = performance.now();
    const img = document.querySelector('img.glyph-thumb');
    if (!img) return;
    observer.disconnect();
    const done = () => (window.__firstGlyph = performance.now());
    img.complete && img.naturalWidth ? done() : img.addEventListener('load', done, { once: true });
  }).observe(document, { childList: true, subtree: true });
`;

type Marks = { __firstGlyph?: number; __heading?: number };

/** [navigation to heading, navigation to first glyph] in ms. */
async function firstGlyph(page: Page, url: string): Promise<[number, number]> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as Marks).__firstGlyph !== undefined, undefined, { timeout: 30_000 });
  return page.evaluate(() => [(window as unknown as Marks).__heading!, (window as unknown as Marks).__firstGlyph!]);
}

export async function printGlyphs(distDir = resolve('dist')): Promise<void> {
  console.log('\n## Glyphs in Chromium (built app, real server, loopback)\n');
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  try {
    const cold: number[] = [];
    const warm: number[] = [];
    const heading: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      await context.addInitScript(FIRST_GLYPH);
      const page = await context.newPage();
      cold.push((await firstGlyph(page, server.url))[1]);
      await waitForServiceWorkerControl(page);
      await page.waitForFunction(async () => (await (await caches.open('sacred-glyphs-v1')).keys()).length >= 14, undefined, {
        timeout: 30_000,
      });
      const [h, g] = await firstGlyph(page, server.url);
      heading.push(h);
      warm.push(g);
      plain.push(
        await page.evaluate(async () => {
          const t = performance.now();
          await (await fetch(`/glyphs/lotus.svg?nocache=${Math.random()}`, { cache: 'no-store' })).arrayBuffer();
          return performance.now() - t;
        }),
      );
      await context.close();
    }
    console.log(
      `navigation to first glyph, first visit (own gateway, verified-fetch, Helia loaded): ${median(cold).toFixed(0)} ms median of ${RUNS}`,
    );
    console.log(
      `navigation to first glyph, repeat visit (service-worker cache, sha384 + CID checked):  ${median(warm).toFixed(0)} ms median of ${RUNS}`,
    );
    console.log(
      `reference: navigation to the page's heading on the same repeat visit:               ${median(heading).toFixed(0)} ms median of ${RUNS}`,
    );
    console.log(
      `reference: a plain fetch of one SVG by path, no verification, after the page is up:   ${median(plain).toFixed(1)} ms median of ${RUNS}`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
  const chunk = (prefix: string) => {
    const file = readdirSync(join(distDir, 'assets')).find((f) => f.startsWith(prefix) && f.endsWith('.js'));
    return file ? gzipSync(readFileSync(join(distDir, 'assets', file)), { level: 9 }).length : NaN;
  };
  console.log(`lazy Helia chunk (verified-fetch, HTTP-only Helia): ${(chunk('helia-') / 1024).toFixed(1)} KB gzip`);
  console.log(`lazy glyph store chunk (catalog, loader, CIDs):      ${(chunk('store-') / 1024).toFixed(1)} KB gzip`);
}

if (import.meta.url === `file://${process.argv[1]}`) await printGlyphs();
