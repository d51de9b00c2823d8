/**
 * How many answers a cell holds: all of them (`answers`, "can't say" included)
 * and those on the scale (`valid`, the base of a mean). For response counts both are the count.
 */
export interface Size {
  answers: number;
  valid: number;
}

export const EMPTY: Size = Object.freeze({ answers: 0, valid: 0 });

export function addSizes(a: Size, b: Size): Size {
  return { answers: a.answers + b.answers, valid: a.valid + b.valid };
}

export function subtractSizes(a: Size, b: Size): Size {
  return { answers: a.answers - b.answers, valid: a.valid - b.valid };
}

export function sumSizes(sizes: Iterable<Size>): Size {
  let answers = 0;
  let valid = 0;
  for (const s of sizes) {
    answers += s.answers;
    valid += s.valid;
  }
  return { answers, valid };
}

/** A cell may be shown: its figures rest on at least `threshold` answers on the scale. */
export function isPublishable(size: Size, threshold: number): boolean {
  return size.valid >= threshold;
}

/**
 * A cell (or a sum of cells someone could work out) would reveal something about
 * fewer than `threshold` people: some answers, but fewer than the threshold. Empty is not sensitive.
 */
export function isSensitive(size: Size, threshold: number): boolean {
  return (size.answers > 0 && size.answers < threshold) || (size.valid > 0 && size.valid < threshold);
}

/** Sizes of one cell split by age group or grade band (key null: the question was not answered). */
export type GroupSizes = ReadonlyMap<string | null, Size>;

/** The value under `key`, created first when missing. */
export function entry<K, V>(
  map: { get(key: K): V | undefined; set(key: K, value: V): unknown },
  key: K,
  create: () => V,
): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/** Adds a size to `map[key][group]`. */
export function addGroupSize<K>(map: Map<K, Map<string | null, Size>>, key: K, group: string | null, size: Size) {
  const groups = entry(map, key, () => new Map<string | null, Size>());
  groups.set(group, addSizes(groups.get(group) ?? EMPTY, size));
}

/** Group-wise sum of several cells. */
export function mergeGroups(parts: Iterable<GroupSizes>): Map<string | null, Size> {
  const out = new Map<string | null, Size>();
  for (const part of parts) {
    for (const [k, s] of part) out.set(k, addSizes(out.get(k) ?? EMPTY, s));
  }
  return out;
}

export function totalOf(groups: GroupSizes | undefined): Size {
  return sumSizes(groups?.values() ?? []);
}
