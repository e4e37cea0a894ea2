/** The end of a session: what was breathed and how closely it followed the pacer. */
import { Show } from 'solid-js';
import type { SessionSummary } from '../core/summary.ts';
import { formatNumber } from '../i18n/format.ts';
import { t } from '../i18n/index.ts';
import { InstallOffer } from './install.tsx';
import { JournalSave } from './JournalSave.tsx';
import { patternName } from './messages/patterns.ts';
import { formatDuration } from './state.tsx';
import { HeartFacts } from './heart/HeartFacts.tsx';

const pct = (x: number) => formatNumber(Math.round(x * 100) / 100, { style: 'percent' });
const oneDecimal = (x: number) => formatNumber(x, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function SummaryView(props: { summary: SessionSummary; saveError: string; onAgain(): void; onDone(): void }) {
  const s = () => props.summary;
  const Actions = () => (
    <div class="controls">
      <button type="button" class="primary" onClick={() => props.onAgain()}>
        {t('practice.summary.again')}
      </button>
      <button type="button" onClick={() => props.onDone()}>
        {t('practice.summary.done')}
      </button>
    </div>
  );
  return (
    <section class="summary" aria-labelledby="summary-title">
      <h1 id="summary-title" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
        {s().completed ? t('practice.summary.complete') : t('practice.summary.stopped')}
      </h1>
      <dl class="summary-facts">
        <div>
          <dt>{t('practice.summary.pattern')}</dt>
          <dd>{patternName(s().pattern)}</dd>
        </div>
        <div>
          <dt>{t('practice.summary.duration')}</dt>
          <dd data-testid="summary-duration">{formatDuration(s().durationMs, 'down')}</dd>
        </div>
        <div>
          <dt>{t('practice.summary.cycles')}</dt>
          <dd data-testid="summary-cycles">{s().cycles}</dd>
        </div>
      </dl>
      <Show
        when={s().coherence}
        fallback={
          <p class="no-coherence" data-testid="no-coherence">
            {t('practice.summary.noCoherence')}
          </p>
        }
      >
        {(c) => (
          <div class="coherence">
            <p class="coherence-score">
              <span class="label">{t('practice.summary.coherence')}</span>
              <span class="score-figure">
                <strong data-testid="coherence-score">{c().score}</strong>
                <span class="out-of">{t('practice.summary.outOf')}</span>
              </span>
            </p>
            <p class="explain">{t('practice.summary.explain')}</p>
            <details class="score-help">
              <summary>{t('practice.summary.whyTitle')}</summary>
              <p>{t('practice.summary.whyText')}</p>
            </details>
            <dl class="coherence-details">
              <div>
                <dt>{t('practice.summary.phaseLocking')}</dt>
                <dd data-testid="coherence-r">{formatNumber(c().r, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</dd>
              </div>
              <div>
                <dt>{t('practice.summary.timing')}</dt>
                <dd data-testid="coherence-offset">
                  {t(
                    c().meanOffsetMs >= 0 ? 'practice.summary.late' : 'practice.summary.early',
                    formatNumber(Math.abs(Math.round(c().meanOffsetMs))),
                    formatNumber(Math.round(c().sdOffsetMs)),
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('practice.summary.inPhase')}</dt>
                <dd data-testid="coherence-in-phase">{t('practice.summary.inPhaseValue', pct(c().inPhaseFraction))}</dd>
              </div>
              <div>
                <dt>{t('practice.summary.rate')}</dt>
                <dd data-testid="coherence-rate">
                  <Show
                    when={c().userBpm !== null && c().rateMatch !== null}
                    fallback={t('practice.summary.pacerRate', oneDecimal(c().pacerBpm))}
                  >
                    {t('practice.summary.rateAgainst', oneDecimal(c().userBpm!), oneDecimal(c().pacerBpm), pct(c().rateMatch!))}
                  </Show>
                </dd>
              </div>
            </dl>
          </div>
        )}
      </Show>
      <Show when={s().heart}>{(heart) => <HeartFacts heart={heart()} />}</Show>
      <Show when={props.saveError} fallback={<JournalSave actions={<Actions />} />}>
        <p role="alert" class="form-error">
          {props.saveError}
        </p>
        <Actions />
      </Show>
      {/* After a finished session, never during one: the browser's install offer, where it has one. */}
      <InstallOffer />
    </section>
  );
}
