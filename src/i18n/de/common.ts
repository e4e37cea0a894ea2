import type { Dict } from '../en/index.ts';

export const common: Dict['common'] = {
  appName: 'Sacred Breathing',
  appDescription: 'Geführtes Atmen, das offline funktioniert, mit verschlüsseltem Tagebuch und Räumen zum gemeinsamen Atmen.',
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
  errors: {
    unexpected: 'Etwas Unerwartetes ist schiefgegangen. Bitte versuche es erneut.',
    partNotLoaded: 'Ein Teil der App konnte nicht geladen werden. Prüfe die Verbindung und lade neu.',
    storageUnavailable:
      'Sacred Breathing konnte auf diesem Gerät keinen Speicher öffnen. Private Fenster können das verhindern; versuche es in einem normalen Fenster.',
  },
};
