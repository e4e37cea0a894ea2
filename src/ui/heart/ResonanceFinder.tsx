/**
 * The resonance finder (/heart/resonance): with a heart sensor running, five slow rates breathed on
 * the ordinary pacer, the heart-rate swing measured at each (core/heart/resonance.ts), the rate with
 * the largest swing chosen and offered as the person's own pattern. The session goes to the journal
 * with its steps. `?step=<seconds>` shortens each step, for tests and demos.
 */
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, Match, onCleanup, Show, Switch, untrack } from 'solid-js';
import type { Beat, ResonanceStep } from '../../core/heart/beat.ts';
import { hrOscillation, pickResonance } from '../../core/heart/resonance.ts';
import type { Pattern, PatternId } from '../../core/pattern.ts';
import type { SessionSummary } from '../../core/summary.ts';
import { t } from '../../i18n/index.ts';
import { newPatternId } from '../../local/store.ts';
import { canVibrate } from '../../practice/device.ts';
import { startPracticeSession } from '../../practice/session.ts';
import { Guide } from '../Guide.tsx';
import { describeError } from '../messages/index.ts';
import { phaseName } from '../messages/patterns.ts';
import { useApp } from '../state.tsx';
import HeartLive from './HeartLive.tsx';
import { RESONANCE_RATES, resonancePhases, stepPattern, stepSeconds } from './resonance-plan.ts';
import { oneDecimal, whole } from './words.ts';
import '../practice.css';
import './heart.css';

/** One breathed step: its rate and when its breathing ran, on the page's clock. */
interface Breathed {
  readonly rate: number;
  readonly summary: SessionSummary;
}

/** What the finder found: each breathed rate with its swing (null where too few clean beats), and the chosen rate. */
interface Found {
  readonly rows: readonly { readonly rate: number; readonly amplitudeBpm: number | null; readonly coherence: number | null }[];
  readonly chosen: number | null;
}

/**
 * How long the finder waits after the last breath before measuring: beats arrive late (a strap
 * notifies about once a second, the camera finds a beat after its peak), and the last cycle needs them.
 */
const SETTLE_MS = 3000;

/**
 * The span a step's swing is measured over: its whole breaths, from an inhale onset. The first
 * breath is the body changing rate, so it is left out when there are three or more.
 */
function measuredSpan(step: Breathed): { from: number; to: number } {
  const cycle = 60_000 / step.rate;
  const { startedAt, durationMs } = step.summary;
  const from = durationMs >= 3 * cycle - 1 ? startedAt + cycle : startedAt;
  const cycles = Math.floor((startedAt + durationMs - from) / cycle + 1e-3);
  // A millisecond past the last whole breath: at epoch times, from + n breaths less from can come
  // out a hair under n breaths, and hrOscillation counts whole ones.
  return { from, to: from + cycles * cycle + 1 };
}

function FinderStep(props: { index: number; seconds: number; onEnd: (summary: SessionSummary) => void }) {
  const app = useApp();
  const rate = RESONANCE_RATES[props.index]!;
  const pattern = stepPattern(rate, props.seconds, t('heart.resonance.rate', oneDecimal(rate)));
  const session = startPracticeSession({
    pattern,
    prepMs: props.index === 0 ? 3000 : 0,
    clock: app.device.clock,
    tones: app.settings().tones ? app.device.tones : null,
    vibration: app.settings().vibration && canVibrate(),
    onEnd: props.onEnd,
    title: t('heart.resonance.title'),
  });
  // The swing so far in this step, at each beat: what the finder will measure, as it grows.
  const swing = createMemo(() => {
    const recent = app.heart.beats();
    const v = untrack(session.view);
    if (v.stage !== 'breathing') return null;
    const now = untrack(session.now);
    return hrOscillation(recent, rate, now - v.elapsedMs, now)?.amplitudeBpm ?? null;
  });
  const label = () => {
    const v = session.view();
    return v.stage === 'prep' ? t('practice.session.getReady') : v.stage === 'done' ? t('practice.session.done') : phaseName(v.state.phase);
  };
  return (
    <>
      <p class="resonance-step" data-testid="resonance-step" data-rate={rate}>
        {t('heart.resonance.step', props.index + 1, RESONANCE_RATES.length)}
      </p>
      <p class="resonance-rate">{t('heart.resonance.rate', oneDecimal(rate))}</p>
      <Guide
        pattern={pattern}
        view={session.view()}
        pressed={session.pressed()}
        onPress={() => session.press()}
        onRelease={() => session.release()}
      />
      <p class="resonance-phase" aria-live="polite">
        {label()}
      </p>
      <HeartLive now={session.now()} />
      <p class="resonance-swing" data-testid="resonance-swing">
        {t('heart.resonance.swing')}{' '}
        <strong>{swing() === null ? t('heart.resonance.noValue') : t('heart.resonance.bpm', oneDecimal(swing()!))}</strong>
      </p>
      <div class="controls">
        <button type="button" onClick={() => session.stop()}>
          {t('heart.resonance.stop')}
        </button>
      </div>
    </>
  );
}

