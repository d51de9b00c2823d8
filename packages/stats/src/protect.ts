import { type GroupSizes, type Size, addGroupSize, entry, isPublishable, mergeGroups, totalOf } from './size.ts';
import {
  exposedMunicipalities,
  jointly,
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
  return protectMeasures(new Map([['', leaves]]), groupKeys, threshold).get('') as ShownCells;
}

/**
 * The protection of several related measures of one round (the response count and each
 * item's answers): as protectLeaves for each, with municipalities and units hidden to
 * protect others in one measure hidden in all of them (`jointly`), so a measure's
 * figure cannot stand in for another's hidden one.
 */
export function protectMeasures(
  leavesByMeasure: ReadonlyMap<string, readonly Leaf[]>,
  groupKeys: readonly string[],
  threshold: number,
): Map<string, ShownCells> {
  const cells = new Map([...leavesByMeasure].map(([m, leaves]) => [m, cellsOf(leaves)]));
  const cellsOfMeasure = (m: string) => cells.get(m) as ReturnType<typeof cellsOf>;
  const totals = new Map(
    [...cells].map(([m, c]) => [m, new Map([...c.byMunicipality].map(([id, g]): [number, Size] => [id, totalOf(g)]))]),
  );
  const totalsOf = (m: string) => totals.get(m) as Map<number, Size>;
  const large = (sizes: Iterable<[number | null, Size]>) =>
    [...sizes].filter((e): e is [number, Size] => e[0] !== null && isPublishable(e[1], threshold)).map(([k]) => k);
  const municipalities = jointly<number>(
    cells.keys(),
    (m, forced) => visibleMunicipalities(totalsOf(m), threshold, forced),
    (m) => large(totalsOf(m)),
  );
  const shownOf = (m: string) => municipalities.get(m) as Set<number>;
  const groups = new Map(
    [...cells.keys()].map((m) => [
      m,
      visibleGroups(cellsOfMeasure(m).byMunicipality, shownOf(m), groupKeys, threshold),
    ]),
  );
  const unitsBy = new Map<string, Map<number, Set<number>>>();
  const hiddenOf = new Map<string, GroupSizes>();
  const units = jointly<number>(
    cells.keys(),
    (m, forced) => {
      const { byMunicipality, unitsOf } = cellsOfMeasure(m);
      const visible = shownOf(m);
      const hidden = entry(hiddenOf, m, () =>
        mergeGroups([...byMunicipality].filter(([id]) => !visible.has(id)).map(([, g]) => g)),
      );
      // Units are protected against the rest of the region too: the other visible municipalities by group.
      const othersOf = (id: number): GroupSizes[] =>
        [...byMunicipality].filter(([o]) => o !== id && visible.has(o)).map(([, g]) => g);
      const perMunicipality = new Map<number, Set<number>>();
      const all = new Set<number>();
      for (const [id, unitCells] of unitsOf) {
        const shown = visibleUnits(
          unitCells,
          visible.has(id),
          groups.get(m) as Set<string>,
          hidden,
          threshold,
          othersOf(id),
          forced,
        );
        perMunicipality.set(id, shown);
        for (const u of shown) all.add(u);
      }
      unitsBy.set(m, perMunicipality);
      return all;
    },
    (m) => [...cellsOfMeasure(m).unitsOf.values()].flatMap((u) => large([...u].map(([k, g]) => [k, totalOf(g)]))),
  );
  return new Map(
    [...cells].map(([m, c]): [string, ShownCells] => {
      const visible = shownOf(m);
      const measureGroups = groups.get(m) as Set<string>;
      const municipalityGroups = exposedMunicipalities(
        c.byMunicipality,
        visible,
        measureGroups,
        (id) => ({ cells: c.unitsOf.get(id) ?? new Map(), visible: unitsBy.get(m)?.get(id) ?? new Set() }),
        threshold,
      );
      return [
        m,
        {
          region: regionVisible(totalsOf(m), threshold),
          municipalities: visible,
          units: units.get(m) as Set<number>,
          groups: measureGroups,
          municipalityGroups,
        },
      ];
    }),
  );
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
