import { type GroupSizes, type Size, isSensitive, mergeGroups, totalOf } from './size.ts';
import { type Column, REST, columnSizes, cutUnion, jointly, smallestOf } from './suppression.ts';

/**
 * Filters by unit kind and provider (rule 8 in docs/reports.md). Kind and provider are
 * constant per unit, so a filtered figure is a sum over units: the visible units of the
 * filter (already shown in unit views) and the hidden ones of it. Publishing every
 * filter of a scope therefore tells a reader the sum of the scope's hidden units of each
 * class (kind × provider): the scope's remainder (hidden units and answers without a
 * unit) is cut into finer atoms with known totals. The protection judges that finer
 * partition the way rules 4-6 judge units: every new atom is empty or at least the
 * threshold, and for every set of the region's visible group columns the answers an
 * attacker can isolate by subtracting the groups from the atoms (`cutUnion`) are empty
 * or at least the threshold. Checking the finest partition is enough: any coarser choice
 * of atoms adds whole atom totals (each empty or large) to a cut, so stays safe too.
 */

/** The key of the region among the scopes a filter can split (municipalities are by id). */
export const REGION_SPLIT = -1;

/** A unit's class as filters see it: 'kind/provider'. */
export type ClassOf = (unitId: number) => string;

/** What one measure shows without filters, and its cells: municipality → unit (null: none) → group → size. */
export interface FilterMeasure {
  cells: ReadonlyMap<number, ReadonlyMap<number | null, GroupSizes>>;
  region: boolean;
  municipalities: ReadonlySet<number>;
  units: ReadonlySet<number>;
  groups: ReadonlySet<string>;
  /** Municipalities also shown split by every visible group (rule 6). */
  municipalityGroups?: ReadonlySet<number>;
}

const EMPTY_GROUPS: GroupSizes = new Map();

function byClass(units: readonly [number, GroupSizes][], classOf: ClassOf): GroupSizes[] {
  const out = new Map<string, GroupSizes[]>();
  for (const [u, g] of units) {
    const c = classOf(u);
    out.set(c, [...(out.get(c) ?? []), g]);
  }
  return [...out.values()].map((parts) => mergeGroups(parts));
}

/**
 * The scopes (municipality ids, and REGION_SPLIT for the region) whose figures of one
 * measure may be shown filtered by unit kind and provider. A municipality's filtered
 * figures are its visible units of the filter plus its hidden units of the filter; the
 * region's are every unit of the filter, so the region is split only when every visible
 * municipality is (otherwise its figure would mix the hidden municipalities' classes
 * with an unsplit municipality's). Scopes in `forced` are not split (see `jointly`).
 */
