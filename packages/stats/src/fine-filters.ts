import { REGION_SPLIT } from './filters.ts';
import { type Size, isSensitive, totalOf } from './size.ts';
import { cutUnion, smallestOf } from './suppression.ts';

/**
 * Filters by answer language, and by age group together with unit kind, provider or
 * language (rule 8, "finer filters", in docs/reports.md). Language is not constant per
 * unit, so these figures are not sums of units: the innermost cells are unit × group ×
 * language. The rule cuts the round into **tables**: each municipality shown with these
 * filters is a table of its own, the rest of the region (the hidden municipalities and the
 * municipalities not shown) is one more, and each exposed municipality (shown by group,
 * rule 6) is its own table. A table's rows are its atoms (visible units, and its remainder
 * as rule 8 cuts it: by class where the scope is split by kind and provider); its columns
 * are the visible groups and "the rest", crossed with the answer languages. A table whose
 * atoms are all of one unit kind and provider each may be cut further by class
 * (`families`): then each class is a table of its own.
 *
 * Every published figure — old (region, municipalities, units, groups, rule 6 and rule 8
 * figures) and new (a scope filtered by language, group, kind, provider) — is a sum of atom
 * totals and of one table's column totals. A table passes when every cut of it (for every
 * set of its columns, the atoms' answers outside it, `cutUnion`) is empty or at least the
 * threshold. Then a derivable sum of hidden answers splits into one derivable sum per
 * table (the tables are disjoint, and every known figure is a sum of whole-table pieces),
 * each empty or at least the threshold, so their total is too: the block lemma with the
 * tables as blocks.
 */

/** The key of one innermost cell's column: its group ('' for none) and its answer language. */
export const cellKey = (group: string | null, language: string) => `${group ?? ''}\t${language}`;

/** One measure's innermost cells and what it shows without filters. */
export interface CellMeasure {
  /** municipality → unit (null: answers without a unit) → cellKey(group, language) → size */
  cells: ReadonlyMap<number, ReadonlyMap<number | null, ReadonlyMap<string, Size>>>;
  region: boolean;
  municipalities: ReadonlySet<number>;
  units: ReadonlySet<number>;
  groups: ReadonlySet<string>;
  /** Municipalities also shown split by every visible group (rule 6). */
  municipalityGroups?: ReadonlySet<number>;
  /** Scopes split by unit kind and provider in this measure (`classSplits`; REGION_SPLIT for the region). */
  classSplit: ReadonlySet<number>;
}

/** Which scopes show the finer filters in one measure. */
export interface FineSplit {
  /** Municipalities filtered by language and by group with language. */
  scopes: Set<number>;
  /** Of those, the ones also filtered by kind and provider together with group or language. */
  byClass: Set<number>;
  /** The region filtered by language (and group with language). */
  region: boolean;
  /** The region filtered by kind and provider together with group or language. */
  regionByClass: boolean;
}

/** Above this many non-empty columns a table is not checked (2^n cuts) and counts as failing. */
export const MAX_COLUMNS = 14;

/** An atom of a table; `known`: a visible unit (its total is shown), else a hidden block whose total follows. */
type Atom = { cells: ReadonlyMap<string, Size>; family: string; known?: boolean };

function merge(parts: readonly ReadonlyMap<string, Size>[]): Map<string, Size> {
  const out = new Map<string, Size>();
  for (const p of parts) {
    for (const [k, s] of p) {
      const o = out.get(k);
      out.set(k, o ? { answers: o.answers + s.answers, valid: o.valid + s.valid } : s);
    }
  }
  return out;
}

const total = (cells: ReadonlyMap<string, Size>) => totalOf(cells as ReadonlyMap<string | null, Size>);

/**
 * Whether a table passes: every cut over its columns is empty or at least the threshold.
 * `fine`: columns are group × language, otherwise groups only. Atoms with the same
 * non-empty columns are merged first (a cut takes in all of them or none).
 */
