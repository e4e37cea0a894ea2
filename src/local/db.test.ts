/** The local database's migrations, from a database written by an older version. */
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openLocalDb, V1_OWN_GLYPHS_KEY } from './db.ts';
import { createOwnGlyphList } from './own-glyphs.ts';

let n = 0;
const A = 'bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq';
const B = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku';

/** A database as version 1 left it: patterns, settings, and own glyphs as one array under `settings['own-glyphs']`. */
async function versionOne(name: string, ownGlyphs: unknown): Promise<void> {
  const db = await openDB(name, 1, {
    upgrade(v1) {
      v1.createObjectStore('patterns', { keyPath: 'id' });
      v1.createObjectStore('settings');
    },
  });
  await db.put('settings', ownGlyphs, V1_OWN_GLYPHS_KEY);
  await db.put('settings', { tones: true }, 'practice');
  db.close();
}

describe('local database', () => {
  it('moves own glyphs out of the settings into their own store, in order, and drops the old key', async () => {
    const name = `migrate-${++n}`;
    await versionOne(name, [
      { cid: B, name: 'Second?', tags: [], builtIn: false },
      { cid: A, name: 'Mine' },
      { cid: B, name: 'Doubled' },
    ]);
    const db = await openLocalDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect(await createOwnGlyphList(db).list()).toEqual([
      { cid: B, name: 'Second?' },
      { cid: A, name: 'Mine' },
    ]);
    expect(await db.get('settings', V1_OWN_GLYPHS_KEY)).toBeUndefined();
    expect(await db.get('settings', 'practice')).toEqual({ tones: true });
    // A glyph added after the move comes after the moved ones.
    await createOwnGlyphList(db).add({ cid: 'bafkreic', name: 'Later' });
    expect((await createOwnGlyphList(db).list()).map((g) => g.name)).toEqual(['Second?', 'Mine', 'Later']);
  });

  it('carries over only entries with CID text and a name, and copes with no glyphs at all', async () => {
    const broken = `migrate-${++n}`;
    await versionOne(broken, [null, 'x', { cid: 42, name: 'n' }, { cid: A }, { cid: A, name: 'Kept' }]);
    expect(await createOwnGlyphList(await openLocalDb(broken)).list()).toEqual([{ cid: A, name: 'Kept' }]);
    const none = `migrate-${++n}`;
    await versionOne(none, undefined);
    expect(await createOwnGlyphList(await openLocalDb(none)).list()).toEqual([]);
  });

  it('reopens a database already at version 2 as it is: own glyphs kept, nothing migrated again', async () => {
    const name = `v2-${++n}`;
    await versionOne(name, [{ cid: A, name: 'Moved' }]);
    const first = await openLocalDb(name);
    await createOwnGlyphList(first).add({ cid: B, name: 'Added at v2' });
    // Were the move run again, this array would be carried over (and dropped) a second time.
    await first.put('settings', [{ cid: 'bafkreistale', name: 'Not a v1 list any more' }], V1_OWN_GLYPHS_KEY);
    first.close();
    const again = await openLocalDb(name);
    expect(again.version).toBe(DB_VERSION);
    expect(await createOwnGlyphList(again).list()).toEqual([
      { cid: A, name: 'Moved' },
      { cid: B, name: 'Added at v2' },
    ]);
    expect(await again.get('settings', V1_OWN_GLYPHS_KEY)).toEqual([{ cid: 'bafkreistale', name: 'Not a v1 list any more' }]);
    again.close();
  });

  it("refuses a database a newer version wrote with the browser's VersionError (which the page puts into words)", async () => {
    const name = `newer-${++n}`;
    (await openDB(name, DB_VERSION + 1)).close();
    await expect(openLocalDb(name)).rejects.toMatchObject({ name: 'VersionError' });
  });

  it('creates every store on a new device', async () => {
    const db = await openLocalDb(`fresh-${++n}`);
    expect([...db.objectStoreNames].sort()).toEqual(['own-glyphs', 'patterns', 'settings']);
  });
});

describe('own glyph list', () => {
  it('adds once, keeps the order added, and removes', async () => {
    let clock = 100;
    const list = createOwnGlyphList(await openLocalDb(`own-${++n}`), () => clock++);
    expect(await list.add({ cid: B, name: 'b' })).toBe(true);
    expect(await list.add({ cid: A, name: 'a' })).toBe(true);
    expect(await list.add({ cid: B, name: 'again' })).toBe(false);
    expect(await list.list()).toEqual([
      { cid: B, name: 'b' },
      { cid: A, name: 'a' },
    ]);
    await list.remove(B);
    expect(await list.list()).toEqual([{ cid: A, name: 'a' }]);
  });
});
