/** Entry point: opens device storage, then renders the app. */
import { render } from 'solid-js/web';
import { openLocalDb } from './local/db.ts';
import { createPatternLibrary } from './local/patterns.ts';
import { createSettingsStore } from './local/settings.ts';
import { createClock } from './practice/clock.ts';
import { createTonePlayer } from './practice/tones.ts';
import { App } from './ui/App.tsx';
import { createAppState } from './ui/state.tsx';
import './ui/styles.css';

const root = document.getElementById('app')!;

async function boot(): Promise<void> {
  const db = await openLocalDb();
  const settingsStore = createSettingsStore(db);
  const services = { library: createPatternLibrary(db), settingsStore, clock: createClock(), tones: createTonePlayer() };
  const settings = await settingsStore.load();
  root.textContent = '';
  render(() => <App state={createAppState(services, settings)} />, root);
}

boot().catch((error: unknown) => {
  // Storage can be unavailable (some private modes); say so instead of showing a blank page.
  console.error(error);
  root.textContent = 'Sacred Breathing could not open its storage on this device. Private browsing modes can block it; try a normal window.';
});
