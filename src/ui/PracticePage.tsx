/** Practice: choose a pattern and options, breathe, then see the summary. */
import { createEffect, createMemo, createSignal, For, lazy, Match, onCleanup, Show, Suspense, Switch } from 'solid-js';
import { breathsPerMinute, isHoldHeavy, phaseSummary, type Pattern } from '../core/pattern.ts';
import { planSession } from '../core/pacer.ts';
import { DEFAULT_PATTERN } from '../core/presets.ts';
import type { Theme } from '../local/settings.ts';
import { canVibrate } from '../practice/device.ts';
import type { SessionSummary } from '../core/summary.ts';
import type { Mood } from '../core/journal.ts';
import { MoodPicker } from './MoodPicker.tsx';
import { useNavigate } from '@solidjs/router';
import { SessionView } from './SessionView.tsx';
import { SummaryView } from './SummaryView.tsx';
import { formatDuration, useApp } from './state.tsx';
import { describeError } from './messages/index.ts';

// Glyphs (and Helia behind them) load after the page, never with the pacer's first load.
const GlyphPicker = lazy(() => import('./GlyphPicker.tsx'));

type Stage = { kind: 'choose' } | { kind: 'safety' } | { kind: 'session'; run: number } | { kind: 'summary'; summary: SessionSummary };

export function PracticePage() {
  const app = useApp();
  const navigate = useNavigate();
  const [stage, setStage] = createSignal<Stage>({ kind: 'choose' });
  let runs = 0;
  const pattern = createMemo<Pattern>(() => app.patterns.all().find((p) => p.id === app.settings().patternId) ?? DEFAULT_PATTERN);

  // The chosen glyph as a blob URL; null (the drawn shape) until it has loaded, or when it cannot.
  const [glyphUrl, setGlyphUrl] = createSignal<string | null>(null);
  createEffect(() => {
    const choice = app.settings().glyph;
    const p = pattern();
    let current = true;
    onCleanup(() => (current = false));
    void app
      .glyphs()
      .then((glyphs) => glyphs.guideImage(choice, p, new Date().getHours()))
      // reason: a glyph that cannot be loaded leaves the drawn shape, which always works
      .catch(() => null)
      .then((url) => current && setGlyphUrl(url));
  });

  const begin = () => {
    if (isHoldHeavy(pattern()) && !app.settings().safetyNoteSeen) return setStage({ kind: 'safety' });
    if (app.settings().tones) app.device.tones.unlock();
    app.setSessionActive(true);
    setStage({ kind: 'session', run: ++runs });
  };
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
        <section class="choose" aria-labelledby="choose-title">
          <h1 id="choose-title">Breathe</h1>
          <fieldset class="pattern-list">
            <legend>Pattern</legend>
            <For each={app.patterns.all()}>
              {(p) => (
                <label class="pattern-option">
                  <input
                    type="radio"
                    name="pattern"
                    value={p.id}
                    checked={p.id === pattern().id}
                    onChange={() => void app.settings.update({ patternId: p.id })}
                  />
                  <span class="pattern-name">{p.name}</span>
                  <span class="pattern-meta">
                    {phaseSummary(p)} s · {breathsPerMinute(p).toFixed(1)} breaths/min · {formatDuration(planSession(p).durationMs)}
                  </span>
                </label>
              )}
            </For>
          </fieldset>
          <Suspense>
            <GlyphPicker choice={app.settings().glyph} pattern={pattern()} onChoose={(glyph) => void app.settings.update({ glyph })} />
          </Suspense>
          <fieldset class="options">
            <legend>Options</legend>
            <label>
              <input
                type="checkbox"
                checked={app.settings().tones}
                onChange={(e) => void app.settings.update({ tones: e.currentTarget.checked })}
              />
              Tones
            </label>
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
              <select value={app.settings().theme} onChange={(e) => void app.settings.update({ theme: e.currentTarget.value as Theme })}>
                <option value="system">as the system</option>
                <option value="light">light</option>
                <option value="dark">dark</option>
              </select>
            </label>
          </fieldset>
          <MoodPicker
            legend="How do you feel before you start? (optional)"
            name="mood-before"
            value={moodBefore()}
            onChange={setMoodBefore}
          />
          <button type="button" class="primary start" onClick={begin}>
            Start {pattern().name}
          </button>
          <button type="button" class="together" onClick={() => navigate(`/room/${app.rooms.newRoomId()}`, { state: { create: true } })}>
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
            pattern={pattern()}
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
            <SummaryView summary={s.summary} saveError={saveError()} onAgain={begin} onDone={() => setStage({ kind: 'choose' })} />
          )
        }
      </Match>
    </Switch>
  );
}
