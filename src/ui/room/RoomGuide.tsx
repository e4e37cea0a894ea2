/**
 * The room's guide, drawn each frame from the relay's clock: the shared session's phase, its word
 * and countdown, or (before and after a session) the next pattern breathing gently while people gather. The
 * guide is a press target for pointers; the hold pad beside it is the control for keyboards.
 */
import { createMemo, createSignal, onCleanup, Show } from 'solid-js';
import type { Pattern } from '../../core/pattern.ts';
import { planSession, type SessionView } from '../../core/pacer.ts';
import { type RoomSession, roomSessionAt } from '../../core/room-session.ts';
import { t } from '../../i18n/index.ts';
import { createPreview } from '../../practice/preview.ts';
import type { Clock } from '../../shared/clock.ts';
import { Guide } from '../Guide.tsx';
import { patternName, phaseName } from '../messages/patterns.ts';
import { formatDuration } from '../state.tsx';

/** The last seconds before a start count down on the guide ("Get ready"); before them, the lobby shows the time. */
export const GET_READY_MS = 10_000;

export interface RoomGuideProps {
  /** The session shown (the room's, or one breathed alone), or null before any. */
  session: RoomSession | null;
  /** The room's glyph CID (or 'shape'), for tests and diagnostics; `glyph` is its image. */
  glyphCid: string | null;
  /** What breathes on the guide while no session runs. */
  idlePattern: Pattern;
  serverNow(): number;
  offsetMs: number;
  clock: Clock;
  pressed: boolean;
  glyph: string | null;
  /** Words in place of the phase while no session runs (waiting, or when it starts). */
  idleWords: string;
  onPress(): void;
  onRelease(): void;
}

export function RoomGuide(props: RoomGuideProps) {
  const [now, setNow] = createSignal(props.serverNow());
  let frame = requestAnimationFrame(function tick() {
    setNow(props.serverNow());
    frame = requestAnimationFrame(tick);
  });
  onCleanup(() => cancelAnimationFrame(frame));
  const preview = createPreview(() => props.idlePattern, props.clock);
  const plan = createMemo(() => (props.session ? planSession(props.session.pattern) : null));
  /** The session's view when it is the one to show: under way, or in its last seconds before the start. */
  const view = createMemo((): SessionView | null => {
    const s = props.session;
    const p = plan();
    if (!s || !p) return null;
    const v = roomSessionAt(s, now(), p);
    // Over, or not yet near its start: the room is gathering, not breathing.
    return v.stage === 'done' || (v.stage === 'prep' && v.remainingMs > GET_READY_MS) ? null : v;
  });
  const paused = () => props.session?.pausedAt != null && props.session.endedAt === null;
  const label = () => {
    const v = view();
    if (!v) return props.idleWords;
    if (paused()) return t('room.guide.paused');
    return v.stage === 'prep' ? t('room.guide.getReady') : v.stage === 'breathing' ? phaseName(v.state.phase) : props.idleWords;
  };
  const countdown = () => {
    const v = view();
    if (!v || paused()) return null;
    return v.stage === 'prep'
      ? Math.ceil(v.remainingMs / 1000)
      : v.stage === 'breathing'
        ? Math.ceil((v.state.endMs - v.elapsedMs) / 1000)
        : null;
  };
  // For tests and diagnostics: when the current phase ends, on this device's own clock, and on
  // performance.now()'s, which the audio's output timestamps use (read once per value, so each
  // phase gives one unless a new clock estimate moves it).
  const endLocal = createMemo(() => {
    const v = view();
    return v?.stage === 'breathing' && props.session ? Math.round(props.session.startAt + v.state.endMs - props.offsetMs) : '';
  });
  const endPerf = createMemo(() => {
    const end = endLocal();
    return end === '' ? '' : (end - (props.clock.now() - performance.now())).toFixed(1);
  });
  const breathing = () => {
    const v = view();
    return v?.stage === 'breathing' ? v : null;
  };
  return (
    <div
      class="room-guide"
      data-testid="room-pacer"
      data-step={breathing()?.state.step ?? ''}
      data-phase-end-local={endLocal()}
      data-phase-end-perf={endPerf()}
      data-paused={paused() ? 'true' : undefined}
      data-glyph={props.glyphCid ?? ''}
    >
      <div class="stage-guide">
        <Guide
          pattern={props.session && view() ? props.session.pattern : props.idlePattern}
          view={view() ?? preview()}
          pressed={props.pressed}
          glyph={props.glyph}
          onPress={props.onPress}
          onRelease={props.onRelease}
        />
      </div>
      <div class="phase-readout">
        <p class="phase-name" classList={{ idle: !view() }} aria-live="polite" data-testid="room-phase">
          {label()}
        </p>
        <p class="phase-countdown" aria-hidden={countdown() === null}>
          <span>{countdown() ?? '\u00a0'}</span>
          <Show when={countdown() !== null}>
            <span class="visually-hidden"> {t('room.guide.secondsLeft')}</span>
          </Show>
        </p>
      </div>
      <p class="hint room-session-line" data-testid="room-session-line">
        <Show when={props.session && view()} fallback={'\u00a0'}>
          {patternName(props.session!.pattern)}
          <Show when={breathing()}>{(v) => ` · ${t('room.guide.left', formatDuration(v().remainingMs))}`}</Show>
        </Show>
      </p>
    </div>
  );
}