function passes(
  atoms: readonly Atom[],
  groups: ReadonlySet<string>,
  fine: boolean,
  byFamily: boolean,
  threshold: number,
): boolean {
  // A hidden block's total follows from the figures (a remainder, a class atom): empty or large.
  if (atoms.some((a) => !a.known && isSensitive(total(a.cells), threshold))) return false;
  const families = byFamily ? [...new Set(atoms.map((a) => a.family))] : [''];
  for (const family of families) {
    const own = byFamily ? atoms.filter((a) => a.family === family) : atoms;
    const columnOf = (key: string) => {
      const [group, language] = key.split('\t') as [string, string];
      const g = groups.has(group) ? group : '*';
      return fine ? `${g}\t${language}` : g;
    };
    const byColumn = own.map((a) => {
      const out = new Map<string, Size>();
      for (const [k, s] of a.cells) {
        if (s.answers === 0 && s.valid === 0) continue;
        const c = columnOf(k);
        const o = out.get(c);
        out.set(c, o ? { answers: o.answers + s.answers, valid: o.valid + s.valid } : s);
      }
      return out;
    });
    const columns = [...new Set(byColumn.flatMap((a) => [...a.keys()]))].sort();
    if (columns.length > MAX_COLUMNS) return false;
    // Atoms with the same columns enter every cut together: merge them.
    const bySupport = new Map<string, Map<string, Size>[]>();
    for (const a of byColumn) {
      const support = columns.filter((c) => a.has(c)).join('|');
      if (support === '') continue;
      bySupport.set(support, [...(bySupport.get(support) ?? []), a]);
    }
    const merged = [...bySupport.values()].map((parts) => merge(parts));
    const vectors = merged.map((a) => columns.map((c) => a.get(c) ?? { answers: 0, valid: 0 }));
    const totals = merged.map(total);
    const masks = (1 << columns.length) - 1;
    for (let mask = 1; mask < masks; mask++) {
      if (isSensitive(cutUnion(vectors, totals, mask), threshold)) return false;
    }
  }
  return true;
}

/**
 * The scopes of one measure whose figures filtered by answer language (alone or with group,
 * kind, provider) or by group with kind or provider may be shown. `classOf` gives a unit's
 * kind and provider. Municipalities in `forced` are not shown (see `fineSplits`).
 */
export function fineSplitScopes(
  measure: CellMeasure,
  classOf: (unitId: number) => string,
  threshold: number,
  forced?: ReadonlySet<number>,
): FineSplit {
  const exposed = measure.municipalityGroups ?? new Set<number>();
  const visible = [...measure.municipalities].filter((m) => measure.cells.has(m));
  const atomsOf = (m: number): Atom[] => {
    const cells = [...(measure.cells.get(m) ?? new Map<number | null, ReadonlyMap<string, Size>>())];
    const split = measure.classSplit.has(m);
    const out: Atom[] = [];
    const hidden = new Map<string, ReadonlyMap<string, Size>[]>();
    for (const [u, c] of cells) {
      if (u !== null && measure.units.has(u)) out.push({ cells: c, family: classOf(u), known: true });
      else {
        const key = u === null ? 'none' : split ? classOf(u) : 'none';
        hidden.set(key, [...(hidden.get(key) ?? []), c]);
      }
    }
    for (const [family, parts] of hidden) out.push({ cells: merge(parts), family: split ? family : 'mixed' });
    // An unsplit scope's atoms are not each of one class: never cut by class.
    return split ? out : out.map((a) => ({ ...a, family: 'mixed' }));
  };
  const hiddenMunicipalities = [...measure.cells.keys()].filter((m) => !measure.municipalities.has(m));
  const poolOf = (): Atom[] => {
    const split = measure.classSplit.has(REGION_SPLIT);
    const parts = new Map<string, ReadonlyMap<string, Size>[]>();
    for (const m of hiddenMunicipalities) {
      for (const [u, c] of measure.cells.get(m) ?? []) {
        const key = u === null ? 'none' : split ? classOf(u) : 'mixed';
        parts.set(key, [...(parts.get(key) ?? []), c]);
      }
    }
    return [...parts].map(([family, p]) => ({ cells: merge(p), family: split ? family : 'mixed' }));
  };
  const pure = (atoms: readonly Atom[]) => atoms.every((a) => a.family !== 'mixed');
  const check = (atoms: readonly Atom[], fine: boolean, byFamily: boolean) =>
    passes(atoms, measure.groups, fine, byFamily, threshold);
  // Each candidate's own table, with fine columns; cut by class where its atoms allow.
  const scopes = new Set<number>();
  const byClass = new Set<number>();
  let exposedFails = false;
  for (const m of visible) {
    const atoms = atomsOf(m);
    const ok = !forced?.has(m) && check(atoms, true, false);
    if (!ok) {
      if (exposed.has(m)) exposedFails = true;
      continue;
    }
    scopes.add(m);
    if (pure(atoms) && check(atoms, true, true)) byClass.add(m);
  }
  // The rest of the region (hidden municipalities, visible ones not shown and not exposed)
  // must still pass with its group columns: taking shown municipalities out of it can make a
  // large cut small (as in rule 6).
  for (;;) {
    const rest = [...poolOf(), ...visible.filter((m) => !scopes.has(m) && !exposed.has(m)).flatMap(atomsOf)];
    if (check(rest, false, false)) {
      const region = measure.region && !forced?.has(REGION_SPLIT) && !exposedFails && check(rest, true, false);
      const regionByClass =
        region &&
        measure.classSplit.has(REGION_SPLIT) &&
        visible.every((m) => !scopes.has(m) || byClass.has(m)) &&
        pure(rest) &&
        check(rest, true, true);
      return { scopes, byClass, region, regionByClass };
    }
    const next = smallestOf(
      [...scopes].filter((m) => !exposed.has(m)),
      (m) => total(merge(atomsOf(m).map((a) => a.cells))),
    );
    if (next === undefined) return { scopes: new Set(), byClass: new Set(), region: false, regionByClass: false };
    scopes.delete(next);
    byClass.delete(next);
  }
}

