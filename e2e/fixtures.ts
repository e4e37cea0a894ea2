/** Test fixtures: the real Node server on a free loopback port, serving a build. */
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
// DIST_DIR lets a run test a build made elsewhere (vite build --outDir …), as the server itself does.
export const DIST = resolve(process.env.DIST_DIR || resolve(ROOT, 'dist'));

export interface AppServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM) and waits for the process to exit. */
  stop(): Promise<void>;
}

/** Starts sync-server/node on `port` (0 = any free port) serving `distDir`. */
export async function startServer(
  options: { distDir?: string; port?: number; dataDir?: string; env?: Record<string, string> } = {},
): Promise<AppServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', resolve(ROOT, 'sync-server/node/main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(options.port ?? 0),
        HOST: '127.0.0.1',
        DIST_DIR: options.distDir ?? DIST,
        DATA_DIR: options.dataDir ?? mkdtempSync(join(tmpdir(), 'sb-e2e-data-')),
        // One browser loads, precaches and reloads many times a minute; the limit has its own tests.
        RELAY_HTTP_PER_MINUTE: '100000',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 10 s: ${stderr}`)), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(d.toString());
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return {
    url,
    port: Number(new URL(url).port),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Collects what the browser reports as Content-Security-Policy violations, from now on. */
export function cspViolations(target: Pick<BrowserContext, 'on'>): string[] {
  const violations: string[] = [];
  target.on('console', (m) => void (m.text().includes('Content Security Policy') && violations.push(m.text())));
  return violations;
}

export const test = base.extend<{ server: AppServer; cspGuard: undefined }>({
  // Every page of the test's own context: the app never trips its own Content-Security-Policy.
  // (Tests that make more contexts check theirs with cspViolations.)
  cspGuard: [
    async ({ context }, use) => {
      const violations = cspViolations(context);
      await use(undefined);
      expect(violations, 'CSP violations').toEqual([]);
    },
    { auto: true },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its first parameter, which must be an object pattern even when it asks for none
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.stop();
  },
  baseURL: async ({ server }, use) => use(server.url),
});

export { expect };

/**
 * Resolves once a service worker controls the page. Installing precaches the whole app shell (about
 * 70 files, 1.2 MB, each checked against its hash), which under the full suite's load on two cores
 * once took over 15 s: this waits for the condition up to 40 s.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 40_000 });
}

/** Opens a new room from the practice screen at `url` and names this member; resolves once connected. */
export async function openRoom(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Breathe together: open a room' }).click();
  await expect(page).toHaveURL(/\/room\/[A-Za-z0-9_-]{22}$/);
  await nameInRoom(page, name);
}

/** Opens one of the room's panels (People, Share, Lead) unless it is open. */
export async function openPanel(page: Page, name: 'People' | 'Share' | 'Lead'): Promise<void> {
  const tab = page.getByRole('navigation', { name: 'Room' }).getByRole('button', { name: new RegExp(`^${name}`) });
  if ((await tab.getAttribute('aria-expanded')) !== 'true') await tab.click();
  await expect(tab).toHaveAttribute('aria-expanded', 'true');
}

/** Names this member in the room on screen; resolves once connected. */
export async function nameInRoom(page: Page, name: string): Promise<void> {
  await expect(page.getByTestId('room-status')).toBeAttached({ timeout: 20_000 });
  await openPanel(page, 'People');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByTestId('room-status')).toHaveText('Connected', { timeout: 20_000 });
}

/** Saves an encrypted backup from the security page into a fresh temporary folder; resolves to its path. */
export async function saveBackup(page: Page): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save an encrypted backup' }).click(),
  ]);
  const path = join(mkdtempSync(join(tmpdir(), 'sb-backup-')), download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

/** Opens the practice screen's Options (length, guide, sound, mood) if it is closed. */
export async function openOptions(page: Page): Promise<void> {
  const options = page.locator('details.practice-options');
  if (!(await options.evaluate((d) => (d as HTMLDetailsElement).open))) await options.locator('> summary').click();
}

/** Opens the guide chooser and waits until all `count` glyph pictures have loaded. */
export async function allGlyphsShown(page: Page, count: number): Promise<void> {
  await openOptions(page);
  await page.locator('.glyph-choose > summary').click();
  await expect(page.locator('.glyph-options img.glyph-thumb')).toHaveCount(count, { timeout: 20_000 });
  await expect
    .poll(() =>
      page
        .locator('.glyph-options img.glyph-thumb')
        .evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)),
    )
    .toBe(true);
}

/** Errors the page logs, from now on. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The room id of a page showing a room. */
export const roomIdOf = (page: Page): string => new URL(page.url()).pathname.split('/').pop()!;

/** Every drawn part of a chart lies inside its box, and the box inside the viewport. */
export async function expectChartInside(chart: Locator, viewportWidth: number): Promise<void> {
  const outside = await chart.evaluate((figure, width) => {
    const box = figure.querySelector('.chart-box')!.getBoundingClientRect();
    const bad: string[] = [];
    if (box.left < 0 || box.right > width) bad.push(`box ${box.left}-${box.right}`);
    for (const el of figure.querySelectorAll('svg text, svg rect, svg circle, svg line, svg polyline')) {
      const r = el.getBoundingClientRect();
      if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom) {
        bad.push(`${el.tagName} "${el.textContent}" ${r.left},${r.top}-${r.right},${r.bottom}`);
      }
    }
    return bad;
  }, viewportWidth);
  expect(outside).toEqual([]);
}
