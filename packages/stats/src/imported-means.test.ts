import { describe, expect, it } from 'vitest';
import { importedMeansByScope } from './imported-means.ts';
import { meanAndSd } from './figures.ts';
import { pooledSample, restOfSample } from './inference.ts';

const values = [1, 2, 3, 4, 5];
const sample = (counts: number[]) => meanAndSd(values, counts);

describe('means-only history imports', () => {
  it('pool and split samples from moments exactly as from the counts behind them', () => {
    const a = [1, 0, 3, 5, 2];
    const b = [0, 2, 2, 1, 4];
    const whole = sample(a.map((x, i) => x + (b[i] ?? 0)));
    const pooled = pooledSample([sample(a), sample(b)]);
    expect(pooled.n).toBe(whole.n);
    expect(pooled.mean).toBeCloseTo(whole.mean, 10);
    expect(pooled.sd).toBeCloseTo(whole.sd, 10);
    const rest = restOfSample(whole, sample(a));
    expect(rest?.n).toBe(9);
    expect(rest?.mean).toBeCloseTo(sample(b).mean, 10);
    expect(rest?.sd).toBeCloseTo(sample(b).sd, 10);
    expect(restOfSample(sample(a), whole)).toBeNull();
    expect(pooledSample([{ n: 3, mean: 4, sd: null }, sample(a)]).sd).toBeNull();
  });

  it('take a municipality’s total row over its units, pool units without one, and pool the region', () => {
    const means = importedMeansByScope([
      { municipalityCode: '398', unitId: null, itemKey: 'q', n: 60, mean: 4, sd: 1 },
      { municipalityCode: '398', unitId: 7, itemKey: 'q', n: 20, mean: 3.5, sd: 1 },
      { municipalityCode: '098', unitId: 8, itemKey: 'q', n: 10, mean: 3, sd: null },
      { municipalityCode: '098', unitId: 9, itemKey: 'q', n: 30, mean: 4, sd: null },
      { municipalityCode: '081', unitId: null, itemKey: 'q', n: 0, mean: 0, sd: null },
    ]);
    expect(means.get('municipality:398')?.get('q')).toEqual({ n: 60, mean: 4, sd: 1 });
    expect(means.get('unit:7')?.get('q')).toEqual({ n: 20, mean: 3.5, sd: 1 });
    expect(means.get('municipality:098')?.get('q')).toMatchObject({ n: 40, mean: 3.75, sd: null });
    expect(means.get('region')?.get('q')).toMatchObject({ n: 100, mean: 3.9, sd: null });
    expect(means.has('municipality:081')).toBe(false);
  });
});
