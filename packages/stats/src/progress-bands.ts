import { visibleMunicipalities } from './suppression.ts';

/** A line of the progress page: a unit's (or the no-unit line's) response count and its rate. */
export interface CountLine {
  responses: number;
  rate: number | null;
}

/** The same line with its count, and the rate computed from it, replaced by "fewer than `below`". */
export type Banded<T extends CountLine> = Omit<T, 'responses' | 'rate'> & {
  responses: null;
  rate: null;
  below: number;
};

/**
 * Which of one municipality's line counts may be shown exactly to a reader who
 * sees the municipality's total exactly (true: exact, false: "fewer than the threshold").
 * Primary: a count below the threshold (0 included) is banded. Complementary (rule 2
 * on the response count): the total minus the exact counts must not be 1..threshold−1,
 * so the next-smallest exact count is banded too until it is not. These are the
 * rules `visibleMunicipalities` applies to a region's municipalities, applied to a
 * municipality's lines. When the total itself is below the threshold every line is banded.
 */
export function exactCounts(counts: readonly number[], threshold: number): boolean[] {
  const exact = visibleMunicipalities(new Map(counts.map((n, i) => [i, { answers: n, valid: n }])), threshold);
  return counts.map((_, i) => exact.has(i));
}

/** One municipality's lines with the counts `exactCounts` hides banded (and their rates with them). */
export function bandLines<T extends CountLine>(lines: readonly T[], threshold: number): (T | Banded<T>)[] {
  const exact = exactCounts(
    lines.map((l) => l.responses),
    threshold,
  );
  return lines.map((l, i) => (exact[i] ? l : { ...l, responses: null, rate: null, below: threshold }));
}
