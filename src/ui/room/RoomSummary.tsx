/** A room session's end for this member: what they breathed, their own rhythm and the group's, and whether it is in their journal. */
import { Show } from 'solid-js';
import { cycleMs } from '../../core/pattern.ts';
import type { SessionSummary } from '../../core/summary.ts';
import { t } from '../../i18n/index.ts';
import { JournalSave } from '../JournalSave.tsx';
import { patternName } from '../messages/patterns.ts';
import { formatDuration } from '../state.tsx';

export function RoomSummary(props: { summary: SessionSummary; onClose(): void }) {
  const s = () => props.summary;
  const kept = () => s().durationMs >= cycleMs(s().pattern);
  const group = () => s().room?.group ?? null;
  const Actions = () => (
    <div class="controls">
      <button type="button" onClick={() => props.onClose()}>
        {t('room.summary.back')}
      </button>
    </div>
  );
  return (
    <section class="summary room-summary" aria-labelledby="room-summary-title" data-testid="room-summary">
      <h2 id="room-summary-title">{s().completed ? t('room.summary.complete') : t('room.summary.ended')}</h2>
      <dl class="summary-facts">
        <div>
          <dt>{t('room.summary.pattern')}</dt>
          <dd>{patternName(s().pattern)}</dd>
        </div>
        <div>
          <dt>{t('room.summary.breathed')}</dt>
          <dd data-testid="room-summary-duration">{formatDuration(s().durationMs, 'down')}</dd>
        </div>
        <div>
          <dt>{t('room.summary.rhythm')}</dt>
          <dd data-testid="room-summary-score">{s().coherence ? `${s().coherence!.score} / 100` : t('room.summary.notMeasured')}</dd>
        </div>
        <div>
          <dt>{group()?.kind === 'pair' ? t('room.group.pair') : t('room.group.group')}</dt>
          <dd data-testid="room-summary-group">{group() ? `${Math.round(group()!.value * 100)} / 100` : t('room.summary.notMeasured')}</dd>
        </div>
      </dl>
      <Show
        when={kept()}
        fallback={
          <>
            <p class="hint">{t('room.summary.tooShort')}</p>
            <Actions />
          </>
        }
      >
        <JournalSave actions={<Actions />} />
      </Show>
    </section>
  );
}
