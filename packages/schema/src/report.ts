import * as z from 'zod';
import { ContentLanguage, Translations } from './common.ts';
import { FamilyKey } from './instrument.ts';
import { RoundStatus } from './round.ts';

/**
 * A cell hidden by small-group protection. It carries no figure at all and looks
 * the same whether it is empty or hidden ("fewer than 5 answers").
 */
export const SuppressedCell = z.object({ suppressed: z.literal(true) }).strict();
export type SuppressedCell = z.infer<typeof SuppressedCell>;

/**
 * A 1-5 statement: counts of 1..5 and of "can't say"; mean, SD and agreeing share over 1-5 only.
 * A round imported from a file with only means and n (history import) has no counts: its
 * `distribution` and `agreeShare` are null, `cantSay` 0, and `sd` null when the file had none.
 */
export const StatementFigures = z.object({
  suppressed: z.literal(false),
  /** Every answer to the statement, "can't say" included. */
  answers: z.number().int().min(0),
  /** Answers on the 1-5 scale: the base of the mean, the SD and the agreeing share. */
  n: z.number().int().min(0),
  cantSay: z.number().int().min(0),
  /** Counts of 1, 2, 3, 4 and 5 (null: a means-only import). */
  distribution: z.array(z.number().int().min(0)).length(5).nullable(),
  mean: z.number(),
  sd: z.number().nullable(),
  /** Share of 4 and 5 among the 1-5 answers, 0..1 (null: a means-only import). */
  agreeShare: z.number().nullable(),
});
export type StatementFigures = z.infer<typeof StatementFigures>;

/** The overall grade on the school scale 4-10. */
export const GradeFigures = z.object({
  suppressed: z.literal(false),
  n: z.number().int().min(0),
  /** Counts of 4, 5, 6, 7, 8, 9 and 10 (null: a means-only import). */
  distribution: z.array(z.number().int().min(0)).length(7).nullable(),
  mean: z.number(),
  sd: z.number().nullable(),
});
export type GradeFigures = z.infer<typeof GradeFigures>;

export const CountFigures = z.object({ suppressed: z.literal(false), n: z.number().int().min(0) });
export type CountFigures = z.infer<typeof CountFigures>;

export const StatementCell = z.discriminatedUnion('suppressed', [SuppressedCell, StatementFigures]);
export type StatementCell = z.infer<typeof StatementCell>;
export const GradeCell = z.discriminatedUnion('suppressed', [SuppressedCell, GradeFigures]);
export type GradeCell = z.infer<typeof GradeCell>;
export const CountCell = z.discriminatedUnion('suppressed', [SuppressedCell, CountFigures]);
export type CountCell = z.infer<typeof CountCell>;
export const FiguresCell = z.union([SuppressedCell, StatementFigures, GradeFigures]);
export type FiguresCell = z.infer<typeof FiguresCell>;

/** A 95 % confidence interval. */
export const Interval = z.object({ lo: z.number(), hi: z.number() });
export type Interval = z.infer<typeof Interval>;

/**
 * A difference of two means with Welch's t-test: `diff` = this minus the other,
 * its 95 % interval, the two-sided p-value, and whether it is larger than chance
 * (p < 0.05). `direction` is 'none' when it is not.
 */
export const Difference = z.object({
  diff: z.number(),
  lo: z.number(),
  hi: z.number(),
  p: z.number(),
  significant: z.boolean(),
  direction: z.enum(['up', 'down', 'none']),
});
export type Difference = z.infer<typeof Difference>;

export const REPORT_SCOPE_KINDS = ['region', 'group', 'municipality', 'unit'] as const;
export const ReportScopeKind = z.enum(REPORT_SCOPE_KINDS);
export type ReportScopeKind = z.infer<typeof ReportScopeKind>;

/** 'region', 'group:<groupKey>' (the region filtered to one age group or grade band), 'municipality:<code>', 'unit:<id>'. */
export const ReportScopeKey = z
  .string()
  .regex(
    /^(region|group:[a-z][a-z0-9_]{1,47}|municipality:\d{3}(\/group:[a-z][a-z0-9_]{1,47})?|unit:\d{1,9})$/,
    "a scope is 'region', 'group:<key>', 'municipality:<code>', 'municipality:<code>/group:<key>' or 'unit:<id>'",
  );

