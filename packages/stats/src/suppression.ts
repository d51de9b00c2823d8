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

export const REST = Symbol('rest');
export type Column = string | typeof REST;

function bySmallest<K>(a: [K, Size], b: [K, Size]): number {
  return a[1].valid - b[1].valid || a[1].answers - b[1].answers || String(a[0]).localeCompare(String(b[0]));
}

export function smallestOf<K>(keys: Iterable<K>, sizeOf: (k: K) => Size): K | undefined {
  return [...keys].map((k): [K, Size] => [k, sizeOf(k)]).sort(bySmallest)[0]?.[0];
}

/** Per column of `columns`: the atom's size in it; REST holds everything not in a named column. */
export function columnSizes(groups: GroupSizes, columns: readonly Column[]): Size[] {
  const named = columns.filter((c): c is string => c !== REST);
  const inNamed = named.map((c) => groups.get(c) ?? EMPTY);
  const rest = subtractSizes(totalOf(groups), sumSizes(inNamed));
  return columns.map((c) => (c === REST ? rest : (groups.get(c) ?? EMPTY)));
}

/**
 * What someone could work out for the columns in `mask`: the sum, over every atom
 * with answers in those columns, of its answers outside them.
 */
export function cutUnion(atoms: readonly Size[][], totals: readonly Size[], mask: number): Size {
  let answers = 0;
  let valid = 0;
  for (let a = 0; a < atoms.length; a++) {
    const cut = atomCut(atoms[a] as Size[], totals[a] as Size, mask);
    answers += cut.answers;
    valid += cut.valid;
  }
  return answers === 0 && valid === 0 ? EMPTY : { answers, valid };
}

/** Whether the region's figures may be shown at all. */
export function regionVisible(municipalities: ReadonlyMap<number, Size>, threshold: number): boolean {
  return isPublishable(sumSizes(municipalities.values()), threshold);
}

/**
 * The municipalities whose figures of one measure may be shown. Primary: fewer
 * than `threshold` answers hide a municipality. Complementary: the region minus
 * the visible municipalities must not be a small group, so when it is (e.g. one
 * municipality hidden) the next-smallest visible one is hidden too, until it is empty or large enough.
 */
export function visibleMunicipalities(
  sizes: ReadonlyMap<number, Size>,
  threshold: number,
  forced?: ReadonlySet<number>,
): Set<number> {
  if (!regionVisible(sizes, threshold)) return new Set();
  const visible = new Set(
    [...sizes].filter(([id, s]) => isPublishable(s, threshold) && !forced?.has(id)).map(([id]) => id),
  );
  for (;;) {
    const hidden = sumSizes([...sizes].filter(([id]) => !visible.has(id)).map(([, s]) => s));
    if (!isSensitive(hidden, threshold)) return visible;
    const next = smallestOf(visible, (id) => sizes.get(id) ?? EMPTY);
    if (next === undefined) return visible;
    visible.delete(next);
  }
}

/**
 * The age groups (grade bands) whose region-level figures of one measure may be shown.
 * A group is hidden when it is small, and more groups are hidden until no small
 * set of answers follows by subtraction: for every set of columns (visible groups
 * and the rest), the answers outside them of every visible municipality, or of
 * the hidden municipalities together, that have answers inside them.
 * This covers a group against its complement and groups found only in a few municipalities.
 */
export function visibleGroups(
  cells: ReadonlyMap<number, GroupSizes>,
  visibleMunicipalityIds: ReadonlySet<number>,
  groupKeys: readonly string[],
  threshold: number,
): Set<string> {
  const region = mergeGroups(cells.values());
  if (!isPublishable(totalOf(region), threshold)) return new Set();
  const atoms: GroupSizes[] = [
    mergeGroups([...cells].filter(([id]) => !visibleMunicipalityIds.has(id)).map(([, g]) => g)),
    ...[...cells].filter(([id]) => visibleMunicipalityIds.has(id)).map(([, g]) => g),
  ];
  const known = new Set(groupKeys.filter((g) => isPublishable(region.get(g) ?? EMPTY, threshold)));
  for (;;) {
    const columns: Column[] = [...known, REST];
    const vectors = atoms.map((a) => columnSizes(a, columns));
    const totals = atoms.map(totalOf);
    let violating: number | undefined;
    for (let mask = 1; mask < (1 << columns.length) - 1 && violating === undefined; mask++) {
      if (isSensitive(cutUnion(vectors, totals, mask), threshold)) violating = mask;
    }
    if (violating === undefined) return known;
    const inMask = columns.filter((c, i): c is string => c !== REST && ((violating as number) & (1 << i)) !== 0);
    const next = smallestOf(inMask.length ? inMask : known, (g) => region.get(g) ?? EMPTY);
    if (next === undefined) return known;
    known.delete(next);
  }
}

