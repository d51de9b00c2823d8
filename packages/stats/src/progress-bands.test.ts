import { describe, expect, it } from 'vitest';
import { bandLines, exactCounts } from './progress-bands.ts';

const line = (responses: number, enrolled = 20) => ({ responses, enrolled, rate: responses / enrolled });

describe('progress counts banded for readers of results (threshold 5)', () => {
  it('shows counts of at least the threshold exactly', () => {
    expect(exactCounts([12, 5, 30], 5)).toEqual([true, true, true]);
  });

  it('bands a count of 1..4 and the next-smallest, so the total minus the exact ones reveals nothing', () => {
    // Total 33: showing 20 and 10 exactly would give the 3 away as 33 − 20 − 10.
    expect(exactCounts([20, 3, 10], 5)).toEqual([true, false, false]);
  });

  it('bands nothing more when the banded counts add up to the threshold', () => {
    expect(exactCounts([20, 3, 2, 10], 5)).toEqual([true, false, false, true]);
  });

  it('bands more when two small counts together are still small', () => {
    expect(exactCounts([20, 2, 2, 6], 5)).toEqual([true, false, false, false]);
  });

  it('bands a zero too, but a zero alone needs no complementary band', () => {
    expect(exactCounts([20, 0, 10], 5)).toEqual([true, false, true]);
  });

  it('bands every line when the total is below the threshold', () => {
    expect(exactCounts([3, 1], 5)).toEqual([false, false]);
    expect(exactCounts([3], 5)).toEqual([false]);
  });

  it('uses the given threshold', () => {
    expect(exactCounts([40, 8, 20], 10)).toEqual([true, false, false]);
  });

  it('never lets the total minus the exact counts be a small number', () => {
    for (let seed = 1; seed < 500; seed++) {
      let x = seed;
      const next = () => {
        x = (x * 1103515245 + 12345) % 2147483648;
        return x;
      };
      const counts = Array.from({ length: 1 + (next() % 6) }, () => next() % 12);
      const exact = exactCounts(counts, 5);
      const total = counts.reduce((a, b) => a + b, 0);
      const rest = total - counts.reduce((a, n, i) => a + (exact[i] ? n : 0), 0);
      if (total >= 5) expect(rest === 0 || rest >= 5, `${counts} → ${exact}`).toBe(true);
      counts.forEach((n, i) => {
        if (n < 5) expect(exact[i]).toBe(false);
      });
    }
  });

  it('replaces a banded line’s count and rate by "fewer than the threshold" and keeps the rest', () => {
    const lines = [
      { id: 1, ...line(20) },
      { id: 2, ...line(3) },
      { id: null, ...line(10) },
    ];
    expect(bandLines(lines, 5)).toEqual([
      { id: 1, responses: 20, enrolled: 20, rate: 1 },
      { id: 2, responses: null, enrolled: 20, rate: null, below: 5 },
      { id: null, responses: null, enrolled: 20, rate: null, below: 5 },
    ]);
  });
});
