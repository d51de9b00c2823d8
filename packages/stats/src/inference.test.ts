import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Sample,
  meanInterval,
  sampleOfCounts,
  studentTCdf,
  studentTQuantile,
  subtractCounts,
  welch,
} from './inference.ts';

describe('Student t quantiles', () => {
  it('the 97.5 % quantile of t with 1 df is 12.706', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
  });

  it('the 97.5 % quantile of t with 5 df is 2.571', () => {
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.5706, 4);
  });

  it('the 97.5 % quantile of t with 10 df is 2.228', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 4);
  });

  it('the 97.5 % quantile of t with 30 df is 2.042', () => {
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
  });

  it('the 97.5 % quantile of t with a million df is 1.960', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.96, 4);
  });

  it('with ten million df is the normal quantile 1.959964', () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 6);
    // scipy.stats.t.ppf(0.975, 1e7) = 1.959964221767205
    expect(Math.abs(studentTQuantile(0.975, 1e7) - 1.959964221767205)).toBeLessThan(1e-10);
  });

  it('of a non-integer df lies between its integer neighbours', () => {
    // qt(0.975, 19.69675) = 2.088024
    const q = studentTQuantile(0.975, 19.6967518476);
    expect(q).toBeCloseTo(2.088024, 6);
    expect(q).toBeLessThan(studentTQuantile(0.975, 19));
    expect(q).toBeGreaterThan(studentTQuantile(0.975, 20));
  });

  it('are symmetric about 0, the median', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    // 1 − 0.975 is not 0.025 in binary floating point, so the two agree to rounding, not to the last bit.
    expect(studentTQuantile(0.025, 7) / -studentTQuantile(0.975, 7)).toBeCloseTo(1, 12);
  });

  it('of 1 df invert the Cauchy distribution, tan(π (p - 1/2)) = -cot(π p)', () => {
    for (const p of [1e-9, 0.01, 0.3, 0.9, 0.999]) {
      expect(Math.abs(studentTQuantile(p, 1) / (-1 / Math.tan(Math.PI * p)) - 1)).toBeLessThan(1e-10);
    }
  });

  it('reject p outside (0, 1) and df that are not positive', () => {
    expect(() => studentTQuantile(0, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(1, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(Number.NaN, 5)).toThrow(RangeError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError);
  });
});

describe('the Student t CDF', () => {
  it('gives a t of 2.0 with 10 df a two-sided p of 0.0734', () => {
    expect(2 * (1 - studentTCdf(2, 10))).toBeCloseTo(0.0734, 4);
  });

  it('is one half at 0 and symmetric', () => {
    expect(studentTCdf(0, 3.5)).toBe(0.5);
    expect(studentTCdf(-1.3, 3.5)).toBeCloseTo(1 - studentTCdf(1.3, 3.5), 15);
  });

  it('with 1 df is the Cauchy distribution, 1/2 + atan(t)/π', () => {
    for (const t of [-50, -2, -0.1, 0.7, 3, 1e4]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14);
    }
  });

  it('with 2 df is 1/2 + t / (2 √(2 + t²))', () => {
    for (const t of [-30, -1, 0.25, 4]) {
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 14);
    }
  });

  it('keeps the relative precision of a far tail', () => {
    const cauchyTail = Math.atan(1 / 1e6) / Math.PI;
    expect(Math.abs(studentTCdf(-1e6, 1) / cauchyTail - 1)).toBeLessThan(1e-12);
  });

  it('stays finite and between 0 and 1 for extreme t and df', () => {
    for (const df of [1e-3, 0.5, 1, 30, 1e7, 1e12]) {
      for (const t of [-1e300, -1e150, -1e-300, 1e-300, 8, 1e300, Number.POSITIVE_INFINITY]) {
        const c = studentTCdf(t, df);
        expect(Number.isFinite(c) && c >= 0 && c <= 1).toBe(true);
      }
    }
  });
});

describe('mean interval', () => {
  it('of 25 answers with mean 3.8 and SD 1 is 3.8 ± 2.0639 · 0.2', () => {
    const i = meanInterval({ n: 25, mean: 3.8, sd: 1 });
    expect(i?.lo).toBeCloseTo(3.8 - 2.0639 * 0.2, 4);
    expect(i?.hi).toBeCloseTo(3.8 + 2.0639 * 0.2, 4);
  });

  it('is wider at 99 % than at 95 %', () => {
    const s = { n: 25, mean: 3.8, sd: 1 };
    const wide = meanInterval(s, 0.99);
    expect(wide?.hi).toBeCloseTo(3.8 + 2.7969 * 0.2, 4); // t(0.995, 24) = 2.7969
    expect(wide!.hi).toBeGreaterThan(meanInterval(s)!.hi);
  });

  it('is the mean itself when all answers are equal', () => {
    expect(meanInterval({ n: 4, mean: 5, sd: 0 })).toEqual({ lo: 5, hi: 5 });
  });

  it('is null below two answers', () => {
    expect(meanInterval({ n: 1, mean: 4, sd: 0 })).toBeNull();
    expect(meanInterval({ n: 0, mean: 0, sd: 0 })).toBeNull();
  });

  it('rejects a level outside (0, 1)', () => {
    expect(() => meanInterval({ n: 5, mean: 1, sd: 1 }, 95)).toThrow(RangeError);
  });
});

