import { describe, expect, it } from 'vitest';
import { seeded } from '../random.ts';
import { fft, realPowerSpectrum } from './fft.ts';

describe('fft', () => {
  it('equals the direct DFT', () => {
    const random = seeded(5);
    for (const n of [1, 2, 8, 64, 1024]) {
      const xr = Float64Array.from({ length: n }, () => random() - 0.5);
      const xi = Float64Array.from({ length: n }, () => random() - 0.5);
      const re = xr.slice();
      const im = xi.slice();
      fft(re, im);
      for (const k of [0, 1, n >> 1, n - 1].filter((k) => k < n)) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < n; j++) {
          const a = (-2 * Math.PI * j * k) / n;
          sr += xr[j]! * Math.cos(a) - xi[j]! * Math.sin(a);
          si += xr[j]! * Math.sin(a) + xi[j]! * Math.cos(a);
        }
        expect(re[k]).toBeCloseTo(sr, 9);
        expect(im[k]).toBeCloseTo(si, 9);
      }
    }
  });

  it('refuses a length that is not a power of two', () => {
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(RangeError);
    expect(() => fft(new Float64Array(8), new Float64Array(4))).toThrow(RangeError);
  });
});

describe('realPowerSpectrum', () => {
  it('equals |X|² of the complex FFT of the same real sequence', () => {
    const random = seeded(9);
    for (const n of [2, 8, 1024]) {
      const x = Float64Array.from({ length: n }, () => random() - 0.5);
      const power = new Float64Array(n / 2 + 1);
      realPowerSpectrum(x, power);
      const re = x.slice();
      const im = new Float64Array(n);
      fft(re, im);
      for (let k = 0; k <= n / 2; k++) expect(power[k]).toBeCloseTo(re[k]! ** 2 + im[k]! ** 2, 9);
    }
  });

  it('refuses lengths that do not fit', () => {
    expect(() => realPowerSpectrum(new Float64Array(8), new Float64Array(4))).toThrow(RangeError);
  });
});
