import { afterEach, describe, expect, it } from 'vitest';
import { dict as de } from '../../i18n/de/index.ts';
import { dict as en } from '../../i18n/en/index.ts';
import { useDictionary } from '../../i18n/index.ts';
import { joinAnd, joinOr } from './words.ts';

afterEach(() => useDictionary('en', en));

describe('the pieces of sentences', () => {
  it('lists with "and" and "or", without a serial comma', () => {
    expect(joinAnd([])).toBe('');
    expect(joinAnd(['a'])).toBe('a');
    expect(joinAnd(['a', 'b'])).toBe('a and b');
    expect(joinAnd(['a', 'b', 'c'])).toBe('a, b and c');
    expect(joinOr(['inhale', 'hold', 'exhale'])).toBe('inhale, hold or exhale');
  });

  it('lists in the showing language', () => {
    useDictionary('de', de);
    expect(joinAnd(['a', 'b', 'c'])).toBe('a, b und c');
    expect(joinOr(['a', 'b'])).toBe('a oder b');
  });
});