/**
 * Protection of related measures together (the response count and each item's answer
 * count, which are equal when everyone answers): a cell hidden in one measure although
 * it is large there (a complementary hide) is hidden in every measure, because its
 * figure in another measure would stand in for it. `run` protects one measure with the
 * cells in `forced` hidden from the start; `primary` gives a measure's cells that are
 * large enough on their own. Measures are run in turn, each with every hide so far, and
 * whole passes repeat until one adds no hide; the forced set only grows, so it ends.
 */
export function jointly<K>(
  measures: Iterable<string>,
  run: (measure: string, forced: ReadonlySet<K>) => Set<K>,
  primary: (measure: string) => Iterable<K>,
): Map<string, Set<K>> {
  const all = [...measures];
  const forced = new Set<K>();
  const out = new Map<string, Set<K>>();
  for (;;) {
    const before = forced.size;
    // Each measure sees the hides of the ones before it, so it can reuse them instead of choosing its own.
    for (const m of all) {
      const visible = run(m, new Set(forced));
      out.set(m, visible);
      for (const k of primary(m)) if (!visible.has(k)) forced.add(k);
    }
    // A whole pass without a new hide: every measure was decided with the final set.
    if (forced.size === before) return out;
  }
}

/**
 * The units of one visible municipality whose figures of one measure may be shown.
 * `cells` holds every unit's sizes by group, and key null the answers without a unit.
 * Primary: small units are hidden. Complementary: the municipality minus its visible
 * units (hidden units plus answers without a unit) must be empty or large enough; and
 * together with the region's visible group figures (`visibleGroupKeys`, from
 * visibleGroups), the units must not reveal more than the municipality as a whole
 * would: for every set of those groups, what follows about the answers outside them
 * is exactly what follows without units, or large enough, alone or together with what
 * the region's hidden municipalities (`hiddenMunicipalities`, summed by group) add to
 * it, or empty while nothing small follows from the rest of the region whatever the
 * other visible municipalities' units (`otherMunicipalities`, by group) make of their
 * parts. Without `otherMunicipalities` an empty sum counts only when the hidden
 * municipalities alone make it large enough. A hidden municipality shows no units.
 *
 * Which units to hide is searched smallest first (the reference, also under the checks
 * without empty sums) and by one-step lookahead (the unit whose hiding leaves fewest
 * violations, smallest among equals; only up to LOOKAHEAD_MAX_UNITS units, as it costs
 * units² checks); each result then gets back every complementary
 * hide that the checks still allow, largest first, and the one hiding fewer answers in all wins.
 * Units in `forced` are hidden from the start (see `jointly`).
 */
