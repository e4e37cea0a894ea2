import { openDB } from 'idb';
import { createRoot, createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RoomRecord } from '../core/journal.ts';
import { DEFAULT_PATTERN } from '../core/presets.ts';
import type { SessionSummary } from '../core/summary.ts';
import { sampleFinderHeart, sampleHeart } from '../core/testing/heart.ts';
import { importAesKey } from './aead.ts';
import { openVaultDb } from './db.ts';
import { EntryGoneError, NewerVaultError } from './errors.ts';
import { currentGeneration } from './generations.ts';
import { unwrapWithDevice, type Keyring } from './keyring.ts';
import { openEntry } from './records.ts';
import { createJournalStore, type JournalOptions, type JournalStore } from './store.ts';
import { storedRecords } from './testing/records.ts';
import { openVault, type Vault } from './vault.ts';

let n = 0;
const PASS = 'a long, memorable passphrase';
const noSleep = async () => undefined;
const fresh = (options: Parameters<typeof openVault>[0] = {}) => openVault({ dbName: `store-test-${++n}`, sleep: noSleep, ...options });

const summary = (minute: number): SessionSummary => ({
  startedAt: Date.UTC(2026, 2, 1, 7, minute),
  pattern: DEFAULT_PATTERN,
  plan: { pattern: DEFAULT_PATTERN, cycles: 30, durationMs: 300_000 },
  durationMs: 300_000,
  cycles: 30,
  completed: true,
  onsets: [],
  coherence: null,
});

const ROOM: RoomRecord = { group: { kind: 'group', value: 0.72, counted: 5 }, people: 5, facilitated: true };

/** Every value of every store of every database the vault uses, bytes as Latin-1 text so plaintext would show. */
async function everythingStored(vault: Vault): Promise<string> {
  const out: string[] = [];
  const text = (_k: string, v: unknown) => (v instanceof Uint8Array ? String.fromCharCode(...v) : v);
  for (const name of vault.databaseNames()) {
    const db = await openDB(name);
    for (const store of db.objectStoreNames) out.push(store, JSON.stringify(await db.getAll(store), text));
    db.close();
  }
  return out.join('\n');
}

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  dispose = undefined;
  vi.useRealTimers();
});

/** The journal store over `vault` (or the error that kept it from opening), in a root the test's end disposes. */
function store(vault: Vault | Error, options: Partial<JournalOptions> = {}): JournalStore {
  return createRoot((d) => {
    dispose = d;
    return createJournalStore(vault, { autoLockMs: () => 0, busy: () => false, databases: [], ...options });
  });
}

/** Sets a passphrase through the store, the way the security page does. */
async function setPassphrase(journal: JournalStore): Promise<string> {
  const pending = await journal.preparePassphrase(PASS);
  await journal.confirmPassphrase(PASS, pending, pending.recoveryKey);
  return pending.recoveryKey;
}

/** The ids in the history once it has loaded and holds `count` sessions. */
async function historyIds(journal: JournalStore, count: number): Promise<string[]> {
  journal.openHistory();
  await vi.waitFor(() => expect(journal.history()?.entries).toHaveLength(count));
  return journal.history()!.entries.map((e) => e.id);
}

