import { expect, test, waitForServiceWorkerControl } from './fixtures.ts';

test.describe('offline', () => {
  test('the service worker takes control on the first visit', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Breathe' })).toBeVisible();
    await waitForServiceWorkerControl(page);
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const urls: string[] = [];
      for (const k of keys) for (const r of await (await caches.open(k)).keys()) urls.push(new URL(r.url).pathname);
      return urls;
    });
    expect(cached).toEqual(expect.arrayContaining(['/index.html', '/manifest.webmanifest', '/icons/icon-192.png']));
    expect(cached.some((u) => u.startsWith('/assets/') && u.endsWith('.js'))).toBe(true);
  });

  test('with the network gone and the server stopped, a reload and a deep link still render', async ({ page, context, server }) => {
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    await server.stop();
    await context.setOffline(true);

    await page.reload();
    await expect(page.getByRole('heading', { name: 'Breathe' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();

    const deep = await context.newPage();
    await deep.goto(`${server.url}/patterns`);
    await expect(deep.getByRole('heading', { name: 'Patterns', level: 1 })).toBeVisible();
    await expect(deep.getByRole('link', { name: 'Copy Box 4-4-4-4 as a new pattern' })).toBeVisible();
  });

  test('a custom pattern made offline survives an offline reload', async ({ page, context, server }) => {
    await page.goto('/patterns');
    await waitForServiceWorkerControl(page);
    await server.stop();
    await context.setOffline(true);

    await page.getByRole('link', { name: 'New pattern', exact: true }).click();
    await page.getByLabel('Name').fill('Night owl 4-2-7');
    await page.getByLabel('Phase 2 kind').selectOption('hold');
    await page.getByLabel('Phase 2 seconds').fill('2');
    await page.getByRole('button', { name: 'Add phase' }).click();
    await page.getByLabel('Phase 3 kind').selectOption('exhale');
    await page.getByLabel('Phase 3 seconds').fill('7');
    await page.getByRole('button', { name: 'Save pattern' }).click();
    await expect(page.getByTestId('custom-patterns')).toContainText('Night owl 4-2-7');

    await page.reload();
    await expect(page.getByTestId('custom-patterns')).toContainText('Night owl 4-2-7');
    await expect(page.getByTestId('custom-patterns')).toContainText('4-2-7 s');
    await page.goto(server.url);
    await expect(page.getByRole('radio', { name: /Night owl 4-2-7/ })).toBeVisible();
  });
});
