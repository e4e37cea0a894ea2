import { describe, expect, it } from 'vitest';
import { directionOf, pickLanguage, resolveLocale } from './languages.ts';

describe('pickLanguage', () => {
  it('takes the first of the browser languages it speaks, by primary subtag', () => {
    expect(pickLanguage(['fr-FR', 'de-AT', 'es'])).toBe('de');
    expect(pickLanguage(['es-MX'])).toBe('es');
    expect(pickLanguage(['EN-us'])).toBe('en');
  });
  it('falls back to English', () => {
    expect(pickLanguage([])).toBe('en');
    expect(pickLanguage(['fr', 'ja'])).toBe('en');
  });
});

describe('resolveLocale', () => {
  it('follows the browser on auto and the stored choice otherwise', () => {
    expect(resolveLocale('auto', ['de-DE'])).toBe('de');
    expect(resolveLocale('es', ['de-DE'])).toBe('es');
  });
  it('lets ?lang= choose a language or a pseudo-locale, and ignores anything else', () => {
    expect(resolveLocale('es', ['de'], 'ar-XB')).toBe('ar-XB');
    expect(resolveLocale('es', ['de'], 'de')).toBe('de');
    expect(resolveLocale('es', ['de'], 'xx')).toBe('es');
    expect(directionOf('ar-XB')).toBe('rtl');
    expect(directionOf('de')).toBe('ltr');
  });
});