/**
 * fineSplitScopes for every measure of a round together: a scope (or the region) shown in
 * one measure but not in another that shows it unfiltered is shown in none, and the measures are decided again
 * with it left out until they agree, so one measure's filtered figure never stands in for
 * another's withheld one (as rule 7). A scope cut by class in every measure is shown by
 * class; in every measure its tables were checked as they end up.
 */
export function fineSplits(
  measures: ReadonlyMap<string, CellMeasure>,
  classOf: (unitId: number) => string,
  threshold: number,
): FineSplit {
  const forced = new Set<number>();
  // Atoms cut by class wherever any measure shows the scope by class: one measure's class
  // figures may stand in for another's.
  const classSplit = new Set([...measures.values()].flatMap((m) => [...m.classSplit]));
  // Columns of every group visible in any measure: an item's group figure may stand in for the
  // response count's (finer columns only make each check stricter).
  const groups = new Set([...measures.values()].flatMap((m) => [...m.groups]));
  // A measure speaks for a scope only where it shows the scope unfiltered: where the scope is
  // hidden (fewer answers than the threshold, or none: an item nobody answered there) none of its
  // figures of that measure are shown, filtered or not, so nothing of it can stand in for another.
  const all = [...measures.values()];
  const speaks = (i: number, s: number) => {
    const m = all[i] as CellMeasure;
    return s === REGION_SPLIT ? m.region : m.municipalities.has(s) && m.cells.has(s);
  };
  for (;;) {
    const results = all.map((m) => fineSplitScopes({ ...m, classSplit, groups }, classOf, threshold, forced));
    const before = forced.size;
    const shown = new Set(results.flatMap((r) => [...r.scopes]));
    for (const s of shown) if (results.some((r, i) => speaks(i, s) && !r.scopes.has(s))) forced.add(s);
    const regionIn = (r: FineSplit, i: number) => !speaks(i, REGION_SPLIT) || r.region;
    if (results.some((r) => r.region) && !results.every(regionIn)) forced.add(REGION_SPLIT);
    if (forced.size === before) {
      const scopes = new Set([...shown].filter((s) => !forced.has(s)));
      const region = results.some((r) => r.region) && results.every(regionIn);
      return {
        scopes,
        byClass: new Set([...scopes].filter((s) => results.every((r, i) => !speaks(i, s) || r.byClass.has(s)))),
        region,
        regionByClass: region && results.every((r, i) => !speaks(i, REGION_SPLIT) || r.regionByClass),
      };
    }
  }
}
