import { type Leaf, type ShownCells, protectLeaves } from './protect.ts';
import { type GroupSizes, type Size, addGroupSize, entry, mergeGroups } from './size.ts';
import { exposedMunicipalities, visibleUnits } from './suppression.ts';

/**
 * protectLeaves with each visible municipality's units protected against the rest of the
 * region: visibleUnits gets the other visible municipalities by group (`otherMunicipalities`),
 * so an empty unit-level sum is shown when nothing small follows from the rest of the region.
 * This is what protect.ts and report.ts compute once they pass that argument; until then the
 * property tests and `pnpm audit:protection` use it to check and measure the change.
 */
export function protectLeavesRegionWide(
  leaves: readonly Leaf[],
  groupKeys: readonly string[],
  threshold: number,
): ShownCells {
  const base = protectLeaves(leaves, groupKeys, threshold);
  const { byMunicipality, unitsOf } = cellsOf(leaves);
  const hidden = mergeGroups([...byMunicipality].filter(([m]) => !base.municipalities.has(m)).map(([, g]) => g));
  const othersOf = (m: number): GroupSizes[] =>
    [...byMunicipality].filter(([id]) => id !== m && base.municipalities.has(id)).map(([, g]) => g);
  const units = new Set<number>();
  const unitsByMunicipality = new Map<number, Set<number>>();
  for (const [m, cells] of unitsOf) {
    const shown = visibleUnits(cells, base.municipalities.has(m), base.groups, hidden, threshold, othersOf(m));
    unitsByMunicipality.set(m, shown);
    for (const u of shown) units.add(u);
  }
  const municipalityGroups = exposedMunicipalities(
    byMunicipality,
    base.municipalities,
    base.groups,
    (m) => ({ cells: unitsOf.get(m) ?? new Map(), visible: unitsByMunicipality.get(m) ?? new Set() }),
    threshold,
  );
  return { ...base, units, municipalityGroups };
}

/** A measure's innermost cells summed per municipality by group, and per municipality's unit by group. */
export function cellsOf(leaves: readonly Leaf[]) {
  const byMunicipality = new Map<number, Map<string | null, Size>>();
  const unitsOf = new Map<number, Map<number | null, Map<string | null, Size>>>();
  for (const l of leaves) {
    addGroupSize(byMunicipality, l.municipality, l.group, l.size);
    addGroupSize(
      entry(unitsOf, l.municipality, () => new Map()),
      l.unit,
      l.group,
      l.size,
    );
  }
  return { byMunicipality, unitsOf };
}
