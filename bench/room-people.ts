/**
 * The people list as a room fills: a room page in Chromium (390×844, a phone) with its session
 * running and the people panel open, joined by simulated members (e2e/fake-members.ts: each its own
 * socket, breathing on its own rhythm, presence at the app's interval) so the room holds N = 2, 50
 * and 150 (the largest room shown as a list: above it the relay sends a field, bench/room-field-fps.ts). For 20 s each, in the page: rAF frame intervals p50/p99, long
 * tasks (count and total), and the time from a member's press to its row showing it (p50/p99),
 * both from the press and from the moment its presence left for the relay (the app's publisher
 * holds a press back while the room's presence interval runs). N = 2 is the reference; the largest
 * room is measured again with the people panel closed, to tell the list's cost from the rest of the page's.
 * Builds nothing: it serves DIST_DIR (or dist/). Run alone: `node bench/room-people.ts`.
 * The relay, the simulated members and Chromium share this machine's cores: the figures are the
 * page's under that load, which is the load a full room brings.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { addFakeMembers, type FakeMember } from '../e2e/fake-members.ts';
import { chromiumPath } from '../e2e/chromium.ts';
import { startServer } from '../e2e/fixtures.ts';

const SIZES = (process.env.BENCH_PEOPLE_SIZES ?? '2,50,150').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_PEOPLE_SECONDS ?? 20);

// In the page, before its scripts: frame intervals, long tasks, and when each row turns to pressing
// (at the next frame after the change, when it can first be painted).
const PROBE = `
  window.__people = { frames: [], longTasks: [], shown: [], on: false };
  const probe = window.__people;
  let last = 0;
  const frame = (t) => {
    if (probe.on && last) probe.frames.push(t - last);
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    if (probe.on) for (const e of list.getEntries()) probe.longTasks.push(e.duration);
  }).observe({ type: 'longtask' });
  const watch = () => {
    const list = document.querySelector('[data-testid=members]');
    if (!list) return requestAnimationFrame(watch);
    new MutationObserver((changes) => {
      if (!probe.on) return;
      const names = [];
      for (const c of changes)
        if (c.target.getAttribute('data-pressed') === 'true' && c.oldValue !== 'true')
          names.push(c.target.querySelector('.person-name')?.textContent ?? '');
      if (names.length) requestAnimationFrame(() => {
        const at = Date.now(); // the wall clock, as the simulated members' (performance.timeOrigin drifts from it)
        for (const name of names) probe.shown.push({ name, at });
      });
    }).observe(list, { subtree: true, attributes: true, attributeFilter: ['data-pressed'], attributeOldValue: true });
  };
  watch();
`;

interface Probe {
  frames: number[];
  longTasks: number[];
  shown: { name: string; at: number }[];
  on: boolean;
}

interface Figures {
  n: number;
  listOpen: boolean;
  frameP50: number;
  frameP99: number;
  longTasks: number;
  longTaskMs: number;
  presenceIn: number;
  pressToShown: number[];
  sentToShown: number[];
  missed: number;
}

const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

/** Opens a room as its host in `page`, starts a session and shows the people panel; resolves to the room id. */
async function openRoomPage(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Breathe together: open a room' }).click();
  await page.waitForURL(/\/room\/[A-Za-z0-9_-]{22}$/);
  await page.getByTestId('room-status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Start for everyone' }).click();
  if (!(await page.getByTestId('presence-counts').isVisible())) await page.getByRole('button', { name: /^People/ }).click();
  await page.getByTestId('presence-counts').waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** Matches each row turning to pressing with the member's latest press sent before it. */
function latencies(members: readonly FakeMember[], shown: Probe['shown'], from: number, to: number) {
  const byName = new Map(members.filter((m) => m.name).map((m) => [m.name, m]));
  const pressToShown: number[] = [];
  const sentToShown: number[] = [];
  const matched = new Set<object>();
  for (const s of shown) {
    const presses = byName.get(s.name)?.presses ?? [];
    const press = presses.findLast((p) => p.sentAt !== null && p.sentAt <= s.at);
    // A row turning to pressing long after the press it follows is not that press's (one still on its way, or a release lost).
    if (press && s.at - press.at > 5000) continue;
    if (!press || matched.has(press)) continue;
    matched.add(press);
    pressToShown.push(s.at - press.at);
    sentToShown.push(s.at - press.sentAt!);
  }
  // Presses sent in the window (with a second to show) that no row showed.
  const missed = [...byName.values()]
    .flatMap((m) => m.presses)
    .filter((p) => p.sentAt !== null && p.sentAt >= from && p.sentAt < to - 1000 && !matched.has(p)).length;
  return { pressToShown, sentToShown, missed };
}

