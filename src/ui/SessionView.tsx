/** A running session: guide, phase and countdowns, controls, and the press-and-hold pad. */
import { createMemo } from 'solid-js';
import { phaseLabel, type Pattern } from '../core/pattern.ts';
import type { SessionSummary } from '../core/summary.ts';
import { startPracticeSession } from '../practice/session.ts';
import { Guide } from './Guide.tsx';
import { HoldPad } from './HoldPad.tsx';
import { formatDuration, useApp } from './state.tsx';

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

  return (
    <section class="session" aria-labelledby="session-title">
      <h1 id="session-title" class="visually-hidden">
        {props.pattern.name}
      </h1>
      <Guide pattern={props.pattern} view={session.view()} pressed={session.pressed()} glyph={props.glyph} />
      <div class="phase-readout">
        <p class="phase-name" aria-live="polite" data-testid="phase">
          {session.paused() ? 'Paused' : label()}
        </p>
        <p class="phase-countdown">
          <span data-testid="countdown">{countdown()}</span>
          <span class="visually-hidden"> seconds left in this phase</span>
        </p>
      </div>
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
      <HoldPad
        pressed={session.pressed()}
        onPress={() => session.press()}
        onRelease={() => session.release()}
        autofocus
        describedBy="hold-hint"
      />
      <p id="hold-hint" class="hint">
        Press and hold (or hold the space bar) as you start to breathe in; let go as you start to breathe out. Optional: it measures how
        closely you follow the pacer.
      </p>
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
    </section>
  );
}
