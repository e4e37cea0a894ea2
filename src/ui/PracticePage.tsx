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
import { breathsPerMinute, isHoldHeavy, phaseSummary, type Pattern } from '../core/pattern.ts';
import { planSession } from '../core/pacer.ts';
import { DEFAULT_PATTERN, PURPOSES } from '../core/presets.ts';
import { MINUTES_CHOICES, type Theme } from '../local/settings.ts';
import { canVibrate } from '../practice/device.ts';
import { whenIdle } from '../practice/idle.ts';
import { createPreview } from '../practice/preview.ts';
import { Guide } from './Guide.tsx';
import type { SessionSummary } from '../core/summary.ts';
import type { Mood } from '../core/journal.ts';
import { MoodPicker } from './MoodPicker.tsx';
import { LanguagePicker } from './LanguagePicker.tsx';
import { SoundOptions } from './SoundOptions.tsx';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { SessionView } from './SessionView.tsx';
import { formatDuration, useApp } from './state.tsx';
import { describeError } from './messages/index.ts';
import { workerControlsPage } from '../sw-bridge.ts';
import './practice.css';

// Glyphs (and Helia behind them) load after the page, never with the pacer's first load.
const GlyphPicker = lazy(() => import('./GlyphPicker.tsx'));
// The summary (with the journal's note and mood forms) is needed only once a session ends.
const SummaryView = lazy(() => import('./SummaryView.tsx').then((m) => ({ default: m.SummaryView })));

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
  createEffect(() => {
    const choice = app.settings().glyph;
    const p = pattern();
    if (choice === 'shape') return setGlyphUrl(null);
    if (!(cached && idle()) && !optionsOpened() && stage().kind !== 'session') return;
    let current = true;
    onCleanup(() => (current = false));
    void app
      .glyphs()
      .then((glyphs) => glyphs.guideImage(choice, p, new Date().getHours()))
      // reason: a glyph that cannot be loaded leaves the drawn shape, which always works
      .catch(() => null)
      .then((url) => current && setGlyphUrl(url));
  });

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
  const ended = (summary: SessionSummary) => {
    app.setSessionActive(false);
    setSaveError('');
    setStage({ kind: 'summary', summary });
    // Saved at once, so closing the app on the summary loses nothing; mood and note can follow.
    app.journal
      .saveSession(summary, { ...(moodBefore() ? { moodBefore: moodBefore()! } : {}) })
      .catch((error: unknown) => setSaveError(`This session could not be saved: ${describeError(error)}`));
    setMoodBefore(undefined);
  };

  return (
    <Switch>
      <Match when={stage().kind === 'choose'}>
        <section class="home" aria-labelledby="choose-title">
          <h1 id="choose-title" class="visually-hidden">
            Breathe
          </h1>
          <fieldset class="pattern-chips">
            <legend class="visually-hidden">Pattern</legend>
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
                    <span class="chip-name">{p.name}</span>
                    <span class="chip-purpose">{PURPOSES[p.id] ?? `your pattern, ${phaseSummary(p)}`}</span>
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <div class="home-guide">
            <HomeGuide />
          </div>
          <p class="home-meta">
            {phaseSummary(pattern())} s · {breathsPerMinute(pattern()).toFixed(1)} breaths/min ·{' '}
            {formatDuration(planSession(sessionPattern()).durationMs)}
          </p>
          <button type="button" class="primary start" onClick={begin}>
            Start {pattern().name}
          </button>
          <details class="practice-options" onToggle={(e) => e.currentTarget.open && setOptionsOpened(true)}>
            <summary>
              Options <span class="hint">length, guide, sound, mood</span>
            </summary>
            <div class="options-body">
              <label class="field inline">
                Length
                <select
                  value={String(app.settings().minutes)}
                  onChange={(e) => void app.settings.update({ minutes: Number(e.currentTarget.value) })}
                >
                  <For each={MINUTES_CHOICES}>
                    {(m) => (
                      <option value={String(m)}>
                        {m === 0 ? `as the pattern (${formatDuration(planSession(pattern()).durationMs)})` : `${m} min`}
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
                <legend>Sound and touch</legend>
                <SoundOptions />
                <label>
                  <input
                    type="checkbox"
                    disabled={!canVibrate()}
                    checked={app.settings().vibration && canVibrate()}
                    onChange={(e) => void app.settings.update({ vibration: e.currentTarget.checked })}
                  />
                  Vibration
                  <Show when={!canVibrate()}>
                    <span class="hint"> (not available in this browser)</span>
                  </Show>
                </label>
                <label>
                  Get ready for
                  <select
                    value={String(app.settings().prepSeconds)}
                    onChange={(e) => void app.settings.update({ prepSeconds: Number(e.currentTarget.value) })}
                  >
                    <For each={[0, 3, 5, 10]}>{(s) => <option value={String(s)}>{s} s</option>}</For>
                  </select>
                </label>
                <label>
                  Theme
                  <select
                    value={app.settings().theme}
                    onChange={(e) => void app.settings.update({ theme: e.currentTarget.value as Theme })}
                  >
                    <option value="system">as the system</option>
                    <option value="light">light</option>
                    <option value="dark">dark</option>
                  </select>
                </label>
                <LanguagePicker />
              </fieldset>
              <MoodPicker
                legend="How do you feel before you start? (optional)"
                name="mood-before"
                value={moodBefore()}
                onChange={setMoodBefore}
              />
            </div>
          </details>
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
            Breathe together: open a room
          </button>
        </section>
      </Match>
      <Match when={stage().kind === 'safety'}>
        <section class="safety-note" role="alertdialog" aria-labelledby="safety-title" aria-describedby="safety-text">
          <h1 id="safety-title">Before you hold your breath</h1>
          <p id="safety-text">
            {pattern().name} holds the breath. Never practise it while driving, in water or standing where a fall would hurt. Stop and
            breathe normally if you feel dizzy or unwell. If you are pregnant or have a heart, lung or blood-pressure condition, ask your
            doctor first. This note is shown once.
          </p>
          <button
            type="button"
            class="primary"
            ref={(el) => queueMicrotask(() => el.focus())}
            onClick={() => {
              void app.settings.update({ safetyNoteSeen: true });
              begin();
            }}
          >
            I understand, begin
          </button>
          <button type="button" onClick={() => setStage({ kind: 'choose' })}>
            Choose another pattern
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