async function measure(browser: Awaited<ReturnType<typeof chromium.launch>>, url: string, n: number, listOpen: boolean): Promise<Figures> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  const roomId = await openRoomPage(page, url);
  const fakes = await addFakeMembers(url, roomId, n - 1, { seed: n });
  try {
    await page
      .getByTestId('presence-counts')
      .filter({ hasText: new RegExp(`^${n} here`) })
      .waitFor({ timeout: 30_000 });
    // The same room with the people panel closed: what the rest of the room page costs.
    if (!listOpen) await page.getByRole('button', { name: /^People/ }).click();
    // Let every member reach its rhythm before measuring.
    await page.waitForTimeout(3000);
    const sentBefore = fakes.members.reduce((s, m) => s + m.sent, 0);
    const from = Date.now();
    await page.evaluate(() => ((window as unknown as { __people: Probe }).__people.on = true));
    await page.waitForTimeout(SECONDS * 1000);
    const probe = await page.evaluate(() => {
      const p = (window as unknown as { __people: Probe }).__people;
      p.on = false;
      return p;
    });
    const to = Date.now();
    const sent = fakes.members.reduce((s, m) => s + m.sent, 0) - sentBefore;
    return {
      n,
      listOpen,
      frameP50: quantile(probe.frames, 0.5),
      frameP99: quantile(probe.frames, 0.99),
      longTasks: probe.longTasks.length,
      longTaskMs: probe.longTasks.reduce((s, d) => s + d, 0),
      presenceIn: sent / ((to - from) / 1000),
      ...latencies(
        fakes.members,
        probe.shown.filter((s) => s.at >= from),
        from,
        to,
      ),
    };
  } finally {
    await fakes.close();
    await context.close();
  }
}

const ms = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(0));

/** Prints the people list's figures for rooms of each size in `SIZES`. */
export async function printRoomPeople(distDir = resolve('dist')): Promise<void> {
  console.log(`\n## People list as a room fills (Chromium 390×844, ${SECONDS} s each; N = 2 is the reference)\n`);
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the start (other work skews frames and long tasks)\n`,
  );
  const server = await startServer({
    distDir,
    // Every simulated member comes from 127.0.0.1 here; in the field each has its own address.
    env: { RELAY_UPGRADES_PER_MINUTE: '100000', RELAY_NEW_ROOMS_PER_HOUR: '100000' },
  });
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  try {
    const rows: Figures[] = [];
    for (const n of SIZES) rows.push(await measure(browser, server.url, n, true));
    rows.push(await measure(browser, server.url, Math.max(...SIZES), false));
    const line = (label: string, cell: (f: Figures) => string) => console.log(label.padEnd(40), ...rows.map((f) => cell(f).padStart(14)));
    line('members in the room', (f) => `N = ${f.n}${f.listOpen ? '' : ', closed'}`);
    line('presence messages/s the page receives', (f) => f.presenceIn.toFixed(1));
    line('frame interval p50 / p99 (ms)', (f) => `${ms(f.frameP50)} / ${ms(f.frameP99)}`);
    line('long tasks: count, total (ms)', (f) => `${f.longTasks}, ${ms(f.longTaskMs)}`);
    line('press shown: presses seen (missed)', (f) => (f.listOpen ? `${f.pressToShown.length} (${f.missed})` : '-'));
    line('press -> row shows it p50 / p99 (ms)', (f) => `${ms(quantile(f.pressToShown, 0.5))} / ${ms(quantile(f.pressToShown, 0.99))}`);
    line('sent -> row shows it p50 / p99 (ms)', (f) => `${ms(quantile(f.sentToShown, 0.5))} / ${ms(quantile(f.sentToShown, 0.99))}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await printRoomPeople(process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : resolve('dist'));
