/** A room session's end for this member: what they breathed, their own rhythm and the group's, and whether it is in their journal. */
import { Show } from 'solid-js';
import { cycleMs } from '../../core/pattern.ts';
import type { SessionSummary } from '../../core/summary.ts';
import { JournalSave } from '../JournalSave.tsx';
import { formatDuration } from '../state.tsx';

export function RoomSummary(props: { summary: SessionSummary; onClose(): void }) {
  const s = () => props.summary;
  const kept = () => s().durationMs >= cycleMs(s().pattern);
  const group = () => s().room?.group ?? null;
  const Actions = () => (
    <div class="controls">
      <button type="button" onClick={() => props.onClose()}>
        Back to the room
      </button>
    </div>
  );
  return (
    <section class="summary room-summary" aria-labelledby="room-summary-title" data-testid="room-summary">
      <h2 id="room-summary-title">{s().completed ? 'Session complete' : 'Session ended'}</h2>
      <dl class="summary-facts">
        <div>
          <dt>Pattern</dt>
          <dd>{s().pattern.name}</dd>
        </div>
        <div>
          <dt>You breathed</dt>
          <dd data-testid="room-summary-duration">{formatDuration(s().durationMs, 'down')}</dd>
        </div>
        <div>
          <dt>Your rhythm</dt>
          <dd data-testid="room-summary-score">{s().coherence ? `${s().coherence!.score} / 100` : 'not measured'}</dd>
        </div>
        <div>
          <dt>{group()?.kind === 'pair' ? 'Pair sync' : 'Group sync'}</dt>
          <dd data-testid="room-summary-group">{group() ? `${Math.round(group()!.value * 100)} / 100` : 'not measured'}</dd>
        </div>
      </dl>
      <Show
        when={kept()}
        fallback={
          <>
            <p class="hint">Less than one breath cycle: not kept in your journal.</p>
            <Actions />
          </>
        }
      >
        <JournalSave actions={<Actions />} />
      </Show>
    </section>
  );
}
