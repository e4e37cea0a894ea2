import { afterEach, describe, expect, it } from 'vitest';
import type { ManifestMismatch } from '../../vault/errors.ts';
import { dict as de } from '../../i18n/de/index.ts';
import { dict as en } from '../../i18n/en/index.ts';
import { useDictionary } from '../../i18n/index.ts';
import { manifestMismatchMessage } from './backup.ts';

afterEach(() => useDictionary('en', en));

const CLEAN: ManifestMismatch = { forged: false, missing: 0, added: 0, replaced: 0, reordered: false };
const say = (patch: Partial<ManifestMismatch>) => manifestMismatchMessage({ ...CLEAN, ...patch });

describe('manifestMismatchMessage', () => {
  it('says one removed session in the singular, and calls the file incomplete', () => {
    expect(say({ missing: 1 })).toBe(
      'This backup is incomplete: 1 session was removed from the file after it was saved. Nothing was imported. If you have another copy, try that one.',
    );
  });

  it('says several in the plural', () => {
    expect(say({ missing: 3 })).toContain('3 sessions were removed from the file');
    expect(say({ added: 2 })).toContain('changed after it was saved: 2 sessions were added to the file.');
    expect(say({ replaced: 1 })).toContain('1 session was replaced by a different copy.');
    expect(say({ reordered: true })).toContain('the sessions were put in a different order.');
  });

  it('lists several changes with commas and "and"', () => {
    expect(say({ missing: 1, added: 2, reordered: true })).toContain(
      ': 1 session was removed from the file, 2 sessions were added to the file and the sessions were put in a different order.',
    );
  });

  it('names a broken seal on its own', () => {
    expect(say({ forged: true })).toMatch(/^This backup was changed after it was saved, or is damaged: .* Nothing was imported\./);
  });

  it('always says nothing was imported', () => {
    for (const m of [{ missing: 1 }, { added: 1 }, { replaced: 4 }, { reordered: true }, { forged: true }])
      expect(say(m)).toContain('Nothing was imported.');
  });

  it('speaks the showing language, in its plurals', () => {
    useDictionary('de', de);
    expect(say({ missing: 1 })).toBe(
      'Diese Sicherung ist unvollständig: 1 Sitzung wurde nach dem Speichern aus der Datei entfernt. Es wurde nichts importiert. Wenn du eine andere Kopie hast, versuche es damit.',
    );
    expect(say({ missing: 2, added: 3 })).toContain(
      '2 Sitzungen wurden aus der Datei entfernt und 3 Sitzungen wurden der Datei hinzugefügt.',
    );
  });
});