export function visibleUnits(
  cells: ReadonlyMap<number | null, GroupSizes>,
  municipalityVisible: boolean,
  visibleGroupKeys: Iterable<string>,
  hiddenMunicipalities: GroupSizes,
  threshold: number,
  otherMunicipalities?: Iterable<GroupSizes>,
  forced?: ReadonlySet<number>,
): Set<number> {
  if (!municipalityVisible) return new Set();
  const groupKeys = [...visibleGroupKeys];
  const checksOf = (others: readonly GroupSizes[] | undefined) =>
    cachedChecks(cells, groupKeys, hiddenMunicipalities, threshold, others);
  const otherList = otherMunicipalities ? [...otherMunicipalities] : undefined;
  const checks = checksOf(otherList);
  const primary = checks.units.filter((u) => isPublishable(checks.totalOf(u), threshold) && !forced?.has(u));
  let best: Set<number> | undefined;
  let bestHidden = Number.POSITIVE_INFINITY;
  // The reference under the old checks too (no empty sums), so the result never hides more than before.
  const strict = otherList ? checks.strict() : checks;
  const searches = [() => smallestFirst(strict, new Set(primary))];
  if (strict !== checks) searches.push(() => smallestFirst(checks, new Set(primary)));
  // The lookahead tries every unit at every step (units² checks): worth it where a wrong hide costs
  // most, in municipalities of a few units; a city of hundreds keeps the linear searches.
  if (checks.units.length <= LOOKAHEAD_MAX_UNITS) searches.push(() => lookahead(checks, new Set(primary)));
  for (const search of searches) {
    const visible = reshow(checks, primary, search());
    const hidden = checks.units.filter((u) => !visible.has(u)).reduce((n, u) => n + checks.totalOf(u).answers, 0);
    if (hidden < bestHidden) {
      best = visible;
      bestHidden = hidden;
    }
  }
  return best ?? new Set();
}

// The checks depend only on the cells and the context, not on which units are forced hidden, so the
// repeated runs of `jointly` reuse them; keyed by the cells map, checked against the other inputs.
const checksCache = new WeakMap<
  ReadonlyMap<number | null, GroupSizes>,
  { key: string; hidden: GroupSizes; others: readonly GroupSizes[] | undefined; checks: UnitChecks }[]
>();

function cachedChecks(
  cells: ReadonlyMap<number | null, GroupSizes>,
  groupKeys: readonly string[],
  hidden: GroupSizes,
  threshold: number,
  others: readonly GroupSizes[] | undefined,
): UnitChecks {
  const key = `${threshold}|${groupKeys.join(',')}`;
  const entries = checksCache.get(cells) ?? [];
  const same = (a: readonly GroupSizes[] | undefined, b: readonly GroupSizes[] | undefined) =>
    a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((g, i) => g === b[i]));
  const hit = entries.find((e) => e.key === key && e.hidden === hidden && same(e.others, others));
  if (hit) return hit.checks;
  const checks = new UnitChecks(cells, groupKeys, hidden, threshold, others);
  entries.push({ key, hidden, others, checks });
  if (entries.length > 4) entries.shift();
  checksCache.set(cells, entries);
  return checks;
}

/** Municipalities with more units than this skip the one-step lookahead search (see visibleUnits). */
export const LOOKAHEAD_MAX_UNITS = 40;

const large = (x: Size, threshold: number) => x.answers >= threshold && x.valid >= threshold;
const sameSize = (a: Size, b: Size) => a.answers === b.answers && a.valid === b.valid;

/**
 * Rule 2 and rule 5 for one municipality's units, for any set of visible units. Each unit's
 * part of every cut (its answers outside a set of columns when it has answers inside it) is
 * computed once, so trying a set costs masks × columns.
 */
class UnitChecks {
  readonly units: number[];
  private readonly columns: Column[];
  private readonly masks: number;
  private readonly vector = new Map<number, Size[]>();
  private readonly cut = new Map<number, Size[]>();
  private readonly wholeVector: Size[];
  /** Per mask: the cut with the municipality as one atom, and the hidden municipalities' cut. */
  private readonly withoutUnits: Size[] = [];
  private readonly outside: Size[] = [];
  /** Per mask: whether an empty cut is harmless (nothing small follows from the rest of the region). */
  /** Per mask, computed when first needed: whether an empty cut is harmless; undefined until then. */
  private readonly emptyOk: (boolean | undefined)[] = [];
  private readonly others: { vector: Size[]; total: Size }[] | undefined;

