import type { FiguresCell, GradeCell, ReportItem, ScopeReport } from '@gs/schema';
import { SUPPRESSED } from './figures.ts';
import { pooledSample } from './inference.ts';

/**
 * A round imported from a file with only means and n (history import, issue 9): the figures a file
 * gives per municipality (and optionally unit) and item. Small-group protection is decided as for
 * any round, on the answer counts n (the import stores them as the round's sizes); this module only
 * fills the cells protection left visible with the means, SDs and n, the region's and each
 * municipality's pooled from the rows they contain. n, Σx and Σx² add up over the same cells as value
 * counts do, so the pattern that keeps every hidden count underivable keeps these underivable too.
 */
export interface ImportedMeanRow {
  municipalityCode: string;
  unitId: number | null;
  itemKey: string;
  n: number;
  mean: number;
  sd: number | null;
}

export interface Moments {
  n: number;
  mean: number;
  sd: number | null;
}

/** Pooled moments per scope key ('region', 'municipality:<code>', 'unit:<id>') and item. */
export type ImportedMeans = ReadonlyMap<string, ReadonlyMap<string, Moments>>;

/**
 * A municipality's row is its total (units included, as in a counts file); without one, its units'
 * rows pooled. The region pools the municipalities.
 */
export function importedMeansByScope(rows: readonly ImportedMeanRow[]): ImportedMeans {
  const out = new Map<string, Map<string, Moments>>();
  const set = (scope: string, itemKey: string, m: Moments) => {
    const byItem = out.get(scope) ?? new Map<string, Moments>();
    out.set(scope, byItem);
    byItem.set(itemKey, m);
  };
  const kept = rows.filter((r) => r.n > 0);
  const municipal = new Map<string, { total?: Moments; units: Moments[] }>();
  for (const r of kept) {
    const m = { n: r.n, mean: r.mean, sd: r.sd };
    const k = `${r.municipalityCode}/${r.itemKey}`;
    const cur = municipal.get(k) ?? { units: [] };
    municipal.set(k, cur);
    if (r.unitId === null) cur.total = m;
    else {
      cur.units.push(m);
      set(`unit:${r.unitId}`, r.itemKey, m);
    }
  }
  const region = new Map<string, Moments[]>();
  for (const [k, { total, units }] of municipal) {
    const [code, itemKey] = k.split('/') as [string, string];
    const m = total ?? pooledSample(units);
    set(`municipality:${code}`, itemKey, m);
    region.set(itemKey, [...(region.get(itemKey) ?? []), m]);
  }
  for (const [itemKey, parts] of region) set('region', itemKey, pooledSample(parts));
  return out;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const PLAIN_SCOPE = /^(region|municipality:\d{3}|unit:\d+)$/;

function filled(cell: FiguresCell | undefined, type: 'statement' | 'grade', m: Moments | undefined) {
  if (!cell || cell.suppressed) return cell;
  if (!m) return SUPPRESSED;
  const common = { suppressed: false as const, n: m.n, mean: round4(m.mean), sd: m.sd === null ? null : round4(m.sd) };
  return type === 'grade'
    ? { ...common, distribution: null }
    : { ...common, answers: m.n, cantSay: 0, distribution: null, agreeShare: null };
}

/**
 * The report of one stored scope of a means-only round with its visible cells filled from the file.
 * Views the file cannot break down (groups, unit kinds and providers, answer languages) hide every
 * figure: the file has no such split.
 */
export function withImportedMeans(report: ScopeReport, scopeKey: string, means: ImportedMeans): ScopeReport {
  const plain = PLAIN_SCOPE.test(scopeKey);
  const of = (scope: string | null, itemKey: string | undefined) =>
    plain && scope && itemKey ? means.get(scope)?.get(itemKey) : undefined;
  const parent = report.scope.parent ? `municipality:${report.scope.parent.code}` : null;
  const gradeKey = report.sections.flatMap((s) => s.items).find((i) => i.type === 'grade')?.key;
  const grade = (cell: GradeCell, scope: string | null) => filled(cell, 'grade', of(scope, gradeKey)) as GradeCell;
  const item = (i: ReportItem): ReportItem => {
    const figures = filled(i.figures, i.type, of(scopeKey, i.key)) as FiguresCell;
    const previous = i.previous;
    return {
      ...i,
      figures,
      ...(i.region ? { region: filled(i.region, i.type, of('region', i.key)) } : {}),
      ...(i.municipality ? { municipality: filled(i.municipality, i.type, of(parent, i.key)) } : {}),
      change: !figures.suppressed && previous && !previous.suppressed ? round4(figures.mean - previous.mean) : null,
    };
  };
  return {
    ...report,
    headline: { ...report.headline, grade: grade(report.headline.grade, scopeKey) },
    sections: report.sections.map((s) => ({ ...s, items: s.items.map(item) })),
    children: report.children.map((c) => ({ ...c, grade: grade(c.grade, c.scope) })),
    groups: report.groups.map((g) => ({ ...g, grade: grade(g.grade, null) })),
  };
}

/** What an imported file covers: the items it has any answers for, and whether it breaks down by unit. */
export interface ImportedShape {
  items: ReadonlySet<string>;
  units: boolean;
}

/**
 * The report of an imported round without what its file never had: statements no row maps to (not
 * "fewer than 5 answers" but absent, as in the file), and the unit list when the file has no units.
 * Both follow from the file's columns and mapping, the same for every scope, so leaving them out
 * tells nothing about any group's size.
 */
export function trimImportedReport(report: ScopeReport, shape: ImportedShape): ScopeReport {
  return {
    ...report,
    sections: report.sections
      .map((s) => ({ ...s, items: s.items.filter((i) => shape.items.has(i.key)) }))
      .filter((s) => s.items.length > 0),
    children: shape.units || report.scope.kind !== 'municipality' ? report.children : [],
    childrenWithheld: shape.units ? report.childrenWithheld : false,
  };
}
