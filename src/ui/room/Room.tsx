/**
 * One open room on one screen: the guide (a press target), the phase and the group figure always in
 * view; the host's buttons under them; who is here, sharing, leading and a session's end in a panel
 * that never hides the guide (beside it on wide screens, under it on phones).
 */
import { A } from '@solidjs/router';
import { createEffect, createSignal, Match, on, onCleanup, Show, Switch } from 'solid-js';
import { isLive, type RoomSession } from '../../core/room-session.ts';
import { formatNumber } from '../../i18n/format.ts';
import { t } from '../../i18n/index.ts';
import type { RoomsStore } from '../../room/rooms.ts';
import type { RoomStore } from '../../room/store.ts';
import { HoldPad } from '../HoldPad.tsx';
import { describeError } from '../messages/index.ts';
import { patternName } from '../messages/patterns.ts';
import { roomStatusWords } from '../messages/room.ts';
import { idleWords, scheduledWords } from '../messages/room-screen.ts';
import { useApp } from '../state.tsx';
import { AddToCalendar } from './AddToCalendar.tsx';
import { type Attempt, HostButtons, LEAD_MS, LeadPanel, nextPattern } from './HostControls.tsx';
import { People } from './People.tsx';
import { GET_READY_MS, RoomGuide } from './RoomGuide.tsx';
import { GroupHeartFigure, HeartShare, NameForm, type Panel, PanelButton, RoomGone, withParts } from './RoomParts.tsx';
import { createRoomGlyph, createRoomGlyphSound, createTicker } from './room-signals.ts';
import { glyphSoundscape } from '../../practice/tones.ts';
import { SOUNDSCAPE_CHOICES } from '../../local/settings.ts';
import { RoomSummary } from './RoomSummary.tsx';
import { ShareRoom } from './ShareRoom.tsx';
import { followRoomSound } from './room-sound.ts';
import { SoundOptions } from '../SoundOptions.tsx';
import { planSession } from '../../core/pacer.ts';
import './room.css';

/** Wide screens show a panel beside the guide, so one is always open there. */
const WIDE = '(min-width: 56rem)';

