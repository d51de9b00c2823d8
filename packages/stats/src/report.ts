import type {
  CountCell,
  FiguresCell,
  GradeCell,
  InstrumentDefinition,
  ReportChild,
  ReportGroup,
  ReportItem,
  ReportRound,
  ReportScope,
  ReportSection,
  ReportSource,
  ScopeReport,
  Translations,
} from '@gs/schema';
import { SUPPRESSED, cell, countFigures, gradeFigures, statementFigures } from './figures.ts';
import { type GroupSizes, type Size, addGroupSize, entry, isPublishable, mergeGroups, totalOf } from './size.ts';
import { REGION_SPLIT, type FilterMeasure, classSplits } from './filters.ts';
import { type CellMeasure, type FineSplit, cellKey, fineSplits } from './fine-filters.ts';
import {
  exposedMunicipalities,
  jointly,
  regionVisible,
  visibleGroups,
  visibleMunicipalities,
  visibleUnits,
} from './suppression.ts';

/** The measure "responses" next to the items' answers. */
export const RESPONSES = '@responses';

export interface Place {
  id: number;
  code: string;
  names: Translations;
}

export interface UnitPlace extends Place {
  municipalityId: number;
  /** Unit kind and provider, for filters (loaded with every municipality's units). */
  kind?: string;
  provider?: string;
}

/** Value counts summed over a municipality's units of one kind and provider (filters by unit kind and provider). */
export interface ClassCountRow {
  municipalityId: number;
  kind: string;
  provider: string;
  itemKey: string;
  value: number;
  n: number;
}

/** A filter by unit kind and provider; an absent field does not filter. */
export interface UnitFilter {
  kind?: string;
  provider?: string;
}

/** A filter by answer language, or by group together with unit kind or provider (rule 8, finer filters). */
export interface FineFilter extends UnitFilter {
  group?: string;
  language?: string;
}

/** Value counts (or, without item and value, responses) of one municipality, unit, group and answer language. */
export interface CellRow {
  municipalityId: number;
  unitId: number | null;
  groupKey: string | null;
  language: string;
  itemKey: string;
  value: number;
  n: number;
}

/** Answers per municipality, group and item, summed over values: what suppression decides on. */
export interface SizeRow {
  municipalityId: number;
  groupKey: string | null;
  itemKey: string;
  answers: number;
  valid: number;
}

/** Answers per municipality and item, all groups together. */
export interface TotalRow {
  municipalityId: number;
  itemKey: string;
  answers: number;
  valid: number;
}

export interface UnitSizeRow {
  unitId: number | null;
  groupKey: string | null;
  itemKey: string;
  answers: number;
  valid: number;
}

/** Answers of one value of one item; `scope` is a group key (region), a municipality id or a unit id. */
export interface CountRow<K> {
  scope: K;
  itemKey: string;
  value: number;
  n: number;
}

export interface ResponseRow {
  municipalityId: number;
  unitId: number | null;
  groupKey: string | null;
  n: number;
}

export interface BaseRow {
  municipalityId: number;
  unitId: number | null;
  groupKey: string;
  enrolled: number;
}

export interface RoundInput {
  threshold: number;
  round: ReportRound;
  def: InstrumentDefinition;
  source: ReportSource;
  municipalities: readonly Place[];
  /** Items that compare with the previous round of the family. */
  comparable: ReadonlySet<string>;
  /** Sizes of every municipality of the round by group, for the items in `groupedItems`. */
  sizes: readonly SizeRow[];
  /** Items whose sizes by group were loaded ('all': every item); group-level protection needs them. */
  groupedItems: ReadonlySet<string> | 'all';
  /** Sizes of every municipality without groups, for items not in `groupedItems`. */
  totals?: readonly TotalRow[];
  /** The region's value counts per group (scope: group key, null for none). */
  regionCounts: readonly CountRow<string | null>[];
  /** Value counts of municipalities to show (scope: municipality id). */
  municipalityCounts: readonly CountRow<number>[];
  responses: readonly ResponseRow[];
  base: readonly BaseRow[];
  /** Value counts of municipalities by group (scope: municipality id), for reports filtered by group. */
  municipalityGroupCounts?: readonly (CountRow<number> & { groupKey: string | null })[];
  /** Every municipality's units: a municipality may be shown by group only when its units stay protected. */
  allUnits?: readonly UnitInput[];
  /** Value counts by municipality, unit kind and provider, for views filtered by kind or provider. */
  classCounts?: readonly ClassCountRow[];
  /** Value counts and responses per municipality, unit, group and answer language (finer filters). */
  cells?: { answers: readonly CellRow[]; responses: readonly Omit<CellRow, 'itemKey' | 'value'>[] };
}

/** One municipality's units: their sizes by group, value counts, and the units to list. */
export interface UnitInput {
  municipalityId: number;
  units: readonly UnitPlace[];
  sizes: readonly UnitSizeRow[];
  /** Value counts per unit (scope: unit id). */
  counts: readonly CountRow<number>[];
}

const REGION_NAMES: Translations = { fi: 'Koko alue', sv: 'Hela regionen', en: 'Whole region' };

/** Value counts per item, for each scope of the rows. */
function countsByScope<K>(rows: readonly CountRow<K>[]): Map<K, Map<string, number[]>> {
  const out = new Map<K, Map<string, number[]>>();
  for (const r of rows) {
    const counts = entry(
      entry(out, r.scope, () => new Map<string, number[]>()),
      r.itemKey,
      (): number[] => [],
    );
    counts[r.value] = (counts[r.value] ?? 0) + r.n;
  }
  return out;
}

function figuresOf(type: 'statement' | 'grade', counts: readonly number[] | undefined): FiguresCell {
  return type === 'grade' ? gradeFigures(counts ?? []) : statementFigures(counts ?? []);
}

const rate = (responses: CountCell, enrolled: number | null) =>
  !responses.suppressed && enrolled ? Math.round((responses.n / enrolled) * 10_000) / 10_000 : null;

/**
 * Every figure of a round that reports may show, with small-group protection
 * applied per measure (each item, and the response count): which region,
 * municipality, group and unit cells are visible. Pure; build it once per request.
 */