  constructor(
    private readonly cells: ReadonlyMap<number | null, GroupSizes>,
    visibleGroupKeys: readonly string[],
    hiddenMunicipalities: GroupSizes,
    private readonly threshold: number,
    otherMunicipalities: Iterable<GroupSizes> | undefined,
  ) {
    this.units = [...cells.keys()].filter((k): k is number => k !== null);
    this.columns = [...visibleGroupKeys, REST];
    this.masks = (1 << this.columns.length) - 1;
    const whole = mergeGroups(cells.values());
    this.wholeVector = columnSizes(whole, this.columns);
    const wholeTotal = totalOf(whole);
    const hiddenVector = columnSizes(hiddenMunicipalities, this.columns);
    const hiddenTotal = totalOf(hiddenMunicipalities);
    const others = otherMunicipalities
      ? [...otherMunicipalities].map((g) => ({ vector: columnSizes(g, this.columns), total: totalOf(g) }))
      : undefined;
    this.others = others;
    for (const u of this.units) {
      const g = cells.get(u) ?? new Map();
      const vector = columnSizes(g, this.columns);
      this.vector.set(u, vector);
      const total = totalOf(g);
      this.cut.set(
        u,
        Array.from({ length: this.masks }, (_, mask) => atomCut(vector, total, mask)),
      );
    }
    for (let mask = 0; mask < this.masks; mask++) {
      this.withoutUnits.push(atomCut(this.wholeVector, wholeTotal, mask));
      const outside = atomCut(hiddenVector, hiddenTotal, mask);
      this.outside.push(outside);
      this.emptyOk.push(large(outside, threshold) ? true : others === undefined ? false : undefined);
    }
  }

  totalOf(u: number): Size {
    return totalOf(this.cells.get(u));
  }

  /** The same checks without the other municipalities: an empty sum passes only when the hidden ones make it large. */
  strict(): UnitChecks {
    const copy = Object.create(UnitChecks.prototype) as UnitChecks;
    Object.assign(copy, this, { emptyOk: this.outside.map((o) => large(o, this.threshold)) });
    return copy;
  }

  /** Violations of rules 2 and 5 when `visible` are shown: the remainder (-1) and each failing mask, up to `limit`. */
  violations(visible: ReadonlySet<number>, limit = Number.POSITIVE_INFINITY): number[] {
    const out: number[] = [];
    const answers = this.wholeVector.map((s) => s.answers);
    const valid = this.wholeVector.map((s) => s.valid);
    for (const u of visible) {
      const vector = this.vector.get(u) as Size[];
      for (let c = 0; c < vector.length; c++) {
        answers[c] = (answers[c] as number) - (vector[c] as Size).answers;
        valid[c] = (valid[c] as number) - (vector[c] as Size).valid;
      }
    }
    const remainder = answers.map((a, c): Size => ({ answers: a, valid: valid[c] as number }));
    const remainderTotal = sumSizes(remainder);
    if (isSensitive(remainderTotal, this.threshold)) {
      out.push(-1);
      if (out.length >= limit) return out;
    }
    // Every mask's cut summed over the visible units, unit by unit (one lookup per unit).
    const cutA = new Array<number>(this.masks).fill(0);
    const cutV = new Array<number>(this.masks).fill(0);
    for (const u of visible) {
      const cuts = this.cut.get(u) as Size[];
      for (let mask = 1; mask < this.masks; mask++) {
        cutA[mask] = (cutA[mask] as number) + (cuts[mask] as Size).answers;
        cutV[mask] = (cutV[mask] as number) + (cuts[mask] as Size).valid;
      }
    }
    for (let mask = 1; mask < this.masks; mask++) {
      const base = atomCut(remainder, remainderTotal, mask);
      const withUnits = { answers: base.answers + (cutA[mask] as number), valid: base.valid + (cutV[mask] as number) };
      if (this.allowed(withUnits, mask)) continue;
      out.push(mask);
      if (out.length >= limit) return out;
    }
    return out;
  }

  private allowed(withUnits: Size, mask: number): boolean {
    if (sameSize(withUnits, this.withoutUnits[mask] as Size) || large(withUnits, this.threshold)) return true;
    if (large(addSizes(withUnits, this.outside[mask] as Size), this.threshold)) return true;
    return withUnits.answers === 0 && withUnits.valid === 0 && this.emptyCutOk(mask);
  }