describe("Welch's test", () => {
  it('of a worked example matches the hand computation', () => {
    // a.sd²/a.n = 0.64 / 10 = 0.064; b.sd²/b.n = 1.21 / 12 = 0.1008333
    // se = √(0.064 + 0.1008333) = √0.1648333 = 0.4059967
    // df = 0.1648333² / (0.064² / 9 + 0.1008333² / 11) = 0.02717003 / (0.000455111 + 0.000924306) = 19.69675
    // t = 0.6 / 0.4059967 = 1.477844
    // p = 2 · P(T₁₉.₇ > 1.477844) = 0.155262 (2 * pt(-1.477844, 19.69675))
    // interval: 0.6 ± t(0.975, 19.69675) · se = 0.6 ± 2.088024 · 0.4059967 = 0.6 ± 0.847731
    const d = welch({ n: 10, mean: 4.2, sd: 0.8 }, { n: 12, mean: 3.6, sd: 1.1 });
    expect(d?.diff).toBeCloseTo(0.6, 12);
    expect(d?.se).toBeCloseTo(0.4059967, 6);
    expect(d?.df).toBeCloseTo(19.69675, 4);
    expect(d?.t).toBeCloseTo(1.477844, 6);
    expect(d?.p).toBeCloseTo(0.155262, 6);
    expect(d?.lo).toBeCloseTo(-0.247731, 6);
    expect(d?.hi).toBeCloseTo(1.447731, 6);
    expect(d?.significant).toBe(false);
  });

  it('flips diff, t and the interval but not p when the groups swap', () => {
    const a = { n: 40, mean: 3.1, sd: 1.2 };
    const b = { n: 25, mean: 3.9, sd: 0.7 };
    const ab = welch(a, b)!;
    const ba = welch(b, a)!;
    expect(ba.diff).toBe(-ab.diff);
    expect(ba.t).toBe(-ab.t);
    expect(ba.lo).toBeCloseTo(-ab.hi, 12);
    expect(ba.p).toBe(ab.p);
    expect(ab.significant).toBe(true);
  });

  it('of groups without spread is certain: p 0 for different means, 1 for equal ones', () => {
    expect(welch({ n: 3, mean: 4, sd: 0 }, { n: 5, mean: 2, sd: 0 })).toEqual({
      diff: 2,
      se: 0,
      df: 6,
      t: Number.POSITIVE_INFINITY,
      p: 0,
      lo: 2,
      hi: 2,
      significant: true,
    });
    expect(welch({ n: 3, mean: 2, sd: 0 }, { n: 5, mean: 4, sd: 0 })?.t).toBe(Number.NEGATIVE_INFINITY);
    expect(welch({ n: 3, mean: 4, sd: 0 }, { n: 5, mean: 4, sd: 0 })).toMatchObject({ t: 0, p: 1, significant: false });
  });

  it('takes the df of the other group when one group has no spread', () => {
    expect(welch({ n: 8, mean: 4, sd: 0 }, { n: 30, mean: 3.5, sd: 1 })?.df).toBeCloseTo(29, 12);
  });

  it('stays finite for vanishingly small SDs', () => {
    const d = welch({ n: 5, mean: 1, sd: 1e-200 }, { n: 7, mean: 1, sd: 2e-200 })!;
    expect([d.se, d.df, d.t, d.p, d.lo, d.hi].every(Number.isFinite)).toBe(true);
  });

  it('is null when a group has fewer than two answers', () => {
    const s = { n: 10, mean: 3, sd: 1 };
    expect(welch(s, { n: 1, mean: 4, sd: 0 })).toBeNull();
    expect(welch({ n: 0, mean: 0, sd: 0 }, s)).toBeNull();
  });
});

describe('sample of counts', () => {
  it('counts each value as often as its count says', () => {
    // 1, 3, 4, 4, 5, 5, 5: mean 27/7, squared deviations 90/7, SD √(15/7)
    const s = sampleOfCounts([1, 2, 3, 4, 5], [1, 0, 1, 2, 3]);
    expect(s.n).toBe(7);
    expect(s.mean).toBeCloseTo(27 / 7, 14);
    expect(s.sd).toBeCloseTo(Math.sqrt(15 / 7), 14);
  });

  it('of no answers has n 0, mean 0 and SD 0', () => {
    expect(sampleOfCounts([1, 2, 3], [0, 0, 0])).toEqual({ n: 0, mean: 0, sd: 0 });
  });

  it('of one answer has SD 0', () => {
    expect(sampleOfCounts([1, 2, 3], [0, 1, 0])).toEqual({ n: 1, mean: 2, sd: 0 });
  });
});

