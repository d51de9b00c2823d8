import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDisclosures } from './disclosure-audit.ts';
import { type Leaf, type ShownCells, cellsOf, protectLeaves, protectMeasures } from './protect.ts';
import {
  EMPTY,
  type GroupSizes,
  type Size,
  addSizes,
  isPublishable,
  isSensitive,
  mergeGroups,
  subtractSizes,
  sumSizes,
  totalOf,
} from './size.ts';
import { visibleUnits } from './suppression.ts';

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

// The unit protection before issue 12, kept as the reference the new one must never hide more than.
const REST = Symbol('rest');
type Column = string | typeof REST;
const bySmallest = <K>(a: [K, Size], b: [K, Size]) =>
  a[1].valid - b[1].valid || a[1].answers - b[1].answers || String(a[0]).localeCompare(String(b[0]));
const smallestOf = <K>(keys: Iterable<K>, sizeOf: (k: K) => Size) =>
  [...keys].map((k): [K, Size] => [k, sizeOf(k)]).sort(bySmallest)[0]?.[0];
function columnSizes(groups: GroupSizes, columns: readonly Column[]): Size[] {
  const named = columns.filter((c): c is string => c !== REST);
  const rest = subtractSizes(totalOf(groups), sumSizes(named.map((c) => groups.get(c) ?? EMPTY)));
  return columns.map((c) => (c === REST ? rest : (groups.get(c) ?? EMPTY)));
}
function cutUnion(atoms: readonly Size[][], totals: readonly Size[], mask: number): Size {
  let union = EMPTY;
  atoms.forEach((cols, a) => {
    let inside = EMPTY;
    cols.forEach((s, c) => {
      if (mask & (1 << c)) inside = addSizes(inside, s);
    });
    if (inside.answers > 0) union = addSizes(union, subtractSizes(totals[a] as Size, inside));
  });
  return union;
}
function referenceVisibleUnits(
  cells: ReadonlyMap<number | null, GroupSizes>,
  municipalityVisible: boolean,
  visibleGroupKeys: Iterable<string>,
  hiddenMunicipalities: GroupSizes,
  threshold: number,
): Set<number> {
  if (!municipalityVisible) return new Set();
  const units = [...cells.keys()].filter((k): k is number => k !== null);
  const unitTotal = (u: number) => totalOf(cells.get(u) ?? new Map());
  const visible = new Set(units.filter((u) => isPublishable(unitTotal(u), threshold)));
  const columns: Column[] = [...visibleGroupKeys, REST];
  const whole = mergeGroups(cells.values());
  const wholeVector = columnSizes(whole, columns);
  const wholeTotal = totalOf(whole);
  const vectorOf = new Map([...cells].map(([u, g]) => [u, columnSizes(g, columns)]));
  const outsideVector = columnSizes(hiddenMunicipalities, columns);
  const outsideTotal = totalOf(hiddenMunicipalities);
  const large = (x: Size) => x.answers >= threshold && x.valid >= threshold;
  for (;;) {
    const remainder = mergeGroups([...cells].filter(([u]) => u === null || !visible.has(u)).map(([, g]) => g));
    if (isSensitive(totalOf(remainder), threshold)) {
      const next = smallestOf(visible, unitTotal);
      if (next === undefined) return visible;
      visible.delete(next);
      continue;
    }
    const shown = [...visible];
    const vectors = [columnSizes(remainder, columns), ...shown.map((u) => vectorOf.get(u) as Size[])];
    const totals = [totalOf(remainder), ...shown.map(unitTotal)];
    let culprit: number | undefined;
    let violation = false;
    for (let mask = 1; mask < (1 << columns.length) - 1 && !violation; mask++) {
      const withUnits = cutUnion(vectors, totals, mask);
      const withoutUnits = cutUnion([wholeVector], [wholeTotal], mask);
      const same = withUnits.answers === withoutUnits.answers && withUnits.valid === withoutUnits.valid;
      if (same || large(withUnits)) continue;
      if (large(addSizes(withUnits, cutUnion([outsideVector], [outsideTotal], mask)))) continue;
      violation = true;
      const inside = shown.filter((u) =>
        (vectorOf.get(u) as Size[]).some((s, c) => (mask & (1 << c)) !== 0 && s.answers > 0),
      );
      culprit = smallestOf(inside.length ? inside : shown, unitTotal);
    }
    if (!violation || culprit === undefined) return visible;
    visible.delete(culprit);
  }
}

