/** English words for the journal: history, totals, charts, the session list, and saving a session with its mood and note. */
import { plurals } from '../plural.ts';

const plural = plurals('en-GB');

export const journal = {
  title: 'Journal',
  privacyLink: 'Privacy and backup',
  couldNotOpen: (why: string) => `The journal could not be opened: ${why}`,
  locked: 'Your journal is locked',
  setPassphrase: 'Set a passphrase',
  skipped: (n: number) =>
    plural(n, {
      one: '# saved session could not be read (damaged or changed) and is left out. The others are intact.',
      other: '# saved sessions could not be read (damaged or changed) and are left out. The others are intact.',
    }),
  range: { label: 'Show', week: 'Week', month: 'Month', year: 'Year' },
  totals: { sessions: 'Sessions', minutes: 'Minutes', currentStreak: 'Current streak', bestStreak: 'Best streak' },
  days: (n: number) => plural(n, { one: '# day', other: '# days' }),
  filter: { label: 'Pattern', all: 'All patterns' },
  sessions: 'Sessions',
  empty: 'No sessions yet. They appear here when a session ends.',
  undo: {
    deleted: (pattern: string, when: string) => `Deleted ${pattern}, ${when}.`,
    button: 'Undo',
  },
  list: {
    label: 'Sessions, newest first',
    delete: (when: string) => `Delete the session of ${when}`,
    notInStreaks: 'under one breath, not in streaks',
    /** The presses' rhythm coherence (the heart's has its own words below). */
    rhythm: (score: number) => `rhythm ${score}`,
    mood: (before: string, after: string) => `mood ${before} → ${after}`,
    noMood: '–',
    heart: {
      /** Read before the heart's figures in a row (its icon, which sighted people see instead, is hidden from screen readers). */
      label: 'Heart:',
      bpm: (bpm: number) => `${bpm} bpm`,
      coherence: (score: number) => `coherence ${score}`,
      resonance: (rate: string) => `resonance ${rate} breaths/min`,
    },
  },
  room: {
    session: 'Room session',
    pattern: 'Room pattern',
    people: (n: number) => plural(n, { one: '# person', other: '# people' }),
    alone: 'alone',
    groupSync: (figure: string) => `group sync ${figure}`,
    pairSync: (figure: string) => `pair sync ${figure}`,
  },
  mood: {
    clear: 'Clear',
    veryLow: 'very low',
    low: 'low',
    okay: 'okay',
    good: 'good',
    veryGood: 'very good',
  },
  save: {
    label: 'Journal',
    notSaved: (why: string) => `This session was not saved: the journal could not be opened. ${why}`,
    keptWhileOpen: 'Until then this session is kept only while the app is open: closing or reloading it loses the session.',
    unlockToSave: 'Unlock your journal to save this session',
    sealedTitle: 'Saved',
    sealedText: 'Your journal is locked, so this session is stored encrypted and will appear in your history next time you unlock.',
    unlockOptional: 'Unlock to add a mood or note (optional)',
    savedTitle: 'Saved to your journal',
    savedText: 'Encrypted on this device. A mood or a note can follow.',
    moodLegend: 'How do you feel now? (optional)',
    note: 'Note (optional)',
    submit: 'Save mood and note',
    done: 'Saved.',
    failed: (why: string) => `Not saved: ${why}`,
  },
  charts: {
    asTable: 'As a table',
    span: { week: 'last 7 days', month: 'last 30 days', year: 'last 12 months' },
    /** Under 0.1 minute: a session that happened never reads "0". */
    under: (figure: string) => `under ${figure}`,
    minutes: {
      title: 'Minutes practised',
      unit: 'min',
      days: (active: number, total: number) => `${active} of ${plural(total, { one: '# day', other: '# days' })}`,
      months: (active: number, total: number) => `${active} of ${plural(total, { one: '# month', other: '# months' })}`,
      caption: (span: string, minutes: string, on: string) => `Minutes practised, ${span}: ${minutes} min on ${on}`,
      most: (minutes: string, when: string) => `; the most was ${minutes} min (${when})`,
      day: 'Day',
      month: 'Month',
      minutesColumn: 'Minutes',
      sessionsColumn: 'Sessions',
      empty: 'No sessions in this range.',
    },
    coherence: {
      title: 'Rhythm coherence',
      unit: 'score',
      hint: 'Rhythm coherence appears here once you use press-and-hold in a session in this range.',
      caption: (span: string, measured: number, average: number, latest: number) =>
        `Rhythm coherence (0 to 100), ${span}: ${plural(measured, { one: '# measured session', other: '# measured sessions' })}, average ${average}, latest ${latest}.`,
      sessionColumn: 'Session',
      coherenceColumn: 'Coherence',
      empty: 'No measured sessions in this range.',
    },
    heart: {
      coherenceTitle: 'Heart coherence',
      coherenceUnit: 'score',
      coherenceCaption: (span: string, days: number, average: number, latest: number) =>
        `Heart coherence (0 to 100), ${span}: ${plural(days, { one: '# day', other: '# days' })} with a heart sensor, average ${average}, latest ${latest}.`,
      coherenceHint: 'Heart coherence appears here once a session with a heart sensor lasts long enough to measure it.',
      rateTitle: 'Mean heart rate',
      rateUnit: 'bpm',
      rateCaption: (span: string, days: number, average: number, latest: number) =>
        `Mean heart rate, ${span}: ${plural(days, { one: '# day', other: '# days' })} with a heart sensor, average ${average} bpm, latest ${latest} bpm.`,
      dayColumn: 'Day',
      coherenceColumn: 'Heart coherence',
      rateColumn: 'Mean heart rate (bpm)',
      empty: 'No sessions with a heart sensor in this range.',
    },
  },
};