export class RoundReportBuilder {
  readonly items: { key: string; type: 'statement' | 'grade'; text: Translations; section: string }[];
  readonly gradeKey: string | undefined;
  readonly groupKeys: string[];
  private readonly sizes = new Map<string, Map<number, Map<string | null, Size>>>();
  private readonly municipalityLevel = new Map<
    string,
    { region: boolean; municipalities: Set<number>; groups?: Set<string> }
  >();
  private readonly regionCounts: Map<string | null, Map<string, number[]>>;
  private readonly unitLevels = new WeakMap<UnitInput, UnitLevel>();
  // Keyed by the sizes array: unit inputs that share it (with or without value counts) share the protection.
  private readonly unitProtections = new WeakMap<readonly UnitSizeRow[], UnitProtection>();
  private readonly totals = new Map<string, Map<number, Size>>();
  private readonly municipalityCountsOf: Map<number, Map<string, number[]>>;
  private readonly exposed = new Map<string, Set<number>>();
  private readonly hiddenOf = new Map<string, GroupSizes>();
  private byUnit?: Map<number, { responses: number; enrolled: number | null }>;
  // Municipalities visible per measure, protected across measures together (`jointly`).
  private jointMunicipalities?: Map<string, Set<number>>;
  private groupCounts?: Map<string, Map<number, Map<string, number[]>>>;
  private splits?: Map<string, Set<number>>;
  private unitClass?: Map<number, string>;
  private fine?: FineSplit;
  private fineIndex?: FineBlock[];
  /** Per filter suffix: the units of that kind and provider, the region's class sums, its finer sums. */
  private readonly classMembers = new Map<string, Set<number>>();
  private readonly classRegionCounts = new Map<string, Map<string, number[]>>();
  private readonly fineRegionSums = new Map<string, { counts: Map<string, number[]>; responses: number }>();

  constructor(readonly input: RoundInput) {
    this.items = input.def.sections.flatMap((s) =>
      s.items.flatMap((i) => (i.type === 'open' ? [] : [{ key: i.key, type: i.type, text: i.text, section: s.key }])),
    );
    this.gradeKey = this.items.find((i) => i.type === 'grade')?.key;
    this.groupKeys = input.def.group.options.map((o) => o.key);
    for (const r of input.sizes) {
      const byMunicipality = entry(this.sizes, r.itemKey, () => new Map<number, Map<string | null, Size>>());
      addGroupSize(byMunicipality, r.municipalityId, r.groupKey, { answers: r.answers, valid: r.valid });
    }
    for (const r of input.totals ?? []) {
      entry(this.totals, r.itemKey, () => new Map<number, Size>()).set(r.municipalityId, {
        answers: r.answers,
        valid: r.valid,
      });
    }
    const responses = new Map<number, Map<string | null, Size>>();
    for (const r of input.responses)
      addGroupSize(responses, r.municipalityId, r.groupKey, { answers: r.n, valid: r.n });
    this.sizes.set(RESPONSES, responses);
    this.regionCounts = countsByScope(input.regionCounts);
    this.municipalityCountsOf = countsByScope(input.municipalityCounts);
  }

  private grouped(measure: string): boolean {
    const g = this.input.groupedItems;
    return measure === RESPONSES || g === 'all' || g.has(measure);
  }

  /** A measure's size per municipality, all groups together. */
  private totalsOf(measure: string): Map<number, Size> {
    if (!this.grouped(measure)) return this.totals.get(measure) ?? new Map<number, Size>();
    const cells = this.sizes.get(measure) ?? new Map<number, Map<string | null, Size>>();
    return new Map([...cells].map(([m, g]): [number, Size] => [m, totalOf(g)]));
  }

  private level(measure: string, withGroups: boolean) {
    let level = this.municipalityLevel.get(measure);
    const cells = this.sizes.get(measure) ?? new Map<number, Map<string | null, Size>>();
    const t = this.input.threshold;
    if (withGroups && !this.grouped(measure)) throw new Error(`sizes by group were not loaded for ${measure}`);
    if (!level) {
      const totals = this.totalsOf(measure);
      this.jointMunicipalities ??= jointly<number>(
        [...new Set([...this.sizes.keys(), ...this.totals.keys()])],
        (m, forced) => visibleMunicipalities(this.totalsOf(m), t, forced),
        (m) => [...this.totalsOf(m)].filter(([, s]) => isPublishable(s, t)).map(([id]) => id),
      );
      level = {
        region: regionVisible(totals, t),
        municipalities: this.jointMunicipalities.get(measure) ?? visibleMunicipalities(totals, t),
      };
      this.municipalityLevel.set(measure, level);
    }
    if (withGroups && !level.groups) level.groups = visibleGroups(cells, level.municipalities, this.groupKeys, t);
    return level;
  }

  /** Counts of the region, or of one group of it, for one item. */
  private regionItemCounts(itemKey: string, group: string | null | undefined): number[] {
    if (group !== undefined) return this.regionCounts.get(group)?.get(itemKey) ?? [];
    const out: number[] = [];
    for (const byItem of this.regionCounts.values()) {
      (byItem.get(itemKey) ?? []).forEach((n, v) => {
        out[v] = (out[v] ?? 0) + (n ?? 0);
      });
    }
    return out;
  }

  private regionCell(item: { key: string; type: 'statement' | 'grade' }, group?: string): FiguresCell {
    const level = this.level(item.key, group !== undefined);
    const visible = group === undefined ? level.region : (level.groups?.has(group) ?? false);
    return cell(visible, () => figuresOf(item.type, this.regionItemCounts(item.key, group)));
  }

  /** The enrolment of the rows `pick` takes (of one municipality's rows when `municipalityId` is given). */
  private enrolled(pick: (b: BaseRow) => boolean, municipalityId: number | null = null): number | null {
    const rows = rowsOf(this.input.base, municipalityId).filter(pick);
    return rows.length ? rows.reduce((s, b) => s + b.enrolled, 0) : null;
  }

  private responseTotal(pick: (r: ResponseRow) => boolean, municipalityId: number | null = null) {
    return rowsOf(this.input.responses, municipalityId)
      .filter(pick)
      .reduce((s, r) => s + r.n, 0);
  }

  private gradeCell(visible: boolean, counts: readonly number[] | undefined): GradeCell {
    if (!this.gradeKey) return SUPPRESSED;
    return cell(visible, () => gradeFigures(counts ?? []));
  }

  private sections(
    figures: (item: { key: string; type: 'statement' | 'grade' }) => Partial<ReportItem> & {
      figures: FiguresCell;
    },
    previous: ScopeReport | null,
  ): ReportSection[] {
    const before = new Map(previous?.sections.flatMap((s) => s.items.map((i) => [i.key, i.figures])) ?? []);
    return this.input.def.sections
      .map((s) => ({
        key: s.key,
        title: s.title,
        items: this.items
          .filter((i) => i.section === s.key)
          .map((i): ReportItem => {
            const own = figures(i);
            const comparable = previous !== null && this.input.comparable.has(i.key) && before.has(i.key);
            const then = comparable ? before.get(i.key) : undefined;
            const change =
              then && !then.suppressed && !own.figures.suppressed
                ? Math.round((own.figures.mean - then.mean) * 10_000) / 10_000
                : null;
            return {
              key: i.key,
              type: i.type,
              text: i.text,
              ...own,
              comparable,
              ...(then ? { previous: then } : {}),
              change,
            };
          }),
      }))
      .filter((s) => s.items.length > 0);
  }

