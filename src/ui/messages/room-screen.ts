/**
 * Words of the room's screen (its lobby, countdowns and schedule): apart from room.ts, whose words
 * for errors are in the first load, so that these come only with the room's code.
 */

/** A span of time as h:mm:ss, or m:ss under an hour. */
export function clockWords(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** When a scheduled session starts, in this device's time zone (named, so two people can compare). */
export const scheduledWords = (localMs: number): string =>
  new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(localMs);

/** What the guide says while no session is under way. */
export function idleWords(state: { scheduledInMs: number | null; isHost: boolean; hostHere: boolean; finished: boolean }): string {
  if (state.scheduledInMs !== null) return `Starts in ${clockWords(state.scheduledInMs)}`;
  if (state.finished) return 'Session over';
  if (state.isHost) return 'Start when everyone is here';
  return state.hostHere ? 'Waiting for the host' : 'The host has left';
}

/** Why a scheduled start was not set. */
export const scheduleProblemWords = (problem: 'empty' | 'past' | 'far'): string =>
  problem === 'empty'
    ? 'Choose a date and time.'
    : problem === 'past'
      ? 'Choose a time at least a few seconds from now.'
      : 'Choose a time within the next year.';
