import type { Dict } from '../en/index.ts';

export const common: Dict['common'] = {
  appName: 'Sacred Breathing',
  skipToContent: 'Zum Inhalt springen',
  nav: { label: 'Hauptmenü', practice: 'Üben', patterns: 'Muster', journal: 'Tagebuch' },
  offline: 'Offline',
  offlineHint: 'Kein Netz: Üben funktioniert wie immer',
  updateReady: 'Eine neue Version ist da.',
  reload: 'Neu laden',
  details: 'Details',
  screenFailed: 'Diese Ansicht konnte nicht angezeigt werden.',
  install: 'Sacred Breathing installieren',
  installHint: 'Öffnet sich vom Startbildschirm und funktioniert offline.',
  language: 'Sprache',
  languageAuto: (name: string) => `Wie der Browser (${name})`,
  languageNotLoaded: 'Diese Sprache konnte nicht geladen werden. Prüfe die Verbindung und versuche es erneut.',
  manifest: {
    shortName: 'Atmen',
    description: 'Geführtes Atmen, das offline funktioniert, allein oder gemeinsam.',
    screenshotWide: 'Wähle ein Muster und atme mit der Führung',
    screenshotNarrow: 'Die Führung und Start auf dem Handy',
    breatheNow: 'Jetzt atmen',
    breatheNowShort: 'Atmen',
    breatheNowDescription: 'Startet das zuletzt gewählte Muster',
    journal: 'Tagebuch',
    journalDescription: 'Öffne dein Tagebuch',
  },
  errors: {
    unexpected: 'Etwas Unerwartetes ist schiefgegangen. Bitte versuche es erneut.',
    partNotLoaded: 'Ein Teil der App konnte nicht geladen werden. Prüfe die Verbindung und lade neu.',
    storageUnavailable:
      'Sacred Breathing konnte auf diesem Gerät keinen Speicher öffnen. Private Fenster können das verhindern; versuche es in einem normalen Fenster.',
  },
};
