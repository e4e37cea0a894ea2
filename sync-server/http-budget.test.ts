import { describe, expect, it } from 'vitest';
import { freeOfHttpBudget } from './http-budget.ts';

describe('freeOfHttpBudget', () => {
  it('leaves clock sync, health, hashed assets, glyph blocks and the build files free', () => {
    expect(freeOfHttpBudget('GET', '/time', false)).toBe(true);
    expect(freeOfHttpBudget('POST', '/healthz', false)).toBe(true);
    expect(freeOfHttpBudget('GET', '/assets/index-Ab12_-cD.js', false)).toBe(true);
    expect(freeOfHttpBudget('GET', '/ipfs/bafy', false)).toBe(true);
    expect(freeOfHttpBudget('HEAD', '/sw.js', true)).toBe(true);
  });

  it('charges page loads, misses, /metrics and other methods', () => {
    expect(freeOfHttpBudget('GET', '/', true)).toBe(false);
    expect(freeOfHttpBudget('GET', '/index.html', true)).toBe(false);
    expect(freeOfHttpBudget('GET', '/room/AAAAAAAAAAAAAAAAAAAAAA', false)).toBe(false);
    expect(freeOfHttpBudget('GET', '/nope.js', false)).toBe(false);
    expect(freeOfHttpBudget('GET', '/metrics', false)).toBe(false);
    expect(freeOfHttpBudget('POST', '/sw.js', true)).toBe(false);
    expect(freeOfHttpBudget(undefined, '/sw.js', true)).toBe(false);
  });
});
