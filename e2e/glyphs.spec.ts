/**
 * Glyphs by CID in the built app: the app's own gateway and three more on 127.0.0.1 (good,
 * tampering, hanging), the service worker's hash-checked cache, offline, and adding by CID.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { rawCid } from '../src/shared/glyphs/cid.ts';
import type { Catalog } from '../src/shared/glyphs/pack.ts';
import { startTestGateways, unixfsFile, type TestGateways } from '../sync-server/node/testing/gateways.ts';
import {
  allGlyphsShown,
  expect,
  openOptions,
  ROOT,
  startServer,
  test as base,
  waitForServiceWorkerControl,
  type AppServer,
} from './fixtures.ts';

const catalog = JSON.parse(readFileSync(join(ROOT, 'public/glyphs/catalog.json'), 'utf8')) as Catalog;
const svg = (fill: string) =>
  new TextEncoder().encode(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Test</title><circle cx="5" cy="5" r="4" fill="${fill}"/></svg>\n`,
  );

type GatewayName = 'good' | 'tampering' | 'hanging';

// The outside gateways hold only what a test puts there; the app's own gateway has the pack.
const test = base.extend<{ gateways: TestGateways; gatewayOrder: GatewayName[] }>({
  gatewayOrder: [['hanging', 'tampering', 'good'], { option: true }],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter, which must be an object pattern even when it asks for none
  gateways: async ({}, use) => {
    const gateways = await startTestGateways();
    await use(gateways);
    gateways.close();
  },
  server: async ({ gateways, gatewayOrder }, use) => {
    const server: AppServer = await startServer({ env: { GLYPH_GATEWAYS: gatewayOrder.map((name) => gateways[name]).join(',') } });
    await use(server);
    await server.stop();
  },
});

/**
 * The colour at the centre of the chosen glyph as shown (drawn to a canvas: the page's CSP, rightly,
 * lets nothing fetch the blob URL back).
 */
const shownColour = (page: Page) =>
  page.locator('.glyph-choose > summary img').evaluate((el) => {
    const img = el as HTMLImageElement;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 10;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0, 10, 10);
    const [r, g, b] = ctx.getImageData(5, 5, 1, 1).data;
    return `#${[r, g, b].map((v) => v!.toString(16).padStart(2, '0')).join('')}`;
  });

async function addByCid(page: Page, cid: string): Promise<void> {
  await openOptions(page);
  await page.getByText('Add a glyph by CID').click();
  await page.getByLabel('CID', { exact: true }).fill(cid);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
}

test.describe('glyphs', () => {
  test('load from the app gateway, render offline after one visit, and a corrupted cache entry is refetched', async ({
    page,
    context,
    server,
  }) => {
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    await allGlyphsShown(page, catalog.glyphs.length + 1);
    const cachedCids = () =>
      page.evaluate(async () => (await (await caches.open('sacred-glyphs-v1')).keys()).map((r) => r.url.split('/').pop()!));
    await expect.poll(async () => (await cachedCids()).length).toBeGreaterThanOrEqual(catalog.glyphs.length);

    // Alter one cached glyph on disk (same recorded sha384, other bytes): it must be caught.
    const victim = catalog.glyphs.find((g) => g.id === 'lotus')!;
    await page.evaluate(async (cid) => {
      const cache = await caches.open('sacred-glyphs-v1');
      const key = (await cache.keys()).find((r) => r.url.endsWith(cid))!;
      const old = (await cache.match(key))!;
      await cache.put(key, new Response('<svg xmlns="http://www.w3.org/2000/svg"><title>evil</title></svg>', { headers: old.headers }));
    }, victim.cid);
    await page.reload();
    await allGlyphsShown(page, catalog.glyphs.length + 1);
    const entrySri = () =>
      page.evaluate(async (cid) => {
        const cache = await caches.open('sacred-glyphs-v1');
        const key = (await cache.keys()).find((r) => r.url.endsWith(cid));
        if (!key) return null;
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', await (await cache.match(key))!.arrayBuffer()));
        return `sha384-${btoa(String.fromCharCode(...digest))}`;
      }, victim.cid);
    await expect.poll(entrySri).toBe(victim.sri);

    // Offline, with the server gone: every glyph still renders, and the guide breathes with one.
    await server.stop();
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
    await allGlyphsShown(page, catalog.glyphs.length + 1);
    await page.getByRole('radio', { name: 'Lotus' }).check();
    await page.getByRole('button', { name: /^Start/ }).click();
    await expect.poll(() => page.locator('.guide-glyph').evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await page.locator('.guide-glyph').evaluate((i) => (i as HTMLImageElement).src)).toMatch(/^blob:/);
  });

  test('a glyph added by CID: the hanging gateway times out, the tampering one is rejected, the true bytes are shown', async ({
    page,
    gateways,
  }) => {
    const original = svg('#3b8786');
    const cid = (await rawCid(original)).toString();
    gateways.blocks.set(cid, original);
    await page.goto('/');
    await addByCid(page, cid);
    await expect(page.getByRole('status').filter({ hasText: 'checked against its CID' })).toBeVisible({ timeout: 20_000 });
    expect(await shownColour(page)).toBe('#3b8786');
    await expect(page.locator('.glyph-choose > summary')).toContainText('Glyph');

    // Known only to the tampering gateway: never shown, nothing added.
    const lie = svg('#aa0000');
    const lieCid = (await rawCid(lie)).toString();
    const before = await page.locator('.glyph-options .glyph-option').count();
    gateways.tamperingOnly.set(lieCid, lie);
    await page.getByLabel('CID', { exact: true }).fill(lieCid);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('could not be loaded', { timeout: 20_000 });
    await expect(page.getByRole('alert')).toContainText('one gateway timed out');
    // A sentence for a person: what the gateways did, counted, never their addresses.
    await expect(page.getByRole('alert')).toHaveText(/^The glyph could not be loaded: [^:]+\. Check the CID, or try again later\.$/);
    await expect(page.getByRole('alert')).not.toContainText('127.0.0.1');
    expect(await page.locator('.glyph-options .glyph-option').count()).toBe(before);
    // The technical detail is there for whoever wants it, folded under the sentence: each gateway and what it did.
    const details = page.locator('.error-with-details details');
    await expect(details).not.toHaveAttribute('open');
    await details.locator('summary').click();
    const line = (gateway: string) => details.getByRole('listitem').filter({ hasText: new URL(gateway).host });
    await expect(line(gateways.tampering)).toContainText('had no copy that matches the CID');
    await expect(line(gateways.hanging)).toContainText('did not answer in time');
  });
});