  private report(
    scope: ReportScope,
    headline: Omit<ScopeReport['headline'], 'previous'>,
    sections: ReportSection[],
    rest: Pick<ScopeReport, 'children' | 'childrenWithheld' | 'groups' | 'group'>,
    previous: ScopeReport | null,
  ): ScopeReport {
    return {
      round: this.input.round,
      scope,
      source: this.input.source,
      threshold: this.input.threshold,
      headline: {
        ...headline,
        previous:
          previous && this.input.round.previous
            ? {
                year: this.input.round.previous.year,
                responses: previous.headline.responses,
                responseRate: previous.headline.responseRate,
                grade: previous.headline.grade,
              }
            : null,
      },
      sections,
      ...rest,
    };
  }

  private groupLines(): ReportGroup[] {
    const responses = this.level(RESPONSES, true);
    const grade = this.gradeKey ? this.level(this.gradeKey, true) : undefined;
    return this.input.def.group.options.map((o) => {
      const n = this.responseTotal((r) => r.groupKey === o.key);
      const responsesCell = cell(responses.groups?.has(o.key) ?? false, () => countFigures(n));
      const enrolled = this.enrolled((b) => b.groupKey === o.key);
      return {
        key: o.key,
        label: o.label,
        responses: responsesCell,
        enrolled,
        responseRate: rate(responsesCell, enrolled),
        grade: this.gradeCell(
          grade?.groups?.has(o.key) ?? false,
          this.gradeKey ? this.regionItemCounts(this.gradeKey, o.key) : undefined,
        ),
      };
    });
  }

  /** The region, or with `group` the region filtered to one age group or grade band. */
  region(opts: { group?: string; previous?: ScopeReport | null } = {}): ScopeReport {
    const previous = opts.previous ?? null;
    const group = opts.group;
    const option = group === undefined ? undefined : this.input.def.group.options.find((o) => o.key === group);
    const responsesLevel = this.level(RESPONSES, group !== undefined);
    const n = this.responseTotal((r) => group === undefined || r.groupKey === group);
    const responses = cell(
      group === undefined ? responsesLevel.region : (responsesLevel.groups?.has(group) ?? false),
      () => countFigures(n),
    );
    const enrolled = this.enrolled((b) => group === undefined || b.groupKey === group);
    const sections = this.sections(
      (item) => ({
        figures: this.regionCell(item, group),
        ...(group !== undefined ? { region: this.regionCell(item) } : {}),
      }),
      previous,
    );
    const gradeItem = this.items.find((i) => i.key === this.gradeKey);
    const children =
      group === undefined
        ? [...this.input.municipalities]
            .sort((a, b) => a.names.fi.localeCompare(b.names.fi, 'fi'))
            .map((m) => this.municipalityLine(m))
        : [];
    return this.report(
      {
        kind: group === undefined ? 'region' : 'group',
        key: group === undefined ? 'region' : `group:${group}`,
        code: group ?? null,
        names: option?.label ?? REGION_NAMES,
        parent: null,
      },
      {
        responses,
        enrolled,
        responseRate: rate(responses, enrolled),
        grade: gradeItem ? (this.regionCell(gradeItem, group) as GradeCell) : SUPPRESSED,
      },
      sections,
      {
        children,
        childrenWithheld: false,
        groups: this.groupLines(),
        group: option ? { key: option.key, label: option.label } : null,
      },
      previous,
    );
  }

  private municipalityLine(m: Place): ReportChild {
    const responses = cell(this.level(RESPONSES, false).municipalities.has(m.id), () =>
      countFigures(this.responseTotal((r) => r.municipalityId === m.id, m.id)),
    );
    const enrolled = this.enrolled((b) => b.municipalityId === m.id, m.id);
    const grade = this.gradeKey
      ? this.gradeCell(
          this.level(this.gradeKey, false).municipalities.has(m.id),
          this.countsOfMunicipality(m.id).get(this.gradeKey),
        )
      : SUPPRESSED;
    return {
      scope: `municipality:${m.code}`,
      kind: 'municipality',
      code: m.code,
      names: m.names,
      responses,
      enrolled,
      responseRate: rate(responses, enrolled),
      grade,
    };
  }

  /** The region's groups whose figures of a measure are visible (units are protected against them). */
  visibleGroupsOf(measure: string): ReadonlySet<string> {
    return this.level(measure, true).groups ?? new Set();
  }

  /** The region's hidden municipalities of a measure, summed by group. */
  hiddenMunicipalitiesOf(measure: string): GroupSizes {
    return entry(this.hiddenOf, measure, () => {
      const visible = this.level(measure, false).municipalities;
      return mergeGroups([...(this.sizes.get(measure) ?? [])].filter(([m]) => !visible.has(m)).map(([, g]) => g));
    });
  }

  /** The region's other visible municipalities of a measure by group (units are protected against them too). */
  otherMunicipalitiesOf(measure: string, municipalityId: number): GroupSizes[] {
    const visible = this.level(measure, false).municipalities;
    return [...(this.sizes.get(measure) ?? [])]
      .filter(([m]) => m !== municipalityId && visible.has(m))
      .map(([, g]) => g);
  }

  /** Responses and enrolment of one unit (indexed once: a snapshot lists thousands of units). */
  unitTotals(unitId: number): { responses: number; enrolled: number | null } {
    if (!this.byUnit) {
      this.byUnit = new Map();
      for (const r of this.input.responses) {
        if (r.unitId === null) continue;
        const t = entry(this.byUnit, r.unitId, () => ({ responses: 0, enrolled: null as number | null }));
        t.responses += r.n;
      }
      for (const b of this.input.base) {
        if (b.unitId === null) continue;
        const t = entry(this.byUnit, b.unitId, () => ({ responses: 0, enrolled: null as number | null }));
        t.enrolled = (t.enrolled ?? 0) + b.enrolled;
      }
    }
    return this.byUnit.get(unitId) ?? { responses: 0, enrolled: null };
  }

  private unitProtection(units: UnitInput): UnitProtection {
    return entry(this.unitProtections, units.sizes, () => new UnitProtection(this, units.municipalityId, units.sizes));
  }

  private unitLevel(units: UnitInput): UnitLevel {
    return entry(this.unitLevels, units, () => new UnitLevel(this, units, this.unitProtection(units)));
  }

  private countsOfMunicipality(id: number): Map<string, number[]> {
    return this.municipalityCountsOf.get(id) ?? new Map();
  }

