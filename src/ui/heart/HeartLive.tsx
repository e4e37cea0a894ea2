/**
 * The heart while breathing, one compact line under the guide: heart rate, coherence with its level,
 * and the tachogram moving with the guide's clock. Its data attributes are the browser tests' contract.
 */
import { Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { useApp } from '../state.tsx';
import { Tachogram } from './Tachogram.tsx';
import { coherenceLevel, LOW_QUALITY, whole } from './words.ts';
import './heart.css';

/** How many RR intervals the data-rr attribute carries. */
const RR_SHOWN = 64;

export default function HeartLive(props: { now: number }) {
  const heart = useApp().heart;
  const bpm = () => heart.reading()?.bpm ?? null;
  const coherence = () => heart.reading()?.coherence ?? null;
  const quality = () => heart.quality();
  return (
    <div
      class="heart-live"
      data-testid="heart-live"
      data-source={heart.source() ?? ''}
      data-state={heart.status()}
      data-bpm={bpm() === null ? '' : String(Math.round(bpm()!))}
      data-coherence={coherence() === null ? '' : String(Math.round(coherence()!.score))}
      data-quality={quality() === null ? '' : quality()!.toFixed(2)}
      data-rr={heart
        .beats()
        .slice(-RR_SHOWN)
        .map((b) => String(b.rrMs))
        .join(' ')}
    >
      <span class="heart-figure">
        <svg class="heart-mark" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 21s-7.5-4.6-9.6-9.3C.9 8.2 3 4.5 6.6 4.5c2.1 0 3.6 1.2 5.4 3.2 1.8-2 3.3-3.2 5.4-3.2 3.6 0 5.7 3.7 4.2 7.2C19.5 16.4 12 21 12 21z" />
        </svg>
        <span class="visually-hidden">{t('heart.live.label')} </span>
        {bpm() === null ? t('heart.live.waiting') : t('heart.live.bpm', whole(bpm()!))}
      </span>
      <Show when={coherence()}>
        {(c) => (
          <span class={`heart-figure heart-coherence ${coherenceLevel(c().score)}`}>
            {t('heart.live.coherence')} <strong>{whole(c().score)}</strong> {t(`heart.live.level.${coherenceLevel(c().score)}`)}
          </span>
        )}
      </Show>
      <Tachogram beats={heart.beats()} now={props.now} label={t('heart.live.tachogram')} />
      <Show when={heart.status() === 'lost'}>
        <span class="heart-figure heart-lost">{t('heart.status.lost', t(`heart.error.${heart.error() ?? 'failed'}`))}</span>
      </Show>
      <Show when={heart.source() === 'camera' && heart.status() === 'running' && (quality() ?? 1) < LOW_QUALITY}>
        <span class="heart-figure heart-hold-still">{t('heart.qualityHint')}</span>
      </Show>
    </div>
  );
}