describe('the journal store', () => {
  it('follows the vault: unlocked with the device key, then a passphrase, locked, unlocked with either secret', async () => {
    const journal = store(await fresh());
    expect(journal.state()).toEqual({ kind: 'unlocked', protection: 'device' });
    const recoveryKey = await setPassphrase(journal);
    expect(journal.state()).toEqual({ kind: 'unlocked', protection: 'passphrase' });
    journal.lock();
    expect(journal.state()).toEqual({ kind: 'locked' });
    await journal.unlock({ passphrase: PASS });
    expect(journal.state()).toEqual({ kind: 'unlocked', protection: 'passphrase' });
    journal.lock();
    await journal.unlock({ recoveryKey });
    expect(journal.state()).toEqual({ kind: 'unlocked', protection: 'passphrase' });
  });

  it('says when the next unlock will be checked: from the fourth wrong try in a row on, cleared by a right one', async () => {
    const journal = store(await fresh());
    await setPassphrase(journal);
    journal.lock();
    const wrong = () => journal.unlock({ passphrase: 'not the passphrase' }).catch(() => undefined);
    for (let i = 0; i < 2; i++) await wrong();
    expect(journal.unlockReadyAt()).toBe(0);
    const before = Date.now();
    await wrong();
    // The third wrong try makes the fourth wait a second (failures.ts).
    expect(journal.unlockReadyAt()).toBeGreaterThanOrEqual(before + 1000);
    expect(journal.unlockReadyAt()).toBeLessThanOrEqual(Date.now() + 1000);
    await wrong();
    expect(journal.unlockReadyAt()).toBeGreaterThanOrEqual(before + 2000);
    await journal.unlock({ passphrase: PASS });
    expect(journal.unlockReadyAt()).toBe(0);
  });

  it('says when an import took away the passphrase the backup had: a journal here that opens with the device key', async () => {
    const source = store(await fresh());
    await setPassphrase(source);
    await source.saveSession(summary(1), {});
    const { text } = await source.exportBackup();
    dispose?.();
    const plain = store(await fresh());
    expect(await plain.importBackup(text, { passphrase: PASS })).toMatchObject({ added: 1, passphraseDropped: true });
    dispose?.();
    const guarded = store(await fresh());
    await setPassphrase(guarded);
    expect(await guarded.importBackup(text, { passphrase: PASS })).toMatchObject({ added: 1, passphraseDropped: false });
  });

  it('saves a session, shows it in the history, annotates it, deletes and restores it', async () => {
    const journal = store(await fresh());
    const id = await journal.saveSession(summary(1), { moodBefore: 2 });
    expect(id).not.toBeNull();
    expect(journal.lastSavedId()).toBe(id);
    expect(await historyIds(journal, 1)).toEqual([id]);
    await journal.annotate(id!, { moodAfter: 4, note: '  calmer  ' });
    await vi.waitFor(() => expect(journal.history()?.entries[0]?.entry).toMatchObject({ moodBefore: 2, moodAfter: 4, note: 'calmer' }));
    const removed = await journal.remove(id!);
    await historyIds(journal, 0);
    await expect(journal.annotate(id!, { note: 'too late' })).rejects.toBeInstanceOf(EntryGoneError);
    await journal.restore(removed!);
    expect(await historyIds(journal, 1)).toEqual([id]);
  });

  it('seals a session saved while locked into the inbox at once; it appears in the history after unlock', async () => {
    const vault = await fresh();
    const journal = store(vault);
    await journal.saveSession(summary(1), {});
    await setPassphrase(journal);
    journal.lock();
    const id = await journal.saveSession(summary(2), { moodBefore: 3 });
    expect(id).not.toBeNull();
    expect(journal.lastSavedId()).toBe(id);
    expect(journal.pending()).toEqual([]);
    journal.openHistory();
    expect(journal.history()).toBeUndefined(); // locked: nothing decrypted
    await journal.unlock({ passphrase: PASS });
    expect(await historyIds(journal, 2)).toContain(id);
    journal.lock();
    await vi.waitFor(() => expect(journal.history()).toBeUndefined()); // locking forgets the decrypted history
  });

  it('keeps sessions in memory where no key can be kept yet, and stores them once a passphrase is set', async () => {
    const vault = await fresh({ newDeviceKey: async () => ({ notStorable: () => 1 }) as unknown as CryptoKey });
    const journal = store(vault);
    expect(journal.state()).toMatchObject({ kind: 'needs-passphrase' });
    expect(await journal.saveSession(summary(1), {})).toBeNull();
    expect(journal.pending()).toHaveLength(1);
    await setPassphrase(journal);
    expect(journal.pending()).toEqual([]);
    expect(await historyIds(journal, 1)).toHaveLength(1);
  });

  it('locks itself after the idle time, never while a session runs, and not at all under the device key', async () => {
    const vault = await fresh();
    const pending = await vault.preparePassphrase(PASS);
    await vault.confirmPassphrase(PASS, pending, pending.recoveryKey);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const [busy, setBusy] = createSignal(true);
    const journal = store(vault, { autoLockMs: () => 5 * 60_000, busy });

    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(journal.state()).toEqual({ kind: 'unlocked', protection: 'passphrase' }); // a session is running
    setBusy(false);
    journal.touch();
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    journal.touch(); // activity: the idle time starts again
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(journal.state()).toEqual({ kind: 'unlocked', protection: 'passphrase' });
    await vi.advanceTimersByTimeAsync(60_000 + 15_000);
    expect(journal.state()).toEqual({ kind: 'locked' });

    dispose?.();
    const device = store(await fresh(), { autoLockMs: () => 60_000 });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(device.state()).toEqual({ kind: 'unlocked', protection: 'device' });
  });

  it('erases every database it was given and the vault’s own, after closing the others', async () => {
    const vault = await fresh();
    const names = vault.databaseNames();
    const other = `store-test-other-${++n}`;
    await new Promise<void>((ok, fail) => {
      const req = indexedDB.open(other);
      req.onsuccess = () => {
        req.result.close();
        ok();
      };
      req.onerror = () => fail(req.error);
    });
    const journal = store(vault, { databases: [other] });
    await journal.saveSession(summary(1), {});
    const closeOthers = vi.fn();
    const report = await journal.erase(closeOthers);
    expect(closeOthers).toHaveBeenCalledOnce();
    expect(report).toEqual({ databasesLeft: [], cachesLeft: [] });
    const left = (await indexedDB.databases()).map((d) => d.name);
    for (const name of [...names, other]) expect(left).not.toContain(name);
  });

  it('stands in for a journal that did not open: its state carries the error, actions throw it, sessions are not saved', async () => {
    const error = new NewerVaultError();
    const journal = store(error);
    expect(journal.state()).toEqual({ kind: 'unavailable', error });
    expect(await journal.saveSession(summary(1), {})).toBeNull();
    await expect(journal.unlock({ passphrase: PASS })).rejects.toBe(error);
    await expect(journal.exportBackup()).rejects.toBe(error);
  });
});