export default function ResonanceFinder() {
  const app = useApp();
  const heart = app.heart;
  const navigate = useNavigate();
  const [params] = useSearchParams<{ step?: string }>();
  const seconds = stepSeconds(params.step);
  const [stage, setStage] = createSignal<
    { kind: 'intro' } | { kind: 'step'; index: number } | { kind: 'measuring' } | { kind: 'results'; found: Found }
  >({ kind: 'intro' });

  // The finder keeps every beat since it opened (the store keeps two minutes for the tachogram).
  const beats: Beat[] = [];
  createEffect(() => {
    const last = beats.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
    for (const b of heart.beats()) if (b.at > last) beats.push(b);
  });
  // Each coherence figure as it comes (a new one every few seconds), for each step's mean.
  const coherence: { at: number; score: number }[] = [];
  createEffect(() => {
    const c = heart.reading()?.coherence;
    if (c && coherence.at(-1)?.score !== c.score) coherence.push({ at: app.device.clock.now(), score: c.score });
  });

  let breathed: Breathed[] = [];
  const begin = () => {
    breathed = [];
    app.setSessionActive(true);
    setStage({ kind: 'step', index: 0 });
  };
  let settling: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => {
    clearTimeout(settling);
    app.setSessionActive(false);
  });

  const stepEnded = (index: number, summary: SessionSummary) => {
    breathed.push({ rate: RESONANCE_RATES[index]!, summary });
    if (summary.completed && index + 1 < RESONANCE_RATES.length) return setStage({ kind: 'step', index: index + 1 });
    app.setSessionActive(false);
    setStage({ kind: 'measuring' });
    settling = setTimeout(finish, SETTLE_MS);
  };

  const finish = () => {
    const rows = breathed.map((step) => {
      const { from, to } = measuredSpan(step);
      const scores = coherence.filter((c) => c.at > from && c.at <= to).map((c) => c.score);
      return {
        rate: step.rate,
        amplitudeBpm: hrOscillation(beats, step.rate, from, to)?.amplitudeBpm ?? null,
        coherence: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
      };
    });
    const steps: ResonanceStep[] = rows.flatMap((r) => (r.amplitudeBpm === null ? [] : [{ ...r, amplitudeBpm: r.amplitudeBpm }]));
    const chosen = steps.length ? pickResonance(steps) : null;
    setStage({ kind: 'results', found: { rows, chosen } });
    keep(steps, chosen);
  };

  /** The finder's session in the journal: what was breathed, the heart over it, and the steps with the chosen rate. */
  const keep = (steps: readonly ResonanceStep[], chosen: number | null) => {
    const first = breathed[0];
    const last = breathed.at(-1);
    if (!first || !last) return;
    const durationMs = breathed.reduce((sum, s) => sum + s.summary.durationMs, 0);
    if (durationMs <= 0) return;
    const cycles = breathed.reduce((sum, s) => sum + s.summary.cycles, 0);
    const rate = chosen ?? last.rate;
    const pattern: Pattern = {
      id: 'heart:resonance-finder' as PatternId,
      name: t('heart.resonance.title'),
      phases: resonancePhases(rate),
      length: { unit: 'cycles', value: Math.max(1, cycles) },
    };
    const measured = heart.summarize(first.summary.startedAt, last.summary.startedAt + last.summary.durationMs);
    const summary: SessionSummary = {
      startedAt: first.summary.startedAt,
      pattern,
      plan: { pattern, cycles, durationMs },
      durationMs,
      cycles,
      completed: breathed.length === RESONANCE_RATES.length && last.summary.completed,
      onsets: [],
      coherence: null,
      ...(measured ? { heart: chosen === null ? measured : { ...measured, resonance: { steps, chosenRate: chosen } } } : {}),
    };
    // reason: the journal's own state (locked, unavailable) says why it could not keep it; the finder's result stays on screen
    app.journal.saveSession(summary, {}).catch((error: unknown) => console.error('resonance session not kept', error));
  };

  const [saved, setSaved] = createSignal('');
  const [saveError, setSaveError] = createSignal('');
  const save = async (rate: number) => {
    setSaveError('');
    try {
      const pattern = await app.patterns.save({
        id: newPatternId(),
        name: t('heart.resonance.patternName', oneDecimal(rate)),
        phases: resonancePhases(rate),
        length: { unit: 'minutes', value: 10 },
      });
      await app.settings.update({ patternId: pattern.id });
      setSaved(pattern.name);
    } catch (error) {
      setSaveError(describeError(error));
    }
  };

  const running = createMemo(() => heart.status() === 'running');
  return (
    <section class="resonance" aria-labelledby="resonance-title">
      <h1 id="resonance-title">{t('heart.resonance.title')}</h1>
      <Switch>
        <Match when={stage().kind === 'intro'}>
          <p>{t('heart.resonance.intro')}</p>
          <Show
            when={running()}
            fallback={
              <>
                <p role="status" class="form-error">
                  {t('heart.resonance.needsSensor')}
                </p>
                <A href="/" class="button">
                  {t('heart.resonance.openSensor')}
                </A>
              </>
            }
          >
            <button type="button" class="primary" onClick={begin}>
              {t('heart.resonance.begin')}
            </button>
          </Show>
        </Match>
        <Match when={stage().kind === 'step' && stage()} keyed>
          {(s) => s.kind === 'step' && <FinderStep index={s.index} seconds={seconds} onEnd={(summary) => stepEnded(s.index, summary)} />}
        </Match>
        <Match when={stage().kind === 'measuring'}>
          <p role="status" class="resonance-step">
            {t('heart.resonance.measuring')}
          </p>
        </Match>
        <Match when={stage().kind === 'results' && stage()} keyed>
          {(s) =>
            s.kind === 'results' && (
              <>
                <h2>{t('heart.resonance.results')}</h2>
                <table data-testid="resonance-results">
                  <thead>
                    <tr>
                      <th scope="col">{t('heart.resonance.rateHeader')}</th>
                      <th scope="col">{t('heart.resonance.swingHeader')}</th>
                      <th scope="col">{t('heart.resonance.coherenceHeader')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={s.found.rows}>
                      {(step) => (
                        <tr
                          classList={{ chosen: step.rate === s.found.chosen }}
                          data-rate={step.rate}
                          data-amplitude={step.amplitudeBpm === null ? '' : step.amplitudeBpm.toFixed(2)}
                        >
                          <th scope="row">{oneDecimal(step.rate)}</th>
                          <td>
                            {step.amplitudeBpm === null
                              ? t('heart.resonance.noValue')
                              : t('heart.resonance.bpm', oneDecimal(step.amplitudeBpm))}
                          </td>
                          <td>{step.coherence === null ? t('heart.resonance.noValue') : whole(step.coherence)}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
                <Show when={s.found.chosen} fallback={<p role="status">{t('heart.resonance.noneChosen')}</p>}>
                  {(rate) => (
                    <>
                      <p role="status" class="resonance-rate" data-testid="resonance-chosen" data-rate={rate()}>
                        {t('heart.resonance.chosen', oneDecimal(rate()))}
                      </p>
                      <Show
                        when={saved()}
                        fallback={
                          <button type="button" class="primary" onClick={() => void save(rate())}>
                            {t('heart.resonance.save')}
                          </button>
                        }
                      >
                        <p role="status">{t('heart.resonance.saved', saved())}</p>
                      </Show>
                      <Show when={saveError()}>
                        <p role="alert" class="form-error">
                          {saveError()}
                        </p>
                      </Show>
                    </>
                  )}
                </Show>
                <div class="controls">
                  <button type="button" onClick={() => setStage({ kind: 'intro' })}>
                    {t('heart.resonance.again')}
                  </button>
                  <button type="button" onClick={() => navigate('/')}>
                    {t('heart.resonance.done')}
                  </button>
                </div>
              </>
            )
          }
        </Match>
      </Switch>
    </section>
  );
}
