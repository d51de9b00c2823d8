import { meanAndSd } from './figures.ts';

/** Summary of one sample: size, mean, sample SD (n-1 denominator). */
export interface Sample {
  n: number;
  mean: number;
  sd: number;
}

/** A 95 % (or `level`) interval. */
export interface SampleInterval {
  lo: number;
  hi: number;
}

/** Result of comparing two independent samples: a minus b. */
export interface WelchTest {
  /** a.mean - b.mean */
  diff: number;
  /** sqrt(a.sd²/a.n + b.sd²/b.n) */
  se: number;
  /** Welch–Satterthwaite degrees of freedom */
  df: number;
  /** diff / se (0 when se and diff are 0; ±Infinity when only se is 0) */
  t: number;
  /** two-sided p-value from Student's t with df */
  p: number;
  /** confidence interval of diff at `level` */
  lo: number;
  hi: number;
  /** p < 1 - level */
  significant: boolean;
}

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const w = z + 7.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(w) - w + Math.log(sum);
}

/** ln Γ(x) - Stirling's approximation, for x >= 10. */
function stirlingError(x: number): number {
  const x2 = 1 / (x * x);
  return (
    (1 / 12 +
      x2 * (-1 / 360 + x2 * (1 / 1260 + x2 * (-1 / 1680 + x2 * (1 / 1188 + x2 * (-691 / 360360 + x2 / 156)))))) /
    x
  );
}

