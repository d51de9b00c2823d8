import { describe, expect, it } from 'vitest';
import type { ImprovementArea, ReportItem } from '@gs/schema';
import { annotateReport, differenceOf } from './comparisons.ts';
import { SUPPRESSED, statementFigures } from './figures.ts';
import { followTargets } from './improvement-areas.ts';
import { sampleOfCounts } from './inference.ts';
import { T, reportOf } from './report.fixture.ts';

function item(key: string, now: number[], then: number[] | 'hidden' | null, comparable = true): ReportItem {
  const figures = statementFigures(now);
  const previous = then === null ? undefined : then === 'hidden' ? SUPPRESSED : statementFigures(then);
  const change = previous && !previous.suppressed ? figures.mean - previous.mean : null;
  return { key, type: 'statement', text: T(key), figures, comparable, previous, change };
}

const report = (items: ReportItem[]) =>
  reportOf('region', items, null, { previous: { slug: '2023-ecec', year: 2023 } });

const area = (key: string): ImprovementArea => ({
  id: 1,
  round: '2023-ecec',
  scope: 'region',
  scopeNames: T('Region'),
  kind: 'item',
  key,
  label: T(key),
  theme: T('Theme'),
  note: 'note',
  decidedBy: null,
  createdAt: '2023-05-01T00:00:00.000Z',
  updatedAt: '2023-05-01T00:00:00.000Z',
});

describe('following development targets', () => {
  const r = annotateReport(
    report([
      item('up', [2, 1, 2, 10, 20, 0], [0, 3, 6, 8, 6, 2]),
      item('hidden_then', [0, 1, 1, 2, 4, 4], 'hidden'),
      item('reworded', [0, 1, 2, 3, 4, 5], null, false),
    ]),
  );
  const [up, hidden, reworded, gone] = followTargets(
    r,
    ['up', 'hidden_then', 'reworded', 'dropped'].map((k) => ({
      area: area(k),
      items: [{ key: k, text: T(`${k} then`) }],
    })),
  ).map((t) => t.items[0]);

  it("gives then, now and Welch's test of the change, the same as the report's change column", () => {
    expect(up).toMatchObject({ status: 'compared', previous: { n: 25 }, current: { n: 33, agreeShare: 0.6061 } });
    const test = differenceOf(
      sampleOfCounts([1, 2, 3, 4, 5], [1, 2, 10, 20, 0]),
      sampleOfCounts([1, 2, 3, 4, 5], [3, 6, 8, 6, 2]),
    );
    expect(up?.change).toEqual(test);
    expect(up?.change?.direction).toBe('up');
  });

  it('keeps a figure hidden in the earlier round hidden, with no change', () => {
    expect(hidden).toMatchObject({ status: 'compared', previous: { suppressed: true }, change: null });
    expect(Object.keys(hidden?.previous ?? {})).toEqual(['suppressed']);
  });

  it('says when an item no longer compares or is no longer asked', () => {
    expect(reworded).toMatchObject({ status: 'not_comparable', previous: null, change: null });
    expect(gone).toEqual({
      key: 'dropped',
      text: T('dropped then'),
      status: 'not_asked',
      previous: null,
      current: null,
      change: null,
    });
  });
});
