/** A session's heart on its summary: mean heart rate, RMSSD and coherence, and how many beats they rest on. */
import { Show } from 'solid-js';
import type { HeartSummary } from '../../core/heart/beat.ts';
import { t } from '../../i18n/index.ts';
import { coherenceLevel, whole } from './words.ts';

export function HeartFacts(props: { heart: HeartSummary }) {
  const h = () => props.heart;
  return (
    <section class="heart-facts" aria-labelledby="heart-facts-title" data-testid="heart-summary" data-source={h().source}>
      <h2 id="heart-facts-title">{t('heart.summary.title')}</h2>
      <dl class="summary-facts">
        <div>
          <dt>{t('heart.summary.meanBpm')}</dt>
          <dd data-testid="heart-mean-bpm">{t('heart.live.bpm', whole(h().meanBpm))}</dd>
        </div>
        <div>
          <dt>{t('heart.summary.rmssd')}</dt>
          <dd data-testid="heart-rmssd">{h().rmssdMs === null ? t('heart.summary.none') : t('heart.summary.ms', whole(h().rmssdMs!))}</dd>
        </div>
        <div>
          <dt>{t('heart.summary.coherence')}</dt>
          <dd data-testid="heart-coherence">
            <Show when={h().coherence !== null} fallback={t('heart.summary.none')}>
              {t(
                'heart.summary.coherenceValue',
                whole(h().coherence!),
                t(`heart.live.level.${coherenceLevel(h().coherence!)}`),
                whole(h().peakCoherence ?? h().coherence!),
              )}
            </Show>
          </dd>
        </div>
      </dl>
      <p class="hint">{t('heart.summary.beats', whole(h().beats), whole(h().rejected))}</p>
    </section>
  );
}
