import { type GroupSizes, type Size, addGroupSize, entry, mergeGroups, totalOf } from './size.ts';
import {
  exposedMunicipalities,
  regionVisible,
  visibleGroups,
  visibleMunicipalities,
  visibleUnits,
} from './suppression.ts';

/** One innermost cell of a measure: a municipality's unit (null: no unit) crossed with a group (null: none given). */
export interface Leaf {
  municipality: number;
  unit: number | null;
  group: string | null;
  size: Size;
}

/** Which cells of one measure may be shown: the region, municipalities, units and the region's groups. */
export interface ShownCells {
  region: boolean;
  municipalities: ReadonlySet<number>;
  units: ReadonlySet<number>;
  groups: ReadonlySet<string>;
  /** Municipalities also shown split by every visible group (filtered reports and tables). */
  municipalityGroups?: ReadonlySet<number>;
}

/**
 * Runs the whole protection of one measure over its innermost cells: municipalities,
 * then the region's groups, then each visible municipality's units, then which
 * municipalities may also be shown split by group.
 */
export function protectLeaves(leaves: readonly Leaf[], groupKeys: readonly string[], threshold: number): ShownCells {
  const { byMunicipality, unitsOf } = cellsOf(leaves);
  const totals = new Map([...byMunicipality].map(([m, g]): [number, Size] => [m, totalOf(g)]));
  const municipalities = visibleMunicipalities(totals, threshold);
  const groups = visibleGroups(byMunicipality, municipalities, groupKeys, threshold);
  const hidden = mergeGroups([...byMunicipality].filter(([m]) => !municipalities.has(m)).map(([, g]) => g));
  // Units are protected against the rest of the region too: the other visible municipalities by group.
  const othersOf = (m: number): GroupSizes[] =>
    [...byMunicipality].filter(([id]) => id !== m && municipalities.has(id)).map(([, g]) => g);
  const units = new Set<number>();
  const unitsByMunicipality = new Map<number, Set<number>>();
  for (const [m, cells] of unitsOf) {
    const shown = visibleUnits(cells, municipalities.has(m), groups, hidden, threshold, othersOf(m));
    unitsByMunicipality.set(m, shown);
    for (const u of shown) units.add(u);
  }
  const municipalityGroups = exposedMunicipalities(
    byMunicipality,
    municipalities,
    groups,
    (m) => ({ cells: unitsOf.get(m) ?? new Map(), visible: unitsByMunicipality.get(m) ?? new Set() }),
    threshold,
  );
  return { region: regionVisible(totals, threshold), municipalities, units, groups, municipalityGroups };
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