describe('subtract counts', () => {
  it('subtracts element-wise, a missing entry counting as 0', () => {
    expect(subtractCounts([3, 5, 2], [1, 5])).toEqual([2, 0, 2]);
    expect(subtractCounts([1], [1, 0])).toEqual([0, 0]);
  });

  it('is null when the part is larger than the whole anywhere', () => {
    expect(subtractCounts([3, 1], [1, 2])).toBeNull();
    expect(subtractCounts([3], [1, 1])).toBeNull();
  });
});

// Reference computations from raw answers, by textbook formulas and without the incomplete beta.

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};

function simpson(f: (u: number) => number, to: number, panels = 4000): number {
  const h = to / panels;
  let sum = f(0) + f(to);
  for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return (sum * h) / 3;
}

/**
 * P(|T| >= t) by integrating the t density with Simpson's rule. x = √df·tan θ turns the density into a
 * multiple of cos^(df-1) θ, so p = ∫₀^φ sin^(df-1) / ∫₀^(π/2) sin^(df-1) with φ = atan(√df / t) and the
 * normalising constant cancels; φ = u³ smooths the integrand at 0, where it has a kink for df < 2.
 */
function referenceP(t: number, df: number): number {
  const mass = (phi: number) => simpson((u) => 3 * u * u * Math.sin(u ** 3) ** (df - 1), Math.cbrt(phi));
  return mass(Math.atan(Math.sqrt(df) / Math.abs(t))) / mass(Math.PI / 2);
}

const countsOf = (xs: readonly number[]) => [1, 2, 3, 4, 5].map((v) => xs.filter((x) => x === v).length);
const sampleOf = (xs: readonly number[]): Sample => sampleOfCounts([1, 2, 3, 4, 5], countsOf(xs));

function expectRelativelyClose(actual: number, expected: number, tolerance = 1e-6): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected) + 1e-9);
}

const answers = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 300 });

describe('against a reference computed from the raw answers', () => {
  it("Welch's test agrees on diff, se, df, t, p and the interval", () => {
    fc.assert(
      fc.property(answers, answers, (xs, ys) => {
        const diff = mean(xs) - mean(ys);
        const va = sd(xs) ** 2 / xs.length;
        const vb = sd(ys) ** 2 / ys.length;
        const se = Math.sqrt(va + vb);
        const d = welch(sampleOf(xs), sampleOf(ys))!;
        expectRelativelyClose(d.diff, diff);
        expectRelativelyClose(d.se, se);
        if (se === 0) {
          expect(d.p).toBe(diff === 0 ? 1 : 0);
          return;
        }
        const df = (va + vb) ** 2 / (va ** 2 / (xs.length - 1) + vb ** 2 / (ys.length - 1));
        expectRelativelyClose(d.df, df);
        expectRelativelyClose(d.t, diff / se);
        const p = referenceP(diff / se, df);
        expect(Math.abs(d.p - p)).toBeLessThan(1e-7);
        if (Math.abs(p - 0.05) > 1e-4) expect(d.significant).toBe(p < 0.05);
        expectRelativelyClose((d.lo + d.hi) / 2, diff);
        expect(Math.abs(referenceP((d.hi - d.diff) / se, df) - 0.05)).toBeLessThan(1e-7);
      }),
      { numRuns: 300 },
    );
  });

  it('the mean interval is centred on the mean and has 95 % coverage', () => {
    fc.assert(
      fc.property(answers, (xs) => {
        const s = sd(xs);
        const i = meanInterval(sampleOf(xs))!;
        expectRelativelyClose((i.lo + i.hi) / 2, mean(xs));
        if (s === 0) {
          expect(i.hi - i.lo).toBe(0);
          return;
        }
        const t = (i.hi - i.lo) / 2 / (s / Math.sqrt(xs.length));
        expect(Math.abs(referenceP(t, xs.length - 1) - 0.05)).toBeLessThan(1e-7);
      }),
      { numRuns: 300 },
    );
  });

  it('the quantile inverts the CDF', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 7, noNaN: true }),
        (t, log10Df) => {
          const df = 10 ** log10Df;
          expect(Math.abs(studentTQuantile(studentTCdf(t, df), df) - t)).toBeLessThan(1e-8);
        },
      ),
      { numRuns: 300 },
    );
  });
});
