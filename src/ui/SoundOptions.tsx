/**
 * What a session sounds like: the master switch, the chimes at each phase change, a soundscape
 * that breathes with the pacer, spoken cues (counting the seconds or not; voice, rate, volume)
 * and a way to try the voice.
 */
import { For, Show } from 'solid-js';
import { formatNumber } from '../i18n/format.ts';
import { intlLocale, t } from '../i18n/index.ts';
import { CHIME_CHOICES, SOUNDSCAPE_CHOICES, VOICE_RATE, type Settings } from '../local/settings.ts';
import { useApp } from './state.tsx';
import './sound-options.css';

type VolumeKey = 'voiceVolume' | 'chimeVolume' | 'ambienceVolume';

export function SoundOptions() {
  const app = useApp();
  const settings = () => app.settings();
  const update = (patch: Partial<Settings>) => void app.settings.update(patch);
  const engine = app.device.tones;
  const voices = () => engine.voicesFor(intlLocale());
  const voiceState = () => engine.voiceState(intlLocale());

  const Volume = (props: { key: VolumeKey; label: string }) => (
    <label class="sound-range">
      <span>{props.label}</span>
      <input
        type="range"
        min="0"
        max="1"
        step="0.05"
        value={settings()[props.key]}
        // i18n-exempt: an Intl option name; the words are Intl's, in the showing locale
        aria-valuetext={formatNumber(settings()[props.key], { style: 'percent' })}
        onChange={(e) => update({ [props.key]: e.currentTarget.valueAsNumber })}
      />
    </label>
  );

  return (
    <>
      <label>
        <input
          type="checkbox"
          checked={settings().tones}
          onChange={(e) => {
            update({ tones: e.currentTarget.checked });
            // Turning sound on is a gesture: sound may start then (in a room, nothing else is tapped before the host starts).
            if (e.currentTarget.checked) engine.unlock();
          }}
        />
        {t('sound.master')}
      </label>
      <Show when={settings().tones}>
        <div class="sound-options">
          <label class="sound-field">
            <span>{t('sound.chimes.label')}</span>
            <select value={settings().chimes} onChange={(e) => update({ chimes: e.currentTarget.value as Settings['chimes'] })}>
              <For each={CHIME_CHOICES}>{(c) => <option value={c}>{t(`sound.chimes.${c}`)}</option>}</For>
            </select>
          </label>
          <Volume key="chimeVolume" label={t('sound.volume.chimes')} />
          <label class="sound-field">
            <span>{t('sound.soundscape.label')}</span>
            <select value={settings().soundscape} onChange={(e) => update({ soundscape: e.currentTarget.value as Settings['soundscape'] })}>
              <For each={SOUNDSCAPE_CHOICES}>{(s) => <option value={s}>{t(`sound.soundscape.${s}`)}</option>}</For>
            </select>
          </label>
          <Show when={settings().soundscape !== 'none'}>
            <Volume key="ambienceVolume" label={t('sound.volume.ambience')} />
            <p class="hint">{t('sound.glyphHint')}</p>
          </Show>
          <label class="sound-switch">
            <input type="checkbox" checked={settings().voice} onChange={(e) => update({ voice: e.currentTarget.checked })} />
            {t('sound.voice.label')}
          </label>
          <Show when={settings().voice}>
            <label class="sound-switch sound-count">
              <input type="checkbox" checked={settings().voiceCount} onChange={(e) => update({ voiceCount: e.currentTarget.checked })} />
              {t('sound.voice.count')}
            </label>
            <Show when={voiceState() === 'loading'}>
              <p class="hint">{t('sound.voice.loading')}</p>
            </Show>
            <Show when={voiceState() === 'none'}>
              <p class="hint sound-no-voice" role="status">
                {t('sound.voice.none')}
              </p>
            </Show>
            <Show when={voiceState() === 'ready'}>
              <label class="sound-field">
                <span>{t('sound.voice.choose')}</span>
                <select value={settings().voiceName} onChange={(e) => update({ voiceName: e.currentTarget.value })}>
                  <option value="">{t('sound.voice.best')}</option>
                  <For each={voices()}>{(v) => <option value={v.uri}>{t('sound.voice.option', v.name, v.local)}</option>}</For>
                </select>
              </label>
              <label class="sound-range">
                <span>{t('sound.voice.rate')}</span>
                <input
                  type="range"
                  min={VOICE_RATE.min}
                  max={VOICE_RATE.max}
                  step="0.05"
                  value={settings().voiceRate}
                  aria-valuetext={t('sound.voice.rateValue', formatNumber(settings().voiceRate, { maximumFractionDigits: 2 }))}
                  onChange={(e) => update({ voiceRate: e.currentTarget.valueAsNumber })}
                />
              </label>
              <Volume key="voiceVolume" label={t('sound.volume.voice')} />
            </Show>
            <button type="button" class="sound-try" onClick={() => engine.tryVoice()}>
              {t('sound.voice.try')}
            </button>
          </Show>
        </div>
      </Show>
    </>
  );
}