  /** Whether a municipality's figures of a measure are visible (decides whether its units may be). */
  municipalityVisible(measure: string, municipalityId: number): boolean {
    return this.level(measure, false).municipalities.has(municipalityId);
  }

  /**
   * The municipalities whose figures of a measure may also be shown split by group
   * (`exposedMunicipalities`); needs `allUnits` and `municipalityGroupCounts` in the input.
   */
  municipalitiesByGroup(measure: string): ReadonlySet<number> {
    let exposed = this.exposed.get(measure);
    if (!exposed) {
      const all = this.input.allUnits;
      if (!all) throw new Error("every municipality's units are needed for figures by group");
      const byMunicipality = new Map(all.map((u) => [u.municipalityId, u]));
      const level = this.level(measure, true);
      exposed = exposedMunicipalities(
        this.sizes.get(measure) ?? new Map(),
        level.municipalities,
        level.groups ?? new Set(),
        (m) => {
          const units = byMunicipality.get(m);
          return units
            ? this.unitProtection(units).of(measure)
            : { cells: new Map<number | null, GroupSizes>(), visible: new Set<number>() };
        },
        this.input.threshold,
      );
      this.exposed.set(measure, exposed);
    }
    return exposed;
  }

  private countsOfMunicipalityGroup(id: number, group: string): Map<string, number[]> {
    if (!this.groupCounts) {
      this.groupCounts = new Map();
      for (const r of this.input.municipalityGroupCounts ?? []) {
        if (r.groupKey === null) continue;
        const byItem = entry(
          entry(this.groupCounts, r.groupKey, () => new Map<number, Map<string, number[]>>()),
          r.scope,
          () => new Map<string, number[]>(),
        );
        const counts = entry(byItem, r.itemKey, (): number[] => []);
        counts[r.value] = (counts[r.value] ?? 0) + r.n;
      }
    }
    return this.groupCounts.get(group)?.get(id) ?? new Map();
  }

  private municipalityGroupVisible(measure: string, municipalityId: number, group: string): boolean {
    return this.visibleGroupsOf(measure).has(group) && this.municipalitiesByGroup(measure).has(municipalityId);
  }

  /**
   * One municipality against the region, and its units when `units` is given
   * (only for readers who may see them; otherwise the list is withheld). With
   * `group`, the municipality's answers of one age group or grade band against the
   * region's same group; such a report lists no units.
   */
  municipality(
    municipalityId: number,
    opts: { units?: UnitInput; hasUnits?: boolean; previous?: ScopeReport | null; group?: string } = {},
  ): ScopeReport {
    const m = this.input.municipalities.find((x) => x.id === municipalityId);
    if (!m) throw new Error(`municipality ${municipalityId} is not in the round`);
    const previous = opts.previous ?? null;
    const group = opts.group;
    if (group !== undefined) {
      const option = this.input.def.group.options.find((o) => o.key === group);
      if (!option) throw new Error(`no group ${group} in the round`);
      const counts = this.countsOfMunicipalityGroup(municipalityId, group);
      const responses = cell(this.municipalityGroupVisible(RESPONSES, municipalityId, group), () =>
        countFigures(
          this.responseTotal((r) => r.municipalityId === municipalityId && r.groupKey === group, municipalityId),
        ),
      );
      const enrolled = this.enrolled(
        (b) => b.municipalityId === municipalityId && b.groupKey === group,
        municipalityId,
      );
      const gradeItem = this.items.find((i) => i.key === this.gradeKey);
      return this.report(
        {
          kind: 'municipality',
          key: `municipality:${m.code}/group:${group}`,
          code: m.code,
          names: m.names,
          parent: null,
        },
        {
          responses,
          enrolled,
          responseRate: rate(responses, enrolled),
          grade: gradeItem
            ? this.gradeCell(
                this.municipalityGroupVisible(gradeItem.key, municipalityId, group),
                counts.get(gradeItem.key),
              )
            : SUPPRESSED,
        },
        this.sections(
          (item) => ({
            figures: cell(this.municipalityGroupVisible(item.key, municipalityId, group), () =>
              figuresOf(item.type, counts.get(item.key)),
            ),
            region: this.regionCell(item, group),
          }),
          previous,
        ),
        { children: [], childrenWithheld: false, groups: [], group: { key: option.key, label: option.label } },
        previous,
      );
    }
    const counts = this.countsOfMunicipality(municipalityId);
    const line = this.municipalityLine(m);
    const sections = this.sections(
      (item) => ({
        figures: cell(this.municipalityVisible(item.key, municipalityId), () =>
          figuresOf(item.type, counts.get(item.key)),
        ),
        region: this.regionCell(item),
      }),
      previous,
    );
    const units = opts.units ? this.unitLevel(opts.units) : undefined;
    return this.report(
      { kind: 'municipality', key: `municipality:${m.code}`, code: m.code, names: m.names, parent: null },
      { responses: line.responses, enrolled: line.enrolled, responseRate: line.responseRate, grade: line.grade },
      sections,
      {
        children: units ? units.lines() : [],
        childrenWithheld: !units && (opts.hasUnits ?? false),
        groups: [],
        group: null,
      },
      previous,
    );
  }

  /** One unit against its municipality and the region. */
  unit(units: UnitInput, unitId: number, opts: { previous?: ScopeReport | null } = {}): ScopeReport {
    const level = this.unitLevel(units);
    const u = units.units.find((x) => x.id === unitId);
    const m = this.input.municipalities.find((x) => x.id === units.municipalityId);
    if (!u || !m) throw new Error(`unit ${unitId} is not in municipality ${units.municipalityId}`);
    const previous = opts.previous ?? null;
    const municipalityCounts = this.countsOfMunicipality(m.id);
    const line = level.line(u);
    const sections = this.sections(
      (item) => ({
        figures: level.itemCell(item, unitId),
        municipality: cell(this.municipalityVisible(item.key, m.id), () =>
          figuresOf(item.type, municipalityCounts.get(item.key)),
        ),
        region: this.regionCell(item),
      }),
      previous,
    );
    return this.report(
      { kind: 'unit', key: `unit:${u.id}`, code: u.code, names: u.names, parent: { code: m.code, names: m.names } },
      { responses: line.responses, enrolled: line.enrolled, responseRate: line.responseRate, grade: line.grade },
      sections,
      { children: [], childrenWithheld: false, groups: [], group: null },
      previous,
    );
  }

  /** Each unit's class for filters: 'kind/provider'. */
  private classes(): Map<number, string> {
    if (!this.unitClass) {
      const all = this.input.allUnits;
      if (!all) throw new Error("every municipality's units are needed for figures by unit kind or provider");
      this.unitClass = new Map(
        all.flatMap((m) => m.units.map((u): [number, string] => [u.id, `${u.kind}/${u.provider}`])),
      );
    }
    return this.unitClass;
  }

