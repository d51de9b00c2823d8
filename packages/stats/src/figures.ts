import type { CountCell, GradeCell, StatementCell } from '@gs/schema';

export const SUPPRESSED = Object.freeze({ suppressed: true as const });

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Mean and sample standard deviation of a distribution given as counts per value. */
export function meanAndSd(
  values: readonly number[],
  counts: readonly number[],
): { n: number; mean: number; sd: number } {
  let n = 0;
  let sum = 0;
  values.forEach((v, i) => {
    n += counts[i] ?? 0;
    sum += v * (counts[i] ?? 0);
  });
  if (n === 0) return { n, mean: 0, sd: 0 };
  const mean = sum / n;
  let squares = 0;
  values.forEach((v, i) => {
    squares += (counts[i] ?? 0) * (v - mean) ** 2;
  });
  return { n, mean, sd: n > 1 ? Math.sqrt(squares / (n - 1)) : 0 };
}

/**
 * Figures of a 1-5 statement from counts indexed by value (index 0 = "can't say").
 * "Can't say" is counted but left out of the mean, SD and agreeing share.
 *
 * @example statementFigures([1, 0, 1, 2, 3, 4]) // n 10, cantSay 1, mean 3.9, agreeShare 0.7
 */
export function statementFigures(counts: readonly number[]): Exclude<StatementCell, { suppressed: true }> {
  const distribution = [1, 2, 3, 4, 5].map((v) => counts[v] ?? 0);
  const { n, mean, sd } = meanAndSd([1, 2, 3, 4, 5], distribution);
  const cantSay = counts[0] ?? 0;
  return {
    suppressed: false,
    answers: n + cantSay,
    n,
    cantSay,
    distribution,
    mean: round(mean),
    sd: round(sd),
    agreeShare: n > 0 ? round(((distribution[3] ?? 0) + (distribution[4] ?? 0)) / n) : 0,
  };
}

export const GRADE_VALUES = [4, 5, 6, 7, 8, 9, 10] as const;

/** Figures of the overall grade (4-10) from counts indexed by value. */
export function gradeFigures(counts: readonly number[]): Exclude<GradeCell, { suppressed: true }> {
  const distribution = GRADE_VALUES.map((v) => counts[v] ?? 0);
  const { n, mean, sd } = meanAndSd(GRADE_VALUES, distribution);
  return { suppressed: false, n, distribution, mean: round(mean), sd: round(sd) };
}

export function countFigures(n: number): CountCell {
  return { suppressed: false, n };
}

/** The cell to publish: the figures when visible, otherwise `{ suppressed: true }` and nothing else. */
export function cell<T>(visible: boolean, figures: () => T): T | typeof SUPPRESSED {
  return visible ? figures() : SUPPRESSED;
}
