import { describe, expect, it } from 'vitest';
import type { InstrumentDefinition, ReportItem } from '@gs/schema';
import { annotateReport, buildCompare, buildTrend, differenceOf, intervalOf } from './comparisons.ts';
import { statementFigures } from './figures.ts';
import { T, reportOf } from './report.fixture.ts';

function item(key: string, counts: number[], extra: Partial<ReportItem> = {}): ReportItem {
  return {
    key,
    type: 'statement',
    text: T(key),
    figures: statementFigures(counts),
    comparable: false,
    change: null,
    ...extra,
  };
}

const report = reportOf;

function definition(keys: string[], lineage: Record<string, 'same' | 'changed' | 'new'> = {}): InstrumentDefinition {
  return {
    family: 'ecec',
    version: 1,
    title: T('ECEC'),
    intro: T('Intro'),
    estimatedMinutes: 10,
    unitKinds: ['ecec'],
    group: {
      key: 'age_group',
      label: T('Age'),
      options: [
        { key: 'a1', label: T('A1') },
        { key: 'a2', label: T('A2') },
      ],
    },
    sections: [
      {
        key: 's',
        title: T('Theme'),
        items: keys.map((k) => ({ key: k, type: 'statement', scale: 'agree5', text: T(k), required: false })),
      },
    ],
    lineage,
    removed: [],
  };
}

describe('intervals and differences of report cells', () => {
  it('the interval of ten answers 3, 3, 4, 4, 4, 5, 5, 5, 5, 5 is 4.3 ± t(0.975, 9) × 0.8233 / √10', () => {
    // mean 43/10 = 4.3; SD √((2 × 1.69 + 3 × 0.09 + 5 × 0.49) / 9) = √(6.1 / 9) = 0.82327;
    // half-width 2.2622 × 0.82327 / 3.16228 = 0.58894
    const i = intervalOf(statementFigures([0, 0, 0, 2, 3, 5]));
    expect(i?.lo).toBeCloseTo(4.3 - 0.5889, 3);
    expect(i?.hi).toBeCloseTo(4.3 + 0.5889, 3);
  });

  it('a hidden cell or a single answer has no interval', () => {
    expect(intervalOf({ suppressed: true })).toBeNull();
    expect(intervalOf(statementFigures([0, 0, 0, 0, 1, 0]))).toBeNull();
  });

  it('a difference names its direction only when it is larger than chance', () => {
    const a = { n: 200, mean: 4.2, sd: 0.8 };
    expect(differenceOf(a, { n: 200, mean: 3.9, sd: 0.8 })).toMatchObject({ significant: true, direction: 'up' });
    expect(differenceOf(a, { n: 200, mean: 4.15, sd: 0.8 })).toMatchObject({ significant: false, direction: 'none' });
    expect(differenceOf(a, { n: 1, mean: 1, sd: 0 })).toBeNull();
  });
});

describe('annotateReport', () => {
  it('tests a municipality against the rest of the region, not against the region that contains it', () => {
    // Region: 10 × 5 and 10 × 3 (mean 4); the municipality: its 10 × 5. The rest: 10 × 3, so the difference is 2.
    const r = annotateReport(
      report(
        'municipality',
        [item('k', [0, 0, 0, 0, 0, 10], { region: statementFigures([0, 0, 0, 10, 0, 10]) })],
        '398',
      ),
    );
    const i = r.sections[0]!.items[0]!;
    expect(i.againstRest).toMatchObject({ diff: 2, significant: true, direction: 'up' });
    // Against the whole region it would only be 1.
  });

  it('tests the change since the previous round only for comparable items', () => {
    const now = [0, 0, 0, 5, 10, 5];
    const then = [0, 0, 0, 5, 10, 5];
    const r = annotateReport(
      report('region', [
        item('same', now, { comparable: true, previous: statementFigures(then) }),
        item('changed', now, { comparable: false, previous: statementFigures(then) }),
      ]),
    );
    const [same, changed] = r.sections[0]!.items;
    expect(same!.changeTest).toMatchObject({ diff: 0, significant: false, direction: 'none', p: 1 });
    expect(changed!.changeTest).toBeNull();
    expect(same!.againstRest).toBeNull();
  });

  it('reveals nothing about a hidden cell: no interval, no test', () => {
    const r = annotateReport(
      report('municipality', [
        { ...item('k', [0, 1, 1, 1]), figures: { suppressed: true }, region: statementFigures([0, 5, 5, 5, 5, 5]) },
      ]),
    );
    expect(r.sections[0]!.items[0]).toMatchObject({ interval: null, againstRest: null, changeTest: null });
  });
});

describe('buildTrend', () => {
  const round = (year: number) => ({
    round: { slug: `${year}-ecec`, year, status: 'published' as const, source: 'published' as const, version: 1 },
  });

  it('breaks the line where the lineage says the wording changed, and where an item was not asked', () => {
    const defs = [definition(['a', 'b', 'c']), definition(['a', 'b']), definition(['a', 'b', 'c'], { b: 'changed' })];
    const reports = [
      report('region', [item('a', [0, 0, 0, 10, 10, 10]), item('b', [0, 0, 0, 10, 10, 10]), item('c', [0, 0, 10, 10])]),
      report('region', [item('a', [0, 0, 0, 10, 10, 10]), item('b', [0, 0, 0, 10, 10, 10])]),
      report('region', [item('a', [0, 0, 0, 0, 10, 30]), item('b', [0, 0, 0, 0, 10, 30]), item('c', [0, 0, 10, 10])]),
    ];
    const trend = buildTrend({
      family: 'ecec',
      familyNames: T('ECEC'),
      scope: reports[0]!.scope,
      group: null,
      threshold: 5,
      rounds: [2021, 2023, 2025].map((y, i) => ({ ...round(y), def: defs[i]!, report: reports[i]! })),
      comparable: (_older, _newer, key) => key !== 'b' || _newer < 2,
      groups: [],
      municipalities: [],
    });
    const [a, b, c] = trend.sections[0]!.items;
    expect(a!.links).toEqual(['start', 'same', 'same']);
    expect(a!.changes[2]).toMatchObject({ significant: true, direction: 'up' });
    expect(b!.links).toEqual(['start', 'same', 'changed']);
    expect(b!.changes[2]).toBeNull();
    expect(c!.points[1]).toBeNull();
    expect(c!.links).toEqual(['start', null, 'gap']);
  });
});

describe('buildCompare', () => {
  it('aligns every municipality’s cell with the region’s row, hidden cells staying hidden', () => {
    const region = report('region', [item('k', [0, 0, 0, 10, 10, 10])]);
    const lahti = report(
      'municipality',
      [item('k', [0, 0, 0, 0, 10, 10], { region: region.sections[0]!.items[0]!.figures })],
      '398',
    );
    const hartola = report(
      'municipality',
      [{ ...item('k', [0, 0, 0, 1]), figures: { suppressed: true }, region: region.sections[0]!.items[0]!.figures }],
      '081',
    );
    const c = buildCompare({
      round: region.round,
      source: region.source,
      threshold: 5,
      group: null,
      groups: [],
      reference: region,
      children: [lahti, hartola],
      level: 'municipalities',
    });
    expect(c.columns.map((x) => x.code)).toEqual([null, '398', '081']);
    const [whole, own, hidden] = c.sections[0]!.items[0]!.cells;
    expect(whole).toMatchObject({ n: 30, mean: 4, againstRest: null });
    expect(own).toMatchObject({ n: 20, mean: 4.5, againstRest: { diff: 1.5, direction: 'up' } });
    expect(hidden).toEqual({ suppressed: true });
  });
});
