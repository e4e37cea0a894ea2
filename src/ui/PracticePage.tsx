/** Practice: the chosen pattern breathing and one tap to start (options folded below), breathe, then see the summary. */
import {
  createEffect,
  createMemo,
  createSignal,
  For,
  getOwner,
  lazy,
  Match,
  onCleanup,
  onMount,
  runWithOwner,
  Show,
  Suspense,
  Switch,
} from 'solid-js';
import { isHoldHeavy, type Pattern } from '../core/pattern.ts';
import { planSession } from '../core/pacer.ts';
import { DEFAULT_PATTERN } from '../core/presets.ts';
import { formatDurationWords } from '../i18n/format.ts';
import { t } from '../i18n/index.ts';
import { MINUTES_CHOICES, SOUNDSCAPE_CHOICES, type Theme } from '../local/settings.ts';
import { canVibrate } from '../practice/device.ts';
import { whenIdle } from '../practice/idle.ts';
import { createPreview } from '../practice/preview.ts';
import { glyphSoundscape } from '../practice/tones.ts';
import { Guide } from './Guide.tsx';
import type { SessionSummary } from '../core/summary.ts';
import type { Mood } from '../core/journal.ts';
import { MoodPicker } from './MoodPicker.tsx';
import { LanguagePicker } from './LanguagePicker.tsx';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { SessionView } from './SessionView.tsx';
import { formatDuration, useApp } from './state.tsx';
import { describeError } from './messages/index.ts';
import { breathsWords, patternName, phaseNumbers, presetPurpose } from './messages/patterns.ts';
import { workerControlsPage } from '../sw-bridge.ts';
import './practice.css';
import './heart/heart.css';

// Glyphs (and Helia behind them) load after the page, never with the pacer's first load.
const GlyphPicker = lazy(() => import('./GlyphPicker.tsx'));
// Sound's options (voices, chimes, soundscapes) are read only once Options is opened: not in the first load.
const SoundOptions = lazy(() => import('./SoundOptions.tsx').then((m) => ({ default: m.SoundOptions })));
// The summary (with the journal's note and mood forms) is needed only once a session ends.
const SummaryView = lazy(() => import('./SummaryView.tsx').then((m) => ({ default: m.SummaryView })));
// The heart sensor's panel (and the sensors behind it) load only when the person opens it.
const HeartPanel = lazy(() => import('./heart/HeartPanel.tsx'));

type Stage = { kind: 'choose' } | { kind: 'safety' } | { kind: 'session'; run: number } | { kind: 'summary'; summary: SessionSummary };

