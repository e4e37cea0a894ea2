/** The loader's refusals as data: what each source did, and why bytes are not a glyph (stub sources, no network). */
import { describe, expect, it } from 'vitest';
import { rawCid } from '../shared/glyphs/cid.ts';
import { GlyphUnavailableError, NotAGlyphError, SourceFailedError } from './errors.ts';
import { cacheSource, type GlyphSource, loadGlyph } from './loader.ts';

const svg = (body = '') => new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg">${body}</svg>`);
const source = (name: string, load: GlyphSource['load']): GlyphSource => ({ name, canHandle: () => true, load });

describe('glyph loader', () => {
  it('names what every source did, in order, when none gives the glyph', async () => {
    const cid = await rawCid(svg());
    const failure = await loadGlyph(cid, [
      cacheSource(async () => null),
      cacheSource(async () => svg('<title>other bytes</title>')),
      source('https://status.example', async () => Promise.reject(new SourceFailedError('http-status', 502))),
      source('https://down.example', async () => Promise.reject(new TypeError('Failed to fetch'))),
    ]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GlyphUnavailableError);
    expect((failure as GlyphUnavailableError).failures).toEqual([
      { source: 'cache', code: 'not-cached' },
      { source: 'cache', code: 'cache-mismatch' },
      { source: 'https://status.example', code: 'http-status', status: 502 },
      { source: 'https://down.example', code: 'unreachable' },
    ]);
  });

  it('counts a source that never answers as timed out once its turn is over', async () => {
    const hanging = source('https://hanging.example', () => new Promise(() => undefined));
    const failure = await loadGlyph(await rawCid(svg()), [hanging], { timeoutMs: 5 }).catch((e: unknown) => e);
    expect((failure as GlyphUnavailableError).failures).toEqual([{ source: 'https://hanging.example', code: 'timed-out' }]);
  });

  it.each([
    ['text', new TextEncoder().encode('plain words'), { code: 'not-an-image' }],
    ['a scripted SVG', svg('<script>alert(1)</script>'), { code: 'svg-not-inert', problem: 'script' }],
    ['an SVG with a handler', svg('<rect onclick="x()"/>'), { code: 'svg-not-inert', problem: 'event-handler' }],
    ['an SVG linking out', svg('<image href="https://x.example/a.png"/>'), { code: 'svg-not-inert', problem: 'outside-link' }],
    ['a file over the limit', new Uint8Array(256 * 1024 + 1), { code: 'too-big', maxBytes: 256 * 1024 }],
  ])('refuses %s with the reason as data, and asks no further source', async (_label, bytes, reason) => {
    let asked = 0;
    const failure = await loadGlyph(await rawCid(bytes), [
      source('first', async () => bytes),
      source('second', async () => {
        asked++;
        return svg();
      }),
    ]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NotAGlyphError);
    expect((failure as NotAGlyphError).reason).toEqual(reason);
    expect(asked).toBe(0);
  });
});
