/**
 * The journal as a store for the UI: the vault's state, the decrypted history, and every action
 * the screens need. Components call these; they never touch the vault or IndexedDB themselves.
 */
import { createEffect, createResource, createSignal, onCleanup, type Accessor, type Resource } from 'solid-js';
import { parseHeart, parseRoom, type JournalEntry, type Mood } from '../core/journal.ts';
import type { SessionSummary } from '../core/summary.ts';
import { exportBackup, importBackup, type BackupSecret, type ImportResult } from './backup.ts';
import type { EncryptedRecord } from './db.ts';
import { eraseEverything, type EraseReport } from './erase.ts';
import { failureDelayMs } from './failures.ts';
import { type PlainExportOptions, toCsv, toJson } from './plain-export.ts';
import { EntryGoneError, VaultLockedError, WrongPassphraseError, WrongRecoveryKeyError } from './errors.ts';
import type { PendingPassphrase, StoredEntry, Vault, VaultState } from './vault.ts';

/** A deleted session as the vault returns it (still encrypted), for undo. */
export type { EncryptedRecord };

/** The vault's state, or `unavailable` with the error that kept the journal from opening (the UI words it). */
export type JournalState = VaultState | { readonly kind: 'unavailable'; readonly error: Error };

export interface History {
  readonly entries: readonly StoredEntry[];
  /** Records that could not be opened (damaged or tampered); reported, never shown. */
  readonly skipped: number;
}

/** What an import did, and whether it took away protection the backup had (it always has a passphrase). */
export interface JournalImport extends ImportResult {
  /** The journal here opens with this device's key alone: the imported sessions no longer need the backup's passphrase. */
  readonly passphraseDropped: boolean;
}

export interface JournalStore {
  readonly state: Accessor<JournalState>;
  /** The decrypted history; loaded on the first call of openHistory(), not at start. */
  readonly history: Resource<History>;
  openHistory(): void;
  /**
   * Finished sessions held in memory: only where this browser cannot keep a device key and no
   * passphrase is set yet (or a journal from before the inbox was never unlocked). A locked
   * journal takes sessions into its inbox instead.
   */
  readonly pending: Accessor<readonly JournalEntry[]>;
  /** The id of the session saved last (the one the summary can annotate), or null while one waits. */
  readonly lastSavedId: Accessor<string | null>;
  saveSession(summary: SessionSummary, extras: { moodBefore?: Mood }): Promise<string | null>;
  annotate(id: string, extras: { moodAfter?: Mood; note?: string }): Promise<void>;
  remove(id: string): Promise<EncryptedRecord | undefined>;
  restore(record: EncryptedRecord): Promise<void>;
  unlock(secret: BackupSecret): Promise<void>;
  /**
   * When the next unlock will be checked at once (Date.now() time; 0 when there is no wait): after
   * three wrong tries in a row each one makes the next wait longer (failures.ts). Known from the
   * tries made on this page; the vault waits the same (unlock.ts).
   */
  readonly unlockReadyAt: Accessor<number>;
  lock(): void;
  /** `current` is needed when a passphrase is already set (changing it). */
  preparePassphrase(passphrase: string, current?: string): Promise<PendingPassphrase>;
  confirmPassphrase(passphrase: string, pending: PendingPassphrase, typed: string): Promise<void>;
  exportBackup(): Promise<{ text: string; leftOut: number }>;
  importBackup(text: string, secret: BackupSecret): Promise<JournalImport>;
  plainJson(options?: PlainExportOptions): Promise<string>;
  plainCsv(options?: PlainExportOptions): Promise<string>;
  /** Closes every connection given, deletes everything, and reports what is left (nothing). */
  erase(closeOthers: () => void): Promise<EraseReport>;
  /** Marks activity, for the auto-lock. */
  touch(): void;
}

export interface JournalOptions {
  /** Idle time before a passphrase-protected journal locks itself; 0 = never. */
  readonly autoLockMs: Accessor<number>;
  /** While true (a session is running) the journal does not auto-lock. */
  readonly busy: Accessor<boolean>;
  readonly databases: readonly string[];
}

/**
 * The journal entry of a finished session. A room record and a heart summary are checked and
 * rebuilt field by field here (parseRoom, parseHeart), so a bad one is refused when saved rather
 * than making the record unreadable, and nothing beyond their figures (a name, the room's id, a
 * sensor's name) is ever sealed into the journal.
 */
export function toJournalEntry(summary: SessionSummary, extras: { moodBefore?: Mood }): JournalEntry {
  return {
    startedAt: new Date(summary.startedAt).toISOString(),
    durationMs: Math.round(summary.durationMs),
    cycles: summary.cycles,
    completed: summary.completed,
    pattern: { id: summary.pattern.id, name: summary.pattern.name, phases: summary.pattern.phases },
    coherence: summary.coherence,
    ...(extras.moodBefore ? { moodBefore: extras.moodBefore } : {}),
    ...(summary.room ? { room: parseRoom(summary.room) } : {}),
    ...(summary.heart ? { heart: parseHeart(summary.heart) } : {}),
  };
}

