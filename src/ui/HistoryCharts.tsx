/**
 * Charts of the journal over a range (week, month, year), drawn by hand in SVG: minutes per bucket
 * and rhythm coherence on its 0-100 scale, each with axes, dates, an accessible name and a table.
 */
import { type Accessor, createEffect, createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { type Bucket, coherenceSeries, dayKey, type HistoryRange } from '../core/history.ts';
import type { JournalEntry } from '../core/journal.ts';
import { formatDate, formatNumber } from '../i18n/format.ts';
import { t } from '../i18n/index.ts';
import './journal.css';

/** Chart height in px; the width follows the box, so text keeps its size at 320 px and at 1280 px. */
const H = 172;
const PAD = { top: 22, right: 14, bottom: 28, left: 42 } as const;
const PLOT_H = H - PAD.top - PAD.bottom;

/** The box's inner width, followed as it changes (the SVG is drawn at that width, never scaled). */
function createWidth(): { width: Accessor<number>; ref: (el: HTMLElement) => void } {
  const [width, setWidth] = createSignal(300);
  let observer: ResizeObserver | undefined;
  onCleanup(() => observer?.disconnect());
  const ref = (el: HTMLElement) => {
    observer = new ResizeObserver(([entry]) => setWidth(Math.max(160, Math.floor(entry!.contentRect.width))));
    observer.observe(el);
  };
  return { width, ref };
}

// Calendar days (YYYY-MM-DD) are formatted at noon UTC in UTC, so no zone can move them to another day.
const noon = (day: string) => new Date(`${day}T12:00:00Z`);
const SHORT_DAY: Intl.DateTimeFormatOptions = { timeZone: 'UTC', day: 'numeric', month: 'short' };
const WEEKDAY: Intl.DateTimeFormatOptions = { timeZone: 'UTC', weekday: 'short' };
const LONG_DAY: Intl.DateTimeFormatOptions = { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' };
const SHORT_MONTH: Intl.DateTimeFormatOptions = { timeZone: 'UTC', month: 'short' };
const LONG_MONTH: Intl.DateTimeFormatOptions = { timeZone: 'UTC', month: 'long', year: 'numeric' };
// A session's own time, in the person's zone.
const WHEN: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** A bucket's tick label under the axis ("Mon", "3 Nov", "Jan"). */
const tickLabel = (b: Bucket, range: HistoryRange) =>
  formatDate(noon(b.start), range === 'week' ? WEEKDAY : range === 'month' ? SHORT_DAY : SHORT_MONTH);
/** A bucket's full name, for tables and captions ("Mon, 3 Nov", "November 2026"). */
export const bucketName = (b: Bucket, range: HistoryRange) => formatDate(noon(b.start), range === 'year' ? LONG_MONTH : LONG_DAY);

/** The range in words ("last 30 days"). */
const span = (range: HistoryRange): string => t(`journal.charts.span.${range}`);

/**
 * About how wide a tick label is drawn, in px at the axis's 12 px: digits and letters about 6.8,
 * dots, commas and spaces half that. Close enough to space the labels ("19. Nov." is wider than "19 Nov").
 */
const labelWidth = (text: string): number => [...text].reduce((w, ch) => w + (/[\s.,]/.test(ch) ? 3.4 : 6.8), 0);

/** Which buckets get a label: as many as fit (each `labelRoom` px at least), always the latest (today, or this month). */
function labelled(count: number, range: HistoryRange, plotWidth: number, labelRoom: number): Set<number> {
  const room = Math.max(range === 'month' ? 52 : range === 'week' ? 32 : 36, labelRoom);
  const every = Math.max(1, Math.ceil(count / Math.max(1, Math.floor(plotWidth / room))));
  const shown = new Set<number>();
  for (let i = count - 1; i >= 0; i -= every) shown.add(i);
  return shown;
}

/** Minutes as a person reads them: whole above 10, one decimal below, never "0" for a session that happened. */
export const minutesText = (m: number) =>
  m >= 10
    ? formatNumber(Math.round(m))
    : m > 0 && m < 0.1
      ? t('journal.charts.under', formatNumber(0.1))
      : formatNumber(Math.round(m * 10) / 10);

/** A round top for the minutes axis and its step: 0-1 at least, at most five ticks. */
function niceScale(max: number): { top: number; step: number } {
  const steps = [0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 1200, 3000, 6000, 12000];
  const step = steps.find((s) => max / s <= 4) ?? Math.ceil(max / 4);
  return { step, top: Math.max(step * 2, Math.ceil(max / step) * step) };
}

/** The horizontal axis: the buckets' band positions and labels, shared by both charts. */
function XAxis(props: { buckets: readonly Bucket[]; range: HistoryRange; plotWidth: number }) {
  const band = () => props.plotWidth / props.buckets.length;
  const labelRoom = createMemo(() => Math.max(...props.buckets.map((b) => labelWidth(tickLabel(b, props.range)))) + 12);
  const shown = createMemo(() => labelled(props.buckets.length, props.range, props.plotWidth, labelRoom()));
  // The latest label is measured once drawn, so a long one ("1. Dez.") moves in from the box's edge instead of past it.
  const [lastWidth, setLastWidth] = createSignal(0);
  let lastLabel: SVGTextElement | undefined;
  const measure = () => setLastWidth(lastLabel?.isConnected ? lastLabel.getComputedTextLength() : 0);
  createEffect(() => {
    // Measured again when the label's words or the chart's width change.
    void tickLabel(props.buckets.at(-1)!, props.range);
    void props.plotWidth;
    measure();
    // reason: on first render the chart may not be in the document yet; a frame later it is.
    requestAnimationFrame(measure);
  });
  const x = (i: number) => {
    const centre = PAD.left + (i + 0.5) * band();
    return i === props.buckets.length - 1 ? Math.min(centre, PAD.left + props.plotWidth + PAD.right - 2 - lastWidth() / 2) : centre;
  };
  return (
    <g class="axis x-axis">
      <line x1={PAD.left} x2={PAD.left + props.plotWidth} y1={PAD.top + PLOT_H} y2={PAD.top + PLOT_H} class="axis-line" />
      <For each={props.buckets}>
        {(b, i) => (
          <Show when={shown().has(i())}>
            <line
              x1={PAD.left + (i() + 0.5) * band()}
              x2={PAD.left + (i() + 0.5) * band()}
              y1={PAD.top + PLOT_H}
              y2={PAD.top + PLOT_H + 4}
              class="axis-line"
            />
            <text
              x={x(i())}
              y={H - 8}
              text-anchor="middle"
              ref={(el) => {
                if (i() === props.buckets.length - 1) lastLabel = el;
              }}
            >
              {tickLabel(b, props.range)}
            </text>
          </Show>
        )}
      </For>
    </g>
  );
}

/** Axis figures without thousands separators, so "12000" keeps to the axis's margin. */
const AXIS_NUMBER: Intl.NumberFormatOptions = { useGrouping: false };

/** Horizontal grid lines with their values on the left; `unit` sits above the axis. */
function YAxis(props: { ticks: readonly number[]; top: number; plotWidth: number; unit: string }) {
  const y = (v: number) => PAD.top + PLOT_H - (v / props.top) * PLOT_H;
  return (
    <g class="axis y-axis">
      <For each={props.ticks}>
        {(v) => (
          <>
            <line x1={PAD.left} x2={PAD.left + props.plotWidth} y1={y(v)} y2={y(v)} class="grid-line" />
            <text x={PAD.left - 6} y={y(v) + 4} text-anchor="end">
              {formatNumber(v, AXIS_NUMBER)}
            </text>
          </>
        )}
      </For>
      <text x={PAD.left - 6} y={12} text-anchor="end" class="axis-unit">
        {props.unit}
      </text>
    </g>
  );
}

/** A chart's figures as a table, folded away: the text alternative for screen readers and anyone. */
function TableAlternative(props: { head: readonly string[]; rows: readonly (readonly string[])[]; empty: string }) {
  return (
    <details class="chart-table">
      <summary>{t('journal.charts.asTable')}</summary>
      <Show when={props.rows.length > 0} fallback={<p class="hint">{props.empty}</p>}>
        <table>
          <thead>
            <tr>
              <For each={props.head}>{(h) => <th scope="col">{h}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row) => (
                <tr>
                  <For each={row}>{(cell) => <td>{cell}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </details>
  );
}

/** Minutes practised per day (week, month) or per month (year). */
export function MinutesChart(props: { buckets: readonly Bucket[]; range: HistoryRange }) {
  const { width, ref } = createWidth();
  const plotWidth = () => width() - PAD.left - PAD.right;
  const most = createMemo(() => props.buckets.reduce((m, b) => (b.minutes > m.minutes ? b : m), props.buckets[0]!));
  const scale = createMemo(() => niceScale(most().minutes));
  const ticks = () => Array.from({ length: scale().top / scale().step + 1 }, (_, i) => i * scale().step);
  const total = () => props.buckets.reduce((s, b) => s + b.minutes, 0);
  const active = () => props.buckets.filter((b) => b.minutes > 0).length;
  const band = () => plotWidth() / props.buckets.length;
  const barWidth = () => Math.max(2, Math.min(28, band() * 0.7));
  // A session of a few seconds still shows: a practised bucket is at least 2 px tall.
  const barHeight = (m: number) => (m > 0 ? Math.max(2, (m / scale().top) * PLOT_H) : 0);
  const on = () =>
    props.range === 'year'
      ? t('journal.charts.minutes.months', active(), props.buckets.length)
      : t('journal.charts.minutes.days', active(), props.buckets.length);
  return (
    <figure class="chart" data-testid="minutes-chart">
      <figcaption id="minutes-caption">
        {t('journal.charts.minutes.caption', span(props.range), minutesText(total()), on())}
        <Show when={most().minutes > 0}>
          {t('journal.charts.minutes.most', minutesText(most().minutes), bucketName(most(), props.range))}
        </Show>
        .
      </figcaption>
      <div class="chart-box" ref={ref}>
        <svg width={width()} height={H} viewBox={`0 0 ${width()} ${H}`} role="img" aria-labelledby="minutes-caption">
          <title>{t('journal.charts.minutes.title')}</title>
          <YAxis ticks={ticks()} top={scale().top} plotWidth={plotWidth()} unit={t('journal.charts.minutes.unit')} />
          <g class="bars">
            <For each={props.buckets}>
              {(b, i) => (
                <rect
                  x={PAD.left + (i() + 0.5) * band() - barWidth() / 2}
                  width={barWidth()}
                  y={PAD.top + PLOT_H - barHeight(b.minutes)}
                  height={barHeight(b.minutes)}
                  rx={Math.min(3, barWidth() / 3)}
                  class="bar"
                />
              )}
            </For>
          </g>
          <XAxis buckets={props.buckets} range={props.range} plotWidth={plotWidth()} />
        </svg>
      </div>
      <TableAlternative
        head={[
          props.range === 'year' ? t('journal.charts.minutes.month') : t('journal.charts.minutes.day'),
          t('journal.charts.minutes.minutesColumn'),
          t('journal.charts.minutes.sessionsColumn'),
        ]}
        rows={props.buckets
          .filter((b) => b.sessions > 0)
          .map((b) => [bucketName(b, props.range), minutesText(b.minutes), formatNumber(b.sessions)])}
        empty={t('journal.charts.minutes.empty')}
      />
    </figure>
  );
}

/** Rhythm coherence of each measured session, on its 0-100 scale, placed in its day's (or month's) band. */
export function CoherenceChart(props: {
  entries: readonly JournalEntry[];
  buckets: readonly Bucket[];
  range: HistoryRange;
  timeZone: string;
}) {
  const { width, ref } = createWidth();
  const plotWidth = () => width() - PAD.left - PAD.right;
  const series = createMemo(() => coherenceSeries(props.entries));
  const points = createMemo(() => {
    const band = plotWidth() / props.buckets.length;
    const byBucket = new Map<number, { at: string; score: number }[]>();
    for (const p of series()) {
      const day = dayKey(p.at, props.timeZone);
      const i = props.buckets.findIndex((b) => day >= b.start && day < b.end);
      if (i >= 0) byBucket.set(i, [...(byBucket.get(i) ?? []), p]);
    }
    // Several sessions in one band share it evenly, oldest on the left.
    return [...byBucket.entries()].flatMap(([i, ps]) =>
      ps.map((p, j) => ({
        ...p,
        x: PAD.left + (i + (j + 1) / (ps.length + 1)) * band,
        y: PAD.top + PLOT_H - (p.score / 100) * PLOT_H,
      })),
    );
  });
  const average = () => series().reduce((s, p) => s + p.score, 0) / Math.max(1, series().length);
  return (
    <Show when={series().length > 0} fallback={<p class="hint">{t('journal.charts.coherence.hint')}</p>}>
      <figure class="chart" data-testid="coherence-chart">
        <figcaption id="coherence-caption">
          {t('journal.charts.coherence.caption', span(props.range), series().length, Math.round(average()), series().at(-1)!.score)}
        </figcaption>
        <div class="chart-box" ref={ref}>
          <svg width={width()} height={H} viewBox={`0 0 ${width()} ${H}`} role="img" aria-labelledby="coherence-caption">
            <title>{t('journal.charts.coherence.title')}</title>
            <YAxis ticks={[0, 25, 50, 75, 100]} top={100} plotWidth={plotWidth()} unit={t('journal.charts.coherence.unit')} />
            <polyline
              points={points()
                .map((p) => `${p.x},${p.y}`)
                .join(' ')}
              class="line"
              fill="none"
            />
            <For each={points()}>{(p) => <circle cx={p.x} cy={p.y} r="3.5" class="dot" />}</For>
            <XAxis buckets={props.buckets} range={props.range} plotWidth={plotWidth()} />
          </svg>
        </div>
        <TableAlternative
          head={[t('journal.charts.coherence.sessionColumn'), t('journal.charts.coherence.coherenceColumn')]}
          rows={series().map((p) => [formatDate(new Date(p.at), WHEN), formatNumber(p.score)])}
          empty={t('journal.charts.coherence.empty')}
        />
      </figure>
    </Show>
  );
}
