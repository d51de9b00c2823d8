import { describe, expect, it } from 'vitest';
import { findDisclosures } from './disclosure-audit.ts';
import { type Leaf, protectLeaves } from './protect.ts';
import type { Size } from './size.ts';
import { visibleGroups, visibleMunicipalities, visibleUnits } from './suppression.ts';

const s = (answers: number, valid = answers): Size => ({ answers, valid });
const sizes = (entries: Record<number, number | Size>) =>
  new Map(Object.entries(entries).map(([k, v]) => [Number(k), typeof v === 'number' ? s(v) : v]));
const groups = (entries: Record<string, number>) =>
  new Map(Object.entries(entries).map(([k, v]) => [k === 'none' ? null : k, s(v)]));

describe('municipalities of a region (threshold 5)', () => {
  it('hides a small municipality and the next-smallest, so the region minus the rest reveals nothing', () => {
    // 40 + 20 + 3: hiding only the 3 would leave it as region − 40 − 20.
    expect(visibleMunicipalities(sizes({ 1: 40, 2: 20, 3: 3 }), 5)).toEqual(new Set([1]));
  });

  it('needs nothing more when the hidden ones add up to the threshold', () => {
    expect(visibleMunicipalities(sizes({ 1: 40, 2: 20, 3: 3, 4: 3 }), 5)).toEqual(new Set([1, 2]));
  });

  it('hides more when two small ones together are still small', () => {
    expect(visibleMunicipalities(sizes({ 1: 40, 2: 20, 3: 2, 4: 2 }), 5)).toEqual(new Set([1]));
  });

  it('treats an empty municipality as revealing nothing', () => {
    expect(visibleMunicipalities(sizes({ 1: 40, 2: 20, 3: 0 }), 5)).toEqual(new Set([1, 2]));
  });

  it("counts answers on the scale: 3 on the scale and 6 can't say is still small", () => {
    expect(visibleMunicipalities(sizes({ 1: 40, 2: 20, 3: s(9, 3) }), 5)).toEqual(new Set([1]));
  });

  it('shows nothing when the whole region is small', () => {
    expect(visibleMunicipalities(sizes({ 1: 3, 2: 1 }), 5)).toEqual(new Set());
  });

  it('uses the network threshold, not a constant', () => {
    expect(visibleMunicipalities(sizes({ 1: 40, 2: 20, 3: 8 }), 10)).toEqual(new Set([1]));
  });
});

describe('units of a municipality (threshold 5)', () => {
  const unitCells = (entries: Record<string, Record<string, number>>) =>
    new Map(Object.entries(entries).map(([u, g]) => [u === 'none' ? null : Number(u), groups(g)]));

  it('hides a small unit and the next-smallest: the municipality minus its visible units', () => {
    const visible = visibleUnits(
      unitCells({ 11: { g1: 10 }, 12: { g1: 8 }, 13: { g1: 3 } }),
      true,
      ['g1'],
      new Map(),
      5,
    );
    expect(visible).toEqual(new Set([11]));
  });

  it('treats answers without a unit as a hidden remainder', () => {
    const visible = visibleUnits(
      unitCells({ 11: { g1: 10 }, 12: { g1: 8 }, none: { g1: 2 } }),
      true,
      ['g1'],
      new Map(),
      5,
    );
    expect(visible).toEqual(new Set([11]));
  });

  it('shows no unit of a hidden municipality', () => {
    expect(visibleUnits(unitCells({ 11: { g1: 30 }, 12: { g1: 30 } }), false, ['g1'], new Map(), 5)).toEqual(new Set());
  });

  it('hides units that, with a group figure, would reveal the few answers outside the group', () => {
    // Only unit 11 has answers in g1 (6): with g1's figure, unit 11 − g1 = its 2 answers in g2.
    const cells = unitCells({ 11: { g1: 6, g2: 2 }, 12: { g2: 10 } });
    expect(visibleUnits(cells, true, ['g1', 'g2'], new Map(), 5)).toEqual(new Set());
  });

  it('keeps a unit when the hidden municipalities make what follows large enough', () => {
    // Units 12 and 13 are hidden; alone, the municipality minus unit 11 and minus g2's 8 would give 13's 3 answers.
    const cells = unitCells({ 11: { g1: 12 }, 12: { g2: 8 }, 13: { g1: 3 } });
    expect(visibleUnits(cells, true, ['g1'], new Map(), 5)).toEqual(new Set());
    expect(visibleUnits(cells, true, ['g1'], groups({ g1: 10, g2: 3 }), 5)).toEqual(new Set([11]));
  });

  it('keeps units whose group mix reveals nothing small', () => {
    const cells = unitCells({ 11: { g1: 6, g2: 7 }, 12: { g1: 5, g2: 10 }, none: { g1: 5 } });
    expect(visibleUnits(cells, true, ['g1', 'g2'], new Map(), 5)).toEqual(new Set([11, 12]));
  });
});