  /**
   * The scopes (municipality ids, REGION_SPLIT) whose figures of a measure may be shown
   * filtered by unit kind and provider (`classSplits`, every measure together, anchored
   * on the response count); needs `allUnits` with kinds and providers.
   */
  classSplitOf(measure: string): ReadonlySet<number> {
    if (!this.splits) {
      const all = new Map((this.input.allUnits ?? []).map((u) => [u.municipalityId, u]));
      const classes = this.classes();
      const measures = new Map<string, FilterMeasure>();
      for (const name of [RESPONSES, ...this.items.map((i) => i.key)]) {
        const level = this.level(name, true);
        const cells = new Map<number, ReadonlyMap<number | null, GroupSizes>>();
        const units = new Set<number>();
        for (const m of this.input.municipalities) {
          const u = all.get(m.id);
          if (!u) continue;
          const of = this.unitProtection(u).of(name);
          cells.set(m.id, of.cells);
          for (const id of of.visible) units.add(id);
        }
        measures.set(name, {
          cells,
          region: level.region,
          municipalities: level.municipalities,
          units,
          groups: level.groups ?? new Set(),
          municipalityGroups: this.municipalitiesByGroup(name),
        });
      }
      this.splits = classSplits(measures, (u) => classes.get(u) ?? 'unknown', this.input.threshold, RESPONSES);
    }
    return this.splits.get(measure) ?? new Set();
  }

  /**
   * The region (`municipalityId` null) or one municipality filtered by unit kind and
   * provider: the sum over its units of that kind and provider (answers without a unit
   * belong to no kind). A figure is shown when its scope is split in that measure
   * (`classSplitOf`) and it rests on at least the threshold; `filter.withheld` says that
   * the scope is split in fewer than half of the measures (the page says the filter
   * cannot be shown for it). A municipality's report compares with the region filtered alike.
   */
  filtered(municipalityId: number | null, filter: UnitFilter): ScopeReport {
    const t = this.input.threshold;
    const classes = this.classes();
    const matches = (kind: string | undefined, provider: string | undefined) =>
      (filter.kind === undefined || kind === filter.kind) &&
      (filter.provider === undefined || provider === filter.provider);
    const suffix = fineSuffix({ kind: filter.kind, provider: filter.provider });
    const matching = entry(this.classMembers, suffix, () => {
      const units = new Set<number>();
      for (const [u, c] of classes) {
        const [kind, provider] = c.split('/');
        if (matches(kind, provider)) units.add(u);
      }
      return units;
    });
    const unitMatches = (u: number | null) => u !== null && matching.has(u);
    const region = this.filteredRegion();
    const members = region.members === null ? null : new Set(region.members);
    // Which municipalities a scope adds up: one, the whole region, or the region's split municipalities.
    const inScope = (scope: number | null) => (id: number) =>
      scope !== null ? id === scope : members === null || members.has(id);
    const countsOf = (scope: number | null) => {
      const out = new Map<string, number[]>();
      const has = inScope(scope);
      for (const r of rowsOf(this.input.classCounts ?? [], scope)) {
        if (!has(r.municipalityId) || !matches(r.kind, r.provider)) continue;
        const counts = entry(out, r.itemKey, (): number[] => []);
        counts[r.value] = (counts[r.value] ?? 0) + r.n;
      }
      return out;
    };
    const shownIn = (measure: string, scope: number | null) =>
      scope === null ? region.shownIn(measure) : this.classSplitOf(measure).has(scope);
    const valid = (counts: readonly number[] | undefined) =>
      (counts ?? []).reduce((n, c, v) => n + (v > 0 ? (c ?? 0) : 0), 0);
    const figure = (
      item: { key: string; type: 'statement' | 'grade' },
      scope: number | null,
      counts: Map<string, number[]>,
    ): FiguresCell => {
      const c = counts.get(item.key);
      return cell(shownIn(item.key, scope) && valid(c) >= t, () => figuresOf(item.type, c));
    };
    // The region's sums are the same for every municipality's report with this filter: summed once.
    const regionCounts = entry(this.classRegionCounts, suffix, () => countsOf(null));
    const counts = municipalityId === null ? regionCounts : countsOf(municipalityId);
    const has = inScope(municipalityId);
    const n = this.responseTotal((r) => has(r.municipalityId) && unitMatches(r.unitId), municipalityId);
    const responses = cell(shownIn(RESPONSES, municipalityId) && n >= t, () => countFigures(n));
    const enrolled = this.enrolled((b) => has(b.municipalityId) && unitMatches(b.unitId), municipalityId);
    // Withheld: the scope's unfiltered figures are shown in some measures, but it is split in fewer than half of them.
    const measures = [RESPONSES, ...this.items.map((i) => i.key)].filter((name) =>
      municipalityId === null ? this.level(name, false).region : this.municipalityVisible(name, municipalityId),
    );
    const split = measures.filter((name) => shownIn(name, municipalityId)).length;
    const m = municipalityId === null ? undefined : this.input.municipalities.find((x) => x.id === municipalityId);
    if (municipalityId !== null && !m) throw new Error(`municipality ${municipalityId} is not in the round`);
    const gradeItem = this.items.find((i) => i.key === this.gradeKey);
    return {
      ...this.report(
        filteredScope(m, suffix),
        {
          responses,
          enrolled,
          responseRate: rate(responses, enrolled),
          grade: gradeItem ? (figure(gradeItem, municipalityId, counts) as GradeCell) : SUPPRESSED,
        },
        this.sections(
          (item) => ({
            figures: figure(item, municipalityId, counts),
            ...(m ? { region: figure(item, null, regionCounts) } : {}),
          }),
          null,
        ),
        { children: [], childrenWithheld: false, groups: [], group: null },
        null,
      ),
      filter: {
        kind: filter.kind ?? null,
        provider: filter.provider ?? null,
        withheld: split * 2 < measures.length,
        ...(region.members === null ? {} : { regionWithout: region.without }),
      },
    };
  }

