import type { Leaf, ShownCells } from './protect.ts';
import { EMPTY, type Size, addSizes, isSensitive } from './size.ts';

export interface Disclosure {
  leaves: Leaf[];
  size: Size;
}

const EPS = 1e-9;

/**
 * An attacker's-eye audit, independent of how the suppression was chosen: every
 * visible cell is a known sum of innermost cells, empty innermost cells are assumed
 * known, and linear algebra finds every sum of unknown cells that follows from the
 * visible ones by adding and subtracting. Returns those that would reveal a small
 * group. Exhaustive, so only for small tables (tests); throws when too large.
 */
export function findDisclosures(
  leaves: readonly Leaf[],
  shown: ShownCells,
  threshold: number,
  /** More visible sums (e.g. filtered tables), each as the innermost cells it adds up. */
  extra: readonly ((l: Leaf) => boolean)[] = [],
): Disclosure[] {
  const unknown = leaves.filter((l) => l.size.answers > 0);
  const sets: ((l: Leaf) => boolean)[] = [];
  if (shown.region) sets.push(() => true);
  for (const m of shown.municipalities) sets.push((l) => l.municipality === m);
  for (const u of shown.units) sets.push((l) => l.unit === u);
  for (const g of shown.groups) sets.push((l) => l.group === g);
  for (const m of shown.municipalityGroups ?? []) {
    for (const g of shown.groups) sets.push((l) => l.municipality === m && l.group === g);
  }
  sets.push(...extra);
  const rows = sets.map((inSet) => unknown.map((l) => (inSet(l) ? 1 : 0) as number));
  const basis = reducedRowEchelon(rows, unknown.length);
  if (basis.length > 40) throw new Error(`table too large to audit exhaustively (rank ${basis.length})`);
  const found: Disclosure[] = [];
  const width = unknown.length;
  // In reduced row echelon form a combination's value at a row's pivot is that row's coefficient, so
  // every 0/1 vector of the row space is a 0/1 choice of rows. Depth-first over the rows, a branch is cut
  // as soon as some cell can no longer end at 0 or 1 whatever the remaining rows add.
  const low: number[][] = [];
  const high: number[][] = [];
  for (let i = basis.length; i >= 0; i--) {
    low[i] = new Array<number>(width).fill(0);
    high[i] = new Array<number>(width).fill(0);
    if (i === basis.length) continue;
    const row = basis[i] as number[];
    for (let j = 0; j < width; j++) {
      const x = row[j] as number;
      (low[i] as number[])[j] = ((low[i + 1] as number[])[j] as number) + Math.min(0, x);
      (high[i] as number[])[j] = ((high[i + 1] as number[])[j] as number) + Math.max(0, x);
    }
  }
  const v = new Array<number>(width).fill(0);
  const visit = (i: number, any: boolean) => {
    const lo = low[i] as number[];
    const hi = high[i] as number[];
    for (let j = 0; j < width; j++) {
      const x = v[j] as number;
      if (x + (lo[j] as number) > 1 + EPS || x + (hi[j] as number) < -EPS) return;
    }
    if (i === basis.length) {
      if (!any || !v.every((x) => Math.abs(x) < EPS || Math.abs(x - 1) < EPS)) return;
      const members = unknown.filter((_, j) => Math.abs((v[j] as number) - 1) < EPS);
      const size = members.reduce((s, l) => addSizes(s, l.size), EMPTY);
      if (isSensitive(size, threshold)) found.push({ leaves: members, size });
      return;
    }
    visit(i + 1, any);
    const row = basis[i] as number[];
    for (let j = 0; j < width; j++) v[j] = (v[j] as number) + (row[j] as number);
    visit(i + 1, true);
    for (let j = 0; j < width; j++) v[j] = (v[j] as number) - (row[j] as number);
  };
  visit(0, false);
  return found;
}

function reducedRowEchelon(input: number[][], width: number): number[][] {
  const rows = input.map((r) => [...r]);
  const out: number[][] = [];
  let r = 0;
  for (let c = 0; c < width && r < rows.length; c++) {
    let pivot = -1;
    for (let i = r; i < rows.length; i++) {
      if (Math.abs((rows[i] as number[])[c] as number) > EPS) {
        pivot = i;
        break;
      }
    }
    if (pivot < 0) continue;
    [rows[r], rows[pivot]] = [rows[pivot] as number[], rows[r] as number[]];
    const p = rows[r] as number[];
    const f = p[c] as number;
    for (let j = 0; j < width; j++) p[j] = (p[j] as number) / f;
    for (let i = 0; i < rows.length; i++) {
      if (i === r) continue;
      const row = rows[i] as number[];
      const k = row[c] as number;
      if (Math.abs(k) < EPS) continue;
      for (let j = 0; j < width; j++) row[j] = (row[j] as number) - k * (p[j] as number);
    }
    r++;
  }
  for (let i = 0; i < r; i++) out.push(rows[i] as number[]);
  return out;
}
