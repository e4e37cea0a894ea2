/** Every glyph error code has words, with its data in them; a refused glyph reads as a plain sentence. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  DuplicateGlyphError,
  GlyphStoreUnavailableError,
  GlyphUnavailableError,
  NotAGlyphError,
  type SourceFailureCode,
} from '../../glyphs/errors.ts';
import { InvalidCidError, type InvalidCidCode } from '../../shared/glyphs/cid.ts';
import type { SvgProblem } from '../../shared/glyphs/image.ts';
import { dict as deDict } from '../../i18n/de/index.ts';
import { dict as enDict } from '../../i18n/en/index.ts';
import { useDictionary } from '../../i18n/index.ts';
import { dict as esDict } from '../../i18n/es/index.ts';
import { BUILT_IN } from '../../glyphs/store.ts';
import { distinctNames } from '../../glyphs/names.ts';
import { t } from '../../i18n/index.ts';
import { glyphErrorDetails, glyphName, glyphWords, glyphUnavailableWords } from './glyphs.ts';

const sentence = (text: string | undefined) => {
  expect(text).toMatch(/^[A-Z].*[.…]$/);
  return text!;
};

describe('glyph words', () => {
  it.each<InvalidCidCode>(['not-a-cid', 'hash-not-sha256', 'not-a-file'])('say why text is not a glyph CID: %s', (code) => {
    expect(sentence(glyphWords(new InvalidCidError(code)))).not.toContain(code);
  });

  it('keep the CID sentence people know', () => {
    expect(glyphWords(new InvalidCidError('not-a-cid'))).toBe('That is not a CID. A glyph CID looks like bafkrei… or bafybei….');
  });

  it.each<SvgProblem>(['script', 'event-handler', 'animated-link', 'outside-link'])('say why an SVG is refused: %s', (problem) => {
    const words = sentence(glyphWords(new NotAGlyphError({ code: 'svg-not-inert', problem })));
    expect(words).toMatch(/^This SVG cannot be a glyph: .+ not allowed in a glyph\.$/);
  });

  it('say why bytes are not a glyph, with the size limit in KiB', () => {
    expect(glyphWords(new NotAGlyphError({ code: 'too-big', maxBytes: 128 * 1024 }))).toBe(
      'This file is over 128 KiB, too big for a glyph.',
    );
    expect(sentence(glyphWords(new NotAGlyphError({ code: 'not-an-image' })))).toContain('not an image');
    expect(glyphWords(new DuplicateGlyphError('bafkrei'))).toBe('This glyph is already in your list.');
  });

  it('turn what every source did into one plain sentence, counted, without addresses', () => {
    const gateway = 'http://127.0.0.1:8080';
    const failures = [
      { source: 'cache', code: 'not-cached' as const },
      { source: gateway, code: 'no-valid-copy' as const },
      { source: 'https://a.example', code: 'timed-out' as const },
      { source: 'https://b.example', code: 'no-valid-copy' as const },
    ];
    const words = glyphWords(new GlyphUnavailableError(failures));
    expect(words).toBe(
      'The glyph could not be loaded: 2 gateways had no copy that matches its CID and one gateway timed out. Check the CID, or try again later.',
    );
    expect(words).not.toContain(gateway);
  });

  it.each<SourceFailureCode>(['timed-out', 'no-valid-copy', 'http-status', 'unreachable', 'cache-mismatch'])(
    'say what a source did: %s',
    (code) => {
      // An altered copy is only ever the device cache's.
      const source = code === 'cache-mismatch' ? 'cache' : 'https://a.example';
      const words = sentence(glyphUnavailableWords([{ source, code, status: 503 }]));
      expect(words).toMatch(/^The glyph could not be loaded: [a-z]/);
      expect(words).not.toContain(code);
    },
  );

  it('never count the device cache as a gateway: only an altered copy there is worth saying', () => {
    const gateway = { source: 'https://a.example', code: 'timed-out' as const };
    for (const code of ['timed-out', 'unreachable', 'not-cached'] as const) {
      expect(glyphUnavailableWords([{ source: 'cache', code }, gateway])).toBe(
        'The glyph could not be loaded: one gateway timed out. Check the CID, or try again later.',
      );
    }
    expect(glyphUnavailableWords([{ source: 'cache', code: 'timed-out' }])).toBe(glyphUnavailableWords([]));
    expect(glyphUnavailableWords([{ source: 'cache', code: 'cache-mismatch' }, gateway])).toBe(
      'The glyph could not be loaded: the copy kept on this device had been altered and one gateway timed out. Check the CID, or try again later.',
    );
  });

  it('say plainly that the glyphs themselves could not be loaded', () => {
    expect(sentence(glyphWords(new GlyphStoreUnavailableError(new TypeError('Failed to fetch'))))).toContain('could not be loaded');
  });

  it('say so when no source could be asked at all', () => {
    expect(glyphUnavailableWords([])).toBe(
      'The glyph could not be loaded, and no gateway could be asked. Check the CID, or try again later.',
    );
    expect(glyphUnavailableWords([{ source: 'cache', code: 'not-cached' }])).toBe(glyphUnavailableWords([]));
  });

  it('leave other errors to other domains', () => {
    expect(glyphWords(new Error('x'))).toBeUndefined();
    expect(glyphWords(undefined)).toBeUndefined();
  });
});

describe('glyph error details', () => {
  it('name each source and what it did, one line each, the device cache in words', () => {
    const error = new GlyphUnavailableError([
      { source: 'cache', code: 'not-cached' },
      { source: 'http://127.0.0.1:8080', code: 'no-valid-copy' },
      { source: 'https://dweb.link', code: 'http-status', status: 504 },
      { source: 'https://ipfs.io', code: 'timed-out' },
    ]);
    expect(glyphErrorDetails(error)).toEqual([
      'This device’s cache: had no copy yet',
      'http://127.0.0.1:8080: had no copy that matches the CID',
      'https://dweb.link: answered HTTP 504',
      'https://ipfs.io: did not answer in time',
    ]);
  });

  it('give what the browser said when the glyph store did not arrive, and nothing for errors without detail', () => {
    expect(glyphErrorDetails(new GlyphStoreUnavailableError(new TypeError('Failed to fetch dynamically imported module')))).toEqual([
      'TypeError: Failed to fetch dynamically imported module',
    ]);
    expect(glyphErrorDetails(new DuplicateGlyphError('bafkrei'))).toBeUndefined();
    expect(glyphErrorDetails(new GlyphUnavailableError([]))).toBeUndefined();
  });
});

describe('glyph words in another language', () => {
  afterEach(() => useDictionary('en', enDict));

  it('change with the language, counts included', () => {
    useDictionary('de', deDict);
    expect(glyphWords(new DuplicateGlyphError('bafkrei'))).toBe('Diese Glyphe ist schon in deiner Liste.');
    expect(
      glyphUnavailableWords([
        { source: 'https://a.example', code: 'timed-out' },
        { source: 'https://b.example', code: 'timed-out' },
      ]),
    ).toBe(
      'Die Glyphe konnte nicht geladen werden: 2 Gateways haben nicht rechtzeitig geantwortet. Prüfe die CID oder versuche es später noch einmal.',
    );
  });
});

describe('glyph names', () => {
  afterEach(() => useDictionary('en', enDict));
  const byId = (id: string) => BUILT_IN.find((g) => g.id === id)!;
  const mine = (name: string) => ({ cid: 'bafkreiaaaaaaaaaaabc123' as (typeof BUILT_IN)[number]['cid'], name, tags: [], builtIn: false });

  it('name every built-in glyph in each language, the English as the catalog has it', () => {
    for (const g of BUILT_IN) expect(glyphName(g)).toBe(g.name);
    for (const [locale, dict] of [
      ['es', esDict],
      ['de', deDict],
    ] as const) {
      useDictionary(locale, dict);
      const names = BUILT_IN.map(glyphName);
      expect(names.every((n) => n.length > 0)).toBe(true);
      expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(BUILT_IN.length);
    }
  });

  it('follow the language by the glyph id, not its English name', () => {
    useDictionary('es', esDict);
    expect(glyphName(byId('seed'))).toBe('Semilla de la vida');
    expect(glyphName(byId('drop'))).toBe('Gota');
    useDictionary('de', deDict);
    expect(glyphName(byId('seed'))).toBe('Saat des Lebens');
    expect(glyphName(byId('heart'))).toBe('Herz');
  });

  it('keep an own glyph’s name as given, and name one given none by the end of its CID', () => {
    expect(glyphName(mine(' Sea '))).toBe('Sea');
    expect(glyphName(mine('Glyph 0a1b2c'))).toBe('Glyph 0a1b2c'); // kept from before names were left empty
    expect(glyphName(mine(''))).toBe('Glyph abc123');
    useDictionary('de', deDict);
    expect(glyphName(mine(''))).toBe('Glyphe abc123');
    expect(glyphName(mine('Glyph 0a1b2c'))).toBe('Glyph 0a1b2c');
  });

  it('tell an own glyph from a built-in one shown by the same name, in the showing language', () => {
    useDictionary('de', deDict);
    const names = distinctNames([...BUILT_IN, mine('Mond')], { name: glyphName, yours: (name) => t('glyphs.picker.yours', name) });
    expect(names.get(byId('moon').cid)).toBe('Mond');
    expect(names.get(mine('').cid)).toBe('Mond (deine)');
  });
});
