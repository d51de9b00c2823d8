import type {
  Compare,
  CompareCell,
  CompareColumn,
  Difference,
  FamilyKey,
  FiguresCell,
  InstrumentDefinition,
  Interval,
  MeanCell,
  OverviewFamily,
  ReportItem,
  ReportRound,
  ReportScope,
  ReportSource,
  ScopeReport,
  Translations,
  Trend,
  TrendItem,
  TrendRound,
} from '@gs/schema';
import { GRADE_VALUES, SUPPRESSED } from './figures.ts';
import { type Sample, meanInterval, restOfSample, sampleOfCounts, subtractCounts, welch } from './inference.ts';

type Visible = Exclude<FiguresCell, { suppressed: true }>;

const STATEMENT_VALUES = [1, 2, 3, 4, 5] as const;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

function valuesOf(f: Visible): readonly number[] {
  return 'agreeShare' in f ? STATEMENT_VALUES : GRADE_VALUES;
}

/**
 * The sample behind a visible cell, from its distribution (exact, not the rounded mean); from n,
 * mean and SD for a means-only import, and none when such a file had no SD.
 */
function sampleOf(f: FiguresCell | undefined): Sample | null {
  if (!f || f.suppressed) return null;
  if (f.distribution) return sampleOfCounts(valuesOf(f), f.distribution);
  return f.sd === null ? null : { n: f.n, mean: f.mean, sd: f.sd };
}

/** The part of `whole` outside `part` (e.g. the rest of the region), from two visible cells. */
function restOf(whole: FiguresCell | undefined, part: FiguresCell | undefined): Sample | null {
  if (!whole || whole.suppressed || !part || part.suppressed) return null;
  if (!whole.distribution || !part.distribution) {
    const [w, p] = [sampleOf(whole), sampleOf(part)];
    return w && p ? restOfSample(w, p) : null;
  }
  const rest = subtractCounts(whole.distribution, part.distribution);
  return rest ? sampleOfCounts(valuesOf(whole), rest) : null;
}

/** 95 % interval of a cell's mean; null when hidden or n < 2. */
export function intervalOf(f: FiguresCell | undefined): Interval | null {
  const s = sampleOf(f);
  const i = s && meanInterval(s);
  return i ? { lo: round4(i.lo), hi: round4(i.hi) } : null;
}

/** Welch's test of a minus b as the reports show it; null when either sample has fewer than 2 answers. */
export function differenceOf(a: Sample | null, b: Sample | null): Difference | null {
  if (!a || !b) return null;
  const d = welch(a, b);
  if (!d) return null;
  return {
    diff: round4(d.diff),
    lo: round4(d.lo),
    hi: round4(d.hi),
    p: Math.round(d.p * 1e6) / 1e6,
    significant: d.significant,
    direction: d.significant ? (d.diff > 0 ? 'up' : 'down') : 'none',
  };
}

/** Welch's test of an item's cell against the rest of its parent (none for the region). */
function againstRestOf(item: ReportItem, scope: ReportScope['kind']): Difference | null {
  const parent = scope === 'unit' ? item.municipality : scope === 'region' ? undefined : item.region;
  return parent ? differenceOf(sampleOf(item.figures), restOf(parent, item.figures)) : null;
}

function annotateItem(item: ReportItem, scope: ReportScope['kind']): ReportItem {
  return {
    ...item,
    interval: intervalOf(item.figures),
    changeTest: item.comparable ? differenceOf(sampleOf(item.figures), sampleOf(item.previous)) : null,
    againstRest: againstRestOf(item, scope),
  };
}

/**
 * A report with the uncertainty of every figure: the 95 % interval of each mean, Welch's
 * test of the change since the previous round, and of the scope against the rest of its
 * parent (a municipality or a group against the rest of the region, a unit against the
 * rest of its municipality; never against a total that contains it). Only figures the
 * report already shows enter, so nothing hidden can be inferred from the result.
 */
export function annotateReport(report: ScopeReport): ScopeReport {
  return {
    ...report,
    sections: report.sections.map((s) => ({
      ...s,
      items: s.items.map((i) => annotateItem(i, report.scope.kind)),
    })),
  };
}

