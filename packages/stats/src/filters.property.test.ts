import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDisclosures } from './disclosure-audit.ts';
import { type FilterMeasure, REGION_SPLIT, classSplitScopes, classSplits } from './filters.ts';
import { type Leaf, type ShownCells, cellsOf, protectLeaves, protectMeasures } from './protect.ts';

const KINDS = ['ecec', 'school'];
const PROVIDERS = ['municipal', 'private'];

/** Mostly empty or small cells, sometimes large ones: where suppression is hard. */
const cellSize = fc
  .oneof(
    { weight: 4, arbitrary: fc.constant(0) },
    { weight: 5, arbitrary: fc.integer({ min: 1, max: 6 }) },
    { weight: 2, arbitrary: fc.integer({ min: 7, max: 30 }) },
  )
  .chain((answers) =>
    fc.integer({ min: 0, max: Math.min(answers, 2) }).map((cantSay) => ({ answers, valid: answers - cantSay })),
  );

/**
 * A random region: 1-3 municipalities, 0-3 units each of a random kind and provider,
 * answers without a unit, 2 groups plus "no group" (small enough to audit exhaustively).
 */
const table = fc
  .record({
    threshold: fc.integer({ min: 3, max: 6 }),
    municipalities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
    classes: fc.array(fc.tuple(fc.constantFrom(...KINDS), fc.constantFrom(...PROVIDERS)), {
      minLength: 9,
      maxLength: 9,
    }),
  })
  .chain(({ threshold, municipalities, classes }) => {
    const groups = ['g1', 'g2'];
    const places: { municipality: number; unit: number | null }[] = [];
    const classOf = new Map<number, { kind: string; provider: string }>();
    let unitId = 100;
    municipalities.forEach((unitCount, m) => {
      places.push({ municipality: m + 1, unit: null });
      for (let u = 0; u < unitCount; u++) {
        const [kind, provider] = classes[unitId - 100] as [string, string];
        classOf.set(unitId, { kind, provider });
        places.push({ municipality: m + 1, unit: unitId++ });
      }
    });
    const cells = places.flatMap((p) => [...groups, null].map((group) => ({ ...p, group })));
    return fc.tuple(...cells.map(() => cellSize)).map((sizes) => ({
      threshold,
      groups,
      classOf,
      leaves: cells.map((c, i): Leaf => ({ ...c, size: sizes[i] as Leaf['size'] })),
    }));
  });

type Table = { threshold: number; groups: string[]; classOf: Map<number, { kind: string; provider: string }> };

function measureOf(leaves: readonly Leaf[], shown: ShownCells): FilterMeasure {
  return { cells: cellsOf(leaves).unitsOf, ...shown };
}

const classKey = (t: Table) => (u: number) => {
  const c = t.classOf.get(u);
  return `${c?.kind}/${c?.provider}`;
};

/** Every filter a reader can pick: each kind, each provider, and each kind with each provider. */
function filtersOf(): ((c: { kind: string; provider: string }) => boolean)[] {
  return [
    ...KINDS.map((k) => (c: { kind: string }) => c.kind === k),
    ...PROVIDERS.map((p) => (c: { provider: string }) => c.provider === p),
    ...KINDS.flatMap((k) =>
      PROVIDERS.map((p) => (c: { kind: string; provider: string }) => c.kind === k && c.provider === p),
    ),
  ];
}

/**
 * The filtered tables a reader sees for the split scopes, as sums of innermost cells; where the
 * region is not split, its column adds up the split municipalities (RoundReportBuilder.filtered).
 */
function filteredSets(t: Table, scopes: ReadonlySet<number>): ((l: Leaf) => boolean)[] {
  const members = [...scopes].filter((s) => s !== REGION_SPLIT);
  const inScope = (s: number | 'members', l: Leaf) =>
    s === REGION_SPLIT || (s === 'members' ? members.includes(l.municipality) : l.municipality === s);
  const shown: (number | 'members')[] = scopes.has(REGION_SPLIT) ? [...scopes] : [...scopes, 'members'];
  return shown.flatMap((s) =>
    filtersOf().map((f) => (l: Leaf) => {
      if (l.unit === null || !inScope(s, l)) return false;
      const c = t.classOf.get(l.unit);
      return c !== undefined && f(c);
    }),
  );
}