  /** Whether an empty cut of `mask` is harmless: nothing small can follow from the rest of the region. */
  private emptyCutOk(mask: number): boolean {
    let ok = this.emptyOk[mask];
    if (ok === undefined) {
      const otherCuts = (this.others ?? []).map((o) => atomCut(o.vector, o.total, mask));
      const outside = this.outside[mask] as Size;
      ok =
        noSmallSubsetSum(outside, otherCuts, this.threshold) ||
        hasAnchor(outside, this.withoutUnits[mask] as Size, otherCuts, this.threshold);
      this.emptyOk[mask] = ok;
    }
    return ok;
  }

  /** The visible units with answers in the columns of `mask`. */
  inside(visible: ReadonlySet<number>, mask: number): number[] {
    return [...visible].filter((u) =>
      (this.vector.get(u) as Size[]).some((s, c) => (mask & (1 << c)) !== 0 && s.answers > 0),
    );
  }
}

/** cutUnion for one atom, without the arrays: its answers outside `mask` when it has some inside. */
function atomCut(vector: readonly Size[], total: Size, mask: number): Size {
  let answers = 0;
  let valid = 0;
  for (let c = 0; c < vector.length; c++) {
    if ((mask & (1 << c)) === 0) continue;
    answers += (vector[c] as Size).answers;
    valid += (vector[c] as Size).valid;
  }
  return answers > 0 ? { answers: total.answers - answers, valid: total.valid - valid } : EMPTY;
}

/**
 * Whether `base` plus any sub-sum of `parts` is empty or large enough. Each visible municipality
 * adds its own cut to a region-wide sum, unchanged or (through its units) nothing: sizes are
 * capped at the threshold, where sensitivity no longer changes, so the subset sums stay few.
 */
function noSmallSubsetSum(base: Size, parts: readonly Size[], threshold: number): boolean {
  const cap = (s: Size): Size => ({ answers: Math.min(s.answers, threshold), valid: Math.min(s.valid, threshold) });
  const key = (s: Size) => s.answers * (threshold + 1) + s.valid;
  let sums = new Map([[key(cap(base)), cap(base)]]);
  for (const p of parts) {
    if (p.answers === 0) continue;
    const next = new Map(sums);
    for (const s of sums.values()) {
      const t = cap(addSizes(s, p));
      next.set(key(t), t);
    }
    sums = next;
  }
  return [...sums.values()].every((s) => !isSensitive(s, threshold));
}

/**
 * Whether another visible municipality anchors the region-wide sum of a set of columns: its own
 * part (`parts`, without units) with the hidden municipalities' (`outside`) is large enough, and it
 * comes before this one (`own`) — smaller, or this one's part is not large enough. The first
 * municipality in that order never empties its part through its units, so whenever one does, the
 * chain of anchors ends at one that keeps its part (or a large one) in the sum.
 */
function hasAnchor(outside: Size, own: Size, parts: readonly Size[], threshold: number): boolean {
  const ownLarge = large(addSizes(outside, own), threshold);
  return parts.some(
    (p) =>
      large(addSizes(outside, p), threshold) &&
      (!ownLarge || p.answers < own.answers || (p.answers === own.answers && p.valid < own.valid)),
  );
}

/** The reference search: hide the smallest unit of the first failing set until nothing fails. */
function smallestFirst(checks: UnitChecks, visible: Set<number>): Set<number> {
  for (;;) {
    const [violation] = checks.violations(visible, 1);
    if (violation === undefined) return visible;
    const inside = violation < 0 ? [] : checks.inside(visible, violation);
    const next = smallestOf(inside.length ? inside : visible, (u) => checks.totalOf(u));
    if (next === undefined) return visible;
    visible.delete(next);
  }
}

/** Hide the unit that leaves the fewest violations (the smallest among equals) until nothing fails. */
function lookahead(checks: UnitChecks, visible: Set<number>): Set<number> {
  for (;;) {
    const now = checks.violations(visible).length;
    if (now === 0) return visible;
    let next: number | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    for (const u of [...visible].sort((a, b) => bySmallest([a, checks.totalOf(a)], [b, checks.totalOf(b)]))) {
      visible.delete(u);
      const left = checks.violations(visible, fewest).length;
      visible.add(u);
      if (left < fewest) {
        fewest = left;
        next = u;
      }
    }
    if (next === undefined) return visible;
    visible.delete(next);
  }
}