/** Answers of the units hidden by each unit protection, summed over the table's municipalities. */
function hiddenAnswers(leaves: readonly Leaf[], groups: readonly string[], threshold: number) {
  const shown = protectLeaves(leaves, groups, threshold);
  const { byMunicipality, unitsOf } = cellsOf(leaves);
  const hidden = mergeGroups([...byMunicipality].filter(([m]) => !shown.municipalities.has(m)).map(([, g]) => g));
  const others = (m: number) =>
    [...byMunicipality].filter(([id]) => id !== m && shown.municipalities.has(id)).map(([, g]) => g);
  const out = { reference: 0, local: 0, regionWide: 0 };
  for (const [m, cells] of unitsOf) {
    const visible = shown.municipalities.has(m);
    const weight = (v: ReadonlySet<number>) =>
      [...cells].reduce((n, [u, g]) => n + (u !== null && !v.has(u) ? totalOf(g).answers : 0), 0);
    out.reference += weight(referenceVisibleUnits(cells, visible, shown.groups, hidden, threshold));
    out.local += weight(visibleUnits(cells, visible, shown.groups, hidden, threshold));
    out.regionWide += weight(visibleUnits(cells, visible, shown.groups, hidden, threshold, others(m)));
  }
  return out;
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

/** A second measure of the same responses: an item that a few skipped (0-2 fewer answers per cell). */
const skips = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 64, maxLength: 64 });
function skipped(leaves: readonly Leaf[], skip: readonly number[]): Leaf[] {
  return leaves.map((l, i): Leaf => {
    const answers = Math.max(0, l.size.answers - (skip[i % skip.length] as number));
    return { ...l, size: { answers, valid: Math.min(l.size.valid, answers) } };
  });
}

describe('units protected against the rest of the region, and measures together (issue 12)', () => {
  it('no small group follows from one measure standing in for another (responses and an item answered by nearly all)', () => {
    // The attacker reads a cell's item answer count as its response count (exact when everyone answers),
    // so every unit and municipality visible in either measure counts as known in the response count.
    fc.assert(
      fc.property(table, skips, ({ threshold, groups, leaves }, skip) => {
        const item = skipped(leaves, skip);
        const shown = protectMeasures(
          new Map([
            ['responses', leaves],
            ['item', item],
          ]),
          groups,
          threshold,
        );
        const r = shown.get('responses') as ShownCells;
        const x = shown.get('item') as ShownCells;
        const known: ShownCells = {
          ...r,
          municipalities: new Set([...r.municipalities, ...x.municipalities]),
          units: new Set([...r.units, ...x.units]),
        };
        const disclosures = findDisclosures(leaves, known, threshold);
        expect(disclosures.map((d) => ({ size: d.size, cells: d.leaves.length }))).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000) },
    );
  }, 600_000);

  it('the audit has teeth: measures protected one at a time leak through each other', () => {
    let leaks = 0;
    fc.assert(
      fc.property(table, skips, ({ threshold, groups, leaves }, skip) => {
        const item = skipped(leaves, skip);
        const r = protectLeaves(leaves, groups, threshold);
        const x = protectLeaves(item, groups, threshold);
        const known: ShownCells = { ...r, units: new Set([...r.units, ...x.units]) };
        if (findDisclosures(leaves, known, threshold).length > 0) leaks++;
      }),
      { numRuns: 500, seed: 3 },
    );
    expect(leaks).toBeGreaterThan(0);
  }, 600_000);

  it("hides no more than the reference, weighted by the hidden units' answers", () => {
    let fewer = 0;
    fc.assert(
      fc.property(table, ({ threshold, groups, leaves }) => {
        const h = hiddenAnswers(leaves, groups, threshold);
        expect(h.local).toBeLessThanOrEqual(h.reference);
        expect(h.regionWide).toBeLessThanOrEqual(h.reference);
        if (h.regionWide < h.reference) fewer++;
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 1000), seed: 12 },
    );
    expect(fewer).toBeGreaterThan(0);
  }, 600_000);
});
