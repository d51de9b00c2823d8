import { describe, expect, it } from 'vitest';
import { SUPPRESSED, cell, gradeFigures, meanAndSd, statementFigures } from './figures.ts';

describe('statement figures', () => {
  it("leave can't say out of the mean, SD and agreeing share but count it", () => {
    // values 2, 3, 3, 4, 4, 4, 5, 5, 5, 5 and one "can't say"
    const f = statementFigures([1, 0, 1, 2, 3, 4]);
    expect(f).toEqual({
      suppressed: false,
      answers: 11,
      n: 10,
      cantSay: 1,
      distribution: [0, 1, 2, 3, 4],
      mean: 4,
      sd: 1.0541, // sqrt(10 / 9)
      agreeShare: 0.7,
    });
  });

  it('give a zero-variance distribution an SD of 0', () => {
    expect(statementFigures([0, 0, 0, 0, 0, 6])).toMatchObject({ n: 6, mean: 5, sd: 0, agreeShare: 1 });
  });

  it("of only can't say answers have no mean (0) and n 0", () => {
    expect(statementFigures([7])).toMatchObject({ answers: 7, n: 0, cantSay: 7, mean: 0, agreeShare: 0 });
  });
});

describe('grade figures', () => {
  it('count 4..10 and take the sample SD', () => {
    const counts: number[] = [];
    counts[7] = 1;
    counts[8] = 2;
    counts[9] = 1;
    counts[10] = 1; // 7, 8, 8, 9, 10: mean 8.4, SD sqrt(5.2 / 4)
    expect(gradeFigures(counts)).toEqual({
      suppressed: false,
      n: 5,
      distribution: [0, 0, 0, 1, 2, 1, 1],
      mean: 8.4,
      sd: 1.1402,
    });
  });
});

describe('cells', () => {
  it('a hidden cell carries nothing but the flag, whatever was inside', () => {
    expect(cell(false, () => statementFigures([0, 1, 1]))).toEqual({ suppressed: true });
    expect(cell(false, () => statementFigures([]))).toEqual(SUPPRESSED);
  });

  it('mean and SD of one value', () => {
    expect(meanAndSd([4], [1])).toEqual({ n: 1, mean: 4, sd: 0 });
  });
});
