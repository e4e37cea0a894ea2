import { describe, expect, it } from 'vitest';
import { plurals } from './plural.ts';

describe('plurals', () => {
  it('chooses by the language rules and writes the number its way', () => {
    const en = plurals('en-GB');
    const de = plurals('de-DE');
    expect(en(1, { one: '# day', other: '# days' })).toBe('1 day');
    expect(en(2, { one: '# day', other: '# days' })).toBe('2 days');
    expect(de(1200, { one: '# Tag', other: '# Tage' })).toBe('1.200 Tage');
  });
  it('prefers an exact match and falls back to other', () => {
    const es = plurals('es-ES');
    expect(es(0, { '=0': 'nadie', one: '# persona', other: '# personas' })).toBe('nadie');
    expect(es(1, { one: '# persona', other: '# personas' })).toBe('1 persona');
    // Spanish has a "many" category for round millions; a message without it uses other.
    expect(es(1_000_000, { one: '# persona', other: '# personas' })).toBe('1.000.000 personas');
  });
});
