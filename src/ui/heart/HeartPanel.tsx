/**
 * The heart sensor's panel on the practice page: the two sensors, each explained in a line, the
 * status (connecting, running with the device and its battery, or stopped and why), the camera's
 * quality hint, a way to stop, and the way to the resonance finder once a sensor runs.
 */
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import type { HeartSourceKind } from '../../core/heart/beat.ts';
import { formatNumber } from '../../i18n/format.ts';
import { t } from '../../i18n/index.ts';
import { useApp } from '../state.tsx';
import { hasWebBluetooth, LOW_QUALITY, statusWords } from './words.ts';
import './heart.css';

export default function HeartPanel() {
  const heart = useApp().heart;
  const bluetooth = hasWebBluetooth();
  const busy = () => heart.status() === 'starting';
  const runs = (kind: HeartSourceKind) => heart.source() === kind && heart.status() === 'running';
  const lowQuality = () => heart.source() === 'camera' && heart.status() === 'running' && (heart.quality() ?? 1) < LOW_QUALITY;

  return (
    <section class="heart-panel" aria-labelledby="heart-panel-title" id="heart-panel">
      <h2 id="heart-panel-title">{t('heart.panel')}</h2>
      <p class="hint">{t('heart.intro')}</p>
      <div class="heart-choices">
        <div class="heart-choice">
          <button
            type="button"
            aria-describedby="heart-strap-hint"
            aria-pressed={runs('strap')}
            disabled={busy()}
            onClick={() => void heart.start('strap')}
          >
            {t('heart.strap')}
          </button>
          <p id="heart-strap-hint" class="hint" classList={{ warn: !bluetooth }}>
            {bluetooth ? t('heart.strapHint') : t('heart.strapUnavailable')}
          </p>
        </div>
        <div class="heart-choice">
          <button
            type="button"
            aria-describedby="heart-camera-hint"
            aria-pressed={runs('camera')}
            disabled={busy()}
            onClick={() => void heart.start('camera')}
          >
            {t('heart.camera')}
          </button>
          <p id="heart-camera-hint" class="hint">
            {t('heart.cameraHint')}
          </p>
        </div>
      </div>
      <p role="status" class="heart-status" data-testid="heart-status" data-state={heart.status()}>
        {statusWords(heart.status(), heart.source(), heart.error(), heart.deviceName(), heart.battery())}
      </p>
      <Show when={heart.source() === 'camera' && heart.status() === 'running' && heart.quality() !== null}>
        <p class="heart-quality" classList={{ low: lowQuality() }}>
          {t('heart.quality', formatNumber(heart.quality()!, { style: 'percent' }))}
          <Show when={lowQuality()}>
            {' '}
            <strong>{t('heart.qualityHint')}</strong>
          </Show>
        </p>
      </Show>
      <Show when={heart.status() !== 'idle'}>
        <div class="heart-actions">
          <button type="button" onClick={() => void heart.stop()}>
            {t('heart.stop')}
          </button>
          <Show when={heart.status() === 'running'}>
            <A href="/heart/resonance" class="button">
              {t('heart.findResonance')}
            </A>
          </Show>
        </div>
      </Show>
    </section>
  );
}