/** A cell as a mean with its interval, n and agreeing share; hidden stays hidden. */
export function meanCell(f: FiguresCell | undefined): MeanCell {
  if (!f || f.suppressed) return SUPPRESSED;
  return {
    suppressed: false,
    n: f.n,
    mean: f.mean,
    sd: f.sd,
    agreeShare: 'agreeShare' in f ? f.agreeShare : null,
    interval: intervalOf(f),
  };
}

interface ItemDef {
  key: string;
  type: 'statement' | 'grade';
  text: Translations;
}

/** Sections and their statement and grade items, newest round's order first, then items only older rounds had. */
function itemOrder(defs: readonly InstrumentDefinition[]) {
  const sections: { key: string; title: Translations; items: ItemDef[] }[] = [];
  const seen = new Set<string>();
  for (const def of [...defs].reverse()) {
    for (const s of def.sections) {
      let section = sections.find((x) => x.key === s.key);
      if (!section) {
        section = { key: s.key, title: s.title, items: [] };
        sections.push(section);
      }
      for (const i of s.items) {
        if (i.type === 'open' || seen.has(i.key)) continue;
        seen.add(i.key);
        section.items.push({ key: i.key, type: i.type, text: i.text });
      }
    }
  }
  return sections.filter((s) => s.items.length > 0);
}

/** One round of a trend: what the reader may see of it and the scope's report (null: the scope is not in it). */
export interface TrendRoundInput {
  round: TrendRound;
  def: InstrumentDefinition;
  report: ScopeReport | null;
}

/**
 * Every item of a family across its rounds for one scope: a point per round (hidden
 * where protection hides it), where the line continues or breaks (lineage), and the
 * change since the previous comparable point with Welch's test.
 * `comparable(older, newer, key)` says whether the item compares between two rounds (indexes).
 */
export function buildTrend(args: {
  family: FamilyKey;
  familyNames: Translations;
  scope: ReportScope;
  group: Trend['group'];
  threshold: number;
  rounds: readonly TrendRoundInput[];
  comparable: (older: number, newer: number, key: string) => boolean;
  groups: Trend['groups'];
  municipalities: Trend['municipalities'];
}): Trend {
  const figures = args.rounds.map(
    (r) => new Map(r.report?.sections.flatMap((s) => s.items.map((i) => [i.key, i.figures])) ?? []),
  );
  const asked = args.rounds.map((r) => new Set(r.def.sections.flatMap((s) => s.items.map((i) => i.key))));
  const sections = itemOrder(args.rounds.map((r) => r.def)).map((s) => ({
    key: s.key,
    title: s.title,
    items: s.items.map((item): TrendItem => {
      const points = args.rounds.map((r, i) =>
        r.report && asked[i]?.has(item.key) ? meanCell(figures[i]?.get(item.key)) : null,
      );
      const links: TrendItem['links'] = [];
      const changes: TrendItem['changes'] = [];
      let last = -1;
      points.forEach((p, i) => {
        if (p === null) {
          links.push(null);
          changes.push(null);
          return;
        }
        const link =
          last < 0 ? 'start' : last !== i - 1 ? 'gap' : args.comparable(last, i, item.key) ? 'same' : 'changed';
        links.push(link);
        changes.push(
          link === 'same'
            ? differenceOf(sampleOf(figures[i]?.get(item.key)), sampleOf(figures[last]?.get(item.key)))
            : null,
        );
        last = i;
      });
      return { ...item, points, links, changes };
    }),
  }));
  return {
    family: args.family,
    familyNames: args.familyNames,
    scope: args.scope,
    group: args.group,
    threshold: args.threshold,
    rounds: args.rounds.map((r) => r.round),
    sections,
    groups: args.groups,
    municipalities: args.municipalities,
  };
}

function compareCell(f: FiguresCell | undefined, againstRest: Difference | null | undefined): CompareCell {
  const c = meanCell(f);
  return c.suppressed ? c : { ...c, againstRest: againstRest ?? null };
}

function columnOf(report: ScopeReport, kind: CompareColumn['kind']): CompareColumn {
  return {
    scope: report.scope.key,
    kind,
    code: kind === 'region' ? null : report.scope.code,
    names: report.scope.names,
    responses: report.headline.responses,
  };
}

/**
 * One round side by side: a row per item, a column per municipality (or per unit of one
 * municipality) after the region (and the municipality), each cell the mean with its
 * interval and its test against the rest of the parent. Built from already protected
 * reports (published or live), so a hidden cell stays hidden.
 */
