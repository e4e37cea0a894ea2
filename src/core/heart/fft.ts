/**
 * An in-place radix-2 FFT (iterative Cooley-Tukey), enough for a 1024-point HRV spectrum a few
 * times a minute. Hand-written: the npm FFTs are either larger than this file or unmaintained, and
 * this one has a test against a direct DFT.
 */

const tables = new Map<number, { cos: Float64Array; sin: Float64Array; rev: Uint32Array }>();

function tablesFor(n: number) {
  let t = tables.get(n);
  if (t) return t;
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  const bits = Math.log2(n);
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  t = { cos, sin, rev };
  tables.set(n, t);
  return t;
}

/** Replaces (re, im) by its discrete Fourier transform, X_k = Σ x_j e^{-2πijk/n}; n must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n !== im.length || n < 1 || (n & (n - 1)) !== 0) throw new RangeError(`fft: length ${n} is not a power of two`);
  if (n === 1) return;
  const { cos, sin, rev } = tablesFor(n);
  for (let i = 0; i < n; i++) {
    const j = rev[i]!;
    if (j > i) {
      const tr = re[i]!;
      re[i] = re[j]!;
      re[j] = tr;
      const ti = im[i]!;
      im[i] = im[j]!;
      im[j] = ti;
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step]!;
        const wi = sin[k * step]!;
        const a = start + k;
        const b = a + half;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}

const packed = new Map<number, { re: Float64Array; im: Float64Array; cos: Float64Array; sin: Float64Array }>();

/**
 * |X_k|² for k = 0..n/2 of the real sequence x (length n, a power of two ≥ 2), written into power
 * (length n/2 + 1). Packs x into an n/2-point complex FFT (even samples real, odd imaginary) and
 * unpacks, half the work of a complex FFT of x.
 */
export function realPowerSpectrum(x: Float64Array, power: Float64Array): void {
  const n = x.length;
  const m = n / 2;
  if (n < 2 || power.length !== m + 1) throw new RangeError(`realPowerSpectrum: lengths ${n} and ${power.length}`);
  let buf = packed.get(m);
  if (!buf) {
    const cos = Float64Array.from({ length: m + 1 }, (_, k) => Math.cos((Math.PI * k) / m));
    const sin = Float64Array.from({ length: m + 1 }, (_, k) => Math.sin((Math.PI * k) / m));
    buf = { re: new Float64Array(m), im: new Float64Array(m), cos, sin };
    packed.set(m, buf);
  }
  const { re, im, cos, sin } = buf;
  for (let j = 0; j < m; j++) {
    re[j] = x[2 * j]!;
    im[j] = x[2 * j + 1]!;
  }
  fft(re, im);
  for (let k = 0; k <= m; k++) {
    const a = re[k % m]!;
    const b = im[k % m]!;
    const c = re[(m - k) % m]!;
    const d = im[(m - k) % m]!;
    // X_k = E_k + e^{-2πik/n}·O_k, with E_k = (Z_k + conj Z_{m−k})/2 and O_k = (Z_k − conj Z_{m−k})/2i.
    const er = (a + c) / 2;
    const ei = (b - d) / 2;
    const or = (b + d) / 2;
    const oi = (c - a) / 2;
    const xr = er + or * cos[k]! + oi * sin[k]!;
    const xi = ei + oi * cos[k]! - or * sin[k]!;
    power[k] = xr * xr + xi * xi;
  }
}