export function classSplitScopes(
  measure: FilterMeasure,
  classOf: ClassOf,
  threshold: number,
  forced?: ReadonlySet<number>,
): Set<number> {
  const small = (s: Size) => isSensitive(s, threshold);
  const columns: Column[] = [...measure.groups, REST];
  const masks = (1 << columns.length) - 1;
  const failing = (atoms: readonly GroupSizes[]) => {
    const vectors = atoms.map((g) => columnSizes(g, columns));
    const totals = atoms.map(totalOf);
    for (let mask = 1; mask < masks; mask++) if (small(cutUnion(vectors, totals, mask))) return mask;
    return undefined;
  };
  const visible = [...measure.municipalities].filter((m) => measure.cells.has(m));
  const exposed = measure.municipalityGroups ?? new Set<number>();
  /** A municipality's atoms: its visible units, and its remainder whole or cut by class. */
  const atomsOf = (m: number, split: boolean): GroupSizes[] => {
    const cells = [...(measure.cells.get(m) ?? new Map<number | null, GroupSizes>())];
    const shown = cells.filter(([u]) => u !== null && measure.units.has(u)).map(([, g]) => g);
    const hidden = cells.filter((e): e is [number, GroupSizes] => e[0] !== null && !measure.units.has(e[0]));
    const none = cells.find(([u]) => u === null)?.[1] ?? EMPTY_GROUPS;
    const remainder = split ? [none, ...byClass(hidden, classOf)] : [mergeGroups([none, ...hidden.map(([, g]) => g)])];
    return [...remainder, ...shown];
  };
  const hiddenMunicipalities = [...measure.cells].filter(([m]) => !measure.municipalities.has(m));
  const pool = (split: boolean): GroupSizes[] => {
    if (!split) return [mergeGroups(hiddenMunicipalities.flatMap(([, units]) => [...units.values()]))];
    const none = mergeGroups(hiddenMunicipalities.map(([, units]) => units.get(null) ?? EMPTY_GROUPS));
    const units = hiddenMunicipalities.flatMap(([, u]) =>
      [...u].filter((e): e is [number, GroupSizes] => e[0] !== null),
    );
    return [none, ...byClass(units, classOf)];
  };
  // Primary: a scope's new atoms (its remainder by class) are each empty or large; an exposed
  // municipality (its groups known) must also keep its own units and classes safe against its groups.
  const split = new Set(
    visible.filter(
      (m) =>
        !forced?.has(m) &&
        atomsOf(m, true).every((g) => !small(totalOf(g))) &&
        (!exposed.has(m) || failing(atomsOf(m, true)) === undefined),
    ),
  );
  let region =
    measure.region &&
    !forced?.has(REGION_SPLIT) &&
    split.size === visible.length &&
    pool(true).every((g) => !small(totalOf(g)));
  for (;;) {
    const atoms = [...pool(region), ...visible.filter((m) => !exposed.has(m)).flatMap((m) => atomsOf(m, split.has(m)))];
    const mask = failing(atoms);
    if (mask === undefined) return region ? new Set([...split, REGION_SPLIT]) : split;
    if (region) {
      region = false;
      continue;
    }
    // Withdraw a municipality whose cut by class changes this set's sum, smallest first.
    const cutOf = (m: number, s: boolean) => {
      const a = atomsOf(m, s);
      return cutUnion(
        a.map((g) => columnSizes(g, columns)),
        a.map(totalOf),
        mask,
      );
    };
    const culprits = [...split].filter((m) => {
      if (exposed.has(m)) return false;
      const a = cutOf(m, true);
      const b = cutOf(m, false);
      return a.answers !== b.answers || a.valid !== b.valid;
    });
    const next = smallestOf(culprits, (m) => totalOf(mergeGroups(measure.cells.get(m)?.values() ?? [])));
    // Nothing of ours in the failing set: the unfiltered tables alone fail it; publish no filter.
    if (next === undefined) return new Set();
    split.delete(next);
  }
}

/**
 * classSplitScopes for every measure of a round together (as rule 7): a scope refused in
 * one measure although its own atoms are large there (refused to protect another) is
 * refused in every measure, so one measure's filtered figure cannot stand in for another's.
 * With `anchor` (the response count, which every item's answers are part of), a scope is
 * split in a measure only when its own atoms are also empty or large in the anchor: an
 * item's class block can be empty where the responses' is 1, and the item's filtered
 * figures would then stand in for a response count that is small.
 */
export function classSplits(
  measures: ReadonlyMap<string, FilterMeasure>,
  classOf: ClassOf,
  threshold: number,
  anchor?: string,
): Map<string, Set<number>> {
  const primary = (name: string): Set<number> => {
    const m = measures.get(name) as FilterMeasure;
    return classSplitScopes({ ...m, groups: new Set(), municipalityGroups: new Set() }, classOf, threshold);
  };
  const anchored = anchor !== undefined && measures.has(anchor) ? primary(anchor) : undefined;
  const scopes = (m: FilterMeasure) => [REGION_SPLIT, ...m.cells.keys()];
  return jointly<number>(
    measures.keys(),
    (name, forced) => {
      const m = measures.get(name) as FilterMeasure;
      const refused = anchored ? scopes(m).filter((s) => !anchored.has(s)) : [];
      return classSplitScopes(m, classOf, threshold, new Set([...forced, ...refused]));
    },
    (name) => [...primary(name)],
  );
}
