/** The shared pacer of a room, drawn each frame from the relay's clock. */
import { createMemo, createSignal, onCleanup } from 'solid-js';
import { phaseLabel } from '../core/pattern.ts';
import { planSession, sessionAt } from '../core/pacer.ts';
import type { SharedPacer } from '../room/schema.ts';
import { Guide } from './Guide.tsx';
import { formatDuration } from './state.tsx';

export function RoomPacer(props: { pacer: SharedPacer; serverNow(): number; offsetMs: number; pressed: boolean }) {
  const [now, setNow] = createSignal(props.serverNow());
  let frame = requestAnimationFrame(function tick() {
    setNow(props.serverNow());
    frame = requestAnimationFrame(tick);
  });
  onCleanup(() => cancelAnimationFrame(frame));
  const plan = createMemo(() => planSession(props.pacer.pattern));
  const view = createMemo(() => sessionAt(plan(), { startMs: props.pacer.startAt, pausedAtMs: null }, now()));
  const label = () => {
    const v = view();
    return v.stage === 'prep' ? 'Get ready' : v.stage === 'done' ? 'Finished' : phaseLabel(v.state.phase);
  };
  const countdown = () => {
    const v = view();
    return v.stage === 'prep'
      ? Math.ceil(v.remainingMs / 1000)
      : v.stage === 'breathing'
        ? Math.ceil((v.state.endMs - v.elapsedMs) / 1000)
        : 0;
  };
  // For tests and diagnostics: when the current phase ends, on this device's own clock.
  const endLocal = () => {
    const v = view();
    return v.stage === 'breathing' ? Math.round(props.pacer.startAt + v.state.endMs - props.offsetMs) : '';
  };
  return (
    <div
      class="session room-pacer"
      data-testid="room-pacer"
      data-step={view().stage === 'breathing' ? (view() as { state: { step: number } }).state.step : ''}
      data-phase-end-local={endLocal()}
    >
      <Guide pattern={props.pacer.pattern} view={view()} pressed={props.pressed} />
      <div class="phase-readout">
        <p class="phase-name" aria-live="polite" data-testid="room-phase">
          {label()}
        </p>
        <p class="phase-countdown">
          <span>{countdown()}</span>
          <span class="visually-hidden"> seconds left in this phase</span>
        </p>
      </div>
      <p class="hint">
        {props.pacer.pattern.name} ·{' '}
        {view().stage === 'breathing' ? `${formatDuration((view() as { remainingMs: number }).remainingMs)} left` : ''}
      </p>
    </div>
  );
}
