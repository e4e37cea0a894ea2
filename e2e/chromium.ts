/**
 * Where the browser tests find Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium (Playwright
 * cannot download its own browser here). Run as a script, it is the first step of `npm test`: on a
 * machine without it, the run stops at once and says how to get one, instead of failing deep
 * inside Playwright minutes later.
 */
import { accessSync, constants } from 'node:fs';

/** The Chromium the browser tests drive. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Whether `path` is an executable file. */
function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    // reason: missing or not executable are both "no Chromium here"; the message below says what to do
    return false;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = chromiumPath();
  if (!executable(path)) {
    console.error(
      `No Chromium at ${path}: the browser tests need one. On Debian or Ubuntu: \`apt-get install chromium\` ` +
        '(as root; `.ci/run` does it). Elsewhere, set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
    process.exit(1);
  }
}