export const ReportItem = z.object({
  key: z.string(),
  type: z.enum(['statement', 'grade']),
  text: Translations,
  figures: FiguresCell,
  /** The region's figures for the same item (municipality, unit and group reports). */
  region: FiguresCell.optional(),
  /** The municipality's figures for the same item (unit reports). */
  municipality: FiguresCell.optional(),
  /** Whether the item compares with the previous round of the family (same wording and scale). */
  comparable: z.boolean(),
  /** The same scope's figures in the previous round; absent when there is none or the item does not compare. */
  previous: FiguresCell.optional(),
  /** Mean now minus mean then; null when either is hidden or the item does not compare. */
  change: z.number().nullable(),
  /** 95 % interval of the mean of `figures` (added when read; null when hidden or n < 2). */
  interval: Interval.nullable().optional(),
  /** Welch's test of the change since the previous round (added when read). */
  changeTest: Difference.nullable().optional(),
  /**
   * Welch's test against the rest of the parent (added when read): a municipality or a group against
   * the rest of the region, a unit against the rest of its municipality. Computed from visible figures only.
   */
  againstRest: Difference.nullable().optional(),
});
export type ReportItem = z.infer<typeof ReportItem>;

export const ReportSection = z.object({ key: z.string(), title: Translations, items: z.array(ReportItem) });
export type ReportSection = z.infer<typeof ReportSection>;

/** Responses, response rate and overall grade: what each line of a list shows. */
const ReportLine = z.object({
  responses: CountCell,
  enrolled: z.number().int().nullable(),
  /** responses / enrolled; null when responses are hidden or there is no base count. */
  responseRate: z.number().nullable(),
  grade: GradeCell,
});

/** One line of the list of municipalities (region report) or units (municipality report). */
export const ReportChild = ReportLine.extend({
  scope: z.string(),
  kind: z.enum(['municipality', 'unit']),
  code: z.string(),
  names: Translations,
});
export type ReportChild = z.infer<typeof ReportChild>;

/** One age group or grade band of the region. */
export const ReportGroup = ReportLine.extend({ key: z.string(), label: Translations });
export type ReportGroup = z.infer<typeof ReportGroup>;

export const ReportSource = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('live'),
    /** The figures count every response folded in by this time: the last fold pass (or the request's own fold). */
    asOf: z.string(),
    /** Read from a replica: how far behind the primary it was (the figures are as of `asOf`). */
    replicaLagMs: z.number().int().min(0).optional(),
    /**
     * Present for readers below the steering group (municipality contacts): the figures are those of
     * the round's live step, which moves a unit only by a batch of new responses (docs/reports.md,
     * "Live figures and differencing"); `asOf` is then the time of the step. `step`: its number (0:
     * nothing counted yet); `firstBatch`, `laterBatch`: the new responses a unit (or a municipality's
     * answers without a unit) needs before its figures move, the first time and afterwards.
     */
    stepped: z
      .object({
        step: z.number().int().min(0),
        firstBatch: z.number().int().min(1),
        laterBatch: z.number().int().min(1),
      })
      .optional(),
  }),
  z.object({
    kind: z.literal('published'),
    version: z.number().int(),
    publishedAt: z.string(),
    reason: z.string().nullable(),
  }),
]);
export type ReportSource = z.infer<typeof ReportSource>;

export const ImportedMark = z.object({ source: z.string(), meansOnly: z.boolean() });
export type ImportedMark = z.infer<typeof ImportedMark>;

export const ReportRound = z.object({
  slug: z.string(),
  year: z.number().int(),
  family: FamilyKey,
  familyNames: Translations,
  title: Translations,
  status: RoundStatus,
  opensOn: z.string(),
  closesOn: z.string(),
  /** The previous round of the same family that figures are compared with. */
  previous: z.object({ slug: z.string(), year: z.number().int() }).nullable(),
  /**
   * Set when the round was run in another tool and imported (history import): where the figures
   * come from, and whether the file had only means and n (then no distributions can be shown).
   */
  imported: ImportedMark.optional(),
});
export type ReportRound = z.infer<typeof ReportRound>;

export const ReportScope = z.object({
  kind: ReportScopeKind,
  key: z.string(),
  code: z.string().nullable(),
  names: Translations,
  /** The municipality a unit belongs to. */
  parent: z.object({ code: z.string(), names: Translations }).nullable(),
});
export type ReportScope = z.infer<typeof ReportScope>;

/**
 * A report for one scope of one round, already protected: every hidden cell is
 * `{ suppressed: true }` and no open answer is ever part of it.
 */