export function buildCompare(args: {
  round: ReportRound;
  source: ReportSource;
  threshold: number;
  group: Compare['group'];
  groups: Compare['groups'];
  /** The region (or group) report for municipalities; the municipality report for units. */
  reference: ScopeReport;
  /** Municipality or unit reports, in column order. */
  children: readonly ScopeReport[];
  level: Compare['level'];
}): Compare {
  // Only the intervals and the tests against the rest are shown here, not the change since the previous round.
  const ref = args.reference;
  const children = args.children;
  const byKey = children.map((r) => new Map(r.sections.flatMap((s) => s.items.map((i) => [i.key, i]))));
  const units = args.level === 'units';
  // A municipality report carries the region's item figures but not its response count.
  const regionColumn: CompareColumn = units
    ? { scope: 'region', kind: 'region', code: null, names: REGION_NAMES, responses: null }
    : columnOf(ref, 'region');
  const columns = [
    regionColumn,
    ...(units ? [columnOf(ref, 'municipality')] : []),
    ...children.map((r) => columnOf(r, units ? 'unit' : 'municipality')),
  ];
  return {
    round: args.round,
    source: args.source,
    threshold: args.threshold,
    level: args.level,
    group: args.group,
    parent: units ? { code: ref.scope.code ?? '', names: ref.scope.names } : null,
    columns,
    sections: ref.sections.map((s) => ({
      key: s.key,
      title: s.title,
      items: s.items.map((i) => ({
        key: i.key,
        type: i.type,
        text: i.text,
        cells: [
          ...(units ? [compareCell(i.region, null), compareCell(i.figures, null)] : [compareCell(i.figures, null)]),
          ...byKey.map((m, k) => {
            const c = m.get(i.key);
            return compareCell(c?.figures, c && againstRestOf(c, (children[k] as ScopeReport).scope.kind));
          }),
        ],
      })),
    })),
    groups: args.groups,
  };
}

const REGION_NAMES: Translations = { fi: 'Koko alue', sv: 'Hela regionen', en: 'Whole region' };

/**
 * What a steering member sees first for a family's latest round: the region's items
 * whose change since the previous round is larger than chance (largest first), and the
 * municipalities furthest from the rest of the region (most items clearly above or below).
 */
export function buildOverviewFamily(args: {
  family: FamilyKey;
  familyNames: Translations;
  round: OverviewFamily['round'];
  previous: OverviewFamily['previous'];
  region: ScopeReport;
  municipalities: readonly ScopeReport[];
  limit?: number;
}): OverviewFamily {
  const limit = args.limit ?? 6;
  const region = annotateReport(args.region);
  const moved = region.sections
    .flatMap((s) =>
      s.items.flatMap((i) =>
        i.changeTest?.significant && !i.figures.suppressed && i.previous && !i.previous.suppressed
          ? [
              {
                key: i.key,
                section: s.title,
                text: i.text,
                before: i.previous.mean,
                now: i.figures.mean,
                change: i.changeTest,
              },
            ]
          : [],
      ),
    )
    .sort((a, b) => Math.abs(b.change.diff) - Math.abs(a.change.diff))
    .slice(0, limit);
  const distant = args.municipalities
    .map((report) => {
      const items = annotateReport(report).sections.flatMap((s) => s.items);
      const tested = items.filter((i) => i.againstRest);
      const clear = tested.filter((i) => i.againstRest?.significant);
      const largest = [...clear].sort(
        (a, b) => Math.abs(b.againstRest?.diff ?? 0) - Math.abs(a.againstRest?.diff ?? 0),
      )[0];
      return {
        code: report.scope.code ?? '',
        names: report.scope.names,
        above: clear.filter((i) => i.againstRest?.direction === 'up').length,
        below: clear.filter((i) => i.againstRest?.direction === 'down').length,
        compared: tested.length,
        gap: clear.length
          ? round4(clear.reduce((s, i) => s + Math.abs(i.againstRest?.diff ?? 0), 0) / clear.length)
          : 0,
        largest: largest ? { key: largest.key, text: largest.text, diff: largest.againstRest?.diff ?? 0 } : null,
      };
    })
    .filter((m) => m.above + m.below > 0)
    .sort((a, b) => b.above + b.below - (a.above + a.below) || b.gap - a.gap)
    .slice(0, limit);
  return {
    family: args.family,
    familyNames: args.familyNames,
    round: args.round,
    previous: args.previous,
    moved,
    distant,
  };
}
