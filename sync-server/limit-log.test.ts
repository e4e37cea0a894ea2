import { describe, expect, it } from 'vitest';
import { createLimitLog } from './limit-log.ts';

describe('limit log', () => {
  it('logs one line per kind and connection, and counts every hit', () => {
    const lines: string[] = [];
    const limits = createLimitLog((l) => lines.push(l));
    const a = {};
    const b = {};
    for (let i = 0; i < 1000; i++) limits.hit('rateLimited', a);
    limits.hit('malformed', a);
    limits.hit('rateLimited', b);
    expect(lines).toEqual(['limit rateLimited', 'limit malformed', 'limit rateLimited']);
    expect(limits.hits).toEqual({ rateLimited: 1001, malformed: 1 });
  });

  it('holds all connections together under a ceiling, then says how many lines it left out', () => {
    const lines: string[] = [];
    const limits = createLimitLog((l) => lines.push(l), 10);
    for (let i = 0; i < 100_000; i++) limits.hit('origin', {});
    expect(lines.length).toBe(10);
    expect(limits.hits.origin).toBe(100_000);
  });

  it('writes other lines under the same ceiling, uncounted as limits', () => {
    const lines: string[] = [];
    const limits = createLimitLog((l) => lines.push(l), 2);
    limits.event('room deleted');
    limits.hit('origin');
    limits.event('room deleted');
    expect(lines).toEqual(['room deleted', 'limit origin']);
    expect(limits.hits).toEqual({ origin: 1 });
  });
});