export const ScopeReport = z.object({
  round: ReportRound,
  scope: ReportScope,
  source: ReportSource,
  /** The network's small-group threshold the figures were protected with. */
  threshold: z.number().int(),
  headline: z.object({
    responses: CountCell,
    enrolled: z.number().int().nullable(),
    responseRate: z.number().nullable(),
    grade: GradeCell,
    previous: z
      .object({ year: z.number().int(), responses: CountCell, responseRate: z.number().nullable(), grade: GradeCell })
      .nullable(),
  }),
  sections: z.array(ReportSection),
  /** Municipalities of the region, or units of a municipality (units only for roles that may see them). */
  children: z.array(ReportChild),
  /** True when the scope has units that this reader may not see. */
  childrenWithheld: z.boolean(),
  /** The age groups or grade bands of the region (region report only). */
  groups: z.array(ReportGroup),
  group: z.object({ key: z.string(), label: Translations }).nullable(),
  /**
   * The unit kind and provider the figures are filtered to (absent: not filtered). `withheld`:
   * the filter cannot be shown for this scope without revealing a small group, so (nearly) every
   * figure of it is hidden and pages say so instead of showing a table of dashes.
   */
  filter: z
    .object({
      kind: z.string().nullable(),
      provider: z.string().nullable(),
      /** The answer language the figures are filtered to (absent or null: not filtered). */
      language: z.string().nullable().optional(),
      withheld: z.boolean(),
      /**
       * Region only: municipalities left out of its filtered figures (codes). Where the region as a
       * whole cannot be split, its filtered figures add up the municipalities that can, and name the others.
       */
      regionWithout: z.array(z.string()).optional(),
    })
    .optional(),
});
export type ScopeReport = z.infer<typeof ScopeReport>;

export const ReportRoundSummary = z.object({
  slug: z.string(),
  year: z.number().int(),
  family: FamilyKey,
  familyNames: Translations,
  title: Translations,
  status: RoundStatus,
  published: z.object({ version: z.number().int(), publishedAt: z.string() }).nullable(),
  /** Whether the reader may see live figures of this round (signed-in roles only; never of an imported round). */
  live: z.boolean(),
  /** Set when the round was imported from an earlier tool (history import). */
  imported: ImportedMark.optional(),
});
export type ReportRoundSummary = z.infer<typeof ReportRoundSummary>;

export const ReportRoundList = z.object({ rounds: z.array(ReportRoundSummary) });
export type ReportRoundList = z.infer<typeof ReportRoundList>;

export const ReportRoundDetail = z.object({
  round: ReportRound,
  versions: z.array(z.object({ version: z.number().int(), publishedAt: z.string(), reason: z.string().nullable() })),
  live: z.boolean(),
  municipalities: z.array(z.object({ code: z.string(), names: Translations })),
  groups: z.array(z.object({ key: z.string(), label: Translations })),
  /** The municipalities whose units this reader may see. */
  unitsVisibleFor: z.array(z.string()),
  /** The unit kinds the round's instrument covers (the kind filter's choices). */
  unitKinds: z.array(z.string()).optional(),
  /** The answer languages of the round's instrument (the language filter's choices). */
  languages: z.array(z.string()).optional(),
  /** The background filters this reader may use in filtered views ('group', 'kind', 'provider'). */
  filters: z.array(z.string()).optional(),
});
export type ReportRoundDetail = z.infer<typeof ReportRoundDetail>;

export const REPORT_SOURCES = ['published', 'live'] as const;

/** Query of a report request: which source and, for published reports, which version. */
export const ReportQuery = z.object({
  source: z.enum(REPORT_SOURCES).optional(),
  version: z.coerce.number().int().min(1).optional(),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const RegionReportQuery = ReportQuery.extend({
  group: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,47}$/, 'not a group key')
    .optional(),
  /** The language the guardians answered in (one of the round's instrument languages). */
  language: ContentLanguage.optional(),
});

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const EXPORT_TABLES = ['summary', 'items', 'children', 'groups'] as const;

export const ExportQuery = ReportQuery.extend({
  scope: ReportScopeKey.default('region'),
  /** The language the guardians answered in (region and municipality scopes). */
  language: ContentLanguage.optional(),
  format: z.enum(EXPORT_FORMATS).default('csv'),
  lang: z.enum(['fi', 'sv', 'en']).default('fi'),
  /** CSV only: which table (an XLSX workbook has them all as sheets). */
  table: z.enum(EXPORT_TABLES).default('items'),
  /** CSV only: ',' (default) or ';' for spreadsheets set up for a decimal comma. */
  delimiter: z.enum(['comma', 'semicolon']).default('comma'),
});
export type ExportQuery = z.infer<typeof ExportQuery>;