  /**
   * What the region's filtered figures add up. Where the region itself is split in the
   * response count (every visible municipality is), the whole region: each measure shown
   * where it is split in it. Otherwise the municipalities split in the response count
   * together (`members`; the others are listed in `without`): a sum of figures that are
   * shown anyway, so it reveals nothing new; a measure is shown only where every member is
   * split in it, so the sum never takes in a figure that is not shown.
   */
  private filteredRegion(): { members: number[] | null; without: string[]; shownIn: (measure: string) => boolean } {
    const responses = this.classSplitOf(RESPONSES);
    if (responses.has(REGION_SPLIT)) {
      return { members: null, without: [], shownIn: (measure) => this.classSplitOf(measure).has(REGION_SPLIT) };
    }
    const members = [...responses].filter((id) => id !== REGION_SPLIT);
    const answered = new Set(this.input.responses.filter((r) => r.n > 0).map((r) => r.municipalityId));
    return {
      members,
      without: this.input.municipalities
        .filter((m) => answered.has(m.id) && !members.includes(m.id))
        .map((m) => m.code),
      shownIn: (measure) => {
        const split = this.classSplitOf(measure);
        return members.length > 0 && members.every((id) => split.has(id));
      },
    };
  }

  /**
   * Which scopes may be shown filtered by answer language (alone or with group, kind,
   * provider) and by group with kind or provider: `fineSplits` over every measure together,
   * on top of rules 1-8 as this builder decides them. Needs `cells` and `allUnits`.
   */
  fineSplitOf(): FineSplit {
    if (!this.fine) {
      const cells = this.input.cells;
      if (!cells) throw new Error('the cells by answer language are needed for finer filters');
      const classes = this.classes();
      const byMeasure = new Map<string, Map<number, Map<number | null, Map<string, Size>>>>();
      const add = (measure: string, r: Omit<CellRow, 'itemKey' | 'value'>, size: Size) => {
        const byUnit = entry(
          entry(byMeasure, measure, () => new Map<number, Map<number | null, Map<string, Size>>>()),
          r.municipalityId,
          () => new Map<number | null, Map<string, Size>>(),
        );
        const byKey = entry(byUnit, r.unitId, () => new Map<string, Size>());
        const k = cellKey(r.groupKey, r.language);
        const o = byKey.get(k);
        byKey.set(k, o ? { answers: o.answers + size.answers, valid: o.valid + size.valid } : size);
      };
      for (const r of cells.responses) add(RESPONSES, r, { answers: r.n, valid: r.n });
      for (const r of cells.answers) add(r.itemKey, r, { answers: r.n, valid: r.value > 0 ? r.n : 0 });
      const all = new Map((this.input.allUnits ?? []).map((u) => [u.municipalityId, u]));
      const measures = new Map<string, CellMeasure>();
      for (const name of [RESPONSES, ...this.items.map((i) => i.key)]) {
        const level = this.level(name, true);
        const units = new Set<number>();
        for (const m of this.input.municipalities) {
          const u = all.get(m.id);
          if (u) for (const id of this.unitProtection(u).of(name).visible) units.add(id);
        }
        measures.set(name, {
          cells: byMeasure.get(name) ?? new Map(),
          region: level.region,
          municipalities: level.municipalities,
          units,
          groups: level.groups ?? new Set(),
          municipalityGroups: this.municipalitiesByGroup(name),
          classSplit: this.classSplitOf(name),
        });
      }
      this.fine = fineSplits(measures, (u) => classes.get(u) ?? 'unknown', this.input.threshold);
    }
    return this.fine;
  }

  /** The cells summed per municipality, unit class (null: no unit), group and language: what filtered figures add up. */
  private fineBlocks(): FineBlock[] {
    if (!this.fineIndex) {
      const cells = this.input.cells;
      if (!cells) throw new Error('the cells by answer language are needed for finer filters');
      const classes = this.classes();
      const blocks = new Map<string, FineBlock>();
      const blockOf = (r: Omit<CellRow, 'itemKey' | 'value'>) => {
        const unitClass = r.unitId === null ? null : (classes.get(r.unitId) ?? 'unknown/unknown');
        const key = `${r.municipalityId}\t${unitClass}\t${r.groupKey}\t${r.language}`;
        return entry(blocks, key, () => ({
          municipalityId: r.municipalityId,
          unitClass,
          group: r.groupKey,
          language: r.language,
          counts: new Map<string, number[]>(),
          responses: 0,
        }));
      };
      for (const r of cells.responses) blockOf(r).responses += r.n;
      for (const r of cells.answers) {
        const counts = entry(blockOf(r).counts, r.itemKey, (): number[] => []);
        counts[r.value] = (counts[r.value] ?? 0) + r.n;
      }
      this.fineIndex = [...blocks.values()];
    }
    return this.fineIndex;
  }

  /**
   * The region (`municipalityId` null) or one municipality filtered by answer language, or by
   * group with kind or provider (and any of them together). The scope is shown when
   * `fineSplitOf` allows it (by class where kind or provider is given), every measure alike;
   * then a figure is shown when it rests on at least the threshold. Otherwise every figure is
   * hidden and `filter.withheld` says the combination cannot be shown for this scope.
   * Enrolment is not known by language, so a language filter has no response rate.
   */
  fineFiltered(municipalityId: number | null, filter: FineFilter): ScopeReport {
    return this.fineReportOf(municipalityId, filter, false) as ScopeReport;
  }

  /**
   * `fineFiltered`'s report when a snapshot stores it (`isInformative`), else null without building
   * it: most finer scopes of a round show nothing, and publishing skips them (they are rebuilt when read).
   */
  fineStored(municipalityId: number | null, filter: FineFilter): ScopeReport | null {
    return this.fineReportOf(municipalityId, filter, true);
  }