/** Creates the store from an opened vault, or from the error that kept it from opening. */
export function createJournalStore(vaultOrError: Vault | Error, options: JournalOptions): JournalStore {
  const vault = vaultOrError instanceof Error ? null : vaultOrError;
  const [state, setState] = createSignal<JournalState>(vault ? vault.state() : { kind: 'unavailable', error: vaultOrError as Error });
  if (vault) onCleanup(vault.onChange(setState));
  const need = (): Vault => {
    if (!vault) throw vaultOrError;
    return vault;
  };

  const [version, setVersion] = createSignal(0);
  const bump = () => setVersion((v) => v + 1);
  // Decrypting every session costs time: only once someone looks at the history.
  const [wanted, setWanted] = createSignal(false);
  const [history, { mutate }] = createResource(
    () => wanted() && state().kind === 'unlocked' && version() + 1,
    async (fetched): Promise<History> => {
      const v = need();
      const cached = await v.listCached();
      if (!cached) return v.list();
      // Show the snapshot at once, then open every record after the first paint: a record that
      // was damaged or changed since is then counted and the view corrected, unless the history
      // changed meanwhile (a newer fetch is on its way).
      setTimeout(() => {
        v.list()
          .then((fresh) => {
            const changed = fresh.skipped !== cached.skipped || JSON.stringify(fresh.entries) !== JSON.stringify(cached.entries);
            if (changed && version() + 1 === fetched && state().kind === 'unlocked') mutate(fresh);
          })
          .catch((error: unknown) => console.error('history check failed', error));
      }, 0);
      return cached;
    },
  );
  // Locking forgets the decrypted history.
  createEffect(() => state().kind === 'locked' && mutate(undefined));
  const [pending, setPending] = createSignal<readonly JournalEntry[]>([]);
  const [lastSavedId, setLastSavedId] = createSignal<string | null>(null);
  let askedForPersistence = false;
  // Wrong tries in a row seen here; the vault keeps the true count across reloads.
  let wrongTries = 0;
  const [unlockReadyAt, setUnlockReadyAt] = createSignal(0);

  // Auto-lock after idle, never in the middle of a session.
  let lastActivity = Date.now();
  createEffect(() => {
    const ms = options.autoLockMs();
    if (ms <= 0 || !vault) return;
    const timer = setInterval(
      () => {
        const s = state();
        if (s.kind === 'unlocked' && s.protection === 'passphrase' && !options.busy() && Date.now() - lastActivity >= ms) vault.lock();
      },
      Math.min(ms, 15_000),
    );
    onCleanup(() => clearInterval(timer));
  });

  async function flushPending(): Promise<void> {
    const waiting = pending();
    if (waiting.length === 0 || state().kind !== 'unlocked') return;
    for (const entry of waiting) await store(entry);
    setPending([]);
  }

  async function store(entry: JournalEntry): Promise<string> {
    const id = await need().save(entry);
    setLastSavedId(id);
    bump();
    // Ask the browser not to evict the journal, once there is something to keep.
    if (!askedForPersistence && navigator.storage?.persist) {
      askedForPersistence = true;
      void navigator.storage.persist().catch(() => false);
    }
    return id;
  }

  return {
    state,
    history,
    openHistory: () => setWanted(true),
    pending,
    lastSavedId,
    async saveSession(summary, extras) {
      const entry = toJournalEntry(summary, extras);
      setLastSavedId(null);
      if (!vault) return null;
      if (state().kind === 'locked') {
        try {
          // Sealed to the journal's inbox at once: a reload loses nothing.
          const id = await vault.save(entry);
          setLastSavedId(id);
          return id;
        } catch (error) {
          // Kept in memory below, as before the inbox existed: better than losing the session.
          if (!(error instanceof VaultLockedError)) console.error('session not sealed to the journal inbox', error);
        }
      }
      if (state().kind !== 'unlocked') {
        // No passphrase yet where one is needed (or no inbox key yet): kept here until the journal can take it.
        setPending([...pending(), entry]);
        return null;
      }
      return store(entry);
    },
    async annotate(id, extras) {
      const current = await need().get(id);
      if (!current) throw new EntryGoneError();
      const { moodAfter: _m, note: _n, ...rest } = current;
      await need().update(id, {
        ...rest,
        ...(extras.moodAfter ? { moodAfter: extras.moodAfter } : {}),
        ...(extras.note?.trim() ? { note: extras.note.trim() } : {}),
      });
      bump();
    },
    async remove(id) {
      const record = await need().remove(id);
      bump();
      return record;
    },
    async restore(record) {
      await need().restore(record);
      bump();
    },
    async unlock(secret) {
      try {
        if ('passphrase' in secret) await need().unlock(secret.passphrase);
        else await need().unlockWithRecoveryKey(secret.recoveryKey);
      } catch (error) {
        if (error instanceof WrongPassphraseError || error instanceof WrongRecoveryKeyError) {
          wrongTries++;
          const wait = failureDelayMs(wrongTries);
          setUnlockReadyAt(wait > 0 ? Date.now() + wait : 0);
        }
        throw error;
      }
      wrongTries = 0;
      setUnlockReadyAt(0);
      await flushPending();
      bump();
    },
    unlockReadyAt,
    lock: () => vault?.lock(),
    preparePassphrase: async (p, current) => need().preparePassphrase(p, current),
    async confirmPassphrase(p, pendingPassphrase, typed) {
      await need().confirmPassphrase(p, pendingPassphrase, typed);
      await flushPending();
      bump();
    },
    exportBackup: async () => exportBackup(need()),
    async importBackup(text, secret) {
      const result = await importBackup(need(), text, secret);
      bump();
      const s = state();
      return { ...result, passphraseDropped: s.kind === 'unlocked' && s.protection === 'device' };
    },
    plainJson: async (options) => toJson((await need().list()).entries, options),
    plainCsv: async (options) => toCsv((await need().list()).entries, options),
    async erase(closeOthers) {
      const names = [...options.databases, ...(vault?.databaseNames() ?? [])];
      vault?.close();
      closeOthers();
      return eraseEverything(names);
    },
    touch() {
      lastActivity = Date.now();
    },
  };
}
