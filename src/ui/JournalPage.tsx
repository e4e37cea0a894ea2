/** The journal: history with totals, streaks and charts; or the unlock form while it is locked. */
import { A } from '@solidjs/router';
import { createMemo, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js';
import { HISTORY_RANGES, type HistoryRange, hasHeart, inRange, minutesByBucket, streaks, totals } from '../core/history.ts';
import { compareNames, formatDate } from '../i18n/format.ts';
import { t } from '../i18n/index.ts';
import type { EncryptedRecord } from '../vault/store.ts';
import type { StoredEntry } from '../vault/vault.ts';
import { CoherenceChart, HeartCharts, MinutesChart, minutesText } from './HistoryCharts.tsx';
import { patternName } from './messages/patterns.ts';
import { needsPassphraseWords, unavailableWords } from './messages/vault.ts';
import { SessionList } from './SessionList.tsx';
import { UnlockForm } from './UnlockForm.tsx';
import { useApp } from './state.tsx';

const UNDO_MS = 10_000;

function History() {
  const app = useApp();
  app.journal.openHistory();
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [filter, setFilter] = createSignal('');
  const [range, setRange] = createSignal<HistoryRange>('month');
  const now = new Date().toISOString();
  const [undo, setUndo] = createSignal<{ record: EncryptedRecord; item: StoredEntry } | null>(null);
  let undoTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(undoTimer));

  const all = () => app.journal.history()?.entries ?? [];
  // The filter goes by the stored name; each is shown as its pattern's name in the showing language.
  const names = createMemo(() => {
    const byName = new Map(all().map((e) => [e.entry.pattern.name, patternName(e.entry.pattern)]));
    return [...byName].map(([value, label]) => ({ value, label })).sort((a, b) => compareNames(a.label, b.label));
  });
  const shown = createMemo(() => (filter() ? all().filter((e) => e.entry.pattern.name === filter()) : all()));
  const entries = createMemo(() => shown().map((e) => e.entry));
  // Totals and charts follow the chosen range; streaks run over the whole history.
  const ranged = createMemo(() => inRange(entries(), range(), timeZone, now));
  const buckets = createMemo(() => minutesByBucket(ranged(), range(), timeZone, now));
  const sum = createMemo(() => totals(ranged(), timeZone));
  const streak = createMemo(() => streaks(entries(), timeZone, now));
  // The heart charts appear once any session (not only this range's) had a heart sensor.
  const anyHeart = createMemo(() => hasHeart(all().map((e) => e.entry)));

  const remove = async (item: StoredEntry) => {
    const record = await app.journal.remove(item.id);
    if (!record) return;
    clearTimeout(undoTimer);
    setUndo({ record, item });
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
          {t('journal.skipped', app.journal.history()!.skipped)}
        </p>
      </Show>
      <fieldset class="range-switch">
        <legend class="visually-hidden">{t('journal.range.label')}</legend>
        <For each={HISTORY_RANGES}>
          {(r) => (
            <label>
              <input type="radio" name="history-range" value={r} checked={range() === r} onChange={() => setRange(r)} />
              <span>{t(`journal.range.${r}`)}</span>
            </label>
          )}
        </For>
      </fieldset>
      <dl class="summary-facts journal-totals" data-testid="totals">
        <div>
          <dt>{t('journal.totals.sessions')}</dt>
          <dd data-testid="total-sessions">{sum().sessions}</dd>
        </div>
        <div>
          <dt>{t('journal.totals.minutes')}</dt>
          <dd data-testid="total-minutes">{minutesText(sum().minutes)}</dd>
        </div>
        <div>
          <dt>{t('journal.totals.currentStreak')}</dt>
          <dd data-testid="streak-current">{t('journal.days', streak().current)}</dd>
        </div>
        <div>
          <dt>{t('journal.totals.bestStreak')}</dt>
          <dd>{t('journal.days', streak().best)}</dd>
        </div>
      </dl>
      <Show when={names().length > 1}>
        <label class="field inline">
          {t('journal.filter.label')}
          <select value={filter()} onChange={(e) => setFilter(e.currentTarget.value)}>
            <option value="">{t('journal.filter.all')}</option>
            <For each={names()}>{(n) => <option value={n.value}>{n.label}</option>}</For>
          </select>
        </label>
      </Show>
      <MinutesChart buckets={buckets()} range={range()} />
      <CoherenceChart entries={ranged()} buckets={buckets()} range={range()} timeZone={timeZone} />
      <HeartCharts shown={anyHeart()} entries={ranged()} buckets={buckets()} range={range()} timeZone={timeZone} />
      <h2>{t('journal.sessions')}</h2>
      <div role="status" class="undo-slot">
        <Show when={undo()}>
          {(u) => (
            <p class="undo">
              {t(
                'journal.undo.deleted',
                patternName(u().item.entry.pattern),
                formatDate(new Date(u().item.entry.startedAt), { dateStyle: 'medium', timeStyle: 'short' }),
              )}
              <button type="button" onClick={() => void restore()}>
                {t('journal.undo.button')}
              </button>
            </p>
          )}
        </Show>
      </div>
      <Show when={shown().length > 0} fallback={<p class="hint">{t('journal.empty')}</p>}>
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
        <h1 id="journal-title">{t('journal.title')}</h1>
        <A href="/journal/security" class="button">
          {t('journal.privacyLink')}
        </A>
      </div>
      <Switch>
        <Match when={state().kind === 'unavailable'}>
          <p role="alert">{t('journal.couldNotOpen', unavailableWords((state() as { error: unknown }).error))}</p>
        </Match>
        <Match when={state().kind === 'locked'}>
          <UnlockForm title={t('journal.locked')} />
        </Match>
        <Match when={state().kind === 'unlocked' || state().kind === 'needs-passphrase'}>
          <Show when={state().kind === 'needs-passphrase'}>
            <p class="warning" role="alert">
              {needsPassphraseWords((state() as { errorName: string }).errorName)}{' '}
              <A href="/journal/security">{t('journal.setPassphrase')}</A>.
            </p>
          </Show>
          <History />
        </Match>
      </Switch>
    </section>
  );
}
