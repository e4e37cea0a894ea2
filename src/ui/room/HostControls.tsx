/**
 * What the host uses to lead: the main buttons under the guide (start, pause or resume, end for
 * everyone) and the lead panel (the pattern and its lock, a scheduled start, starting again,
 * handing over, deleting the room). A restart of a session under way and a deletion ask first.
 */
import { createSignal, createUniqueId, For, Match, Show, Switch } from 'solid-js';
import type { Pattern } from '../../core/pattern.ts';
import { isLive } from '../../core/room-session.ts';
import { t } from '../../i18n/index.ts';
import type { RoomStore } from '../../room/store.ts';
import { patternName } from '../messages/patterns.ts';
import { memberName } from '../messages/room.ts';
import { scheduleProblemWords } from '../messages/room-screen.ts';
import { useApp } from '../state.tsx';
import { GET_READY_MS } from './RoomGuide.tsx';

/** A start for everyone is this far ahead: time to see it coming. */
export const LEAD_MS = 5000;
const YEAR = 365 * 24 * 3_600_000;

/** Runs an action on the room; a refusal becomes words through `onProblem`. */
export type Attempt = (action: () => void | Promise<void>) => void;

/** The pattern the next start uses: the room's chosen one, else the host's own last pattern. */
export function nextPattern(room: RoomStore, mine: readonly Pattern[], patternId: string): Pattern {
  return room.plannedPattern() ?? mine.find((p) => p.id === patternId) ?? mine[0]!;
}

/** The buttons under the guide, for the host. */
export function HostButtons(props: { room: RoomStore; now(): number; attempt: Attempt; onStart(): void }) {
  const room = props.room;
  const live = () => {
    const s = room.session();
    return s !== null && isLive(s, props.now());
  };
  const scheduled = () => {
    const s = room.session();
    return s !== null && s.endedAt === null && s.startAt - props.now() > GET_READY_MS;
  };
  const paused = () => room.session()?.pausedAt != null;
  return (
    <div class="controls room-controls">
      <Switch>
        <Match when={!live()}>
          <button type="button" class="primary" onClick={() => props.onStart()}>
            {t('room.host.start')}
          </button>
        </Match>
        <Match when={scheduled()}>
          <button type="button" class="primary" onClick={() => props.onStart()}>
            {t('room.host.startNow')}
          </button>
          <button type="button" onClick={() => props.attempt(() => room.end())}>
            {t('room.host.cancelStart')}
          </button>
        </Match>
        <Match when={live()}>
          <button
            type="button"
            classList={{ primary: paused() }}
            onClick={() => props.attempt(() => (paused() ? room.resume() : room.pause()))}
          >
            {paused() ? t('room.host.resume') : t('room.host.pause')}
          </button>
          <button type="button" onClick={() => props.attempt(() => room.end())}>
            {t('room.host.end')}
          </button>
        </Match>
      </Switch>
    </div>
  );
}

/** A question asked in place, before an action that touches everyone. */
function Confirm(props: { question: string; yes: string; no: string; danger?: boolean; onYes(): void; onNo(): void }) {
  const id = createUniqueId();
  return (
    <div class="confirm" role="alertdialog" aria-labelledby={id}>
      <p id={id}>{props.question}</p>
      <div class="controls">
        <button type="button" class={props.danger ? 'danger' : 'primary'} onClick={() => props.onYes()}>
          {props.yes}
        </button>
        <button type="button" onClick={() => props.onNo()}>
          {props.no}
        </button>
      </div>
    </div>
  );
}