export function PracticePage() {
  const app = useApp();
  const navigate = useNavigate();
  const [stage, setStage] = createSignal<Stage>({ kind: 'choose' });
  let runs = 0;
  const pattern = createMemo<Pattern>(() => app.patterns.all().find((p) => p.id === app.settings().patternId) ?? DEFAULT_PATTERN);

  // The pattern as a session breathes it: the chosen length, or the pattern's own.
  const sessionPattern = createMemo<Pattern>(() => {
    const minutes = app.settings().minutes;
    return minutes > 0 ? { ...pattern(), length: { unit: 'minutes', value: minutes } } : pattern();
  });
  // The chosen pattern breathing on its own; made with the home screen and stopped with it.
  const HomeGuide = () => {
    const preview = createPreview(pattern, app.device.clock);
    return <Guide pattern={pattern()} view={preview()} pressed={false} glyph={glyphUrl()} />;
  };

  // The glyph store stays off the first paint's path. Once the service worker controls the page, the
  // chosen glyph is in its verified cache and is shown when the page is idle (no Helia needed). On a
  // first visit it would take Helia (and, arriving late, become the page's largest paint): it is
  // loaded when it is needed, on opening Options (the guide's choice) or on starting a session.
  const [optionsOpened, setOptionsOpened] = createSignal(false);
  const [idle, setIdle] = createSignal(false);
  const cached = workerControlsPage();
  onMount(() => onCleanup(whenIdle(() => setIdle(true))));
  // The chosen glyph as a blob URL; null (the drawn shape) until it has loaded, or when it cannot.
  const [glyphUrl, setGlyphUrl] = createSignal<string | null>(null);
  // The soundscape that glyph names, once known (a session that began without it takes it up then).
  const [glyphSound, setGlyphSound] = createSignal<string | undefined>();
  createEffect(() => {
    const choice = app.settings().glyph;
    const p = pattern();
    if (choice === 'shape') {
      setGlyphSound(undefined);
      return setGlyphUrl(null);
    }
    if (!(cached && idle()) && !optionsOpened() && stage().kind !== 'session') return;
    let current = true;
    onCleanup(() => (current = false));
    const hour = new Date().getHours();
    const store = app.glyphs();
    void store
      .then((glyphs) => glyphs.guideImage(choice, p, hour))
      // reason: a glyph that cannot be loaded leaves the drawn shape, which always works
      .catch(() => null)
      .then((url) => current && setGlyphUrl(url));
    void store
      .then((glyphs) => glyphs.guideSound(choice, p, hour))
      // reason: a glyph that cannot be loaded names no soundscape: the chosen one plays
      .catch(() => undefined)
      .then((name) => current && setGlyphSound(name));
  });
  // What the session's soundscape is: the glyph's in place of the chosen one, silence when none is chosen.
  const soundscape = () => glyphSoundscape(app.settings().soundscape, glyphSound(), SOUNDSCAPE_CHOICES);

  /** Scrolls the row of patterns (not the page) so that the chosen one is in view. */
  const showChosen = (row: HTMLElement) => {
    const chosen = row.querySelector<HTMLElement>('input:checked')?.closest('label');
    if (chosen) row.scrollLeft = chosen.offsetLeft - row.offsetLeft - (row.clientWidth - chosen.offsetWidth) / 2;
  };

  const begin = () => {
    if (isHoldHeavy(pattern()) && !app.settings().safetyNoteSeen) return setStage({ kind: 'safety' });
    if (app.settings().tones) app.device.tones.unlock();
    app.setSessionActive(true);
    // Fetched while the person breathes, so the summary is there the moment the session ends.
    void import('./SummaryView.tsx');
    setStage({ kind: 'session', run: ++runs });
  };
  // The installed app's shortcut "Start the last pattern" (manifest: /?start=1) begins at once: for
  // a custom pattern, once the list holds it (it is read just after start); a pattern no longer kept
  // falls back to the default, as the home screen does.
  const [params, setParams] = useSearchParams<{ start?: string }>();
  const owner = getOwner();
  onMount(() => {
    if (params.start !== '1') return;
    setParams({ start: undefined }, { replace: true });
    const id = app.settings().patternId;
    void app.patterns
      .get(id)
      // reason: a library that cannot be read leaves the default pattern, as the home screen shows it
      .catch(() => undefined)
      .then((custom) => {
        if (!custom) return begin();
        runWithOwner(owner, () => {
          let started = false;
          createEffect(() => {
            if (started || !app.patterns.all().some((p) => p.id === id)) return;
            started = true;
            begin();
          });
        });
      });
  });
  // Leaving the page ends a running session (SessionView cleans up after itself).
  onCleanup(() => app.setSessionActive(false));
  const [moodBefore, setMoodBefore] = createSignal<Mood | undefined>();
  const [saveError, setSaveError] = createSignal('');
  // Open again on coming back while a sensor runs: its status and Stop stay in reach.
  const [heartOpen, setHeartOpen] = createSignal(app.heart.status() !== 'idle');
  const ended = (breathed: SessionSummary) => {
    // The heart over the session, when a sensor gave beats during it: the one place a summary takes it.
    const heart = app.heart.summarize(breathed.startedAt, app.device.clock.now());
    const summary: SessionSummary = heart ? { ...breathed, heart } : breathed;
    app.setSessionActive(false);
    setSaveError('');
    setStage({ kind: 'summary', summary });
    // Saved at once, so closing the app on the summary loses nothing; mood and note can follow.
    app.journal
      .saveSession(summary, { ...(moodBefore() ? { moodBefore: moodBefore()! } : {}) })
      .catch((error: unknown) => setSaveError(t('practice.saveFailed', describeError(error))));
    setMoodBefore(undefined);
  };

  return (
    <Switch>
      <Match when={stage().kind === 'choose'}>
        <section class="home" aria-labelledby="choose-title">
          <h1 id="choose-title" class="visually-hidden">
            {t('practice.title')}
          </h1>
          <fieldset class="pattern-chips">
            <legend class="visually-hidden">{t('practice.patternLegend')}</legend>
            <div class="chips" ref={(el) => queueMicrotask(() => showChosen(el))}>
              <For each={app.patterns.all()}>
                {(p) => (
                  <label class="chip">
                    <input
                      type="radio"
                      name="pattern"
                      value={p.id}
                      checked={p.id === pattern().id}
                      onChange={() => void app.settings.update({ patternId: p.id })}
                    />
                    <span class="chip-name">{patternName(p)}</span>
                    <span class="chip-purpose">{presetPurpose(p.id) ?? t('practice.yourPattern', phaseNumbers(p))}</span>
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <div class="home-guide">
            <HomeGuide />
          </div>
          <p class="home-meta">
            {t('patterns.seconds', phaseNumbers(pattern()))} · {t('patterns.bpm', breathsWords(pattern()))} ·{' '}
            {formatDuration(planSession(sessionPattern()).durationMs)}
          </p>
          <button type="button" class="primary start" onClick={begin}>
            {t('practice.start', patternName(pattern()))}
          </button>
          <details class="practice-options" onToggle={(e) => e.currentTarget.open && setOptionsOpened(true)}>
            <summary>
              {t('practice.options')} <span class="hint">{t('practice.optionsHint')}</span>
            </summary>
            <div class="options-body">
              <label class="field inline">
                {t('practice.length')}
                <select
                  value={String(app.settings().minutes)}
                  onChange={(e) => void app.settings.update({ minutes: Number(e.currentTarget.value) })}
                >
                  <For each={MINUTES_CHOICES}>
                    {(m) => (
                      <option value={String(m)}>
                        {m === 0
                          ? t('practice.lengthAsPattern', formatDurationWords(planSession(pattern()).durationMs))
                          : formatDurationWords(m * 60_000)}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              {/* The picker brings the glyph store (and Helia) with it: mounted only once Options is opened. */}
              <Show when={optionsOpened()}>
                <Suspense>
                  <GlyphPicker
                    choice={app.settings().glyph}
                    pattern={pattern()}
                    onChoose={(glyph) => void app.settings.update({ glyph })}
                  />
                </Suspense>
              </Show>
              <fieldset class="options">
                <legend>{t('practice.soundAndTouch')}</legend>
                <Show when={optionsOpened()}>
                  <Suspense>
                    <SoundOptions />
                  </Suspense>
                </Show>
                <label>
                  <input
                    type="checkbox"
                    disabled={!canVibrate()}
                    checked={app.settings().vibration && canVibrate()}
                    onChange={(e) => void app.settings.update({ vibration: e.currentTarget.checked })}
                  />
                  {t('practice.vibration')}
                  <Show when={!canVibrate()}>
                    {' '}
                    <span class="hint">{t('practice.vibrationUnavailable')}</span>
                  </Show>
                </label>
                <label>
                  {t('practice.getReadyFor')}
                  <select
                    value={String(app.settings().prepSeconds)}
                    onChange={(e) => void app.settings.update({ prepSeconds: Number(e.currentTarget.value) })}
                  >
                    <For each={[0, 3, 5, 10]}>{(s) => <option value={String(s)}>{formatDurationWords(s * 1000)}</option>}</For>
                  </select>
                </label>
                <label>
                  {t('practice.theme')}
                  <select
                    value={app.settings().theme}
                    onChange={(e) => void app.settings.update({ theme: e.currentTarget.value as Theme })}
                  >
                    <option value="system">{t('practice.themeSystem')}</option>
                    <option value="light">{t('practice.themeLight')}</option>
                    <option value="dark">{t('practice.themeDark')}</option>
                  </select>
                </label>
                <LanguagePicker />
              </fieldset>
              <MoodPicker legend={t('practice.moodBefore')} name="mood-before" value={moodBefore()} onChange={setMoodBefore} />
            </div>
          </details>
          <button
            type="button"
            class="heart-toggle"
            aria-expanded={heartOpen()}
            aria-controls="heart-panel"
            onClick={() => setHeartOpen((open) => !open)}
          >
            {t('heart.button')}
          </button>
          <Show when={heartOpen()}>
            <Suspense>
              <HeartPanel />
            </Suspense>
          </Show>
          <button
            type="button"
            class="together"
            onClick={() =>
              void app.rooms
                .load()
                .then((rooms) => navigate(`/room/${rooms.createRoom()}`, { state: { create: true } }))
                // reason: the rooms code is precached; should it still not load, the room page would say so, and there is no room yet
                .catch((error: unknown) => console.error('no room made', error))
            }
          >
            {t('practice.together')}
          </button>
        </section>
      </Match>
      <Match when={stage().kind === 'safety'}>
        <section class="safety-note" role="alertdialog" aria-labelledby="safety-title" aria-describedby="safety-text">
          <h1 id="safety-title">{t('practice.safety.title')}</h1>
          <p id="safety-text">{t('practice.safety.text', patternName(pattern()))}</p>
          <button
            type="button"
            class="primary"
            ref={(el) => queueMicrotask(() => el.focus())}
            onClick={() => {
              void app.settings.update({ safetyNoteSeen: true });
              begin();
            }}
          >
            {t('practice.safety.begin')}
          </button>
          <button type="button" onClick={() => setStage({ kind: 'choose' })}>
            {t('practice.safety.another')}
          </button>
        </section>
      </Match>
      {/* keyed: "Breathe again" makes a new stage object, which mounts a fresh session */}
      <Match when={stage().kind === 'session' && stage()} keyed>
        {(_stage) => (
          <SessionView
            pattern={sessionPattern()}
            prepMs={app.settings().prepSeconds * 1000}
            tones={app.settings().tones}
            vibration={app.settings().vibration && canVibrate()}
            glyph={glyphUrl()}
            soundscape={soundscape()}
            onEnd={ended}
          />
        )}
      </Match>
      <Match when={stage().kind === 'summary' && stage()} keyed>
        {(s) =>
          s.kind === 'summary' && (
            <Suspense>
              <SummaryView summary={s.summary} saveError={saveError()} onAgain={begin} onDone={() => setStage({ kind: 'choose' })} />
            </Suspense>
          )
        }
      </Match>
    </Switch>
  );
}
