/**
 * Whether a member breathes along now: pressing, or an inhale onset lately. The app's people list
 * and the relay's field (a big room's summary) count it the same way.
 */

/** How recent a member's last press must be for them to count as breathing along. */
export const BREATHING_WINDOW_MS = 20_000;
// Onsets come oldest first; only the newest few say whether someone breathes now, so a member
// sending a huge array costs no more than one sending twelve.
const ONSETS_READ = 4;
// A device's clock estimate can run a little ahead of ours; an onset further ahead is nonsense.
const FUTURE_SLACK_MS = 2_000;

/** Whether `onsets` (anything: presence is what other clients send) hold an inhale onset within `BREATHING_WINDOW_MS` before `now`. */
export function pressedLately(onsets: unknown, now: number): boolean {
  if (!Array.isArray(onsets)) return false;
  for (let i = onsets.length - 1; i >= Math.max(0, onsets.length - ONSETS_READ); i--) {
    const t: unknown = onsets[i];
    if (typeof t === 'number' && t > now - BREATHING_WINDOW_MS && t <= now + FUTURE_SLACK_MS) return true;
  }
  return false;
}
