import { describe, expect, it } from 'vitest';
import { exportBackup, importBackup, openBackup, parseBackup } from './backup.ts';
import { BackupFormatError, BackupManifestError, BackupNeedsPassphraseError, type BackupProblem, WrongPassphraseError } from './errors.ts';
import { fromBase64Url, toBase64Url } from '../shared/bytes.ts';
import { openVault, type Vault } from './vault.ts';
import { openVaultDb } from './db.ts';
import { currentGeneration } from './generations.ts';
import { sampleEntry } from '../core/testing/entries.ts';
import { sampleFinderHeart, sampleHeart } from '../core/testing/heart.ts';

const PASS = 'river stones and moss';
let n = 0;
const fresh = () => openVault({ dbName: `backup-test-${++n}`, sleep: async () => undefined });

async function withPassphrase(vault: Vault): Promise<string> {
  const pending = await vault.preparePassphrase(PASS);
  await vault.confirmPassphrase(PASS, pending, pending.recoveryKey);
  return pending.recoveryKey;
}

describe('backup', () => {
  it('is refused before a passphrase is set', async () => {
    await expect(exportBackup(await fresh())).rejects.toBeInstanceOf(BackupNeedsPassphraseError);
  });

  it('opens on another device with the passphrase or the recovery key, and merges without duplicates', async () => {
    const source = await fresh();
    for (let i = 0; i < 5; i++) await source.save(sampleEntry(i));
    const recoveryKey = await withPassphrase(source);
    const { text: file } = await exportBackup(source);
    expect(file).not.toContain('session 1');

    const target = await fresh(); // another device: its own device key and data key
    await target.save(sampleEntry(99));
    expect(await importBackup(target, file, { passphrase: PASS })).toEqual({ added: 5, duplicates: 0, verified: true });
    expect(await importBackup(target, file, { recoveryKey })).toEqual({ added: 0, duplicates: 5, verified: true });
    const notes = (await target.list()).entries.map((e) => e.entry.note).sort();
    expect(notes).toEqual(['session 0', 'session 1', 'session 2', 'session 3', 'session 4', 'session 99']);
    expect((await target.list()).entries.find((e) => e.entry.note === 'session 3')!.entry).toEqual(
      (await source.list()).entries.find((e) => e.entry.note === 'session 3')!.entry,
    );
  });

  it('keeps heart summaries whole through export and import, the raw RR series included, none of it in the clear', async () => {
    const source = await fresh();
    const strap = sampleHeart();
    const finder = sampleFinderHeart({ source: 'camera', rr: [1012, 998, 1003.5] });
    await source.save(sampleEntry(1, { heart: strap }));
    await source.save(sampleEntry(2, { heart: finder }));
    await source.save(sampleEntry(3));
    await withPassphrase(source);
    const { text: file } = await exportBackup(source);
    for (const word of ['heart', 'meanBpm', 'strap', 'camera', 'resonance', '1012']) expect(file).not.toContain(word);

    const target = await fresh();
    expect(await importBackup(target, file, { passphrase: PASS })).toEqual({ added: 3, duplicates: 0, verified: true });
    const byNote = (note: string) => target.list().then((l) => l.entries.find((e) => e.entry.note === note)!.entry);
    expect((await byNote('session 1')).heart).toEqual(strap);
    expect((await byNote('session 1')).heart!.rr).toEqual(strap.rr);
    expect((await byNote('session 2')).heart).toEqual(finder);
    expect(await byNote('session 3')).not.toHaveProperty('heart');
  });

  it('refuses a wrong passphrase, importing nothing', async () => {
    const source = await fresh();
    await source.save(sampleEntry(1));
    await withPassphrase(source);
    const target = await fresh();
    await expect(importBackup(target, (await exportBackup(source)).text, { passphrase: 'not it at all' })).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );
    expect((await target.list()).entries).toEqual([]);
  });

  it('refuses corrupt, truncated, foreign and tampered files whole, naming the problem', async () => {
    const source = await fresh();
    for (let i = 0; i < 3; i++) await source.save(sampleEntry(i));
    await withPassphrase(source);
    const { text: file } = await exportBackup(source);
    const target = await fresh();

    const parsed = JSON.parse(file);
    const tampered = structuredClone(parsed);
    const ct = fromBase64Url(tampered.records[1].ct);
    ct[10] = ct[10]! ^ 0x40;
    tampered.records[1].ct = toBase64Url(ct);
    const swapped = structuredClone(parsed);
    swapped.records[0].id = parsed.records[2].id;
    swapped.records[2].id = parsed.records[0].id;
    const greedy = structuredClone(parsed);
    greedy.keyring.passphrase.kdf.m = 4 * 1024 * 1024; // 4 GiB: would freeze a phone

    const cases: [string, string, BackupProblem][] = [
      ['truncated', file.slice(0, file.length / 2), { kind: 'not-json' }],
      ['not JSON at all', 'PK\u0003\u0004 a zip file', { kind: 'not-json' }],
      ['foreign JSON', JSON.stringify({ hello: 'world' }), { kind: 'unknown-format' }],
      ['a newer version', JSON.stringify({ ...parsed, version: 3 }), { kind: 'unsupported-version', version: '3' }],
      ['no manifest in a version 2 file', JSON.stringify({ ...parsed, manifest: undefined }), { kind: 'missing', field: 'manifest' }],
      ['one record changed', JSON.stringify(tampered), { kind: 'damaged', damaged: 1, total: 3 }],
      ['records swapped between ids', JSON.stringify(swapped), { kind: 'damaged', damaged: 2, total: 3 }],
      ['a crafted KDF cost', JSON.stringify(greedy), { kind: 'kdf-out-of-bounds' }],
      ['bad base64', file.replace(/"iv":"[^"]+"/, '"iv":"***"'), { kind: 'not-base64url', field: 'keyring.passphrase iv' }],
      ['a repeated id', JSON.stringify({ ...parsed, records: [parsed.records[0], parsed.records[0]] }), { kind: 'repeated-id', record: 2 }],
      [
        'a session without its ciphertext (counted from 1)',
        JSON.stringify({ ...parsed, records: [parsed.records[0], { ...parsed.records[1], ct: undefined }] }),
        { kind: 'missing', field: 'session 2 ct' },
      ],
      [
        'a long version, cut short',
        JSON.stringify({ ...parsed, version: 'x'.repeat(5000) }),
        { kind: 'unsupported-version', version: 'x'.repeat(24) },
      ],
    ];
    for (const [label, text, problem] of cases) {
      const error = await importBackup(target, text, { passphrase: PASS }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, label).toBeInstanceOf(BackupFormatError);
      expect((error as BackupFormatError).problem, label).toEqual(problem);
    }
    expect((await target.list()).entries).toEqual([]);
  });

  it('leaves out a damaged record, says so, and the rest still imports', async () => {
    const name = `backup-test-${++n}`;
    const source = await openVault({ dbName: name });
    const id = await source.save(sampleEntry(1));
    await source.save(sampleEntry(2));
    await withPassphrase(source);
    const db = await openVaultDb(await currentGeneration(name));
    const record = (await db.get('records', id))!;
    const ct = new Uint8Array(record.ct);
    ct[3] = ct[3]! ^ 0xff;
    await db.put('records', { ...record, ct });
    const { text, leftOut } = await exportBackup(source);
    expect(leftOut).toBe(1);
    const target = await fresh();
    expect(await importBackup(target, text, { passphrase: PASS })).toEqual({ added: 1, duplicates: 0, verified: true });
  });

  it('keeps the documented shape', async () => {
    const source = await fresh();
    await source.save(sampleEntry(1));
    await withPassphrase(source);
    const backup = parseBackup((await exportBackup(source)).text);
    expect(backup.passphrase.kdf).toMatchObject({ alg: 'argon2id', m: 19_456, p: 1 });
    expect(backup.records).toHaveLength(1);
    expect((await openBackup((await exportBackup(source)).text, { passphrase: PASS })).entries).toHaveLength(1);
  });

  it('refuses a file with records removed, reordered, added or replaced, as a whole, by its manifest', async () => {
    const source = await fresh();
    for (let i = 0; i < 4; i++) await source.save(sampleEntry(i));
    await withPassphrase(source);
    const { text: file } = await exportBackup(source);
    const parsed = JSON.parse(file);
    const ids = parsed.records.map((r: { id: string }) => r.id);
    const edit = (f: (p: typeof parsed) => void) => {
      const copy = structuredClone(parsed);
      f(copy);
      return JSON.stringify(copy);
    };
    // The same journal, one session more and one edited: valid records under the same key.
    const id = (await source.list()).entries.find((e) => e.entry.note === 'session 2')!.id;
    await source.update(id, sampleEntry(2, { note: 'edited later' }));
    await source.save(sampleEntry(9));
    const later = JSON.parse((await exportBackup(source)).text);
    const extra = later.records.find((r: { id: string }) => !ids.includes(r.id));
    const newer = later.records.find((r: { id: string }) => r.id === id);
    const other = await fresh();
    await withPassphrase(other);
    const foreign = JSON.parse((await exportBackup(other)).text);

    const cases: [string, string, Partial<BackupManifestError['mismatch']>][] = [
      ['one record removed', edit((p) => p.records.splice(1, 1)), { missing: 1 }],
      ['the last record removed', edit((p) => p.records.pop()), { missing: 1 }],
      ['two records swapped', edit((p) => ([p.records[0], p.records[3]] = [p.records[3], p.records[0]])), { reordered: true }],
      ['a record of a later backup added', edit((p) => p.records.push(extra)), { added: 1 }],
      ['a record replaced by another copy', edit((p) => (p.records[ids.indexOf(id)] = newer)), { replaced: 1 }],
      [
        'a record removed from the file and its manifest',
        edit((p) => {
          p.records.splice(1, 1);
          p.manifest.records.splice(1, 1);
          p.manifest.count = 3;
        }),
        { forged: true },
      ],
      ['the count changed', edit((p) => (p.manifest.count = 5)), { forged: true }],
      ['the recovery wrap of another journal', edit((p) => (p.keyring.recovery = foreign.keyring.recovery)), { forged: true }],
    ];
    const target = await fresh();
    for (const [label, text, mismatch] of cases) {
      const error = await importBackup(target, text, { passphrase: PASS }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, label).toBeInstanceOf(BackupManifestError);
      expect((error as BackupManifestError).mismatch, label).toMatchObject(mismatch);
    }
    expect((await target.list()).entries).toEqual([]);
    expect(await importBackup(target, file, { passphrase: PASS })).toEqual({ added: 4, duplicates: 0, verified: true });
  });

  it('still reads a version 1 file (no manifest) and says it could not be checked whole', async () => {
    const source = await fresh();
    for (let i = 0; i < 2; i++) await source.save(sampleEntry(i));
    await withPassphrase(source);
    const { version: _v, manifest: _m, ...rest } = JSON.parse((await exportBackup(source)).text);
    const v1 = JSON.stringify({ ...rest, version: 1 });
    const target = await fresh();
    expect(await importBackup(target, v1, { passphrase: PASS })).toEqual({ added: 2, duplicates: 0, verified: false });
  });

  it('carries room sessions through export and import, sealed: the file shows nothing of the room', async () => {
    const group = { group: { kind: 'group' as const, value: 0.72, counted: 5 }, people: 5, facilitated: true };
    const alone = { group: null, people: 1, facilitated: false };
    const source = await fresh();
    await source.save(sampleEntry(1, { room: group }));
    await source.save(sampleEntry(2));
    await source.save(sampleEntry(3, { room: alone }));
    await withPassphrase(source);
    const { text } = await exportBackup(source);
    for (const word of ['room', 'group', 'people', 'facilitated', '0.72']) expect(text).not.toContain(word);
    const target = await fresh();
    expect(await importBackup(target, text, { passphrase: PASS })).toEqual({ added: 3, duplicates: 0, verified: true });
    const byNote = Object.fromEntries((await target.list()).entries.map((e) => [e.entry.note, e.entry]));
    expect(byNote['session 1']!.room).toEqual(group);
    expect(byNote['session 2']).not.toHaveProperty('room');
    expect(byNote['session 3']!.room).toEqual(alone);
    expect((await target.list()).entries.map((e) => e.entry).sort((a, b) => a.startedAt.localeCompare(b.startedAt))).toEqual(
      (await source.list()).entries.map((e) => e.entry).sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
    );
  });
});
