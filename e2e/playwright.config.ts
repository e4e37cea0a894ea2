import { defineConfig } from '@playwright/test';
import { chromiumPath } from './chromium.ts';

/**
 * Browser tests against the production build (dist/) served by the real Node server, which each
 * test starts on its own port (see fixtures.ts). Debian's Chromium, never a downloaded one.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  reporter: [['list']],
  outputDir: '../test-results',
  use: {
    browserName: 'chromium',
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      // Hermetic: every host but loopback fails to resolve, so a test can never reach the internet.
      args: [
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