  private fineReportOf(municipalityId: number | null, filter: FineFilter, storedOnly: boolean): ScopeReport | null {
    const t = this.input.threshold;
    const fine = this.fineSplitOf();
    const byClass = filter.kind !== undefined || filter.provider !== undefined;
    const shown =
      municipalityId === null
        ? byClass
          ? fine.regionByClass
          : fine.region
        : (byClass ? fine.byClass : fine.scopes).has(municipalityId);
    const m = municipalityId === null ? undefined : this.input.municipalities.find((x) => x.id === municipalityId);
    if (municipalityId !== null && !m) throw new Error(`municipality ${municipalityId} is not in the round`);
    const option =
      filter.group === undefined ? undefined : this.input.def.group.options.find((o) => o.key === filter.group);
    if (filter.group !== undefined && !option) throw new Error(`no group ${filter.group} in the round`);
    const classMatches = (unitClass: string | null) => {
      if (!byClass) return true;
      if (unitClass === null) return false;
      const [kind, provider] = unitClass.split('/');
      return (
        (filter.kind === undefined || kind === filter.kind) &&
        (filter.provider === undefined || provider === filter.provider)
      );
    };
    const sum = (scope: number | null) => {
      const counts = new Map<string, number[]>();
      let responses = 0;
      for (const b of rowsOf(this.fineBlocks(), scope)) {
        if (filter.group !== undefined && b.group !== filter.group) continue;
        if (filter.language !== undefined && b.language !== filter.language) continue;
        if (!classMatches(b.unitClass)) continue;
        responses += b.responses;
        for (const [item, c] of b.counts) {
          const out = entry(counts, item, (): number[] => []);
          c.forEach((n, v) => {
            out[v] = (out[v] ?? 0) + (n ?? 0);
          });
        }
      }
      return { counts, responses };
    };
    const regionShown = byClass ? fine.regionByClass : fine.region;
    const classes = this.classes();
    const enrolled =
      filter.language !== undefined
        ? null
        : this.enrolled(
            (b) =>
              (municipalityId === null || b.municipalityId === municipalityId) &&
              (filter.group === undefined || b.groupKey === filter.group) &&
              classMatches(b.unitId === null ? null : (classes.get(b.unitId) ?? 'unknown/unknown')),
            municipalityId,
          );
    if (!shown && !(m && regionShown)) {
      if (storedOnly && enrolled === null) return null;
      // No figure can show, so the cells need not be summed (most finer scopes of a round): the canonical
      // withheld form, with the enrolment where it is known (then it is stored, otherwise rebuilt when read).
      const base = {
        round: this.input.round,
        source: this.input.source,
        threshold: t,
        sections: this.sections(() => ({ figures: SUPPRESSED }), null),
      };
      const withheld = withheldFineReport(
        base,
        m ?? null,
        filter,
        option ? { key: option.key, label: option.label } : null,
      );
      if (enrolled === null) return withheld;
      return { ...withheld, headline: { ...withheld.headline, enrolled, responseRate: rate(SUPPRESSED, enrolled) } };
    }
    // The region's sums are the same for every municipality's report with this filter: summed once.
    const regionSum = () => entry(this.fineRegionSums, fineSuffix(filter), () => sum(null));
    const own = municipalityId === null ? regionSum() : sum(municipalityId);
    const region = m ? regionSum() : own;
    const valid = (c: readonly number[] | undefined) => (c ?? []).reduce((n, x, v) => n + (v > 0 ? (x ?? 0) : 0), 0);
    // A measure's filtered figure only where its scope is shown unfiltered in that measure (`fineSplits`).
    const unfiltered = (measure: string, scope: number | null) =>
      scope === null ? this.level(measure, false).region : this.municipalityVisible(measure, scope);
    const figure = (
      item: { key: string; type: 'statement' | 'grade' },
      scope: number | null,
      visible: boolean,
      counts: Map<string, number[]>,
    ) => {
      const c = counts.get(item.key);
      return cell(visible && unfiltered(item.key, scope) && valid(c) >= t, () => figuresOf(item.type, c));
    };
    const responses = cell(shown && unfiltered(RESPONSES, municipalityId) && own.responses >= t, () =>
      countFigures(own.responses),
    );
    const suffix = fineSuffix(filter);
    const gradeItem = this.items.find((i) => i.key === this.gradeKey);
    const report: ScopeReport = {
      ...this.report(
        filteredScope(m, suffix),
        {
          responses,
          enrolled,
          responseRate: rate(responses, enrolled),
          grade: gradeItem ? (figure(gradeItem, municipalityId, shown, own.counts) as GradeCell) : SUPPRESSED,
        },
        this.sections(
          (item) => ({
            figures: figure(item, municipalityId, shown, own.counts),
            ...(m ? { region: figure(item, null, regionShown, region.counts) } : {}),
          }),
          null,
        ),
        {
          children: [],
          childrenWithheld: false,
          groups: [],
          group: option ? { key: option.key, label: option.label } : null,
        },
        null,
      ),
      filter: {
        kind: filter.kind ?? null,
        provider: filter.provider ?? null,
        language: filter.language ?? null,
        withheld: !shown,
      },
    };
    // Nothing to show: the one form a snapshot need not store (`withheldFineReport` rebuilds it when read).
    if (isInformative(report)) return report;
    return storedOnly ? null : withheldFineReport(report, m ?? null, filter, report.group);
  }

  /** Internal: the builder's input and threshold for unit-level protection. */
  get threshold() {
    return this.input.threshold;
  }
  gradeCellOf(visible: boolean, counts: readonly number[] | undefined) {
    return this.gradeCell(visible, counts);
  }
}

const municipalityIndexes = new WeakMap<readonly object[], Map<number, readonly object[]>>();

/**
 * The rows of one municipality (every row for null), from an index built once per array: a round's
 * publication asks for each of ~300 municipalities' rows thousands of times.
 */
function rowsOf<T extends { municipalityId: number }>(rows: readonly T[], municipalityId: number | null): readonly T[] {
  if (municipalityId === null) return rows;
  let index = municipalityIndexes.get(rows) as Map<number, T[]> | undefined;
  if (!index) {
    index = new Map<number, T[]>();
    for (const r of rows) entry(index, r.municipalityId, (): T[] => []).push(r);
    municipalityIndexes.set(rows, index);
  }
  return index.get(municipalityId) ?? [];
}

/** The cells of one municipality, unit class (null: answers without a unit), group and language, summed. */
interface FineBlock {
  municipalityId: number;
  unitClass: string | null;
  group: string | null;
  language: string;
  counts: Map<string, number[]>;
  responses: number;
}

/** The scope of a filtered report: the region or a municipality, its key ending in the filter. */
function filteredScope(m: Pick<Place, 'code' | 'names'> | undefined, suffix: string): ReportScope {
  return m
    ? { kind: 'municipality', key: `municipality:${m.code}/${suffix}`, code: m.code, names: m.names, parent: null }
    : { kind: 'region', key: `region/${suffix}`, code: null, names: REGION_NAMES, parent: null };
}

/** True when a report shows any figure: a headline cell, the enrolment, or any item's own or region figure. */
export function isInformative(report: ScopeReport): boolean {
  const shows = (c: { suppressed?: boolean } | undefined) => c !== undefined && c.suppressed !== true;
  const h = report.headline;
  if (shows(h.responses) || shows(h.grade) || h.enrolled !== null || h.responseRate !== null) return true;
  return report.sections.some((s) => s.items.some((i) => shows(i.figures) || shows(i.region)));
}

/**
 * A finer-filtered report (answer language, or group with kind or provider) that shows nothing, in
 * its one canonical form: every figure hidden and `filter.withheld`. It depends only on what the
 * unfiltered report of the same scope and round already holds (round, source, threshold, the items),
 * the place, the filter and the group's label — so a snapshot stores only the finer scopes that show
 * something, and this rebuilds the others when read (`snapshotScopes` in packages/db), equal to what
 * `fineFiltered` gives for them.
 */
