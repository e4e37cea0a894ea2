/**
 * The app-wide state handed to routes through context: one store per domain (patterns, settings,
 * glyphs, rooms, the journal, the heart), device services, and whether a session is running. The
 * stores are made once, at the edge (main.tsx and here); components render them and call them,
 * and never hold a database handle.
 */
import { createContext, createSignal, getOwner, runWithOwner, useContext, type Accessor } from 'solid-js';
import type { GlyphStore } from '../glyphs/store.ts';
import { createHeartStore, type HeartStore } from '../heart/store.ts';
import type { PatternsStore } from '../local/store.ts';
import type { SettingsStore } from '../local/settings.ts';
import type { Clock } from '../practice/clock.ts';
import type { SoundEngine } from '../audio/lazy.ts';
import type { RoomsStore } from '../room/rooms.ts';
import type { EraseReport } from '../vault/erase.ts';
import type { JournalOptions, JournalStore } from '../vault/store.ts';

/** What the device gives the app besides its stores. */
export interface Services {
  readonly clock: Clock;
  /** The session's sound (chimes, soundscape, voice); the name is the session's contract, practice/tones.ts. */
  readonly tones: SoundEngine;
  /**
   * Makes the journal's store over the opened vault (or over why it could not be opened: practice
   * works either way), once its code has loaded: after the first paint, not before it.
   */
  readonly journal: Promise<(options: JournalOptions) => JournalStore>;
  /** Names of every database the app keeps, and a way to close the non-journal ones (for erase). */
  readonly databases: readonly string[];
  closeLocalStorage(): void;
}

/** One store per domain, made once in main.tsx (the journal's is made here, beside its effects). */
export interface Stores {
  readonly patterns: PatternsStore;
  /** Call it to read the settings; `settings.update(patch)` to change some. */
  readonly settings: SettingsStore;
  /** The one glyph store, loaded (with Helia behind it) on the first call, the same store after. */
  readonly glyphs: () => Promise<GlyphStore>;
  /** Rooms: the store (identity, new rooms, links, opening) loads on first use, not with the first paint. */
  readonly rooms: LazyRooms;
}

/** The rooms store behind a load: `load()` gives the app's one store, the same one after the first call. */
export interface LazyRooms {
  load(): Promise<RoomsStore>;
}

/** What a session screen needs of the device: its clock and tones. */
export type Device = Pick<Services, 'clock' | 'tones'>;

export interface AppState extends Stores {
  /** The clock and tones; the journal's vault and the storage handles stay inside the app state. */
  readonly device: Device;
  readonly journal: JournalStore;
  /** The heart sensor (none until the person starts one) and its live figures; it outlives screens, as a connected strap does. */
  readonly heart: HeartStore;
  /** Resolves once the journal's code has loaded and its store is made (the journal's screens wait for it). */
  readonly journalReady: Promise<unknown>;
  readonly sessionActive: Accessor<boolean>;
  setSessionActive(active: boolean): void;
  /** Deletes everything the app keeps on this device; `erased` then holds the proof. */
  eraseEverything(): Promise<void>;
  readonly erased: Accessor<EraseReport | null>;
}

const AppContext = createContext<AppState>();

/**
 * The journal's store before its code has arrived: every action waits for the real store, and what
 * is read meanwhile is empty (nothing pending, nothing saved, locked). Only the practice screen can
 * read it that early, and it reads the journal after a session; the journal's screens wait for `ready`.
 */
function lateJournal(
  made: Promise<(options: JournalOptions) => JournalStore>,
  options: JournalOptions,
): { journal: JournalStore; ready: Promise<JournalStore> } {
  const owner = getOwner();
  const [store, setStore] = createSignal<JournalStore>();
  // Made under the app's owner, where its effects (the auto-lock) live, as if made at once.
  const ready = made.then((make) => {
    const real = runWithOwner(owner, () => make(options))!;
    setStore(() => real);
    return real;
  });
  ready.catch((error: unknown) => console.error('the journal did not load', error));
  const loaded = (): JournalStore => {
    const real = store();
    if (!real) throw new Error('the journal was read before its code loaded');
    return real;
  };
  return {
    ready,
    journal: {
      state: () => store()?.state() ?? { kind: 'locked' },
      get history() {
        return loaded().history;
      },
      openHistory: () => loaded().openHistory(),
      pending: () => store()?.pending() ?? [],
      lastSavedId: () => store()?.lastSavedId() ?? null,
      unlockReadyAt: () => store()?.unlockReadyAt() ?? 0,
      saveSession: async (summary, extras) => (await ready).saveSession(summary, extras),
      annotate: async (id, extras) => (await ready).annotate(id, extras),
      remove: async (id) => (await ready).remove(id),
      restore: async (record) => (await ready).restore(record),
      unlock: async (secret) => (await ready).unlock(secret),
      lock: () => store()?.lock(),
      preparePassphrase: async (passphrase, current) => (await ready).preparePassphrase(passphrase, current),
      confirmPassphrase: async (passphrase, pending, typed) => (await ready).confirmPassphrase(passphrase, pending, typed),
      exportBackup: async () => (await ready).exportBackup(),
      importBackup: async (text, secret) => (await ready).importBackup(text, secret),
      plainJson: async (options) => (await ready).plainJson(options),
      plainCsv: async (options) => (await ready).plainCsv(options),
      erase: async (closeOthers) => (await ready).erase(closeOthers),
      touch: () => store()?.touch(),
    },
  };
}

/** The app state over the device's services and stores; call inside the render root (the journal's effects live there). */
export function createAppState(services: Services, stores: Stores): AppState {
  const [sessionActive, setSessionActive] = createSignal(false);
  const { journal, ready } = lateJournal(services.journal, {
    autoLockMs: () => stores.settings().autoLockMinutes * 60_000,
    busy: sessionActive,
    databases: services.databases,
  });
  const [erased, setErased] = createSignal<EraseReport | null>(null);
  return {
    ...stores,
    device: { clock: services.clock, tones: services.tones },
    journal,
    heart: createHeartStore(services.clock),
    journalReady: ready,
    erased,
    async eraseEverything() {
      setErased(await journal.erase(services.closeLocalStorage));
    },
    sessionActive,
    setSessionActive,
  };
}

export const AppProvider = AppContext.Provider;

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp() outside <AppProvider>');
  return state;
}

/**
 * m:ss for a duration. Countdowns round up (a phase shows 1 until it is over); clocks of time
 * already spent round down.
 */
export function formatDuration(ms: number, rounding: 'up' | 'down' = 'up'): string {
  const total = Math.max(0, rounding === 'up' ? Math.ceil(ms / 1000) : Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