test.describe('adding glyphs by CID', () => {
  test.use({ gatewayOrder: ['good'] });

  test('refuses what cannot be a glyph, and loads a UnixFS (dag-pb) file', async ({ page, gateways }) => {
    await page.goto('/');
    await openOptions(page);
    await page.getByText('Add a glyph by CID').click();
    const add = async (cid: string) => {
      await page.getByLabel('CID', { exact: true }).fill(cid);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
    };
    await add('not-a-cid');
    await expect(page.getByRole('alert')).toContainText('That is not a CID');

    const text = new TextEncoder().encode('plain words, not a picture');
    const textCid = (await rawCid(text)).toString();
    gateways.blocks.set(textCid, text);
    await add(textCid);
    await expect(page.getByRole('alert')).toContainText('not an image', { timeout: 20_000 });

    const big = new Uint8Array(300 * 1024).fill(0x20);
    big.set(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg">'));
    const bigCid = (await rawCid(big)).toString();
    gateways.blocks.set(bigCid, big);
    await add(bigCid);
    await expect(page.getByRole('alert')).toContainText('too big', { timeout: 20_000 });
    await page.getByRole('button', { name: 'Add', exact: true }).click(); // a second try (maybe from a cache) is no different
    await expect(page.getByRole('alert')).toContainText('too big', { timeout: 20_000 });

    const scripted = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const scriptedCid = (await rawCid(scripted)).toString();
    gateways.blocks.set(scriptedCid, scripted);
    await add(scriptedCid);
    await expect(page.getByRole('alert')).toContainText('scripts', { timeout: 20_000 });

    // A UnixFS file node over a raw leaf, as `ipfs add` makes for larger files.
    const leafBytes = svg('#4a9d9c');
    const leaf = await rawCid(leafBytes);
    const file = await unixfsFile(leaf, leafBytes.length);
    gateways.blocks.set(leaf.toString(), leafBytes);
    gateways.blocks.set(file.cid.toString(), file.block);
    await add(file.cid.toString());
    await expect(page.getByRole('status').filter({ hasText: 'checked against its CID' })).toBeVisible({ timeout: 20_000 });
    expect(await shownColour(page)).toBe('#4a9d9c');
    await page.reload();
    await openOptions(page);
    await expect(page.locator('.glyph-choose > summary img')).toBeVisible();
    expect(await shownColour(page)).toBe('#4a9d9c');

    // Only the glyphs added here can be removed; the choice falls back to the suggestion.
    await page.locator('.glyph-choose > summary').click();
    const count = await page.locator('.glyph-options .glyph-option').count();
    await page.getByRole('button', { name: /^Remove Glyph/ }).click();
    await expect(page.locator('.glyph-options .glyph-option')).toHaveCount(count - 1);
    await expect(page.locator('.glyph-choose > summary')).toContainText('(suggested)');
  });
});

test.describe('own glyphs from an earlier version', () => {
  test.use({ gatewayOrder: ['good'] });

  test('are moved into their own store on the first visit after an update, and still listed', async ({ page, gateways }) => {
    const kept = svg('#2f6f6e');
    const cid = (await rawCid(kept)).toString();
    gateways.blocks.set(cid, kept);
    // Version 1 of the device database, written on the app's origin before the app ever opens it.
    await page.goto('/manifest.webmanifest');
    await page.evaluate(
      (glyph) =>
        new Promise<void>((done, fail) => {
          const open = indexedDB.open('sacred-breathing', 1);
          open.onupgradeneeded = () => {
            open.result.createObjectStore('patterns', { keyPath: 'id' });
            open.result.createObjectStore('settings').put([glyph], 'own-glyphs');
          };
          open.onsuccess = () => {
            open.result.close();
            done();
          };
          open.onerror = () => fail(open.error);
        }),
      { cid, name: 'Kept from before', tags: [], builtIn: false },
    );
    await page.goto('/');
    await openOptions(page);
    await page.locator('.glyph-choose > summary').click();
    await expect(page.getByRole('radio', { name: 'Kept from before' })).toBeVisible();
    const stores = await page.evaluate(
      () =>
        new Promise<{ version: number; own: unknown[]; old: unknown }>((done) => {
          const open = indexedDB.open('sacred-breathing');
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['own-glyphs', 'settings']);
            const own = tx.objectStore('own-glyphs').getAll();
            const old = tx.objectStore('settings').get('own-glyphs');
            tx.oncomplete = () => {
              db.close();
              done({ version: db.version, own: own.result, old: old.result });
            };
          };
        }),
    );
    expect(stores).toEqual({ version: 2, own: [{ cid, name: 'Kept from before', addedAt: 0 }], old: undefined });
  });
});