/** ln B(a, b). */
function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  // Subtracting log-gammas of ~1e7 would cancel away most digits at large df, hence R's split.
  if (p >= 10) {
    const corr = stirlingError(p) + stirlingError(q) - stirlingError(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = stirlingError(q) - stirlingError(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

const TINY = 1e-300;

/** Continued fraction of the incomplete beta function (modified Lentz, Numerical Recipes `betacf`); y = 1 - x. */
function betaContinuedFraction(a: number, b: number, x: number, y: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  // 1 - qab·x/qap; at large df x is within 1e-7 of 1, where the rearranged form keeps the digits.
  let d = Math.abs(1 - b) + qab * y < qab * x ? (1 - b + qab * y) / qap : 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  // Worst case needs O(sqrt(max(a, b))) terms, i.e. a few thousand at df 1e7.
  for (let m = 1; m <= 1_000_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** A point of the beta distribution: x, y = 1 - x and their logs, each computed without cancellation. */
interface BetaPoint {
  x: number;
  y: number;
  lnX: number;
  lnY: number;
}

/** Regularized incomplete beta I_x(a, b). */
function incompleteBeta(a: number, b: number, { x, y, lnX, lnY }: BetaPoint): number {
  if (lnX === Number.NEGATIVE_INFINITY) return 0;
  if (lnY === Number.NEGATIVE_INFINITY) return 1;
  const front = Math.exp(a * lnX + b * lnY - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x, y)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y, x)) / b;
}

/** I_y(1/2, a) = P(|T| < t) by its power series, whose terms are all positive. */
function centralSeries(a: number, { y, lnX, lnY }: BetaPoint): number {
  const front = Math.exp(0.5 * lnY + a * lnX - logBeta(0.5, a)) / 0.5;
  let term = 1;
  let sum = 1;
  for (let n = 0; term > 1e-17 * sum; n++) {
    term *= ((a + 0.5 + n) / (1.5 + n)) * y;
    sum += term;
  }
  return front * sum;
}

/** x = df / (df + t²) and y = t² / (df + t²), safe from overflow of t². */
function tPoint(t: number, df: number): BetaPoint {
  const r = t / Math.sqrt(df);
  if (r <= 1) {
    const r2 = r * r;
    return { x: 1 / (1 + r2), y: r2 / (1 + r2), lnX: -Math.log1p(r2), lnY: 2 * Math.log(r) - Math.log1p(r2) };
  }
  const w = 1 / (r * r);
  return { x: w / (1 + w), y: 1 / (1 + w), lnX: -2 * Math.log(r) - Math.log1p(w), lnY: -Math.log1p(w) };
}

/** P(|T| >= t) for t >= 0. */
function twoSidedP(t: number, df: number): number {
  const a = df / 2;
  const point = tPoint(t, df);
  // At large df the continued fraction loses about log10(df) digits for t near 2, exactly where
  // confidence intervals live; the series (about t² terms) is exact to rounding there unless p is tiny.
  if (a > 1000 && a * point.y < 50) {
    const p = 1 - centralSeries(a, point);
    if (p * a > 100) return p;
  }
  return incompleteBeta(a, 0.5, point);
}

/**
 * The t >= 0 with P(|T| >= t) = alpha. From the Cornish–Fisher start a few Newton steps on
 * the tail (whose slope is twice the density) usually settle to rounding; bisection is the
 * fallback that cannot fail (the tail is monotone), e.g. for very small df or extreme alpha.
 */
function twoSidedQuantile(alpha: number, df: number): number {
  if (alpha >= 1) return 0;
  if (df >= 3 && alpha > 1e-12) {
    const z = normalQuantile(1 - alpha / 2);
    const z3 = z ** 3;
    const z5 = z ** 5;
    let t = z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
    const logNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
    for (let i = 0; i < 8; i++) {
      const density = Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
      const step = (twoSidedP(t, df) - alpha) / (2 * density);
      t += step;
      if (!(t > 0) || !Number.isFinite(t)) break;
      if (Math.abs(step) <= 1e-13 * Math.max(1, t)) return t;
    }
  }
  let lo = 0;
  let hi = 1;
  while (twoSidedP(hi, df) > alpha) {
    lo = hi;
    hi *= 2;
    if (hi > Number.MAX_VALUE) return Number.MAX_VALUE;
  }
  for (let i = 0; i < 2000 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
    const mid = lo + (hi - lo) / 2;
    if (twoSidedP(mid, df) > alpha) lo = mid;
    else hi = mid;
  }
  return lo + (hi - lo) / 2;
}

/** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9): a start for Newton. */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: readonly number[], x: number) => k.reduce((s, v) => s * x + v, 0);
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

function checkDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1, got ${level}`);
}

/**
 * P(T <= t) for Student's t with `df` degrees of freedom (df > 0, need not be an integer).
 *
 * @example studentTCdf(2.228, 10) // ≈ 0.975
 */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === 0) return 0.5;
  const tail = twoSidedP(Math.abs(t), df) / 2;
  return t > 0 ? 1 - tail : tail;
}

/**
 * The t with P(T <= t) = p, for 0 < p < 1; accurate to about 1e-12 relative for df up to 1e7.
 *
 * @example studentTQuantile(0.975, 10) // ≈ 2.228
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be between 0 and 1, got ${p}`);
  if (p === 0.5) return 0;
  const t = twoSidedQuantile(2 * Math.min(p, 1 - p), df);
  return p < 0.5 ? -t : t;
}

/**
 * Confidence interval of a mean: mean ± t_{(1+level)/2, n-1} · sd/√n; null when n < 2.
 *
 * @example meanInterval({ n: 25, mean: 3.8, sd: 1 }) // { lo: 3.3872, hi: 4.2128 } (rounded)
 */
export function meanInterval(s: Sample, level = 0.95): SampleInterval | null {
  checkLevel(level);
  if (s.n < 2) return null;
  const half = (twoSidedQuantile(1 - level, s.n - 1) * s.sd) / Math.sqrt(s.n);
  return { lo: s.mean - half, hi: s.mean + half };
}

/**
 * Welch's t-test of a minus b with its confidence interval; null when either sample has n < 2.
 * When both SDs are 0 the difference is certain: p is 1 for equal means, else 0.
 *
 * @example welch({ n: 10, mean: 4.2, sd: 0.8 }, { n: 12, mean: 3.6, sd: 1.1 }) // t ≈ 1.478, df ≈ 19.7, p ≈ 0.155
 */