/** One open room on one screen. */
export function Room(props: { room: RoomStore; rooms: RoomsStore; onReopen(): void }) {
  const app = useApp();
  const room = props.room;
  const wide = window.matchMedia(WIDE);
  const [isWide, setWide] = createSignal(wide.matches);
  const onWide = () => setWide(wide.matches);
  wide.addEventListener('change', onWide);
  onCleanup(() => wide.removeEventListener('change', onWide));
  // A newcomer without a name meets the name field first.
  const [panel, setPanel] = createSignal<Panel | null>(isWide() || !room.myName() ? 'people' : null);
  const toggle = (next: Panel) => setPanel(panel() === next && !isWide() ? null : panel() === next ? 'people' : next);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [patternId, setPatternId] = createSignal(app.settings().patternId);
  // Breathing the room's last pattern alone (offline, or after the group finished): shown here only,
  // never written to the shared document, whose session belongs to the host.
  const [solo, setSolo] = createSignal<RoomSession | null>(null);
  const now = createTicker(room.serverNow);
  const glyph = createRoomGlyph(room);
  const shown = () => solo() ?? room.session();
  const glyphSound = createRoomGlyphSound(room);
  followRoomSound({
    session: shown,
    offsetMs: () => room.offset()?.offsetMs ?? null,
    on: () => app.settings().tones,
    // The room's glyph's soundscape in place of the chosen one, as in practice alone.
    soundscape: () => glyphSoundscape(app.settings().soundscape, glyphSound(), SOUNDSCAPE_CHOICES),
    player: app.device.tones,
    clock: app.device.clock,
  });

  const attempt: Attempt = (action) => {
    setProblem(null);
    const fail = (error: unknown) => setProblem(describeError(error));
    try {
      void action()?.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
  /** The host's guide becomes everyone's: a glyph's CID, or the drawn shape. */
  const shareGlyph = (pattern: ReturnType<typeof nextPattern>) => {
    const choice = app.settings().glyph;
    if (choice !== 'suggested') return attempt(() => room.setGlyph(choice));
    void app
      .glyphs()
      .then((glyphs) => room.isHost() && attempt(() => room.setGlyph(glyphs.suggest(pattern, new Date().getHours()).cid)))
      // reason: without the glyph store the room keeps the guide it has
      .catch((error: unknown) => console.warn('room glyph not chosen', error));
  };
  const start = () =>
    attempt(() => {
      const pattern = nextPattern(room, app.patterns.all(), patternId());
      room.start(pattern, room.serverNow() + LEAD_MS);
      shareGlyph(pattern);
    });

  const live = () => {
    const s = shown();
    return s !== null && isLive(s, now());
  };
  // Breathing alone ends with its session.
  createEffect(() => solo() && !live() && setSolo(null));
  const scheduledInMs = () => {
    const s = room.session();
    if (!s || s.endedAt !== null) return null;
    const left = s.startAt - now();
    return left > GET_READY_MS ? left : null;
  };
  // A session that ends while this member is here shows its end (and its place in the journal);
  // one the host restarts gives way to the new one at once.
  createEffect(
    on(
      room.lastSession,
      (s) => {
        const current = room.session();
        const restarted = current !== null && current.endedAt === null && isLive(current, room.serverNow());
        if (s && !restarted) setPanel('summary');
      },
      { defer: true },
    ),
  );
  // A new session closes the last one's end on a phone, where the panel would shrink the guide.
  // A new session also ends breathing alone: the room's pacer is everyone's again.
  createEffect(
    on(
      () => room.session()?.id,
      () => {
        setSolo(null);
        if (panel() === 'summary') setPanel(isWide() ? 'people' : null);
      },
      { defer: true },
    ),
  );
  // Handed over: the lead panel is the new host's now.
  createEffect(() => !room.isHost() && panel() === 'lead' && setPanel(isWide() ? 'people' : null));

  const group = () => room.group();
  const idle = () =>
    idleWords({
      scheduledInMs: scheduledInMs(),
      isHost: room.isHost(),
      hostHere: room.hostHere(),
      finished: room.session() !== null && !live(),
    });

  return (
    <Switch>
      <Match when={room.status().kind === 'deleted'}>
        <RoomGone onReopen={props.onReopen} />
      </Match>
      <Match when={true}>
        <div class="room-stage" classList={{ 'has-panel': panel() !== null }}>
          <header class="room-bar">
            <A href="/" class="room-leave button" aria-label={t('room.bar.leave')}>
              <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
                <path d="M15 5l-7 7 7 7" />
              </svg>
            </A>
            <p class="room-status" data-testid="room-status" data-state={room.status().kind} role="status">
              <span class="status-dot" aria-hidden="true" />
              <span class="status-words">{roomStatusWords(room.status(), room.retryInS())}</span>
            </p>
            <nav class="room-tabs" aria-label={t('room.bar.tabs')}>
              <PanelButton panel="people" open={panel()} onToggle={toggle}>
                {t('room.bar.people')}{' '}
                <span class="tab-count" classList={{ long: room.here() >= 1000 }}>
                  {formatNumber(room.here())}
                </span>
              </PanelButton>
              <PanelButton panel="share" open={panel()} onToggle={toggle}>
                {t('room.bar.share')}
              </PanelButton>
              <Show when={room.isHost()}>
                <PanelButton panel="lead" open={panel()} onToggle={toggle}>
                  {t('room.bar.lead')}
                </PanelButton>
              </Show>
            </nav>
          </header>

          <div class="room-main">
            {/* Anything but "Connected" matters to read: in full under the bar (the bar's own words are cut short on a phone). */}
            <Show when={room.status().kind !== 'online'}>
              <p class="room-notice" aria-hidden="true">
                {roomStatusWords(room.status(), room.retryInS())}
              </p>
            </Show>
            <RoomGuide
              session={shown()}
              idlePattern={room.plannedPattern() ?? nextPattern(room, app.patterns.all(), patternId())}
              serverNow={room.serverNow}
              offsetMs={room.offset()?.offsetMs ?? 0}
              clock={app.device.clock}
              pressed={room.pressed()}
              glyph={glyph()}
              glyphCid={room.glyph()}
              idleWords={idle()}
              onPress={() => room.press()}
              onRelease={() => room.release()}
            />
            <Show when={scheduledInMs() !== null && room.session()}>
              {(s) => {
                const localStart = () => s().startAt - (room.offset()?.offsetMs ?? 0);
                return (
                  <div class="room-lobby" data-testid="room-schedule" data-start={new Date(localStart()).toISOString()}>
                    <p>
                      {withParts(
                        (pattern, time) => t('room.lobby.starts', pattern, time),
                        [
                          <strong>{patternName(s().pattern)}</strong>,
                          <time datetime={new Date(localStart()).toISOString()}>{scheduledWords(localStart())}</time>,
                        ],
                      )}
                    </p>
                    <AddToCalendar
                      startMs={localStart()}
                      durationMs={planSession(s().pattern).durationMs}
                      title={t('room.lobby.eventTitle', patternName(s().pattern))}
                      url={props.rooms.linkTo(room.id)}
                      roomId={room.id}
                    />
                  </div>
                );
              }}
            </Show>
            <p class="group-line" data-testid="group-figure">
              <Switch fallback={room.groupHeart() ? '' : '\u00a0'}>
                <Match when={group().kind === 'pair'}>
                  {t('room.group.pair')} <span class="figure">{Math.round(group().value * 100)} / 100</span>
                </Match>
                <Match when={group().kind === 'group'}>
                  {t('room.group.group')} <span class="figure">{Math.round(group().value * 100)} / 100</span>{' '}
                  {t('room.group.counted', group().counted)}
                </Match>
              </Switch>
              <GroupHeartFigure heart={room.groupHeart()} />
            </p>
            <HoldPad pressed={room.pressed()} onPress={() => room.press()} onRelease={() => room.release()} />
            <Show
              when={room.isHost()}
              fallback={
                <div class="controls room-controls">
                  <Show when={room.hostId() && !room.hostHere() && room.status().kind === 'online'}>
                    <button type="button" onClick={() => attempt(() => room.takeLead())}>
                      {t('room.guest.takeLead')}
                    </button>
                  </Show>
                  <Show when={room.session() && !solo() && (room.status().kind !== 'online' || !live())}>
                    <button
                      type="button"
                      onClick={() =>
                        setSolo({
                          ...room.session()!,
                          id: 'solo',
                          startAt: Math.round(room.serverNow() + 3000),
                          pausedAt: null,
                          endedAt: null,
                        })
                      }
                    >
                      {t('room.guest.breatheAlone', patternName(room.session()!.pattern))}
                    </button>
                  </Show>
                </div>
              }
            >
              <HostButtons room={room} now={now} attempt={attempt} onStart={start} />
            </Show>
            <Show when={problem()}>
              {(text) => (
                <p class="form-error" role="alert">
                  {text()}
                </p>
              )}
            </Show>
          </div>

          <Show when={panel()}>
            {(open) => (
              <div id="room-panel" class="room-panel" data-panel={open()}>
                <Switch>
                  <Match when={open() === 'people'}>
                    <NameForm room={room} rooms={props.rooms} attempt={attempt} />
                    <HeartShare room={room} rooms={props.rooms} />
                    <People
                      members={room.members}
                      field={room.field}
                      fieldEachSecond={room.fieldEachSecond}
                      faces={room.faces}
                      group={room.group}
                      groupHeart={room.groupHeart}
                    />
                    <p class="hint">{t('room.people.hint')}</p>
                    <details class="room-sound">
                      <summary>{t('room.people.sound')}</summary>
                      <div class="options">
                        <SoundOptions />
                      </div>
                    </details>
                  </Match>
                  <Match when={open() === 'share'}>
                    <ShareRoom url={props.rooms.linkTo(room.id)} title={t('room.share.sentTitle')} />
                  </Match>
                  <Match when={open() === 'lead' && room.isHost()}>
                    <LeadPanel room={room} now={now} attempt={attempt} patternId={patternId()} onPatternId={setPatternId} onStart={start} />
                  </Match>
                  <Match when={open() === 'summary' && room.lastSession()}>
                    {(s) => <RoomSummary summary={s()} onClose={() => setPanel(isWide() ? 'people' : null)} />}
                  </Match>
                </Switch>
              </div>
            )}
          </Show>
        </div>
      </Match>
    </Switch>
  );
}