describe('groups of the region (threshold 5)', () => {
  const one = (g: Record<string, number>) => new Map([[1, groups(g)]]);

  it('hides a group whose complement is small: a filtered group against its complement', () => {
    // g1 30, g2 3: g2 is hidden, and the region minus g1 would give it back.
    expect(visibleGroups(one({ g1: 30, g2: 3 }), new Set([1]), ['g1', 'g2'], 5)).toEqual(new Set());
  });

  it('hides one more group when the answers without a group are few', () => {
    expect(visibleGroups(one({ g1: 20, g2: 20, none: 2 }), new Set([1]), ['g1', 'g2'], 5)).toEqual(new Set(['g2']));
  });

  it('keeps every group when the rest is empty or large', () => {
    expect(visibleGroups(one({ g1: 20, g2: 20, none: 6 }), new Set([1]), ['g1', 'g2'], 5)).toEqual(
      new Set(['g1', 'g2']),
    );
    expect(visibleGroups(one({ g1: 20, g2: 20 }), new Set([1]), ['g1', 'g2'], 5)).toEqual(new Set(['g1', 'g2']));
  });

  it('hides a group found only in one municipality that has a few other answers', () => {
    // Municipality 1 alone has g2 (6) and 2 answers in g1: visible 1 minus g2 would show those 2.
    const cells = new Map([
      [1, groups({ g1: 2, g2: 6 })],
      [2, groups({ g1: 30 })],
    ]);
    expect(visibleGroups(cells, new Set([1, 2]), ['g1', 'g2'], 5)).toEqual(new Set());
  });
});

describe('whole tables against the attacker audit', () => {
  const leaf = (municipality: number, unit: number | null, group: string | null, answers: number): Leaf => ({
    municipality,
    unit,
    group,
    size: s(answers),
  });

  it('a chain over two levels: a hidden municipality does not come back through its units', () => {
    // Region = 40 + 20 + 3. The 20 is hidden to protect the 3; had its units (12, 8) been shown,
    // region − 40 − 12 − 8 would give the 3.
    const leaves = [leaf(1, 10, 'g1', 40), leaf(2, 21, 'g1', 12), leaf(2, 22, 'g1', 8), leaf(3, 31, 'g1', 3)];
    const shown = protectLeaves(leaves, ['g1'], 5);
    expect(shown.municipalities).toEqual(new Set([1]));
    expect(shown.units.has(21) || shown.units.has(22)).toBe(false);
    expect(findDisclosures(leaves, shown, 5)).toEqual([]);
  });

  it('the audit finds what primary suppression alone leaves open', () => {
    const leaves = [leaf(1, null, 'g1', 40), leaf(2, null, 'g1', 20), leaf(3, null, 'g1', 3)];
    const naive = {
      region: true,
      municipalities: new Set([1, 2]),
      units: new Set<number>(),
      groups: new Set<string>(),
    };
    expect(findDisclosures(leaves, naive, 5).map((d) => d.size)).toEqual([s(3)]);
  });

  it("an empty unit-level sum alone is not safe: another municipality's few answers would follow", () => {
    // Municipality 1: unit 11 only pre-primary (10), unit 12 only g2 (10). Municipality 2: 20 pre-primary, 3 g2.
    // Showing both units of 1: pre-primary 30 − unit 11 = 2's 20, and 2's 23 − 20 = its 3 answers in g2.
    const leaves = [leaf(1, 11, 'pp', 10), leaf(1, 12, 'g2', 10), leaf(2, null, 'pp', 20), leaf(2, null, 'g2', 3)];
    const naive = {
      region: true,
      municipalities: new Set([1, 2]),
      units: new Set([11, 12]),
      groups: new Set(['pp', 'g2']),
    };
    expect(findDisclosures(leaves, naive, 5).map((d) => d.size)).toEqual([s(3)]);
    const shown = protectLeaves(leaves, ['pp', 'g2'], 5);
    expect(shown.units).toEqual(new Set());
    expect(findDisclosures(leaves, shown, 5)).toEqual([]);
  });

  it('units whose answers all fall in one group are shown when the rest of the region anchors the sums', () => {
    // The example: units of 30 (pre-primary only), 20, 70 and 50 (grades), nothing small anywhere.
    const leaves = [
      leaf(1, 11, 'pp', 30),
      leaf(1, 12, 'g1', 20),
      leaf(1, 13, 'g1', 40),
      leaf(1, 13, 'g2', 30),
      leaf(1, 14, 'g2', 50),
      leaf(2, null, 'pp', 12),
      leaf(2, null, 'g1', 15),
      leaf(2, null, 'g2', 18),
    ];
    const shown = protectLeaves(leaves, ['pp', 'g1', 'g2'], 5);
    expect(shown.units).toEqual(new Set([11, 12, 13, 14]));
    expect(findDisclosures(leaves, shown, 5)).toEqual([]);
  });
});
