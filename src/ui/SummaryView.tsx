/** The end of a session: what was breathed and how closely it followed the pacer. */
import { Show } from 'solid-js';
import type { SessionSummary } from '../core/summary.ts';
import { InstallOffer } from './install.tsx';
import { JournalSave } from './JournalSave.tsx';
import { formatDuration } from './state.tsx';

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function SummaryView(props: { summary: SessionSummary; saveError: string; onAgain(): void; onDone(): void }) {
  const s = () => props.summary;
  const Actions = () => (
    <div class="controls">
      <button type="button" class="primary" onClick={() => props.onAgain()}>
        Breathe again
      </button>
      <button type="button" onClick={() => props.onDone()}>
        Done
      </button>
    </div>
  );
  return (
    <section class="summary" aria-labelledby="summary-title">
      <h1 id="summary-title" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
        {s().completed ? 'Session complete' : 'Session stopped'}
      </h1>
      <dl class="summary-facts">
        <div>
          <dt>Pattern</dt>
          <dd>{s().pattern.name}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-testid="summary-duration">{formatDuration(s().durationMs, 'down')}</dd>
        </div>
        <div>
          <dt>Cycles</dt>
          <dd data-testid="summary-cycles">{s().cycles}</dd>
        </div>
      </dl>
      <Show
        when={s().coherence}
        fallback={
          <p class="no-coherence" data-testid="no-coherence">
            Not enough presses to measure rhythm coherence. Next time, hold the pad (or the space bar) as you breathe in and let go as you
            breathe out.
          </p>
        }
      >
        {(c) => (
          <div class="coherence">
            <p class="coherence-score">
              <span class="label">Rhythm coherence</span>
              <span class="score-figure">
                <strong data-testid="coherence-score">{c().score}</strong>
                <span class="out-of">/ 100</span>
              </span>
            </p>
            <p class="explain">
              How steadily your presses kept time with the pacer: 100 means every press came at the same moment of the breath. It measures
              your breathing rhythm, not your heart.
            </p>
            <details class="score-help">
              <summary>Why a steady delay costs no points</summary>
              <p>
                Most people press a fraction of a second after they see the guide turn: the time it takes to notice and move. A delay that
                stays the same on every breath says nothing about how evenly you breathe, so it does not lower the score; it is shown below
                as timing. Presses that drift, rush or wander do lower it.
              </p>
            </details>
            <dl class="coherence-details">
              <div>
                <dt>Phase locking (R)</dt>
                <dd data-testid="coherence-r">{c().r.toFixed(2)}</dd>
              </div>
              <div>
                <dt>Timing</dt>
                <dd data-testid="coherence-offset">
                  {Math.abs(Math.round(c().meanOffsetMs))} ms {c().meanOffsetMs >= 0 ? 'late' : 'early'} on average, ±
                  {Math.round(c().sdOffsetMs)} ms
                </dd>
              </div>
              <div>
                <dt>In the right phase</dt>
                <dd data-testid="coherence-in-phase">{pct(c().inPhaseFraction)} of the time</dd>
              </div>
              <div>
                <dt>Breath rate</dt>
                <dd data-testid="coherence-rate">
                  <Show when={c().userBpm !== null && c().rateMatch !== null} fallback={`pacer ${c().pacerBpm.toFixed(1)}/min`}>
                    {c().userBpm!.toFixed(1)}/min against the pacer's {c().pacerBpm.toFixed(1)}/min ({pct(c().rateMatch!)} match)
                  </Show>
                </dd>
              </div>
            </dl>
          </div>
        )}
      </Show>
      <Show when={props.saveError} fallback={<JournalSave actions={<Actions />} />}>
        <p role="alert" class="form-error">
          {props.saveError}
        </p>
        <Actions />
      </Show>
      {/* After a finished session, never during one: the browser's install offer, where it has one. */}
      <InstallOffer />
    </section>
  );
}
