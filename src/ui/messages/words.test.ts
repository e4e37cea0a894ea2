import { describe, expect, it } from 'vitest';
import { count, joinAnd, joinOr } from './words.ts';

describe('the pieces of sentences', () => {
  it('lists with "and" and "or", without a serial comma', () => {
    expect(joinAnd([])).toBe('');
    expect(joinAnd(['a'])).toBe('a');
    expect(joinAnd(['a', 'b'])).toBe('a and b');
    expect(joinAnd(['a', 'b', 'c'])).toBe('a, b and c');
    expect(joinOr(['inhale', 'hold', 'exhale'])).toBe('inhale, hold or exhale');
  });

  it('counts in the singular for one only', () => {
    expect(count(1, 'day')).toBe('1 day');
    expect(count(0, 'day')).toBe('0 days');
    expect(count(2, 'pass', 'passes')).toBe('2 passes');
  });
});
