/**
 * Charts of the journal over a range (week, month, year), drawn by hand in SVG: minutes per bucket,
 * rhythm coherence on its 0-100 scale, and, once any session had a heart sensor, heart coherence and
 * mean heart rate per day; each with axes, dates, an accessible name and a table.
 */
import { type Accessor, createEffect, createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import { type Bucket, coherenceSeries, dayKey, type HeartDay, type HistoryRange, heartByDay } from '../core/history.ts';
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

/** Where each dated point sits: in its day's (or month's) band, several in one band sharing it evenly, oldest on the left. */
function placeInBands<P extends { day: string }>(
  items: readonly P[],
  buckets: readonly Bucket[],
  plotWidth: number,
): (P & { x: number })[] {
  const band = plotWidth / buckets.length;
  const byBucket = new Map<number, P[]>();
  for (const p of items) {
    const i = buckets.findIndex((b) => p.day >= b.start && p.day < b.end);
    if (i >= 0) byBucket.set(i, [...(byBucket.get(i) ?? []), p]);
  }
  return [...byBucket.entries()].flatMap(([i, ps]) => ps.map((p, j) => ({ ...p, x: PAD.left + (i + (j + 1) / (ps.length + 1)) * band })));
}

/** The heart-rate axis: 0 to 100 bpm in steps of 25, or higher in steps of 50 when a day's mean went above 100. */
function rateScale(max: number): { top: number; ticks: number[] } {
  const step = max <= 100 ? 25 : 50;
  const top = Math.max(100, Math.ceil(max / step) * step);
  return { top, ticks: Array.from({ length: top / step + 1 }, (_, i) => i * step) };
}

/** One figure a day as a line with dots, on an axis from 0 to `top`. */
function DailyLine(props: {
  id: string;
  testId: string;
  caption: string;
  title: string;
  unit: string;
  points: readonly { day: string; value: number }[];
  ticks: readonly number[];
  top: number;
  buckets: readonly Bucket[];
  range: HistoryRange;
  head: readonly string[];
  rows: readonly (readonly string[])[];
  empty: string;
}) {
  const { width, ref } = createWidth();
  const plotWidth = () => width() - PAD.left - PAD.right;
  const placed = createMemo(() =>
    placeInBands(props.points, props.buckets, plotWidth()).map((p) => ({ ...p, y: PAD.top + PLOT_H - (p.value / props.top) * PLOT_H })),
  );
  return (
    <figure class="chart" data-testid={props.testId}>
      <figcaption id={props.id}>{props.caption}</figcaption>
      <div class="chart-box" ref={ref}>
        <svg width={width()} height={H} viewBox={`0 0 ${width()} ${H}`} role="img" aria-labelledby={props.id}>
          <title>{props.title}</title>
          <YAxis ticks={props.ticks} top={props.top} plotWidth={plotWidth()} unit={props.unit} />
          <polyline
            points={placed()
              .map((p) => `${p.x},${p.y}`)
              .join(' ')}
            class="line"
            fill="none"
          />
          <For each={placed()}>{(p) => <circle cx={p.x} cy={p.y} r="3.5" class="dot" />}</For>
          <XAxis buckets={props.buckets} range={props.range} plotWidth={plotWidth()} />
        </svg>
      </div>
      <TableAlternative head={props.head} rows={props.rows} empty={props.empty} />
    </figure>
  );
}

/** A day's name for the heart charts' tables ("Mon, 3 Nov"). */
const dayName = (day: string) => formatDate(noon(day), LONG_DAY);

/**
 * Heart coherence and mean heart rate per day with a heart sensor, in the range's bands. Drawn only
 * when some session of the whole journal had a sensor (`shown`), so a person without one never sees it.
 */
export function HeartCharts(props: {
  shown: boolean;
  entries: readonly JournalEntry[];
  buckets: readonly Bucket[];
  range: HistoryRange;
  timeZone: string;
}) {
  const days = createMemo((): HeartDay[] => heartByDay(props.entries, props.timeZone));
  const scored = createMemo(() => days().filter((d): d is HeartDay & { coherence: number } => d.coherence !== null));
  const mean = (values: readonly number[]) => Math.round(values.reduce((s, v) => s + v, 0) / Math.max(1, values.length));
  const rate = createMemo(() => rateScale(Math.max(0, ...days().map((d) => d.meanBpm))));
  return (
    <Show when={props.shown}>
      <Show when={days().length > 0} fallback={<p class="hint">{t('journal.charts.heart.empty')}</p>}>
        <Show when={scored().length > 0} fallback={<p class="hint">{t('journal.charts.heart.coherenceHint')}</p>}>
          <DailyLine
            id="heart-coherence-caption"
            testId="heart-coherence-chart"
            caption={t(
              'journal.charts.heart.coherenceCaption',
              span(props.range),
              scored().length,
              mean(scored().map((d) => d.coherence)),
              Math.round(scored().at(-1)!.coherence),
            )}
            title={t('journal.charts.heart.coherenceTitle')}
            unit={t('journal.charts.heart.coherenceUnit')}
            points={scored().map((d) => ({ day: d.day, value: d.coherence }))}
            ticks={[0, 25, 50, 75, 100]}
            top={100}
            buckets={props.buckets}
            range={props.range}
            head={[t('journal.charts.heart.dayColumn'), t('journal.charts.heart.coherenceColumn')]}
            rows={scored().map((d) => [dayName(d.day), formatNumber(Math.round(d.coherence))])}
            empty={t('journal.charts.heart.empty')}
          />
        </Show>
        <DailyLine
          id="heart-rate-caption"
          testId="heart-rate-chart"
          caption={t(
            'journal.charts.heart.rateCaption',
            span(props.range),
            days().length,
            mean(days().map((d) => d.meanBpm)),
            Math.round(days().at(-1)!.meanBpm),
          )}
          title={t('journal.charts.heart.rateTitle')}
          unit={t('journal.charts.heart.rateUnit')}
          points={days().map((d) => ({ day: d.day, value: d.meanBpm }))}
          ticks={rate().ticks}
          top={rate().top}
          buckets={props.buckets}
          range={props.range}
          head={[t('journal.charts.heart.dayColumn'), t('journal.charts.heart.rateColumn')]}
          rows={days().map((d) => [dayName(d.day), formatNumber(Math.round(d.meanBpm))])}
          empty={t('journal.charts.heart.empty')}
        />
      </Show>
    </Show>
  );
}
