/** A scheduled session, saved as a calendar file (.ics) the person opens in their own calendar. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createSignal, Show } from 'solid-js';
import { calendarEvent, icsFileName } from '../../core/ics.ts';
import { download } from '../download.ts';
import { describeError } from '../messages/index.ts';
import { calendarDescription, calendarWords } from '../messages/share.ts';
import { t } from '../../i18n/index.ts';

/**
 * The event's UID: the same for every download of one session (a calendar updates the event instead
 * of adding it twice) and different for each start time, without naming the room: a UID lives on in
 * calendars and invitations forwarded to others long after the link is forgotten.
 */
export const sessionUid = (roomId: string, startMs: number): string =>
  // i18n-exempt: the hashed input's domain separator, never shown
  `${bytesToHex(sha256(new TextEncoder().encode(`sacred-breathing session\n${roomId}\n${startMs}`))).slice(0, 32)}@sacred-breathing`;

/** The "Add to calendar" button of a scheduled session; `title` is the event's, in the person's language. */
export function AddToCalendar(props: { startMs: number; durationMs: number; title: string; url: string; roomId: string }) {
  const [outcome, setOutcome] = createSignal<{ text: string; error: boolean } | null>(null);
  const add = () => {
    // A start converted from the relay's clock is off by a few milliseconds either way: to the second,
    // it is the time the host chose (not 18:29:59), and the same on every download, so the UID is too.
    const startMs = Math.round(props.startMs / 1000) * 1000;
    try {
      const file = calendarEvent({
        uid: sessionUid(props.roomId, startMs),
        startMs,
        durationMs: props.durationMs,
        title: props.title,
        description: calendarDescription(props.url),
        url: props.url,
        nowMs: Date.now(),
      });
      download(icsFileName(props.title, startMs, t('room.calendar.fileFallback')), file, 'text/calendar;charset=utf-8');
      setOutcome({ text: t('room.calendar.saved'), error: false });
    } catch (error) {
      setOutcome({ text: calendarWords(error) ?? describeError(error), error: true });
    }
  };
  return (
    <div class="add-to-calendar">
      <button type="button" onClick={add}>
        {t('room.calendar.add')}
      </button>
      <Show when={outcome()}>
        {(o) => (
          <p class={o().error ? 'form-error' : 'hint'} role={o().error ? 'alert' : 'status'}>
            {o().text}
          </p>
        )}
      </Show>
    </div>
  );
}
