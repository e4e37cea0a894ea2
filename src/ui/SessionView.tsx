/**
 * A running session on a stage of its own that fills the viewport: guide, phase and countdowns,
 * controls, and the press-and-hold pad (the guide is a press target too, for pointers).
 */
import { createMemo, createSignal, onCleanup, onMount, Show } from 'solid-js';
import { phaseLabel, type Pattern } from '../core/pattern.ts';
import type { SessionSummary } from '../core/summary.ts';
import { startPracticeSession } from '../practice/session.ts';
import { Guide } from './Guide.tsx';
import { HoldPad } from './HoldPad.tsx';
import { formatDuration, useApp } from './state.tsx';
import './practice.css';

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
  });

  const label = createMemo(() => {
    const v = session.view();
    if (v.stage === 'prep') return 'Get ready';
    if (v.stage === 'done') return 'Done';
    return phaseLabel(v.state.phase);
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
          {props.pattern.name}
        </h1>
        <dl class="session-times">
          <div>
            <dt>Elapsed</dt>
            <dd data-testid="elapsed">{elapsed()}</dd>
          </div>
          <div>
            <dt>Remaining</dt>
            <dd data-testid="remaining">{remaining()}</dd>
          </div>
        </dl>
        <Show when={canFullscreen}>
          <button type="button" class="stage-fullscreen" aria-label="Full screen" aria-pressed={fullscreen()} onClick={toggleFullscreen}>
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
        <div class="phase-readout">
          <p class="phase-name" aria-live="polite" data-testid="phase">
            {session.paused() ? 'Paused' : label()}
          </p>
          <p class="phase-countdown">
            <span data-testid="countdown">{countdown()}</span>
            <span class="visually-hidden"> seconds left in this phase</span>
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
            {session.paused() ? 'Resume' : 'Pause'}
          </button>
          <button type="button" onClick={() => session.stop()}>
            Stop
          </button>
        </div>
        <p id="hold-hint" class="hint stage-hint" classList={{ quiet: session.presses() >= QUIET_AFTER_PRESSES }}>
          Press and hold the circle or the pad (or the space bar) as you start to breathe in; let go as you start to breathe out. Optional:
          it measures how closely you follow the pacer.
        </p>
      </div>
    </section>
  );
}
