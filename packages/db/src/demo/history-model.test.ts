import { describe, expect, it } from 'vitest';
import { modelCounts, syncDemoHistoryFiles } from './history-model.ts';
import { DEMO_MUNICIPALITIES } from './municipalities.ts';

describe('demo history files', () => {
  it('hold the counts of the demo model for the earlier years (pnpm demo:history rewrites them)', async () => {
    expect(await syncDemoHistoryFiles({ write: false })).toEqual([]);
  });

  it('continue the own rounds: an item’s region mean moves little between 2021 and 2023', () => {
    const mean = (year: number) => {
      let sum = 0;
      let n = 0;
      for (const { code } of DEMO_MUNICIPALITIES) {
        modelCounts('ecec', year, code, 'interaction_staff_friendly', 300)
          .slice(0, 5)
          .forEach((c, i) => {
            sum += c * (i + 1);
            n += c;
          });
      }
      return sum / n;
    };
    expect(Math.abs(mean(2021) - mean(2023))).toBeLessThan(0.15);
  });
});
