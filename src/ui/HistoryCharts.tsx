/** Charts of the journal, each with a text alternative: minutes per day and coherence over time. */
import { createMemo, For, Show } from 'solid-js';
import { coherenceSeries, minutesPerDay } from '../core/history.ts';
import type { JournalEntry } from '../core/journal.ts';

const W = 320;

/** A chart's figures as a table, folded away: the text alternative for screen readers and anyone. */
function TableAlternative(props: { head: readonly string[]; rows: readonly (readonly string[])[] }) {
  return (
    <details>
      <summary>As a table</summary>
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
    </details>
  );
}
const H = 110;

export function MinutesChart(props: { entries: readonly JournalEntry[]; timeZone: string }) {
  const days = createMemo(() => minutesPerDay(props.entries, props.timeZone, new Date().toISOString(), 30));
  const max = () => Math.max(10, ...days().map((d) => d.minutes));
  const total = () => days().reduce((s, d) => s + d.minutes, 0);
  const bar = W / 30;
  return (
    <figure class="chart">
      <figcaption id="minutes-caption">
        Minutes per day, last 30 days: {Math.round(total())} min on {days().filter((d) => d.minutes > 0).length} of 30 days; the tallest bar
        is {Math.round(Math.max(...days().map((d) => d.minutes)))} min.
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="minutes-caption" preserveAspectRatio="none">
        <title>Minutes per day</title>
        <For each={days()}>
          {(d, i) => (
            <rect
              x={i() * bar + 1}
              width={bar - 2}
              y={H - (d.minutes / max()) * (H - 4)}
              height={(d.minutes / max()) * (H - 4)}
              class="bar"
            />
          )}
        </For>
      </svg>
      <TableAlternative
        head={['Day', 'Minutes']}
        rows={days()
          .filter((d) => d.minutes > 0)
          .map((d) => [d.day, d.minutes.toFixed(1)])}
      />
    </figure>
  );
}

export function CoherenceChart(props: { entries: readonly JournalEntry[] }) {
  const series = createMemo(() => coherenceSeries(props.entries).slice(-60));
  const xy = () =>
    series().map((p, i, all) => ({
      x: all.length === 1 ? W / 2 : (i / (all.length - 1)) * (W - 8) + 4,
      y: H - 4 - (p.score / 100) * (H - 8),
    }));
  const points = () =>
    xy()
      .map((p) => `${p.x},${p.y}`)
      .join(' ');
  const average = () => series().reduce((s, p) => s + p.score, 0) / Math.max(1, series().length);
  return (
    <Show when={series().length > 0} fallback={<p class="hint">Rhythm coherence appears here once you use press-and-hold in a session.</p>}>
      <figure class="chart">
        <figcaption id="coherence-caption">
          Rhythm coherence, last {series().length} measured sessions: average {Math.round(average())}, latest {series().at(-1)!.score}.
        </figcaption>
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="coherence-caption">
          <title>Rhythm coherence</title>
          <polyline points={points()} class="line" fill="none" />
          <For each={xy()}>{(p) => <circle cx={p.x} cy={p.y} r="2.5" class="dot" />}</For>
        </svg>
        <TableAlternative head={['Session', 'Coherence']} rows={series().map((p) => [new Date(p.at).toLocaleString(), String(p.score)])} />
      </figure>
    </Show>
  );
}
