/**
 * A running session on a stage of its own that fills the viewport: guide, phase and countdowns,
 * controls, and the press-and-hold pad (the guide is a press target too, for pointers).
 */
import { createMemo, createSignal, lazy, onCleanup, onMount, Show, Suspense } from 'solid-js';
import type { Pattern } from '../core/pattern.ts';
import type { SessionSummary } from '../core/summary.ts';
import { t } from '../i18n/index.ts';
import { startPracticeSession } from '../practice/session.ts';
import { Guide } from './Guide.tsx';
import { HoldPad } from './HoldPad.tsx';
import { patternName, phaseName } from './messages/patterns.ts';
import { formatDuration, useApp } from './state.tsx';
import './practice.css';

// The heart's live line loads only when a sensor runs: without one the stage is as it was.
const HeartLive = lazy(() => import('./heart/HeartLive.tsx'));

/** Presses after which the instructions fade: the person has found the rhythm. */
const QUIET_AFTER_PRESSES = 3;

export interface SessionViewProps {
  pattern: Pattern;
  prepMs: number;
  tones: boolean;
  vibration: boolean;
  onEnd(summary: SessionSummary): void;
  /** A blob URL of the chosen glyph, or null for the drawn shape. */
  glyph?: string | null;
  /** The soundscape the glyph names, in place of the chosen one (see practice/tones.ts glyphSoundscape); it may arrive late. */
  soundscape?: string | undefined;
}

export function SessionView(props: SessionViewProps) {
  const app = useApp();
  const session = startPracticeSession({
    pattern: props.pattern,
    prepMs: props.prepMs,
    clock: app.device.clock,
    tones: props.tones ? app.device.tones : null,
    vibration: props.vibration,
    onEnd: props.onEnd,
    soundscape: () => props.soundscape,
    title: patternName(props.pattern),
  });
  // For tests and diagnostics: when the current phase ends on performance.now()'s clock, which the
  // audio's output timestamps use. Two memos: the end on this device's clock changes once a phase,
  // and only then is it moved to the performance clock (whose offset wobbles under a millisecond
  // from frame to frame), so each phase gives one value.
  const phaseEndLocal = createMemo(() => {
    const v = session.view();
    return v.stage === 'breathing' ? Math.round(session.now() + v.state.endMs - v.elapsedMs) : null;
  });
  const phaseEndPerf = createMemo(() => {
    const end = phaseEndLocal();
    return end === null ? '' : (end - (app.device.clock.now() - performance.now())).toFixed(1);
  });

  const label = createMemo(() => {
    const v = session.view();
    if (v.stage === 'prep') return t('practice.session.getReady');
    if (v.stage === 'done') return t('practice.session.done');
    return phaseName(v.state.phase);
  });
  const countdown = createMemo(() => {
    const v = session.view();
    if (v.stage === 'prep') return Math.ceil(v.remainingMs / 1000);
    if (v.stage === 'breathing') return Math.ceil((v.state.endMs - v.elapsedMs) / 1000);
    return 0;
  });
  const elapsed = createMemo(() => {
    const v = session.view();
    return formatDuration(v.stage === 'breathing' ? v.elapsedMs : 0, 'down');
  });
  const remaining = createMemo(() => {
    const v = session.view();
    return formatDuration(v.stage === 'breathing' ? v.remainingMs : v.stage === 'prep' ? session.plan.durationMs : 0);
  });

  let stage!: HTMLElement;
  // The Fullscreen API is absent on iPhones: the button is not shown there.
  const canFullscreen = typeof document.documentElement.requestFullscreen === 'function' && document.fullscreenEnabled;
  const [fullscreen, setFullscreen] = createSignal(false);
  const onFullscreenChange = () => setFullscreen(document.fullscreenElement === stage);
  const toggleFullscreen = () =>
    // reason: a refused request (no user activation, a policy) leaves the stage as it is, which is fine
    void (fullscreen() ? document.exitFullscreen() : stage.requestFullscreen({ navigationUI: 'hide' })).catch(() => undefined);
  onMount(() => {
    // The stage starts at the top, whatever the page was scrolled to.
    window.scrollTo(0, 0);
    document.addEventListener('fullscreenchange', onFullscreenChange);
  });
  onCleanup(() => {
    document.removeEventListener('fullscreenchange', onFullscreenChange);
    // reason: leaving full screen can only fail when it is already left
    if (document.fullscreenElement === stage) void document.exitFullscreen().catch(() => undefined);
  });

  return (
    <section class="session stage" ref={stage} aria-labelledby="session-title">
      <div class="stage-bar">
        <h1 id="session-title" class="stage-title">
          {patternName(props.pattern)}
        </h1>
        <dl class="session-times">
          <div>
            <dt>{t('practice.session.elapsed')}</dt>
            <dd data-testid="elapsed">{elapsed()}</dd>
          </div>
          <div>
            <dt>{t('practice.session.remaining')}</dt>
            <dd data-testid="remaining">{remaining()}</dd>
          </div>
        </dl>
        <Show when={canFullscreen}>
          <button
            type="button"
            class="stage-fullscreen"
            aria-label={t('practice.session.fullScreen')}
            aria-pressed={fullscreen()}
            onClick={toggleFullscreen}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
              <path d={fullscreen() ? 'M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5' : 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5'} />
            </svg>
          </button>
        </Show>
      </div>
      <div class="stage-guide">
        <Guide
          pattern={props.pattern}
          view={session.view()}
          pressed={session.pressed()}
          glyph={props.glyph}
          onPress={() => session.press()}
          onRelease={() => session.release()}
        />
      </div>
      <div class="stage-side">
        <Show when={app.heart.status() !== 'idle'}>
          <Suspense>
            <HeartLive now={session.now()} />
          </Suspense>
        </Show>
        <div class="phase-readout">
          <p class="phase-name" aria-live="polite" data-testid="phase" data-phase-end-perf={phaseEndPerf()}>
            {session.paused() ? t('practice.session.paused') : label()}
          </p>
          <p class="phase-countdown">
            <span data-testid="countdown">{countdown()}</span>
            <span class="visually-hidden"> {t('practice.session.secondsLeft')}</span>
          </p>
        </div>
        <HoldPad
          pressed={session.pressed()}
          onPress={() => session.press()}
          onRelease={() => session.release()}
          autofocus
          describedBy="hold-hint"
        />
        <div class="controls">
          {/* One button that changes its label, so keyboard focus stays on it. */}
          <button
            type="button"
            classList={{ primary: session.paused() }}
            onClick={() => (session.paused() ? session.resume() : session.pause())}
          >
            {session.paused() ? t('practice.session.resume') : t('practice.session.pause')}
          </button>
          <button type="button" onClick={() => session.stop()}>
            {t('practice.session.stop')}
          </button>
        </div>
        <p id="hold-hint" class="hint stage-hint" classList={{ quiet: session.presses() >= QUIET_AFTER_PRESSES }}>
          {t('practice.session.hint')}
        </p>
      </div>
    </section>
  );
}