export function welch(a: Sample, b: Sample, level = 0.95): WelchTest | null {
  checkLevel(level);
  if (a.n < 2 || b.n < 2) return null;
  const diff = a.mean - b.mean;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const variance = va + vb;
  const se = Math.sqrt(variance);
  if (se === 0) {
    const p = diff === 0 ? 1 : 0;
    const t = diff === 0 ? 0 : diff > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    return { diff, se, df: a.n + b.n - 2, t, p, lo: diff, hi: diff, significant: p < 1 - level };
  }
  // Shares of the variance rather than squared variances, which underflow for tiny SDs.
  const ra = va / variance;
  const rb = vb / variance;
  const df = 1 / ((ra * ra) / (a.n - 1) + (rb * rb) / (b.n - 1));
  const t = diff / se;
  const p = twoSidedP(Math.abs(t), df);
  const half = twoSidedQuantile(1 - level, df) * se;
  return { diff, se, df, t, p, lo: diff - half, hi: diff + half, significant: p < 1 - level };
}

/**
 * Size, mean and sample SD of answers given as counts per value (counts[i] answers of values[i]).
 * An empty sample has mean 0 and SD 0; a single answer has SD 0.
 *
 * @example sampleOfCounts([1, 2, 3, 4, 5], [1, 0, 1, 2, 3]) // { n: 7, mean: 27 / 7, sd: ≈1.464 }
 */
export function sampleOfCounts(values: readonly number[], counts: readonly number[]): Sample {
  return meanAndSd(values, counts);
}

/**
 * The part of a sample outside a sub-sample, from moments only (n, mean, SD): what a means-only
 * history import allows. Null when the part is not smaller than the whole or the figures do not fit.
 *
 * @example restOfSample({ n: 4, mean: 2.5, sd: 1.291 }, { n: 2, mean: 1.5, sd: 0.7071 }) // n 2, mean 3.5, sd ≈ 0.7071
 */
export function restOfSample(whole: Sample, part: Sample): Sample | null {
  const n = whole.n - part.n;
  if (n <= 0) return null;
  const sum = whole.n * whole.mean - part.n * part.mean;
  const squares = (s: Sample) => (s.n - 1) * s.sd ** 2 + s.n * s.mean ** 2;
  const mean = sum / n;
  const ss = squares(whole) - squares(part) - n * mean ** 2;
  if (ss < -1e-6) return null;
  return { n, mean, sd: n > 1 ? Math.sqrt(Math.max(0, ss) / (n - 1)) : 0 };
}

/**
 * Pooled moments of samples (e.g. a region from its municipalities' means): n, mean and, when every
 * part has an SD, the SD of all of them together; null SD otherwise.
 */
export function pooledSample(parts: readonly { n: number; mean: number; sd: number | null }[]): {
  n: number;
  mean: number;
  sd: number | null;
} {
  const n = parts.reduce((a, p) => a + p.n, 0);
  if (n === 0) return { n, mean: 0, sd: null };
  const mean = parts.reduce((a, p) => a + p.n * p.mean, 0) / n;
  if (parts.some((p) => p.sd === null && p.n > 1) || n < 2) return { n, mean, sd: null };
  const ss = parts.reduce((a, p) => a + (p.n - 1) * (p.sd ?? 0) ** 2 + p.n * (p.mean - mean) ** 2, 0);
  return { n, mean, sd: Math.sqrt(ss / (n - 1)) };
}

/**
 * Element-wise whole - part (missing entries count as 0), e.g. the rest of a school without one class;
 * null when any difference is negative, which means the two sets of counts do not fit together.
 *
 * @example subtractCounts([3, 5, 2], [1, 5]) // [2, 0, 2]
 */
export function subtractCounts(whole: readonly number[], part: readonly number[]): number[] | null {
  const length = Math.max(whole.length, part.length);
  const rest: number[] = [];
  for (let i = 0; i < length; i++) {
    const r = (whole[i] ?? 0) - (part[i] ?? 0);
    if (r < 0) return null;
    rest.push(r);
  }
  return rest;
}
