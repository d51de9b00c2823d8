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
export function findDisclosures(leaves: readonly Leaf[], shown: ShownCells, threshold: number): Disclosure[] {
  const unknown = leaves.filter((l) => l.size.answers > 0);
  const sets: ((l: Leaf) => boolean)[] = [];
  if (shown.region) sets.push(() => true);
  for (const m of shown.municipalities) sets.push((l) => l.municipality === m);
  for (const u of shown.units) sets.push((l) => l.unit === u);
  for (const g of shown.groups) sets.push((l) => l.group === g);
  for (const m of shown.municipalityGroups ?? []) {
    for (const g of shown.groups) sets.push((l) => l.municipality === m && l.group === g);
  }
  const rows = sets.map((inSet) => unknown.map((l) => (inSet(l) ? 1 : 0) as number));
  const basis = reducedRowEchelon(rows, unknown.length);
  if (basis.length > 22) throw new Error(`table too large to audit exhaustively (rank ${basis.length})`);
  const found: Disclosure[] = [];
  const v = new Array<number>(unknown.length).fill(0);
  // Gray code: each step adds or removes one basis row, so every 0/1 combination is visited once.
  let previous = 0;
  for (let i = 1; i < 1 << basis.length; i++) {
    const gray = i ^ (i >> 1);
    const bit = 31 - Math.clz32(gray ^ previous);
    const sign = gray & (1 << bit) ? 1 : -1;
    const row = basis[bit] as number[];
    for (let j = 0; j < v.length; j++) v[j] = (v[j] as number) + sign * (row[j] as number);
    previous = gray;
    if (!v.every((x) => Math.abs(x) < EPS || Math.abs(x - 1) < EPS)) continue;
    const members = unknown.filter((_, j) => Math.abs((v[j] as number) - 1) < EPS);
    const size = members.reduce((s, l) => addSizes(s, l.size), EMPTY);
    if (isSensitive(size, threshold)) found.push({ leaves: members, size });
  }
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
