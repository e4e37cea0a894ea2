/**
 * Words of the room's screen (its lobby, countdowns and schedule): apart from room.ts, whose words
 * for errors are in the first load, so that these come only with the room's code.
 */
import { formatDate } from '../../i18n/format.ts';
import { t } from '../../i18n/index.ts';

/** A span of time as h:mm:ss, or m:ss under an hour. */
export function clockWords(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** When a scheduled session starts, in this device's time zone (named, so two people can compare), in the showing language. */
export const scheduledWords = (localMs: number): string =>
  formatDate(localMs, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });

/** What the guide says while no session is under way. */
export function idleWords(state: { scheduledInMs: number | null; isHost: boolean; hostHere: boolean; finished: boolean }): string {
  if (state.scheduledInMs !== null) return t('room.idle.startsIn', clockWords(state.scheduledInMs));
  if (state.finished) return t('room.idle.over');
  if (state.isHost) return t('room.idle.startWhenReady');
  return state.hostHere ? t('room.idle.waiting') : t('room.idle.hostLeft');
}

/** Why a scheduled start was not set. */
export const scheduleProblemWords = (problem: 'empty' | 'past' | 'far'): string =>
  problem === 'empty' ? t('room.lead.scheduleEmpty') : problem === 'past' ? t('room.lead.schedulePast') : t('room.lead.scheduleFar');
