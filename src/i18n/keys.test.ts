/** Every language has exactly English's messages: a missing or extra key, or a message of another kind, fails. */
import { describe, expect, it } from 'vitest';
import { dict as de } from './de/index.ts';
import { dict as en } from './en/index.ts';
import { dict as es } from './es/index.ts';

/** Each message's path with its kind ("string", "function/2" for a function of two arguments). */
function shape(value: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) for (const [p, kind] of shape(inner, path ? `${path}.${key}` : key)) out.set(p, kind);
  } else {
    out.set(path, typeof value === 'function' ? `function/${value.length}` : Array.isArray(value) ? `array/${value.length}` : typeof value);
  }
  return out;
}

const english = shape(en);

/** Paths of messages that are empty strings (a translation left blank). */
function emptyStrings(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [path] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => emptyStrings(inner, path ? `${path}.${key}` : key));
}

describe.each([
  ['en', en],
  ['es', es],
  ['de', de],
])('the %s dictionary', (_name, dict) => {
  const other = shape(dict);
  it('has every English message', () => {
    expect([...english.keys()].filter((k) => !other.has(k))).toEqual([]);
  });
  it('has no message English lacks', () => {
    expect([...other.keys()].filter((k) => !english.has(k))).toEqual([]);
  });
  it('gives each message the same kind (a string, or a function of as many arguments)', () => {
    expect([...english].filter(([k, kind]) => other.get(k) !== kind)).toEqual([]);
  });
  it('has no empty message', () => {
    expect(emptyStrings(dict)).toEqual([]);
  });
});

describe('the comparison', () => {
  it('sees a missing, an extra and a changed message', () => {
    const a = shape({ x: { y: 'a', f: (n: number) => String(n) } });
    const b = shape({ x: { z: 'a', f: () => '' } });
    expect([...a.keys()].filter((k) => !b.has(k))).toEqual(['x.y']);
    expect([...b.keys()].filter((k) => !a.has(k))).toEqual(['x.z']);
    expect(a.get('x.f')).not.toBe(b.get('x.f'));
  });
});