describe('room sessions in the journal store', () => {
  it('seals the room record with the rest: the stored record is an id, an IV and a ciphertext, nothing of the room in the clear', async () => {
    const dbName = `store-test-room-${++n}`;
    const vault = await fresh({ dbName });
    const journal = store(vault);
    const id = (await journal.saveSession({ ...summary(1), room: ROOM }, { moodBefore: 2 }))!;
    await journal.saveSession(summary(2), {});
    const [record] = (await storedRecords(dbName)).filter((r) => r.id === id);
    expect(Object.keys(record!).sort()).toEqual(['ct', 'id', 'iv']);
    // Every store (records, the history snapshot, keys, inbox) of every database, read raw.
    const raw = await everythingStored(vault);
    expect(raw).toContain(id); // the dump does read the records
    for (const word of ['room', 'group', 'pair', 'people', 'facilitated', 'counted', '0.72', 'Coherent']) expect(raw).not.toContain(word);
    // The whole room record is inside the ciphertext: opened with the data key, it comes back as saved.
    const db = await openVaultDb(await currentGeneration(dbName));
    const deviceKey = (await db.get('keys', 'device')) as CryptoKey;
    const ring = (await db.get('keys', 'keyring')) as Keyring;
    db.close();
    const dataKey = await importAesKey(await unwrapWithDevice(deviceKey, ring.device!));
    expect((await openEntry(dataKey, record!)).room).toEqual(ROOM);
  });

  it('shows a room session in the history, keeps it through a note, and saves a solo session without one', async () => {
    const journal = store(await fresh());
    const roomId = (await journal.saveSession({ ...summary(1), room: ROOM }, {}))!;
    const soloId = (await journal.saveSession(summary(2), {}))!;
    await historyIds(journal, 2);
    const byId = (id: string) => journal.history()!.entries.find((e) => e.id === id)!.entry;
    expect(byId(roomId).room).toEqual(ROOM);
    expect(byId(soloId)).not.toHaveProperty('room');
    await journal.annotate(roomId, { moodAfter: 4, note: 'together' });
    await vi.waitFor(() => expect(byId(roomId)).toMatchObject({ note: 'together', room: ROOM }));
  });

  it('keeps only the figures the room passes: a name or the room id given along is not saved', async () => {
    const journal = store(await fresh());
    const leaky = { ...ROOM, roomId: 'kG7x2b9QmV4pT1sWc8NzAa', names: ['Ada'], group: { ...ROOM.group!, memberIds: ['m1'] } };
    const id = (await journal.saveSession({ ...summary(1), room: leaky }, {}))!;
    await historyIds(journal, 1);
    expect(journal.history()!.entries[0]).toEqual({ id, entry: expect.objectContaining({ room: ROOM }) });
    expect(JSON.stringify(journal.history()!.entries[0])).not.toMatch(/kG7x2b9Q|Ada|m1/);
  });

  it('refuses a malformed room record when saving, naming the room, and saves nothing', async () => {
    const journal = store(await fresh());
    const bad = { ...ROOM, group: { kind: 'group' as const, value: 72, counted: 5 } };
    await expect(journal.saveSession({ ...summary(1), room: bad }, {})).rejects.toMatchObject({ code: 'invalid-entry', problem: 'room' });
    expect(await historyIds(journal, 0)).toEqual([]);
  });

  it('seals a room session finished while locked into the inbox, and it opens with its room record', async () => {
    const journal = store(await fresh());
    await setPassphrase(journal);
    journal.lock();
    const id = await journal.saveSession({ ...summary(3), room: { group: null, people: 1, facilitated: false } }, {});
    await journal.unlock({ passphrase: PASS });
    await historyIds(journal, 1);
    expect(journal.history()!.entries[0]).toEqual({
      id,
      entry: expect.objectContaining({ room: { group: null, people: 1, facilitated: false } }),
    });
  });
});

