/**
 * The app-wide state handed to routes through context: one store per domain (patterns, settings,
 * glyphs, rooms, the journal), device services, and whether a session is running. The
 * stores are made once, at the edge (main.tsx and here); components render them and call them,
 * and never hold a database handle.
 */
import { createContext, createSignal, useContext, type Accessor } from 'solid-js';
import type { GlyphStore } from '../glyphs/store.ts';
import type { PatternsStore } from '../local/store.ts';
import type { SettingsStore } from '../local/settings.ts';
import type { Clock } from '../practice/clock.ts';
import type { TonePlayer } from '../practice/tones.ts';
import type { RoomId } from '../room/link.ts';
import type { RoomsStore } from '../room/rooms.ts';
import type { EraseReport } from '../vault/erase.ts';
import type { JournalOptions, JournalStore } from '../vault/store.ts';

/** What the device gives the app besides its stores. */
export interface Services {
  readonly clock: Clock;
  readonly tones: TonePlayer;
  /**
   * Makes the journal's store over the opened vault (or over why it could not be opened: practice
   * works either way). Called once, in the render root, where the store's effects live.
   */
  journal(options: JournalOptions): JournalStore;
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
  /** Rooms: a new room's id at once; the store itself (identity, links, opening) loads on first use, not with the first paint. */
  readonly rooms: LazyRooms;
}

/** The rooms store behind a load: `load()` gives the app's one store, the same one after the first call. */
export interface LazyRooms {
  newRoomId(): RoomId;
  load(): Promise<RoomsStore>;
}

/** What a session screen needs of the device: its clock and tones. */
export type Device = Pick<Services, 'clock' | 'tones'>;

export interface AppState extends Stores {
  /** The clock and tones; the journal's vault and the storage handles stay inside the app state. */
  readonly device: Device;
  readonly journal: JournalStore;
  readonly sessionActive: Accessor<boolean>;
  setSessionActive(active: boolean): void;
  /** Deletes everything the app keeps on this device; `erased` then holds the proof. */
  eraseEverything(): Promise<void>;
  readonly erased: Accessor<EraseReport | null>;
}

const AppContext = createContext<AppState>();

/** The app state over the device's services and stores; call inside the render root (the journal's effects live there). */
export function createAppState(services: Services, stores: Stores): AppState {
  const [sessionActive, setSessionActive] = createSignal(false);
  const journal = services.journal({
    autoLockMs: () => stores.settings().autoLockMinutes * 60_000,
    busy: sessionActive,
    databases: services.databases,
  });
  const [erased, setErased] = createSignal<EraseReport | null>(null);
  return {
    ...stores,
    device: { clock: services.clock, tones: services.tones },
    journal,
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