/** Shows again every complementary hide, largest first, that the checks still allow. */
function reshow(checks: UnitChecks, primary: readonly number[], visible: Set<number>): Set<number> {
  const hidden = primary
    .filter((u) => !visible.has(u))
    .sort((a, b) => bySmallest([b, checks.totalOf(b)], [a, checks.totalOf(a)]));
  for (const u of hidden) {
    visible.add(u);
    if (checks.violations(visible, 1).length > 0) visible.delete(u);
  }
  return visible;
}

/**
 * The visible municipalities whose figures of one measure may also be shown split by
 * the region's visible groups (a municipality report or table filtered by age group or
 * grade band). All or nothing per municipality: either every visible group of it is
 * shown — and with its total, also the rest (hidden groups and no group) — or none, so
 * an exposed municipality has no unknown cell left at the municipality level. Then:
 * each of its visible-group cells rests on at least the threshold and its rest is empty
 * or large enough; its visible units (already decided by visibleUnits) reveal no small
 * group against its now known group columns; and the municipalities left unexposed,
 * with the hidden ones together, still pass the groups-against-complement rule
 * (visibleGroups) on their own. Exposed municipalities are dropped, smallest first,
 * until that holds; none exposed is the state visibleGroups already made safe.
 */
export function exposedMunicipalities(
  cells: ReadonlyMap<number, GroupSizes>,
  visibleMunicipalityIds: ReadonlySet<number>,
  visibleGroupKeys: ReadonlySet<string>,
  unitsOf: (municipalityId: number) => { cells: ReadonlyMap<number | null, GroupSizes>; visible: ReadonlySet<number> },
  threshold: number,
): Set<number> {
  if (visibleGroupKeys.size === 0) return new Set();
  const columns: Column[] = [...visibleGroupKeys, REST];
  const masks = (1 << columns.length) - 1;
  const safeCuts = (vectors: Size[][], totals: Size[]) => {
    for (let mask = 1; mask < masks; mask++) {
      if (isSensitive(cutUnion(vectors, totals, mask), threshold)) return mask;
    }
    return undefined;
  };
  const exposed = new Set<number>();
  // A municipality as its units show it: the hidden units and answers without a unit together, and each visible unit.
  const rowsOf = (m: number): GroupSizes[] => {
    const units = unitsOf(m);
    const remainder = mergeGroups(
      [...units.cells].filter(([u]) => u === null || !units.visible.has(u)).map(([, g]) => g),
    );
    return [remainder, ...[...units.visible].map((u) => units.cells.get(u) ?? new Map<string | null, Size>())];
  };
  for (const m of visibleMunicipalityIds) {
    const groups = cells.get(m) ?? new Map<string | null, Size>();
    const vector = columnSizes(groups, columns);
    const rest = vector[vector.length - 1] as Size;
    if (!vector.slice(0, -1).every((s) => isPublishable(s, threshold)) || isSensitive(rest, threshold)) continue;
    const rows = rowsOf(m);
    if (
      safeCuts(
        rows.map((g) => columnSizes(g, columns)),
        rows.map(totalOf),
      ) === undefined
    )
      exposed.add(m);
  }
  const hidden = mergeGroups([...cells].filter(([id]) => !visibleMunicipalityIds.has(id)).map(([, g]) => g));
  for (;;) {
    // Unexposed municipalities enter as their units show them (finer atoms, so more follows and fewer pass):
    // a visible unit's known total can pin a part of its municipality that the municipality alone would not.
    const atoms = [hidden, ...[...visibleMunicipalityIds].filter((m) => !exposed.has(m)).flatMap(rowsOf)];
    const mask = safeCuts(
      atoms.map((g) => columnSizes(g, columns)),
      atoms.map(totalOf),
    );
    if (mask === undefined) return exposed;
    const inside = [...exposed].filter((m) =>
      columnSizes(cells.get(m) ?? new Map(), columns).some((s, c) => (mask & (1 << c)) !== 0 && s.answers > 0),
    );
    const next = smallestOf(inside.length ? inside : exposed, (m) => totalOf(cells.get(m)));
    if (next === undefined) return exposed;
    exposed.delete(next);
  }
}
