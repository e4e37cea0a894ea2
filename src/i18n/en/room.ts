/** English words for rooms: the room's screen (lobby, guide, host's buttons, lead panel, people, sharing, summary) and its errors. */
import { plurals } from '../plural.ts';

const plural = plurals('en-GB');

export const room = {
  /** The page's heading (read by screen readers only). */
  title: 'Breathe together',
  tryAgain: 'Try again',
  bar: { leave: 'Leave the room', tabs: 'Room', people: 'People', share: 'Share', lead: 'Lead' },
  status: {
    connecting: 'Connecting…',
    online: 'Connected',
    offline: 'Offline: breathing on your own, changes sync later',
    /** `why` is one of the lines above or of `closed`. */
    reconnectingIn: (why: string, seconds: number) => `${why}; reconnecting in ${seconds} s`,
    reconnecting: (why: string) => `${why}; reconnecting`,
  },
  /** Why the relay closed the connection. */
  closed: {
    roomFull: 'This room is full',
    tooBig: 'The relay refused a change from this device as too large; it is kept here only',
    roomTooLarge: 'This room has grown too large for the relay; changes from this device are kept here only',
    storageFull: 'The relay has no space left to store this room; changes from this device are kept here only',
    goingAway: 'Offline: the relay is restarting',
    malformed: 'Offline: the relay could not read a message from this device',
    badUpdate: 'Offline: the relay refused a change that would damage the room',
    storageFailed: 'Offline: the relay could not store the room',
    slow: 'Offline: the connection was too slow to keep up',
    rateLimited: 'Offline: too many changes at once',
    roomRestored: 'Offline: the room was restored on the relay, syncing afresh',
    incomplete: 'Offline: syncing afresh with the relay',
    roomUnavailable: 'Offline: the relay could not load this room',
    roomDeleted: 'This room was deleted by its host',
  },
  errors: {
    changeTooLarge: 'This change is too large to share with the room.',
    badLink: 'This room link is not complete. Ask for the link again.',
    notHost: 'Only the host can do this, and someone else leads the room now.',
    openFailed: 'This room could not be opened on this device. Check your connection and try again.',
    deleteNotOwner: 'Only the device that made this room can delete it.',
    deleteOffline: 'The room was not deleted: the relay cannot be reached. Try again when you are online.',
    deleteTooMany: 'The room was not deleted: too many requests. Wait a minute and try again.',
    deleteRefused: (status: string) => `The room was not deleted: the relay refused (${status}).`,
  },
  member: {
    someone: 'Someone',
    you: (name: string) => `${name} (you)`,
  },
  /** What the guide says while no session is under way. */
  idle: {
    startsIn: (clock: string) => `Starts in ${clock}`,
    over: 'Session over',
    startWhenReady: 'Start when everyone is here',
    waiting: 'Waiting for the host',
    hostLeft: 'The host has left',
  },
  lobby: {
    /** `{pattern}` and `{time}` stand where the pattern's name and the start's date and time go. */
    starts: (pattern: string, time: string) => `${pattern} starts ${time}`,
    /** The calendar event's title. */
    eventTitle: (pattern: string) => `Breathe together: ${pattern}`,
  },
  guide: {
    paused: 'Paused',
    getReady: 'Get ready',
    /** Read after the countdown's number. */
    secondsLeft: 'seconds left in this phase',
    left: (time: string) => `${time} left`,
  },
  group: {
    pair: 'Pair sync',
    group: 'Group sync',
    counted: (n: number) => plural(n, { one: '(# person)', other: '(# people)' }),
  },
  guest: {
    takeLead: 'Lead the room',
    breatheAlone: (pattern: string) => `Breathe ${pattern} on your own`,
  },
  host: {
    start: 'Start for everyone',
    startNow: 'Start now',
    cancelStart: 'Cancel the start',
    pause: 'Pause',
    resume: 'Resume',
    end: 'End for everyone',
  },
  lead: {
    pattern: 'Pattern',
    lock: 'Lock it (it stays, whoever leads)',
    startAt: 'Start at a set time',
    schedule: 'Schedule',
    scheduleEmpty: 'Choose a date and time.',
    schedulePast: 'Choose a time at least a few seconds from now.',
    scheduleFar: 'Choose a time within the next year.',
    restart: 'Start again for everyone',
    restartQuestion: 'A session is under way. Start again from the beginning for everyone?',
    restartYes: 'Start again',
    restartNo: 'Keep breathing',
    handTo: 'Hand the lead to',
    nobodyElse: 'Nobody else is here yet',
    handOver: 'Hand over',
    delete: 'Delete this room…',
    deleteQuestion:
      "Delete this room for everyone? The relay forgets it, and each member's copy is removed. The link then opens a new, empty room.",
    deleteYes: 'Delete for everyone',
    deleteNo: 'Keep the room',
  },
  people: {
    sound: 'Sound and voice',
    counts: (here: number, breathing: number, pressing: number) =>
      `${plural(here, { other: '# here' })} · ${plural(breathing, { other: '# breathing' })} · ${plural(pressing, { other: '# pressing' })}`,
    /** The list's name for assistive technology. */
    listLabel: (n: number) => plural(n, { one: '# person in the room', other: '# people in the room' }),
    pressing: 'pressing',
    breathing: 'breathing along',
    score: (score: number) => `coherence ${score}`,
    hint: "Press and hold the circle (or the pad) as you breathe in, and let go as you breathe out. When two or more of you do, the group sync under the circle shows how in step your breathing is with each other's: a measure of rhythm, not of the heart.",
  },
  field: {
    /** Under the count in the ring's centre. */
    here: 'here',
    /** In place of the group figure while fewer than two press along. */
    noFigure: 'The group sync shows once two or more of you press along.',
    /** The faces on the ring, for screen readers. */
    faces: (names: string) => `Among those here: ${names}.`,
    hint: 'Too many to list, so the room is shown whole. Each circle is someone here; they take turns. The bars show where everyone is in their breath: breathing in at the top, then round clockwise.',
  },
  /** Heart coherence a member may share (a score, never beats). */
  heart: {
    share: 'Share my heart coherence',
    shareHint: 'Others here see your score (0-100), never your heartbeats.',
    /** Beside the breath sync figure: the mean of the shared scores and how many share (no-break spaces keep each figure with its words in a narrow column). */
    group: (score: number, n: number) => `Heart coherence\u00a0${score} · ${plural(n, { other: '#\u00a0sharing' })}`,
    /** After a person's name in the list. */
    person: (score: number) => `heart coherence ${score}`,
  },
  name: { label: 'Your name', save: 'Save name' },
  gone: {
    title: 'This room was deleted',
    body: 'Its host deleted it for everyone. Its copy on this device is gone too.',
    reopen: 'Open a new room at this link',
    home: 'Home',
  },
  share: {
    /** The panel's name, as a landmark. */
    panel: 'Share this room',
    shareLink: 'Share the room link',
    /** The title sent with the link through the device's share sheet. */
    sentTitle: 'Breathe with me',
    linkCopied: 'Link copied.',
    copyRefused: 'This browser would not copy the link. Select it below and copy it by hand.',
    linkLabel: 'Room link',
    showQr: 'Show QR code',
    qrLabel: 'QR code of the room link',
    qrHint: 'Scan to join on another phone',
    qrLoading: 'Drawing the QR code…',
  },
  calendar: {
    add: 'Add to calendar',
    saved: 'Calendar file saved. Open it to add the session to your calendar.',
    /** The event's description; the link on a line of its own. */
    description: (url: string) => `Breathe together in Sacred Breathing.\nJoin with this link: ${url}`,
    /** The calendar file's name when the title has no letters a file name can hold. */
    fileFallback: 'session',
    noLength: 'This session has no length yet, so it cannot go in a calendar.',
    badStart: 'This session’s start time cannot go in a calendar. Ask the host to set it again.',
  },
  summary: {
    complete: 'Session complete',
    ended: 'Session ended',
    pattern: 'Pattern',
    breathed: 'You breathed',
    rhythm: 'Your rhythm',
    notMeasured: 'not measured',
    tooShort: 'Less than one breath cycle: not kept in your journal.',
    back: 'Back to the room',
  },
};
