import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { DIST, expect, startServer } from './fixtures.ts';

/**
 * Records the state changes of the worker that the page registers. A failed first install also
 * removes the registration, so it cannot be inspected afterwards: it has to be watched.
 */
async function watchServiceWorkerInstall(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const states: string[] = [];
    (window as unknown as { __swStates: string[] }).__swStates = states;
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = async function (...args: Parameters<typeof register>) {
      const reg = await register.apply(this, args);
      const worker = reg.installing;
      if (worker) {
        states.push(worker.state);
        worker.addEventListener('statechange', () => states.push(worker.state));
      }
      return reg;
    };
  });
}

async function installOutcome(page: Page): Promise<string> {
  const handle = await page.waitForFunction(
    () => {
      const states = (window as unknown as { __swStates?: string[] }).__swStates ?? [];
      return states.find((s) => s === 'redundant' || s === 'activated');
    },
    undefined,
    { timeout: 15_000 },
  );
  return (await handle.jsonValue()) as string;
}

async function withServer(distDir: string, page: Page, check: (url: string) => Promise<void>): Promise<void> {
  const server = await startServer({ distDir });
  try {
    await watchServiceWorkerInstall(page);
    await check(server.url);
  } finally {
    await server.stop();
  }
}

base.describe('precache integrity', () => {
  base('the untouched build installs and activates', async ({ page }) => {
    await withServer(DIST, page, async (url) => {
      await page.goto(url);
      expect(await installOutcome(page)).toBe('activated');
    });
  });

  base('a precached asset changed after the build makes the service worker install fail', async ({ page }) => {
    const tampered = mkdtempSync(join(tmpdir(), 'sb-tampered-'));
    try {
      cpSync(DIST, tampered, { recursive: true });
      const icon = join(tampered, 'icons/icon-192.png');
      const bytes = readFileSync(icon);
      bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
      writeFileSync(icon, bytes);
      await withServer(tampered, page, async (url) => {
        await page.goto(url);
        expect(await installOutcome(page)).toBe('redundant');
        expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
        // The page still works online: only the offline install was refused.
        await expect(page.getByRole('heading', { name: 'Breathe' })).toBeVisible();
      });
    } finally {
      rmSync(tampered, { recursive: true, force: true });
    }
  });
});
