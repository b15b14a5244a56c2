/**
 * Complex FFT for the sizes hibari's vocoder needs: n = 1200 = 4·4·3·5·5,
 * which power-of-two libraries cannot do. Mixed-radix Stockham autosort
 * (no bit reversal), one unrolled pass per radix 2, 3, 4 or 5, twiddles
 * precomputed per pass. Forward, unscaled: X[k] = Σ x[t]·e^(−2πikt/n).
 */
interface Pass {
  readonly radix: 2 | 3 | 4 | 5;
  /** Butterflies per group (len / radix) and groups (stride). */
  readonly m: number;
  readonly s: number;
  /** w^(p·k) for p < m, k < radix, interleaved [p * radix + k]. */
  readonly twr: Float64Array;
  readonly twi: Float64Array;
}

const S3 = Math.sqrt(3) / 2;
const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

export class Fft {
  private readonly passes: Pass[] = [];
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;

  constructor(readonly n: number) {
    const radices: (2 | 3 | 4 | 5)[] = [];
    let rest = n;
    for (const r of [4, 2, 3, 5] as const) {
      while (rest % r === 0) {
        radices.push(r);
        rest /= r;
      }
    }
    if (rest !== 1 || n < 2) throw new Error(`FFT size ${n} has prime factors other than 2, 3 and 5`);
    let len = n;
    let s = 1;
    for (const radix of radices) {
      const m = len / radix;
      const twr = new Float64Array(m * radix);
      const twi = new Float64Array(m * radix);
      for (let p = 0; p < m; p++) {
        for (let k = 0; k < radix; k++) {
          const a = (-2 * Math.PI * p * k) / len;
          twr[p * radix + k] = Math.cos(a);
          twi[p * radix + k] = Math.sin(a);
        }
      }
      this.passes.push({ radix, m, s, twr, twi });
      len = m;
      s *= radix;
    }
    this.workRe = new Float64Array(n);
    this.workIm = new Float64Array(n);
  }

  /** In place. */
  forward(re: Float64Array, im: Float64Array): void {
    let xr = re;
    let xi = im;
    let yr = this.workRe;
    let yi = this.workIm;
    for (const pass of this.passes) {
      switch (pass.radix) {
        case 4:
          radix4(pass, xr, xi, yr, yi);
          break;
        case 2:
          radix2(pass, xr, xi, yr, yi);
          break;
        case 3:
          radix3(pass, xr, xi, yr, yi);
          break;
        case 5:
          radix5(pass, xr, xi, yr, yi);
          break;
      }
      [xr, yr] = [yr, xr];
      [xi, yi] = [yi, xi];
    }
    if (xr !== re) {
      re.set(xr);
      im.set(xi);
    }
  }
}

// Each pass: for group p and offset q, the radix inputs x[q + s(p + r·m)] go through the
// butterfly and twiddle w^(p·k), landing at y[q + s(radix·p + k)].

function radix2({ m, s, twr, twi }: Pass, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const sm = s * m;
  for (let p = 0; p < m; p++) {
    const w1r = twr[p * 2 + 1] as number, w1i = twi[p * 2 + 1] as number;
    for (let q = 0; q < s; q++) {
      const i0 = q + s * p, i1 = i0 + sm;
      const ar = xr[i0] as number, ai = xi[i0] as number, br = xr[i1] as number, bi = xi[i1] as number;
      const o = q + 2 * s * p;
      yr[o] = ar + br;
      yi[o] = ai + bi;
      const dr = ar - br, di = ai - bi;
      yr[o + s] = dr * w1r - di * w1i;
      yi[o + s] = dr * w1i + di * w1r;
    }
  }
}

function radix3({ m, s, twr, twi }: Pass, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const sm = s * m;
  for (let p = 0; p < m; p++) {
    const t = p * 3;
    const w1r = twr[t + 1] as number, w1i = twi[t + 1] as number, w2r = twr[t + 2] as number, w2i = twi[t + 2] as number;
    for (let q = 0; q < s; q++) {
      const i0 = q + s * p, i1 = i0 + sm, i2 = i1 + sm;
      const a0r = xr[i0] as number, a0i = xi[i0] as number;
      const a1r = xr[i1] as number, a1i = xi[i1] as number;
      const a2r = xr[i2] as number, a2i = xi[i2] as number;
      const t1r = a1r + a2r, t1i = a1i + a2i, t2r = a1r - a2r, t2i = a1i - a2i;
      const br = a0r - 0.5 * t1r, bi = a0i - 0.5 * t1i;
      const o = q + 3 * s * p;
      yr[o] = a0r + t1r;
      yi[o] = a0i + t1i;
      const c1r = br + S3 * t2i, c1i = bi - S3 * t2r, c2r = br - S3 * t2i, c2i = bi + S3 * t2r;
      yr[o + s] = c1r * w1r - c1i * w1i;
      yi[o + s] = c1r * w1i + c1i * w1r;
      yr[o + 2 * s] = c2r * w2r - c2i * w2i;
      yi[o + 2 * s] = c2r * w2i + c2i * w2r;
    }
  }
}

