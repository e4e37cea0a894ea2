import { afterEach, describe, expect, it } from 'vitest';
import { dict as de } from '../../i18n/de/index.ts';
import { dict as en } from '../../i18n/en/index.ts';
import { useDictionary } from '../../i18n/index.ts';
import { describeError } from './index.ts';
import { storageWords } from './storage.ts';

afterEach(() => useDictionary('en', en));

describe('words for a storage refusal', () => {
  it('says a full disk plainly', () => {
    expect(describeError(new DOMException('quota', 'QuotaExceededError'))).toBe(
      "This device's storage is full, so nothing was saved. Free some space, then try again.",
    );
  });

  it('names the refusal of any other storage failure and says what to do', () => {
    for (const name of ['UnknownError', 'InvalidStateError', 'AbortError', 'NotReadableError']) {
      const text = describeError(new DOMException('internal detail', name));
      expect(text).toContain(`(${name})`);
      expect(text).toContain('reload the page');
      expect(text).not.toContain('internal detail');
    }
  });

  it('speaks the showing language', () => {
    useDictionary('de', de);
    expect(storageWords(new DOMException('quota', 'QuotaExceededError'))).toContain('Der Speicher dieses Geräts ist voll');
    expect(storageWords(new DOMException('x', 'UnknownError'))).toContain('(UnknownError)');
  });

  it('sends a newer database to a reload', () => {
    expect(storageWords(new DOMException('x', 'VersionError'))).toContain('newer version');
  });

  it('leaves other errors, DOMExceptions included, to the rest', () => {
    expect(storageWords(new TypeError('x'))).toBeUndefined();
    expect(storageWords(new DOMException('x', 'NotAllowedError'))).toBeUndefined();
  });
});

describe('words for a part of the app that did not load', () => {
  it('says so in Chromium’s, Firefox’s and Safari’s wording', () => {
    for (const message of [
      'Failed to fetch dynamically imported module: https://example.test/assets/JournalPage-x.js',
      'error loading dynamically imported module: https://example.test/assets/JournalPage-x.js',
      'Importing a module script failed.',
    ]) {
      expect(describeError(new TypeError(message))).toBe('Part of the app could not be loaded. Check your connection, then reload.');
    }
  });
});
