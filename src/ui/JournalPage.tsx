/** The journal: history with totals, streaks and charts; or the unlock form while it is locked. */
import { A } from '@solidjs/router';
import { createMemo, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { HISTORY_RANGES, type HistoryRange, inRange, minutesByBucket, streaks, totals } from '../core/history.ts';
import type { EncryptedRecord } from '../vault/store.ts';
import type { StoredEntry } from '../vault/vault.ts';
import { CoherenceChart, MinutesChart, minutesText } from './HistoryCharts.tsx';
import { needsPassphraseWords, unavailableWords } from './messages/vault.ts';
import { count } from './messages/words.ts';
import { SessionList } from './SessionList.tsx';
import { UnlockForm } from './UnlockForm.tsx';
import { useApp } from './state.tsx';

const UNDO_MS = 10_000;

const RANGE_LABELS: { readonly [R in HistoryRange]: string } = { week: 'Week', month: 'Month', year: 'Year' };

function History() {
  const app = useApp();
  app.journal.openHistory();
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [filter, setFilter] = createSignal('');
  const [range, setRange] = createSignal<HistoryRange>('month');
  const now = new Date().toISOString();
  const [undo, setUndo] = createSignal<{ record: EncryptedRecord; label: string } | null>(null);
  let undoTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(undoTimer));

  const all = () => app.journal.history()?.entries ?? [];
  const names = createMemo(() => [...new Set(all().map((e) => e.entry.pattern.name))].sort());
  const shown = createMemo(() => (filter() ? all().filter((e) => e.entry.pattern.name === filter()) : all()));
  const entries = createMemo(() => shown().map((e) => e.entry));
  // Totals and charts follow the chosen range; streaks run over the whole history.
  const ranged = createMemo(() => inRange(entries(), range(), timeZone, now));
  const buckets = createMemo(() => minutesByBucket(ranged(), range(), timeZone, now));
  const sum = createMemo(() => totals(ranged(), timeZone));
  const streak = createMemo(() => streaks(entries(), timeZone, now));

  const remove = async (item: StoredEntry) => {
    const record = await app.journal.remove(item.id);
    if (!record) return;
    clearTimeout(undoTimer);
    setUndo({ record, label: `${item.entry.pattern.name}, ${new Date(item.entry.startedAt).toLocaleString()}` });
    undoTimer = setTimeout(() => setUndo(null), UNDO_MS);
  };
  const restore = async () => {
    const u = undo();
    setUndo(null);
    if (u) await app.journal.restore(u.record);
  };

  return (
    <>
      <Show when={(app.journal.history()?.skipped ?? 0) > 0}>
        <p class="warning" role="alert" data-testid="skipped">
          {app.journal.history()!.skipped} saved sessions could not be read (damaged or changed) and are left out. The others are intact.
        </p>
      </Show>
      <fieldset class="range-switch">
        <legend class="visually-hidden">Show</legend>
        <For each={HISTORY_RANGES}>
          {(r) => (
            <label>
              <input type="radio" name="history-range" value={r} checked={range() === r} onChange={() => setRange(r)} />
              <span>{RANGE_LABELS[r]}</span>
            </label>
          )}
        </For>
      </fieldset>
      <dl class="summary-facts journal-totals" data-testid="totals">
        <div>
          <dt>Sessions</dt>
          <dd data-testid="total-sessions">{sum().sessions}</dd>
        </div>
        <div>
          <dt>Minutes</dt>
          <dd data-testid="total-minutes">{minutesText(sum().minutes)}</dd>
        </div>
        <div>
          <dt>Current streak</dt>
          <dd data-testid="streak-current">{count(streak().current, 'day')}</dd>
        </div>
        <div>
          <dt>Best streak</dt>
          <dd>{count(streak().best, 'day')}</dd>
        </div>
      </dl>
      <Show when={names().length > 1}>
        <label class="field inline">
          Pattern
          <select value={filter()} onChange={(e) => setFilter(e.currentTarget.value)}>
            <option value="">All patterns</option>
            <For each={names()}>{(n) => <option value={n}>{n}</option>}</For>
          </select>
        </label>
      </Show>
      <MinutesChart buckets={buckets()} range={range()} />
      <CoherenceChart entries={ranged()} buckets={buckets()} range={range()} timeZone={timeZone} />
      <h2>Sessions</h2>
      <div role="status" class="undo-slot">
        <Show when={undo()}>
          {(u) => (
            <p class="undo">
              Deleted {u().label}.
              <button type="button" onClick={() => void restore()}>
                Undo
              </button>
            </p>
          )}
        </Show>
      </div>
      <Show when={shown().length > 0} fallback={<p class="hint">No sessions yet. They appear here when a session ends.</p>}>
        <SessionList entries={shown()} onDelete={(e) => void remove(e)} />
      </Show>
    </>
  );
}

export default function JournalPage() {
  const app = useApp();
  const state = () => app.journal.state();
  return (
    <section class="journal" aria-labelledby="journal-title">
      <div class="title-row">
        <h1 id="journal-title">Journal</h1>
        <A href="/journal/security" class="button">
          Privacy and backup
        </A>
      </div>
      <Switch>
        <Match when={state().kind === 'unavailable'}>
          <p role="alert">The journal could not be opened: {unavailableWords((state() as { error: unknown }).error)}</p>
        </Match>
        <Match when={state().kind === 'locked'}>
          <UnlockForm title="Your journal is locked" />
        </Match>
        <Match when={state().kind === 'unlocked' || state().kind === 'needs-passphrase'}>
          <Show when={state().kind === 'needs-passphrase'}>
            <p class="warning" role="alert">
              {needsPassphraseWords((state() as { errorName: string }).errorName)} <A href="/journal/security">Set a passphrase</A>.
            </p>
          </Show>
          <History />
        </Match>
      </Switch>
    </section>
  );
}