/** Fails the page's requests for a script chunk whose code contains `marker` while `blocked()` says so (as when offline before it was cached). */
async function failChunk(page: Page, marker: string, blocked: () => boolean): Promise<void> {
  await page.route('**/assets/*.js', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (blocked() && body.includes(marker)) return route.abort('internetdisconnected');
    // The body was read decoded: it goes back without the server's Content-Encoding (brotli or gzip).
    const { 'content-encoding': _encoding, 'content-length': _length, ...headers } = response.headers();
    return route.fulfill({ status: response.status(), headers, body });
  });
}

test.describe('when code or storage fails', () => {
  // Without a service worker every request reaches the page's routes (a worker would answer from its precache).
  test.use({ serviceWorkers: 'block', gatewayOrder: ['good'] });
  // A route handler still reading a response when the page closes must not hold the teardown up.
  test.afterEach(async ({ page }) => page.unrouteAll({ behavior: 'ignoreErrors' }));

  test('the picker says the glyphs could not be loaded, and Try again loads them', async ({ page }) => {
    let offline = true;
    await failChunk(page, 'own glyphs not read', () => offline);
    await page.goto('/');
    await openOptions(page);
    const guide = page.getByRole('group', { name: 'Guide' });
    await expect(guide.getByRole('alert')).toHaveText(/The glyphs could not be loaded\. Check your connection, then try again\./);
    await expect(page.getByRole('button', { name: /^Start/ })).toBeVisible(); // practice is untouched
    offline = false;
    await guide.getByRole('button', { name: 'Try again' }).click();
    await expect(guide.locator('.glyph-choose > summary')).toContainText('(suggested)');
    await expect(guide.getByRole('alert')).toHaveCount(0);
  });

  test('a screen whose code did not load says so, with Reload, instead of a blank page', async ({ page }) => {
    let offline = true;
    await failChunk(page, 'journal-title', () => offline);
    await page.goto('/journal');
    await expect(page.getByRole('alert')).toContainText('This screen could not be shown.');
    await expect(page.getByRole('link', { name: 'Practice' })).toBeVisible(); // the shell stays
    offline = false;
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByRole('heading', { name: 'Journal', level: 1 })).toBeVisible();
  });

  test('own glyphs another tab added show when the picker is opened, without a reload', async ({ page, gateways }) => {
    const theirs = svg('#5a3e8c');
    const cid = (await rawCid(theirs)).toString();
    gateways.blocks.set(cid, theirs);
    await page.goto('/');
    await openOptions(page);
    await page.locator('.glyph-choose > summary').click();
    await expect(page.getByRole('radio', { name: 'Lotus' })).toBeVisible();
    await page.locator('.glyph-choose > summary').click(); // closed
    // The other tab's write, straight into the device database.
    await page.evaluate(
      (glyph) =>
        new Promise<void>((done, fail) => {
          const open = indexedDB.open('sacred-breathing');
          open.onsuccess = () => {
            const tx = open.result.transaction('own-glyphs', 'readwrite');
            tx.objectStore('own-glyphs').put(glyph);
            tx.oncomplete = () => {
              open.result.close();
              done();
            };
            tx.onerror = () => fail(tx.error);
          };
        }),
      { cid, name: 'From another tab', addedAt: Date.now() },
    );
    await page.locator('.glyph-choose > summary').click();
    await expect(page.getByRole('radio', { name: 'From another tab' })).toBeVisible();
  });

  test('a device database from a newer version says so at start, with Reload', async ({ page }) => {
    await page.goto('/manifest.webmanifest');
    await page.evaluate(
      () =>
        new Promise<void>((done, fail) => {
          const open = indexedDB.open('sacred-breathing', 99);
          open.onsuccess = () => {
            open.result.close();
            done();
          };
          open.onerror = () => fail(open.error);
        }),
    );
    await page.goto('/');
    await expect(page.getByRole('alert')).toHaveText(
      'This device holds data from a newer version of Sacred Breathing. Reload the page to get it.',
    );
    await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible();
  });
});