function radix4({ m, s, twr, twi }: Pass, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const sm = s * m;
  for (let p = 0; p < m; p++) {
    const t = p * 4;
    const w1r = twr[t + 1] as number, w1i = twi[t + 1] as number;
    const w2r = twr[t + 2] as number, w2i = twi[t + 2] as number;
    const w3r = twr[t + 3] as number, w3i = twi[t + 3] as number;
    for (let q = 0; q < s; q++) {
      const i0 = q + s * p, i1 = i0 + sm, i2 = i1 + sm, i3 = i2 + sm;
      const a0r = xr[i0] as number, a0i = xi[i0] as number;
      const a1r = xr[i1] as number, a1i = xi[i1] as number;
      const a2r = xr[i2] as number, a2i = xi[i2] as number;
      const a3r = xr[i3] as number, a3i = xi[i3] as number;
      const s0r = a0r + a2r, s0i = a0i + a2i, d0r = a0r - a2r, d0i = a0i - a2i;
      const s1r = a1r + a3r, s1i = a1i + a3i, d1r = a1r - a3r, d1i = a1i - a3i;
      const o = q + 4 * s * p;
      yr[o] = s0r + s1r;
      yi[o] = s0i + s1i;
      const c1r = d0r + d1i, c1i = d0i - d1r; // d0 − i·d1
      const c2r = s0r - s1r, c2i = s0i - s1i;
      const c3r = d0r - d1i, c3i = d0i + d1r; // d0 + i·d1
      yr[o + s] = c1r * w1r - c1i * w1i;
      yi[o + s] = c1r * w1i + c1i * w1r;
      yr[o + 2 * s] = c2r * w2r - c2i * w2i;
      yi[o + 2 * s] = c2r * w2i + c2i * w2r;
      yr[o + 3 * s] = c3r * w3r - c3i * w3i;
      yi[o + 3 * s] = c3r * w3i + c3i * w3r;
    }
  }
}

function radix5({ m, s, twr, twi }: Pass, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const sm = s * m;
  for (let p = 0; p < m; p++) {
    const t = p * 5;
    const w1r = twr[t + 1] as number, w1i = twi[t + 1] as number;
    const w2r = twr[t + 2] as number, w2i = twi[t + 2] as number;
    const w3r = twr[t + 3] as number, w3i = twi[t + 3] as number;
    const w4r = twr[t + 4] as number, w4i = twi[t + 4] as number;
    for (let q = 0; q < s; q++) {
      const i0 = q + s * p, i1 = i0 + sm, i2 = i1 + sm, i3 = i2 + sm, i4 = i3 + sm;
      const a0r = xr[i0] as number, a0i = xi[i0] as number;
      const a1r = xr[i1] as number, a1i = xi[i1] as number;
      const a2r = xr[i2] as number, a2i = xi[i2] as number;
      const a3r = xr[i3] as number, a3i = xi[i3] as number;
      const a4r = xr[i4] as number, a4i = xi[i4] as number;
      const t1r = a1r + a4r, t1i = a1i + a4i, t2r = a2r + a3r, t2i = a2i + a3i;
      const t3r = a1r - a4r, t3i = a1i - a4i, t4r = a2r - a3r, t4i = a2i - a3i;
      const b1r = a0r + C1 * t1r + C2 * t2r, b1i = a0i + C1 * t1i + C2 * t2i;
      const b2r = a0r + C2 * t1r + C1 * t2r, b2i = a0i + C2 * t1i + C1 * t2i;
      const e1r = S1 * t3r + S2 * t4r, e1i = S1 * t3i + S2 * t4i;
      const e2r = S2 * t3r - S1 * t4r, e2i = S2 * t3i - S1 * t4i;
      const o = q + 5 * s * p;
      yr[o] = a0r + t1r + t2r;
      yi[o] = a0i + t1i + t2i;
      const c1r = b1r + e1i, c1i = b1i - e1r, c4r = b1r - e1i, c4i = b1i + e1r;
      const c2r = b2r + e2i, c2i = b2i - e2r, c3r = b2r - e2i, c3i = b2i + e2r;
      yr[o + s] = c1r * w1r - c1i * w1i;
      yi[o + s] = c1r * w1i + c1i * w1r;
      yr[o + 2 * s] = c2r * w2r - c2i * w2i;
      yi[o + 2 * s] = c2r * w2i + c2i * w2r;
      yr[o + 3 * s] = c3r * w3r - c3i * w3i;
      yi[o + 3 * s] = c3r * w3i + c3i * w3r;
      yr[o + 4 * s] = c4r * w4r - c4i * w4i;
      yi[o + 4 * s] = c4r * w4i + c4i * w4r;
    }
  }
}
