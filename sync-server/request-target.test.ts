import { describe, expect, it } from 'vitest';
import { MAX_TARGET_LENGTH, originForm, parseTarget } from './request-target.ts';

describe('parseTarget', () => {
  it('reads origin-form targets, dot segments resolved', () => {
    expect(parseTarget('/room/AAAAAAAAAAAAAAAAAAAAAA')?.pathname).toBe('/room/AAAAAAAAAAAAAAAAAAAAAA');
    expect(parseTarget('/ipfs/bafy?format=raw')?.searchParams.get('format')).toBe('raw');
    expect(parseTarget('/a/../b')?.pathname).toBe('/b');
    expect(parseTarget('/%2e%2e/secret.txt')?.pathname).toBe('/secret.txt');
    expect(parseTarget('/x?a=[1]|{2}')?.pathname).toBe('/x');
  });

  it('takes only the path of an absolute-form target', () => {
    const url = parseTarget('http://elsewhere.example:8080/healthz?x=1')!;
    expect(url.origin).toBe('http://localhost');
    expect(originForm(url)).toBe('/healthz?x=1');
    expect(parseTarget('HTTPS://a.example/')?.pathname).toBe('/');
  });

  it('refuses what new URL refuses, other hosts, controls, other forms and over-long targets', () => {
    for (const raw of [
      undefined,
      '',
      '//[',
      'http://[',
      '//a:99999/',
      'http://a:99999/',
      '//evil.example/x',
      '/\\evil.example/x',
      '\\\\evil.example',
      'http://u:p@a.example/',
      'http://a.example//evil.example/',
      'ftp://a.example/',
      'javascript:alert(1)',
      '*',
      'a.example:443',
      'room/x',
      '/a b',
      '/a\tb',
      '/a\x00',
      '/a\x7f',
      '/é',
      '/#x',
      '/%zz',
      '/%',
      '/%4',
      `/${'a'.repeat(MAX_TARGET_LENGTH)}`,
    ]) {
      expect(parseTarget(raw), JSON.stringify(raw)).toBeNull();
    }
    expect(parseTarget(`/${'a'.repeat(MAX_TARGET_LENGTH - 1)}`)).not.toBeNull();
  });

  it('never throws, and what it accepts is always a path on this server (random targets)', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const alphabet = [
      '/',
      '/',
      '.',
      '%',
      '2e',
      '2f',
      '5c',
      '\\',
      ':',
      '@',
      '?',
      '#',
      '[',
      ']',
      'a',
      'http:',
      '//',
      'x',
      '\x00',
      '\x7f',
      ' ',
      'é',
      '99999',
    ];
    for (let i = 0; i < 20_000; i++) {
      let raw = '';
      for (let n = Math.floor(rand() * 12); n > 0; n--) raw += alphabet[Math.floor(rand() * alphabet.length)];
      const url = parseTarget(raw);
      if (url) {
        expect(url.host, raw).toBe('localhost');
        expect(url.pathname.startsWith('/'), raw).toBe(true);
      }
    }
  });
});