const runs = Number(process.env.PROPERTY_RUNS ?? 1000);

describe('filters by unit kind and provider (property)', () => {
  it('no small group follows from the unfiltered tables, unit views and every kind/provider table together', () => {
    fc.assert(
      fc.property(table, (t) => {
        const shown = protectLeaves(t.leaves, t.groups, t.threshold);
        const split = classSplitScopes(measureOf(t.leaves, shown), classKey(t), t.threshold);
        const disclosures = findDisclosures(t.leaves, shown, t.threshold, filteredSets(t, split));
        expect(disclosures.map((d) => ({ size: d.size, cells: d.leaves.length }))).toEqual([]);
      }),
      { numRuns: runs },
    );
  }, 600_000);

  it('shows filters in many tables (not only where nothing is hidden)', () => {
    let regionSplit = 0;
    let withHiddenUnits = 0;
    fc.assert(
      fc.property(table, (t) => {
        const shown = protectLeaves(t.leaves, t.groups, t.threshold);
        const split = classSplitScopes(measureOf(t.leaves, shown), classKey(t), t.threshold);
        if (split.has(REGION_SPLIT)) regionSplit++;
        const units = new Set(t.leaves.flatMap((l) => (l.unit !== null && l.size.answers > 0 ? [l.unit] : [])));
        const someHidden = [...units].some((u) => !shown.units.has(u));
        if (someHidden && [...split].some((s) => s !== REGION_SPLIT)) withHiddenUnits++;
      }),
      { numRuns: 500, seed: 5 },
    );
    expect(regionSplit).toBeGreaterThan(50);
    expect(withHiddenUnits).toBeGreaterThan(20);
  }, 120_000);

  it('the audit has teeth: a filter shown wherever its own figure has at least the threshold leaks', () => {
    let leaks = 0;
    fc.assert(
      fc.property(table, (t) => {
        const shown = protectLeaves(t.leaves, t.groups, t.threshold);
        const scopes = [REGION_SPLIT, ...shown.municipalities];
        const naive = scopes.flatMap((s) =>
          filtersOf().flatMap((f) => {
            const inSet = (l: Leaf) => {
              if (l.unit === null || (s !== REGION_SPLIT && l.municipality !== s)) return false;
              const c = t.classOf.get(l.unit);
              return c !== undefined && f(c);
            };
            const valid = t.leaves.filter(inSet).reduce((n, l) => n + l.size.valid, 0);
            return valid >= t.threshold ? [inSet] : [];
          }),
        );
        if (findDisclosures(t.leaves, shown, t.threshold, naive).length > 0) leaks++;
      }),
      { numRuns: 300, seed: 13 },
    );
    expect(leaks).toBeGreaterThan(10);
  }, 600_000);

  it('no small group follows when measures stand in for each other (responses and an item nearly all answered)', () => {
    const skips = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 48, maxLength: 48 });
    fc.assert(
      fc.property(table, skips, (t, skip) => {
        const item = t.leaves.map((l, i): Leaf => {
          const answers = Math.max(0, l.size.answers - (skip[i % skip.length] as number));
          return { ...l, size: { answers, valid: Math.min(l.size.valid, answers) } };
        });
        const leavesOf = new Map([
          ['responses', t.leaves],
          ['item', item],
        ]);
        const shown = protectMeasures(leavesOf, t.groups, t.threshold);
        const splits = classSplits(
          new Map([...leavesOf].map(([m, leaves]) => [m, measureOf(leaves, shown.get(m) as ShownCells)])),
          classKey(t),
          t.threshold,
          'responses',
        );
        const r = shown.get('responses') as ShownCells;
        const x = shown.get('item') as ShownCells;
        const known: ShownCells = {
          ...r,
          municipalities: new Set([...r.municipalities, ...x.municipalities]),
          units: new Set([...r.units, ...x.units]),
        };
        const scopes = new Set([...(splits.get('responses') ?? []), ...(splits.get('item') ?? [])]);
        const disclosures = findDisclosures(t.leaves, known, t.threshold, filteredSets(t, scopes));
        expect(disclosures.map((d) => ({ size: d.size, cells: d.leaves.length }))).toEqual([]);
      }),
      { numRuns: runs },
    );
  }, 600_000);
});
