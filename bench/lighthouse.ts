/**
 * Lighthouse 13 on every route of the built app, served by the real Node server: the four category
 * scores, total blocking time, largest contentful paint and layout shift, mobile (Lighthouse's
 * default: a slow phone on slow 4G, simulated) and desktop. Issue 12 asks for mobile performance of
 * at least 0.95 on every route, the other three categories at 1.00, TBT under 200 ms and no shift
 * on the room page; this prints the figures beside those aims and never fails.
 *
 * Run alone: `node bench/lighthouse.ts` (DIST_DIR for another build, CHROME_PATH for another Chromium,
 * LIGHTHOUSE_FORMS=mobile for one form factor, LIGHTHOUSE_RUNS for how many audits a route).
 * Simulated throttling multiplies the CPU time it observes: on a busy machine TBT and LCP read high,
 * and on this shared VM one route's mobile performance has read 0.82 and 0.98 in two runs minutes
 * apart. So each route is audited LIGHTHOUSE_RUNS times (3 by default) and the median run by
 * performance is printed with the range, as Lighthouse's own guidance on variability advises; and
 * builds are compared in one run, back to back.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromiumPath } from '../e2e/chromium.ts';
import { DIST, startServer } from '../e2e/fixtures.ts';

/** The routes a person meets; a room id is any valid one (the room opens empty against the relay). */
export const ROUTES = ['/', '/patterns', '/journal', '/journal/security', '/room/lighthouse-bench-room'] as const;

/** Which form factors to audit: LIGHTHOUSE_FORMS=mobile (or desktop) for one; both by default. */
const FORMS = (process.env.LIGHTHOUSE_FORMS?.split(',') ?? ['mobile', 'desktop']).filter(
  (f): f is 'mobile' | 'desktop' => f === 'mobile' || f === 'desktop',
);

/** Audits a route this many times; the median run is printed. */
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

interface Row {
  readonly route: string;
  readonly form: 'mobile' | 'desktop';
  readonly scores: Record<(typeof CATEGORIES)[number], number | null>;
  readonly tbtMs: number;
  readonly lcpMs: number;
  readonly cls: number;
}

async function audit(url: string, port: number, form: Row['form'], route: string): Promise<Row> {
  const result = await lighthouse(
    url,
    { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
    form === 'desktop' ? desktopConfig : undefined,
  );
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { categories, audits } = result.lhr;
  const num = (id: string) => audits[id]?.numericValue ?? Number.NaN;
  return {
    route,
    form,
    scores: Object.fromEntries(CATEGORIES.map((c) => [c, categories[c]?.score ?? null])) as Row['scores'],
    tbtMs: num('total-blocking-time'),
    lcpMs: num('largest-contentful-paint'),
    cls: num('cumulative-layout-shift'),
  };
}

/** Debian's Chromium (or CHROME_PATH), headless with a fresh profile and the DevTools port Lighthouse drives. */
async function launchChromium(): Promise<{ port: number; kill(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'sb-lighthouse-'));
  const child = spawn(
    process.env.CHROME_PATH || chromiumPath(),
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const port = await new Promise<number>((ok, fail) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(stderr);
      if (m) ok(Number(m[1]));
    });
    child.once('exit', (code) => fail(new Error(`Chromium exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return {
    port,
    async kill() {
      child.kill();
      // Chromium writes its profile until it has exited.
      await exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const score = (s: number | null) => (s === null ? '  -' : s.toFixed(2));

/** Runs Lighthouse over every route, mobile then desktop, and prints one row each. */
export async function printLighthouse(distDir = DIST): Promise<void> {
  console.log('\n## Lighthouse 13 (simulated throttling; aim: mobile performance >= 0.95, others 1.00, TBT < 200 ms, room CLS 0)\n');
  const server = await startServer({ distDir });
  // Lighthouse clears the origin's storage before each audit: every one is a first visit (no service worker, empty caches).
  const chrome = await launchChromium().catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  try {
    console.log(`The median of ${RUNS} audits a route by performance, with the range of the ${RUNS}.\n`);
    console.log(
      'route'.padEnd(32),
      'form'.padEnd(8),
      'perf',
      '(range)     ',
      ' a11y',
      '  b-p',
      '  seo',
      '   TBT ms',
      '   LCP ms',
      '    CLS',
    );
    for (const form of FORMS) {
      for (const route of ROUTES) {
        const runs: Row[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await audit(`${server.url}${route}`, chrome.port, form, route));
        runs.sort((a, b) => (a.scores.performance ?? 0) - (b.scores.performance ?? 0));
        const r = runs[runs.length >> 1]!;
        const s = r.scores;
        const range = `(${score(runs[0]!.scores.performance).trim()} to ${score(runs.at(-1)!.scores.performance).trim()})`;
        console.log(
          route.padEnd(32),
          form.padEnd(8),
          score(s.performance),
          range.padEnd(12),
          '',
          score(s.accessibility),
          '',
          score(s['best-practices']),
          '',
          score(s.seo),
          r.tbtMs.toFixed(0).padStart(9),
          r.lcpMs.toFixed(0).padStart(9),
          r.cls.toFixed(3).padStart(7),
        );
      }
    }
  } finally {
    await chrome.kill().finally(() => server.stop());
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await printLighthouse(process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : DIST);
