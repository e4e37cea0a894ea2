import type { Dict } from '../en/index.ts';
import { plurals } from '../plural.ts';

const plural = plurals('de-DE');

export const journal: Dict['journal'] = {
  title: 'Tagebuch',
  privacyLink: 'Datenschutz und Sicherung',
  couldNotOpen: (why: string) => `Das Tagebuch ließ sich nicht öffnen: ${why}`,
  locked: 'Dein Tagebuch ist gesperrt',
  setPassphrase: 'Passphrase festlegen',
  skipped: (n: number) =>
    plural(n, {
      one: '# gespeicherte Sitzung ließ sich nicht lesen (beschädigt oder verändert) und wird ausgelassen. Die übrigen sind unversehrt.',
      other:
        '# gespeicherte Sitzungen ließen sich nicht lesen (beschädigt oder verändert) und werden ausgelassen. Die übrigen sind unversehrt.',
    }),
  range: { label: 'Zeitraum', week: 'Woche', month: 'Monat', year: 'Jahr' },
  totals: { sessions: 'Sitzungen', minutes: 'Minuten', currentStreak: 'Aktuelle Serie', bestStreak: 'Längste Serie' },
  days: (n: number) => plural(n, { one: '# Tag', other: '# Tage' }),
  filter: { label: 'Muster', all: 'Alle Muster' },
  sessions: 'Sitzungen',
  empty: 'Noch keine Sitzungen. Sie erscheinen hier, sobald eine Sitzung endet.',
  undo: {
    deleted: (pattern: string, when: string) => `Gelöscht: ${pattern}, ${when}.`,
    button: 'Rückgängig',
  },
  list: {
    label: 'Sitzungen, neueste zuerst',
    delete: (when: string) => `Sitzung vom ${when} löschen`,
    notInStreaks: 'zu kurz, zählt nicht zur Serie',
    /** The presses' rhythm coherence (the heart's has its own words below). */
    rhythm: (score: number) => `Rhythmus ${score}`,
    mood: (before: string, after: string) => `Stimmung ${before} → ${after}`,
    noMood: '–',
    heart: {
      /** Read before the heart's figures in a row (its icon, which sighted people see instead, is hidden from screen readers). */
      label: 'Herz:',
      bpm: (bpm: number) => `${bpm} bpm`,
      coherence: (score: number) => `Kohärenz ${score}`,
      resonance: (rate: string) => `Resonanz ${rate} Atemzüge/min`,
    },
  },
  room: {
    session: 'Raumsitzung',
    pattern: 'Raummuster',
    people: (n: number) => plural(n, { one: '# Person', other: '# Personen' }),
    alone: 'allein',
    groupSync: (figure: string) => `Gleichklang der Gruppe ${figure}`,
    pairSync: (figure: string) => `Gleichklang zu zweit ${figure}`,
  },
  mood: {
    clear: 'Leeren',
    veryLow: 'sehr schlecht',
    low: 'schlecht',
    okay: 'okay',
    good: 'gut',
    veryGood: 'sehr gut',
  },
  save: {
    label: 'Tagebuch',
    notSaved: (why: string) => `Diese Sitzung wurde nicht gespeichert: Das Tagebuch ließ sich nicht öffnen. ${why}`,
    keptWhileOpen:
      'Bis dahin bleibt diese Sitzung nur erhalten, solange die App geöffnet ist: Wenn du sie schließt oder neu lädst, geht die Sitzung verloren.',
    unlockToSave: 'Entsperre dein Tagebuch, um diese Sitzung zu speichern',
    sealedTitle: 'Gespeichert',
    sealedText:
      'Dein Tagebuch ist gesperrt, deshalb ist diese Sitzung verschlüsselt abgelegt und erscheint in deinem Verlauf, sobald du es das nächste Mal entsperrst.',
    unlockOptional: 'Entsperren, um eine Stimmung oder Notiz hinzuzufügen (optional)',
    savedTitle: 'In deinem Tagebuch gespeichert',
    savedText: 'Verschlüsselt auf diesem Gerät. Eine Stimmung oder eine Notiz kannst du noch ergänzen.',
    moodLegend: 'Wie fühlst du dich jetzt? (optional)',
    note: 'Notiz (optional)',
    submit: 'Stimmung und Notiz speichern',
    done: 'Gespeichert.',
    failed: (why: string) => `Nicht gespeichert: ${why}`,
  },
  charts: {
    asTable: 'Als Tabelle',
    span: { week: 'letzte 7 Tage', month: 'letzte 30 Tage', year: 'letzte 12 Monate' },
    under: (figure: string) => `unter ${figure}`,
    minutes: {
      title: 'Geübte Minuten',
      unit: 'Min.',
      days: (active: number, total: number) => `${active} von ${plural(total, { one: '# Tag', other: '# Tagen' })}`,
      months: (active: number, total: number) => `${active} von ${plural(total, { one: '# Monat', other: '# Monaten' })}`,
      caption: (span: string, minutes: string, on: string) => `Geübte Minuten, ${span}: ${minutes} Min. an ${on}`,
      most: (minutes: string, when: string) => `; am meisten waren es ${minutes} Min. (${when})`,
      day: 'Tag',
      month: 'Monat',
      minutesColumn: 'Minuten',
      sessionsColumn: 'Sitzungen',
      empty: 'Keine Sitzungen in diesem Zeitraum.',
    },
    coherence: {
      title: 'Rhythmuskohärenz',
      unit: 'Wert',
      hint: 'Die Rhythmuskohärenz erscheint hier, sobald du in einer Sitzung in diesem Zeitraum Drücken und Halten nutzt.',
      caption: (span: string, measured: number, average: number, latest: number) =>
        `Rhythmuskohärenz (0 bis 100), ${span}: ${plural(measured, { one: '# gemessene Sitzung', other: '# gemessene Sitzungen' })}, Durchschnitt ${average}, zuletzt ${latest}.`,
      sessionColumn: 'Sitzung',
      coherenceColumn: 'Kohärenz',
      empty: 'Keine gemessenen Sitzungen in diesem Zeitraum.',
    },
    heart: {
      coherenceTitle: 'Herzkohärenz',
      coherenceUnit: 'Wert',
      coherenceCaption: (span: string, days: number, average: number, latest: number) =>
        `Herzkohärenz (0 bis 100), ${span}: ${plural(days, { one: '# Tag', other: '# Tage' })} mit Herzsensor, Durchschnitt ${average}, zuletzt ${latest}.`,
      coherenceHint: 'Die Herzkohärenz erscheint hier, sobald eine Sitzung mit Herzsensor lang genug dauert, um sie zu messen.',
      rateTitle: 'Mittlere Herzfrequenz',
      rateUnit: 'bpm',
      rateCaption: (span: string, days: number, average: number, latest: number) =>
        `Mittlere Herzfrequenz, ${span}: ${plural(days, { one: '# Tag', other: '# Tage' })} mit Herzsensor, Durchschnitt ${average} bpm, zuletzt ${latest} bpm.`,
      dayColumn: 'Tag',
      coherenceColumn: 'Herzkohärenz',
      rateColumn: 'Mittlere Herzfrequenz (bpm)',
      empty: 'Keine Sitzungen mit Herzsensor in diesem Zeitraum.',
    },
  },
};