export function withheldFineReport(
  base: Pick<ScopeReport, 'round' | 'source' | 'threshold' | 'sections'>,
  place: Pick<Place, 'code' | 'names'> | null,
  filter: FineFilter,
  group: ScopeReport['group'],
): ScopeReport {
  return {
    round: base.round,
    scope: filteredScope(place ?? undefined, fineSuffix(filter)),
    source: base.source,
    threshold: base.threshold,
    headline: { responses: SUPPRESSED, enrolled: null, responseRate: null, grade: SUPPRESSED, previous: null },
    sections: base.sections.map((s) => ({
      key: s.key,
      title: s.title,
      items: s.items.map(
        (i): ReportItem => ({
          key: i.key,
          type: i.type,
          text: i.text,
          figures: SUPPRESSED,
          ...(place ? { region: SUPPRESSED } : {}),
          comparable: false,
          change: null,
        }),
      ),
    })),
    children: [],
    childrenWithheld: false,
    groups: [],
    group: group ? { key: group.key, label: group.label } : null,
    filter: {
      kind: filter.kind ?? null,
      provider: filter.provider ?? null,
      language: filter.language ?? null,
      withheld: true,
    },
  };
}

/**
 * The finer filter of a scope key (`region/…` or `municipality:<code>/…`), or null when the key is
 * not a finer scope (no language, and not a group with kind or provider).
 */
export function parseFineKey(key: string): { base: string; filter: FineFilter } | null {
  const m = /^(region|municipality:\d{3})\/(.+)$/.exec(key);
  if (!m) return null;
  const filter: FineFilter = {};
  for (const part of (m[2] as string).split('/')) {
    const [name, value] = part.split(':');
    if (!value) return null;
    if (name === 'group') filter.group = value;
    else if (name === 'kind') filter.kind = value as FineFilter['kind'];
    else if (name === 'provider') filter.provider = value as FineFilter['provider'];
    else if (name === 'language') filter.language = value;
    else return null;
  }
  const fine =
    filter.language !== undefined ||
    (filter.group !== undefined && (filter.kind !== undefined || filter.provider !== undefined));
  return fine && fineSuffix(filter) === m[2] ? { base: m[1] as string, filter } : null;
}

/** A finer filter as a scope key suffix: 'group:g/kind:k/provider:p/language:l' (the parts given). */
export function fineSuffix(filter: FineFilter): string {
  return [
    ...(filter.group !== undefined ? [`group:${filter.group}`] : []),
    ...(filter.kind !== undefined ? [`kind:${filter.kind}`] : []),
    ...(filter.provider !== undefined ? [`provider:${filter.provider}`] : []),
    ...(filter.language !== undefined ? [`language:${filter.language}`] : []),
  ].join('/');
}

/** Unit-level protection of one municipality, per measure: from the units' sizes alone, so value counts need not be loaded. */
class UnitProtection {
  private readonly cells = new Map<string, Map<number | null, Map<string | null, Size>>>();
  private readonly visible = new Map<string, Set<number>>();

  constructor(
    private readonly round: RoundReportBuilder,
    private readonly municipalityId: number,
    sizes: readonly UnitSizeRow[],
  ) {
    for (const r of sizes) {
      const byUnit = entry(this.cells, r.itemKey, () => new Map<number | null, Map<string | null, Size>>());
      addGroupSize(byUnit, r.unitId, r.groupKey, { answers: r.answers, valid: r.valid });
    }
    const responses = new Map<number | null, Map<string | null, Size>>();
    for (const r of round.input.responses) {
      if (r.municipalityId === municipalityId) {
        addGroupSize(responses, r.unitId, r.groupKey, { answers: r.n, valid: r.n });
      }
    }
    this.cells.set(RESPONSES, responses);
  }

  /** The units' sizes by group and which of them are visible, for one measure. */
  of(measure: string): { cells: ReadonlyMap<number | null, GroupSizes>; visible: ReadonlySet<number> } {
    return { cells: this.cells.get(measure) ?? new Map(), visible: this.visibleOf(measure) };
  }

  /** Visible units of a measure; every measure of the municipality is protected together (`jointly`). */
  visibleOf(measure: string): Set<number> {
    if (this.visible.size === 0) {
      const t = this.round.threshold;
      const joint = jointly<number>(
        this.cells.keys(),
        (m, forced) =>
          visibleUnits(
            this.cells.get(m) ?? new Map(),
            this.round.municipalityVisible(m, this.municipalityId),
            this.round.visibleGroupsOf(m),
            this.round.hiddenMunicipalitiesOf(m),
            t,
            this.round.otherMunicipalitiesOf(m, this.municipalityId),
            forced,
          ),
        (m) =>
          [...(this.cells.get(m) ?? new Map<number | null, GroupSizes>())]
            .filter((e): e is [number, GroupSizes] => e[0] !== null && isPublishable(totalOf(e[1]), t))
            .map(([u]) => u),
      );
      for (const [m, v] of joint) this.visible.set(m, v);
    }
    return this.visible.get(measure) ?? new Set();
  }
}

/** One municipality's units as a report shows them: their protection and value counts. */
class UnitLevel {
  private readonly counts: Map<number, Map<string, number[]>>;

  constructor(
    private readonly round: RoundReportBuilder,
    private readonly input: UnitInput,
    private readonly protection: UnitProtection,
  ) {
    this.counts = countsByScope(input.counts);
  }

  private visibleOf(measure: string): Set<number> {
    return this.protection.visibleOf(measure);
  }

  itemCell(item: { key: string; type: 'statement' | 'grade' }, unitId: number): FiguresCell {
    return cell(this.visibleOf(item.key).has(unitId), () =>
      figuresOf(item.type, this.counts.get(unitId)?.get(item.key)),
    );
  }

  line(u: UnitPlace): ReportChild {
    const { responses: n, enrolled } = this.round.unitTotals(u.id);
    const responses = cell(this.visibleOf(RESPONSES).has(u.id), () => countFigures(n));
    const gradeKey = this.round.gradeKey;
    return {
      scope: `unit:${u.id}`,
      kind: 'unit',
      code: u.code,
      names: u.names,
      responses,
      enrolled,
      responseRate: rate(responses, enrolled),
      grade: gradeKey
        ? this.round.gradeCellOf(this.visibleOf(gradeKey).has(u.id), this.counts.get(u.id)?.get(gradeKey))
        : SUPPRESSED,
    };
  }

  lines(): ReportChild[] {
    return [...this.input.units].sort((a, b) => a.names.fi.localeCompare(b.names.fi, 'fi')).map((u) => this.line(u));
  }
}

/** A municipality report as shown to a reader who may not see its units. */
export function withoutUnits(report: ScopeReport): ScopeReport {
  if (report.scope.kind !== 'municipality') return report;
  return { ...report, children: [], childrenWithheld: report.children.length > 0 || report.childrenWithheld };
}
