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

const REST = Symbol('rest');
type Column = string | typeof REST;

function bySmallest<K>(a: [K, Size], b: [K, Size]): number {
  return a[1].valid - b[1].valid || a[1].answers - b[1].answers || String(a[0]).localeCompare(String(b[0]));
}

function smallestOf<K>(keys: Iterable<K>, sizeOf: (k: K) => Size): K | undefined {
  return [...keys].map((k): [K, Size] => [k, sizeOf(k)]).sort(bySmallest)[0]?.[0];
}

/** Per column of `columns`: the atom's size in it; REST holds everything not in a named column. */
function columnSizes(groups: GroupSizes, columns: readonly Column[]): Size[] {
  const named = columns.filter((c): c is string => c !== REST);
  const inNamed = named.map((c) => groups.get(c) ?? EMPTY);
  const rest = subtractSizes(totalOf(groups), sumSizes(inNamed));
  return columns.map((c) => (c === REST ? rest : (groups.get(c) ?? EMPTY)));
}

/**
 * What someone could work out for the columns in `mask`: the sum, over every atom
 * with answers in those columns, of its answers outside them.
 */
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
export function visibleMunicipalities(sizes: ReadonlyMap<number, Size>, threshold: number): Set<number> {
  if (!regionVisible(sizes, threshold)) return new Set();
  const visible = new Set([...sizes].filter(([, s]) => isPublishable(s, threshold)).map(([id]) => id));
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
 * The units of one visible municipality whose figures of one measure may be shown.
 * `cells` holds every unit's sizes by group, and key null the answers without a unit.
 * Primary: small units are hidden. Complementary: the municipality minus its visible
 * units (hidden units plus answers without a unit) must be empty or large enough; and
 * together with the region's visible group figures (`visibleGroupKeys`, from
 * visibleGroups), the units must not reveal more than the municipality as a whole
 * would: for every set of those groups, what follows about the answers outside them
 * is either exactly what follows without units, or large enough, alone or together
 * with what the region's hidden municipalities (`hiddenMunicipalities`, summed by
 * group) add to it. More units are hidden, smallest first, until both hold; a hidden
 * municipality shows no units.
 */
export function visibleUnits(
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
  for (const m of visibleMunicipalityIds) {
    const groups = cells.get(m) ?? new Map<string | null, Size>();
    const vector = columnSizes(groups, columns);
    const rest = vector[vector.length - 1] as Size;
    if (!vector.slice(0, -1).every((s) => isPublishable(s, threshold)) || isSensitive(rest, threshold)) continue;
    const units = unitsOf(m);
    const remainder = mergeGroups(
      [...units.cells].filter(([u]) => u === null || !units.visible.has(u)).map(([, g]) => g),
    );
    const rows = [remainder, ...[...units.visible].map((u) => units.cells.get(u) ?? new Map<string | null, Size>())];
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
    const atoms = [
      hidden,
      ...[...visibleMunicipalityIds].filter((m) => !exposed.has(m)).map((m) => cells.get(m) ?? new Map()),
    ];
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
