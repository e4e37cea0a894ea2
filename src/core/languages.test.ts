import { describe, expect, it } from 'vitest';
import { directionOf, intlTag, pickLanguage, resolveLocale } from './languages.ts';

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

describe('intlTag', () => {
  it("takes the browser's regional variant of the showing language, else a default", () => {
    expect(intlTag('en', ['de-AT', 'en-US'])).toBe('en-US');
    expect(intlTag('es', ['es-MX'])).toBe('es-MX');
    expect(intlTag('de', ['en-US'])).toBe('de-DE');
    expect(intlTag('en')).toBe('en-GB');
    expect(intlTag('ar-XB', ['fr'])).toBe('en-GB');
    expect(intlTag('en', ['en'])).toBe('en-GB');
    expect(intlTag('de', ['de', 'de-CH'])).toBe('de-CH');
  });
  it('ignores a malformed tag', () => {
    expect(intlTag('en', ['en-!!'])).toBe('en-GB');
  });
});
