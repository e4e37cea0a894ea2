/** English words for the shell: header, navigation, notices, and what any screen may say. */
export const common = {
  appName: 'Sacred Breathing',
  skipToContent: 'Skip to content',
  nav: { label: 'Main', practice: 'Practice', patterns: 'Patterns', journal: 'Journal' },
  offline: 'Offline',
  offlineHint: 'No network: practice works as usual',
  updateReady: 'A new version is available.',
  reload: 'Reload',
  details: 'Details',
  screenFailed: 'This screen could not be shown.',
  install: 'Install Sacred Breathing',
  installHint: 'Opens from your home screen and works offline.',
  language: 'Language',
  languageAuto: (name: string) => `As the browser (${name})`,
  languageNotLoaded: 'That language could not be loaded. Check your connection, then try again.',
  manifest: {
    shortName: 'Breathe',
    description: 'Guided breathing that works offline, alone or together.',
    screenshotWide: 'Choose a pattern and breathe with the guide',
    screenshotNarrow: 'The guide and Start on a phone',
    breatheNow: 'Breathe now',
    breatheNowShort: 'Breathe',
    breatheNowDescription: 'Start the last pattern you chose',
    journal: 'Journal',
    journalDescription: 'Open your journal',
  },
  errors: {
    unexpected: 'Something unexpected went wrong. Please try again.',
    partNotLoaded: 'Part of the app could not be loaded. Check your connection, then reload.',
    storageUnavailable:
      'Sacred Breathing could not open its storage on this device. Private browsing modes can block it; try a normal window.',
  },
};
