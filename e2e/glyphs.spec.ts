/**
 * Glyphs by CID in the built app: the app's own gateway and three more on 127.0.0.1 (good,
 * tampering, hanging), the service worker's hash-checked cache, offline, and adding by CID.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dagPB from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import type { Page } from '@playwright/test';
import { rawCid } from '../src/glyphs/cid.ts';
import type { Catalog } from '../src/glyphs/pack.ts';
import { gatewayRoute } from '../sync-server/node/gateway.ts';
import { expect, ROOT, startServer, test as base, waitForServiceWorkerControl, type AppServer } from './fixtures.ts';

const catalog = JSON.parse(readFileSync(join(ROOT, 'public/glyphs/catalog.json'), 'utf8')) as Catalog;
const svg = (fill: string) =>
  new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Test</title><circle cx="5" cy="5" r="4" fill="${fill}"/></svg>\n`);

interface Gateways {
  good: string;
  tampering: string;
  hanging: string;
  /** Blocks the good and the tampering gateway hold (the app's own gateway has only the pack). */
  blocks: Map<string, Uint8Array>;
  /** Blocks only the tampering gateway holds. */
  tamperingOnly: Map<string, Uint8Array>;
}

type GatewayName = 'good' | 'tampering' | 'hanging';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const test = base.extend<{ gateways: Gateways; gatewayOrder: GatewayName[] }>({
  gatewayOrder: [['hanging', 'tampering', 'good'], { option: true }],
  gateways: async ({}, use) => {
    const blocks = new Map<string, Uint8Array>();
    const tamperingOnly = new Map<string, Uint8Array>();
    const route = gatewayRoute(blocks);
    const good = await listen((req, res) => void (route.handle(req, res, new URL(req.url!, 'http://x')) || res.writeHead(404).end()));
    // Right size and type, one byte changed: a gateway that lies about the content.
    const tampering = await listen((req, res) => {
      const cid = CID.parse(new URL(req.url!, 'http://x').pathname.split('/')[2]!).toV1().toString();
      const block = blocks.get(cid) ?? tamperingOnly.get(cid);
      if (!block) return void res.writeHead(404, { 'Access-Control-Allow-Origin': '*' }).end();
      const evil = Uint8Array.from(block);
      // Inside the colour when there is one (#3b8786 becomes #2b8786), else in the middle.
      const at = evil.indexOf(0x23) >= 0 ? evil.indexOf(0x23) + 1 : Math.floor(evil.length / 2);
      evil[at] = evil[at]! ^ 1;
      res.writeHead(200, { 'Content-Type': 'application/vnd.ipld.raw', 'Access-Control-Allow-Origin': '*' }).end(evil);
    });
    const hanging = await listen(() => undefined);
    await use({ good: good.url, tampering: tampering.url, hanging: hanging.url, blocks, tamperingOnly });
    for (const { server } of [good, tampering, hanging]) server.closeAllConnections(), server.close();
  },
  server: async ({ gateways, gatewayOrder }, use) => {
    const server: AppServer = await startServer({ env: { GLYPH_GATEWAYS: gatewayOrder.map((name) => gateways[name]).join(',') } });
    await use(server);
    await server.stop();
  },
});

/** Every glyph picture in the chooser has loaded. */
async function allThumbsShown(page: Page, count: number): Promise<void> {
  await page.locator('.glyph-choose > summary').click();
  await expect(page.locator('.glyph-options img.glyph-thumb')).toHaveCount(count, { timeout: 20_000 });
  await expect
    .poll(() => page.locator('.glyph-options img.glyph-thumb').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
}

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
  await page.getByText('Add a glyph by CID').click();
  await page.getByLabel('CID', { exact: true }).fill(cid);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
}

test.describe('glyphs', () => {
  test('load from the app gateway, render offline after one visit, and a corrupted cache entry is refetched', async ({ page, context, server }) => {
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    await allThumbsShown(page, catalog.glyphs.length + 1);
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
    await allThumbsShown(page, catalog.glyphs.length + 1);
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
    await allThumbsShown(page, catalog.glyphs.length + 1);
    await page.getByRole('radio', { name: 'Lotus' }).check();
    await page.getByRole('button', { name: /^Start/ }).click();
    await expect.poll(() => page.locator('.guide-glyph').evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await page.locator('.guide-glyph').evaluate((i) => (i as HTMLImageElement).src)).toMatch(/^blob:/);
  });

  test('a glyph added by CID: the hanging gateway times out, the tampering one is rejected, the true bytes are shown', async ({ page, gateways }) => {
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
    await expect(page.getByRole('alert')).toContainText('timed out');
    expect(await page.locator('.glyph-options .glyph-option').count()).toBe(before);
  });
});

test.describe('adding glyphs by CID', () => {
  test.use({ gatewayOrder: ['good'] });

  test('refuses what cannot be a glyph, and loads a UnixFS (dag-pb) file', async ({ page, gateways }) => {
    await page.goto('/');
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

    // A UnixFS file node over a raw leaf, as `ipfs add` makes for larger files.
    const leafBytes = svg('#4a9d9c');
    const leaf = await rawCid(leafBytes);
    const node = dagPB.encode(dagPB.prepare({ Data: new UnixFS({ type: 'file', blockSizes: [BigInt(leafBytes.length)] }).marshal(), Links: [{ Hash: leaf, Tsize: leafBytes.length, Name: '' }] }));
    const fileCid = CID.createV1(dagPB.code, await sha256.digest(node));
    gateways.blocks.set(leaf.toString(), leafBytes);
    gateways.blocks.set(fileCid.toString(), node);
    await add(fileCid.toString());
    await expect(page.getByRole('status').filter({ hasText: 'checked against its CID' })).toBeVisible({ timeout: 20_000 });
    expect(await shownColour(page)).toBe('#4a9d9c');
    await page.reload();
    await expect(page.locator('.glyph-choose > summary img')).toBeVisible();
    expect(await shownColour(page)).toBe('#4a9d9c');
  });
});