describe('heart sessions in the journal store', () => {
  const HEART = sampleFinderHeart({ rr: [1010, 987, 1003, 955] });

  it('seals the heart summary, RR series included, inside the ciphertext: nothing of it in the clear', async () => {
    const dbName = `store-test-heart-${++n}`;
    const vault = await fresh({ dbName });
    const journal = store(vault);
    const id = (await journal.saveSession({ ...summary(1), heart: HEART }, {}))!;
    const raw = await everythingStored(vault);
    expect(raw).toContain(id);
    for (const word of ['heart', 'strap', 'meanBpm', 'rmssd', 'resonance', '1010', '987']) expect(raw).not.toContain(word);
    const [record] = (await storedRecords(dbName)).filter((r) => r.id === id);
    const db = await openVaultDb(await currentGeneration(dbName));
    const deviceKey = (await db.get('keys', 'device')) as CryptoKey;
    const ring = (await db.get('keys', 'keyring')) as Keyring;
    db.close();
    const dataKey = await importAesKey(await unwrapWithDevice(deviceKey, ring.device!));
    expect((await openEntry(dataKey, record!)).heart).toEqual(HEART);
  });

  it('shows the heart summary in the history, keeps it through a note, and leaves a session without a sensor without one', async () => {
    const journal = store(await fresh());
    const heartId = (await journal.saveSession({ ...summary(1), heart: HEART }, {}))!;
    const plainId = (await journal.saveSession(summary(2), {}))!;
    await historyIds(journal, 2);
    const byId = (id: string) => journal.history()!.entries.find((e) => e.id === id)!.entry;
    expect(byId(heartId).heart).toEqual(HEART);
    expect(byId(plainId)).not.toHaveProperty('heart');
    await journal.annotate(heartId, { note: 'steady' });
    await vi.waitFor(() => expect(byId(heartId)).toMatchObject({ note: 'steady', heart: HEART }));
  });

  it('keeps only the heart figures: a sensor name given along is not saved', async () => {
    const journal = store(await fresh());
    await journal.saveSession({ ...summary(1), heart: { ...HEART, deviceName: 'Polar H10 5A3B' } as typeof HEART }, {});
    await historyIds(journal, 1);
    expect(journal.history()!.entries[0]!.entry.heart).toEqual(HEART);
    expect(JSON.stringify(journal.history()!.entries[0])).not.toContain('Polar');
  });

  it('refuses a malformed heart summary when saving, naming the heart, and saves nothing', async () => {
    const journal = store(await fresh());
    const bad = sampleHeart({ meanBpm: 0 });
    await expect(journal.saveSession({ ...summary(1), heart: bad }, {})).rejects.toMatchObject({ code: 'invalid-entry', problem: 'heart' });
    expect(await historyIds(journal, 0)).toEqual([]);
  });

  it('exports the heart figures plainly, the raw heartbeats only when asked for', async () => {
    const journal = store(await fresh());
    await journal.saveSession({ ...summary(1), heart: HEART }, {});
    const { rr: _rr, ...figures } = HEART;
    expect(JSON.parse(await journal.plainJson()).sessions[0].heart).toEqual(figures);
    expect(JSON.parse(await journal.plainJson({ includeHeartbeats: true })).sessions[0].heart).toEqual(HEART);
    expect(await journal.plainCsv()).not.toContain('1010 987 1003 955');
    expect(await journal.plainCsv({ includeHeartbeats: true })).toContain(',1010 987 1003 955\r\n');
  });
});
