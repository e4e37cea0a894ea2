import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, expect, test } from './fixtures.ts';

const SECURITY = {
  'content-security-policy': /default-src 'self'/,
  'x-frame-options': /^DENY$/,
  'x-content-type-options': /^nosniff$/,
  'referrer-policy': /^no-referrer$/,
  // The camera (a heart sensor) is the app's own; bluetooth (the strap) is not named, its default being 'self' (headers.ts).
  'permissions-policy': /^geolocation=\(\), microphone=\(\), (?!.*bluetooth).*screen-wake-lock=\(self\).*, camera=\(self\)$/,
  'cross-origin-opener-policy': /^same-origin$/,
  'cross-origin-resource-policy': /^same-origin$/,
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

  test('the browser takes the whole Permissions-Policy (no feature it does not know), and the app keeps its wake lock', async ({
    page,
  }) => {
    const complaints: string[] = [];
    page.on('console', (m) => void (/Permissions-Policy|Feature Policy/i.test(m.text()) && complaints.push(m.text())));
    await page.goto('/');
    await expect(page.locator('#app')).not.toBeEmpty();
    expect(complaints).toEqual([]);
    const policy = await page.evaluate(() => {
      const fp = (document as unknown as { featurePolicy?: { allowsFeature(f: string): boolean } }).featurePolicy;
      return (
        fp && {
          wakeLock: fp.allowsFeature('screen-wake-lock'),
          camera: fp.allowsFeature('camera'),
          microphone: fp.allowsFeature('microphone'),
          usb: fp.allowsFeature('usb'),
        }
      );
    });
    // The camera (a heart sensor) is the page's own to ask for; the microphone is never.
    expect(policy).toEqual({ wakeLock: true, camera: true, microphone: false, usb: false });
  });

  test('hashed assets are immutable; the shell, worker and manifest revalidate', async ({ request }) => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    expect((await request.get(asset)).headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      expect((await request.get(path)).headers()['cache-control'], path).toBe('no-cache');
    }
  });

  test('the built _headers file for static hosts says exactly what this server sends', async ({ request }) => {
    // `_headers`: a path pattern, then indented "Name: value" lines ("! Name" drops an earlier value).
    const rules: { pattern: string; headers: Map<string, string> }[] = [];
    for (const line of readFileSync(join(DIST, '_headers'), 'utf8').split('\n')) {
      if (line.startsWith('/')) rules.push({ pattern: line.trim(), headers: new Map() });
      else if (line.startsWith('  ! ')) rules.at(-1)!.headers.set(line.slice(4).trim().toLowerCase(), '');
      else if (line.startsWith('  ')) {
        const at = line.indexOf(':');
        rules.at(-1)!.headers.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
      }
    }
    const expected = (path: string) => {
      const out = new Map<string, string>();
      for (const rule of rules) {
        if (!new RegExp(`^${rule.pattern.replace(/\*/g, '.*')}$`).test(path)) continue;
        for (const [name, value] of rule.headers) value ? out.set(name, value) : out.delete(name);
      }
      return out;
    };
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    for (const path of ['/', '/patterns', asset]) {
      const sent = (await request.get(path)).headers();
      const want = expected(path);
      expect(want.size, path).toBeGreaterThan(5);
      for (const [name, value] of want) expect(sent[name], `${name} on ${path}`).toBe(value);
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
