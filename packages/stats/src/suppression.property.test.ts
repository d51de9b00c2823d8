import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDisclosures } from './disclosure-audit.ts';
import { type Leaf, protectLeaves } from './protect.ts';
import { isPublishable } from './size.ts';

const GROUPS = ['g1', 'g2', 'g3'];

/** Mostly empty or small cells, sometimes large ones: where suppression is hard. */
const cellSize = fc
  .oneof(
    { weight: 4, arbitrary: fc.constant(0) },
    { weight: 5, arbitrary: fc.integer({ min: 1, max: 6 }) },
    { weight: 2, arbitrary: fc.integer({ min: 7, max: 40 }) },
  )
  .chain((answers) =>
    fc.integer({ min: 0, max: Math.min(answers, 3) }).map((cantSay) => ({ answers, valid: answers - cantSay })),
  );

/** A random region: 1-4 municipalities, 0-3 units each, answers without a unit, 2-3 groups plus "no group". */
const table = fc
  .record({
    threshold: fc.integer({ min: 3, max: 6 }),
    groupCount: fc.integer({ min: 2, max: 3 }),
    municipalities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
  })
  .chain(({ threshold, groupCount, municipalities }) => {
    const groups = GROUPS.slice(0, groupCount);
    const places: { municipality: number; unit: number | null }[] = [];
    let unitId = 100;
    municipalities.forEach((unitCount, m) => {
      places.push({ municipality: m + 1, unit: null });
      for (let u = 0; u < unitCount; u++) places.push({ municipality: m + 1, unit: unitId++ });
    });
    const cells = places.flatMap((p) => [...groups, null].map((group) => ({ ...p, group })));
    return fc.tuple(...cells.map(() => cellSize)).map((sizes) => ({
      threshold,
      groups,
      leaves: cells.map((c, i): Leaf => ({ ...c, size: sizes[i] as Leaf['size'] })),
    }));
  });

function primaryOnly(leaves: readonly Leaf[], groups: readonly string[], threshold: number) {
  const sizeOf = (pick: (l: Leaf) => boolean) =>
    leaves.filter(pick).reduce((s, l) => ({ answers: s.answers + l.size.answers, valid: s.valid + l.size.valid }), {
      answers: 0,
      valid: 0,
    });
  const ok = (pick: (l: Leaf) => boolean) => isPublishable(sizeOf(pick), threshold);
  return {
    region: ok(() => true),
    municipalities: new Set(leaves.map((l) => l.municipality).filter((m) => ok((l) => l.municipality === m))),
    units: new Set(leaves.flatMap((l) => (l.unit === null ? [] : [l.unit])).filter((u) => ok((l) => l.unit === u))),
    groups: new Set(groups.filter((g) => ok((l) => l.group === g))),
  };
}

describe('complementary suppression (property)', () => {
  it('no small group can be worked out by adding and subtracting visible figures, over any levels', () => {
    fc.assert(
      fc.property(table, ({ threshold, groups, leaves }) => {
        const shown = protectLeaves(leaves, groups, threshold);
        const disclosures = findDisclosures(leaves, shown, threshold);
        expect(disclosures.map((d) => ({ size: d.size, cells: d.leaves.length }))).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000) },
    );
  }, 600_000);

  it('every visible cell rests on at least the threshold of answers on the scale', () => {
    fc.assert(
      fc.property(table, ({ threshold, groups, leaves }) => {
        const shown = protectLeaves(leaves, groups, threshold);
        const size = (pick: (l: Leaf) => boolean) =>
          leaves
            .filter(pick)
            .reduce((s, l) => ({ answers: s.answers + l.size.answers, valid: s.valid + l.size.valid }), {
              answers: 0,
              valid: 0,
            });
        if (shown.region)
          expect(
            isPublishable(
              size(() => true),
              threshold,
            ),
          ).toBe(true);
        for (const m of shown.municipalities)
          expect(
            isPublishable(
              size((l) => l.municipality === m),
              threshold,
            ),
          ).toBe(true);
        for (const u of shown.units)
          expect(
            isPublishable(
              size((l) => l.unit === u),
              threshold,
            ),
          ).toBe(true);
        for (const g of shown.groups)
          expect(
            isPublishable(
              size((l) => l.group === g),
              threshold,
            ),
          ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the audit has teeth: primary suppression alone is caught leaking', () => {
    let leaks = 0;
    fc.assert(
      fc.property(table, ({ threshold, groups, leaves }) => {
        const shown = primaryOnly(leaves, groups, threshold);
        if (findDisclosures(leaves, shown, threshold).length > 0) leaks++;
      }),
      { numRuns: 200, seed: 42 },
    );
    expect(leaks).toBeGreaterThan(50);
  });

  it('a unit is never shown under a hidden municipality', () => {
    fc.assert(
      fc.property(table, ({ threshold, groups, leaves }) => {
        const shown = protectLeaves(leaves, groups, threshold);
        for (const l of leaves) {
          if (l.unit !== null && shown.units.has(l.unit)) expect(shown.municipalities.has(l.municipality)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('municipalities split by group (filtered reports and tables)', () => {
  it('are shown in many tables, each visible cell on at least the threshold', () => {
    let exposedTables = 0;
    fc.assert(
      fc.property(table, ({ threshold, groups, leaves }) => {
        const shown = protectLeaves(leaves, groups, threshold);
        const exposed = shown.municipalityGroups ?? new Set();
        if (exposed.size > 0) exposedTables++;
        for (const m of exposed) {
          expect(shown.municipalities.has(m)).toBe(true);
          for (const g of shown.groups) {
            const valid = leaves
              .filter((l) => l.municipality === m && l.group === g)
              .reduce((s, l) => s + l.size.valid, 0);
            expect(valid).toBeGreaterThanOrEqual(threshold);
          }
        }
      }),
      { numRuns: 500, seed: 7 },
    );
    expect(exposedTables).toBeGreaterThan(25);
  }, 120_000);

  it('the audit has teeth: showing every municipality-by-group cell that is large enough leaks', () => {
    let leaks = 0;
    fc.assert(
      fc.property(table, ({ threshold, groups, leaves }) => {
        const shown = protectLeaves(leaves, groups, threshold);
        // Naive: every visible municipality split by group whenever each of its visible-group cells is large enough.
        const naive = new Set(
          [...shown.municipalities].filter((m) =>
            [...shown.groups].every(
              (g) =>
                leaves.filter((l) => l.municipality === m && l.group === g).reduce((s, l) => s + l.size.valid, 0) >=
                threshold,
            ),
          ),
        );
        if (findDisclosures(leaves, { ...shown, municipalityGroups: naive }, threshold).length > 0) leaks++;
      }),
      { numRuns: 300, seed: 11 },
    );
    expect(leaks).toBeGreaterThan(10);
  }, 120_000);
});