/** The host's lead panel. */
export function LeadPanel(props: {
  room: RoomStore;
  now(): number;
  attempt: Attempt;
  patternId: string;
  onPatternId(id: string): void;
  onStart(): void;
}) {
  const app = useApp();
  const room = props.room;
  const [confirming, setConfirming] = createSignal<'restart' | 'delete' | null>(null);
  const [when, setWhen] = createSignal('');
  const [scheduleProblem, setScheduleProblem] = createSignal<string | null>(null);
  const [handTo, setHandTo] = createSignal('');
  const others = () => room.members().filter((m) => !m.me);
  /** Whether a session is live at this instant (the relay's time now, not the last tick's): restarting it asks first. */
  const liveNow = () => {
    const s = room.session();
    return s !== null && isLive(s, room.serverNow());
  };
  const choose = (id: string) => {
    props.onPatternId(id);
    const pattern = app.patterns.all().find((p) => p.id === id);
    if (pattern) props.attempt(() => room.choosePattern(pattern));
  };
  const schedule = (e: SubmitEvent) => {
    e.preventDefault();
    // The person means their own wall clock; the room runs on the relay's.
    const local = when() ? new Date(when()).getTime() : Number.NaN;
    // Past the countdown's length ahead, so that everyone sees it coming.
    const wall = app.device.clock.now();
    const problem = Number.isNaN(local) ? 'empty' : local <= wall + GET_READY_MS ? 'past' : local > wall + YEAR ? 'far' : null;
    setScheduleProblem(problem && scheduleProblemWords(problem));
    if (problem) return;
    const pattern = nextPattern(room, app.patterns.all(), props.patternId);
    props.attempt(() => room.start(pattern, local + (room.offset()?.offsetMs ?? 0)));
  };
  const restart = () => {
    if (liveNow() && confirming() !== 'restart') return setConfirming('restart');
    setConfirming(null);
    props.onStart();
  };

  return (
    <div class="lead-panel" data-testid="lead-panel">
      <fieldset class="lead-pattern">
        <legend>{t('room.lead.pattern')}</legend>
        <label class="field">
          <span class="visually-hidden">{t('room.lead.pattern')}</span>
          <select
            aria-label={t('room.lead.pattern')}
            value={room.plannedPattern()?.id ?? props.patternId}
            disabled={room.locked()}
            onChange={(e) => choose(e.currentTarget.value)}
          >
            <For each={app.patterns.all()}>{(p) => <option value={p.id}>{patternName(p)}</option>}</For>
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={room.locked()}
            onChange={(e) => {
              const lock = e.currentTarget.checked;
              props.attempt(() => {
                // Locking locks the pattern shown: it becomes the room's if none was chosen yet.
                if (lock && !room.plannedPattern()) room.choosePattern(nextPattern(room, app.patterns.all(), props.patternId));
                room.setLocked(lock);
              });
            }}
          />
          {t('room.lead.lock')}
        </label>
      </fieldset>

      <form class="lead-schedule" onSubmit={schedule}>
        <label class="field">
          {t('room.lead.startAt')}
          <input type="datetime-local" step="1" value={when()} onInput={(e) => setWhen(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('room.lead.schedule')}</button>
        <Show when={scheduleProblem()}>
          {(text) => (
            <p class="form-error" role="alert">
              {text()}
            </p>
          )}
        </Show>
      </form>

      <Show when={room.session() && isLive(room.session()!, props.now())}>
        <div class="lead-restart">
          <button type="button" onClick={restart}>
            {t('room.lead.restart')}
          </button>
          <Show when={confirming() === 'restart'}>
            <Confirm
              question={t('room.lead.restartQuestion')}
              yes={t('room.lead.restartYes')}
              no={t('room.lead.restartNo')}
              onYes={restart}
              onNo={() => setConfirming(null)}
            />
          </Show>
        </div>
      </Show>

      {/* In a field (a big room) nobody is listed in full, only faces passing by: handing the lead to one would be a lottery. */}
      <Show when={!room.field()}>
        <form
          class="lead-handover"
          onSubmit={(e) => {
            e.preventDefault();
            const to = handTo() || others()[0]?.memberId;
            if (to) props.attempt(() => room.handOver(to));
          }}
        >
          <label class="field">
            {t('room.lead.handTo')}
            <select value={handTo()} disabled={others().length === 0} onChange={(e) => setHandTo(e.currentTarget.value)}>
              <For each={others()} fallback={<option value="">{t('room.lead.nobodyElse')}</option>}>
                {(m) => <option value={m.memberId}>{memberName(m.name, false)}</option>}
              </For>
            </select>
          </label>
          <button type="submit" disabled={others().length === 0}>
            {t('room.lead.handOver')}
          </button>
        </form>
      </Show>

      <Show when={room.canDelete}>
        <div class="lead-delete">
          <button type="button" class="danger" onClick={() => setConfirming('delete')}>
            {t('room.lead.delete')}
          </button>
          <Show when={confirming() === 'delete'}>
            <Confirm
              question={t('room.lead.deleteQuestion')}
              yes={t('room.lead.deleteYes')}
              no={t('room.lead.deleteNo')}
              danger
              onYes={() => props.attempt(() => room.deleteRoom())}
              onNo={() => setConfirming(null)}
            />
          </Show>
        </div>
      </Show>
    </div>
  );
}
