import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, expect, test } from './fixtures.ts';

const SECURITY = {
  'content-security-policy': /default-src 'self'/,
  'x-frame-options': /^DENY$/,
  'x-content-type-options': /^nosniff$/,
  'referrer-policy': /^no-referrer$/,
  'permissions-policy': /geolocation=\(\), microphone=\(\), camera=\(\)/,
};

test.describe('server', () => {
  test('every response carries the security headers, and the CSP allows no inline script', async ({ request }) => {
    for (const path of ['/', '/patterns', '/sw.js', '/healthz', '/missing.js']) {
      const res = await request.get(path);
      for (const [name, value] of Object.entries(SECURITY)) expect(res.headers()[name], `${name} on ${path}`).toMatch(value);
      const csp = res.headers()['content-security-policy']!;
      expect(csp).not.toContain("'unsafe-inline'");
      expect(csp).not.toContain("'unsafe-eval'");
    }
  });

  test('hashed assets are immutable; the shell, worker and manifest revalidate', async ({ request }) => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    expect((await request.get(asset)).headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      expect((await request.get(path)).headers()['cache-control'], path).toBe('no-cache');
    }
  });

  test('deep links get the app, unknown files 404, and /healthz answers', async ({ request }) => {
    const deep = await request.get('/patterns/new');
    expect(deep.status()).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    expect((await request.get('/assets/nope.js')).status()).toBe(404);
    const health = await request.get('/healthz');
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  test('the web manifest makes the app installable', async ({ request, page }) => {
    const manifest = await (await request.get('/manifest.webmanifest')).json();
    expect(manifest).toMatchObject({ name: 'Sacred Breathing', start_url: '/', display: 'standalone' });
    const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
    for (const icon of icons) expect((await request.get(icon.src)).status(), icon.src).toBe(200);
    await page.goto('/');
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  });
});
