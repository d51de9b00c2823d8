import * as z from 'zod';
import { ContentLanguage, Translations } from './common.ts';
import { FamilyKey, UnitKind } from './instrument.ts';
import {
  CountCell,
  Difference,
  ImportedMark,
  Interval,
  ReportRound,
  ReportScope,
  ReportSource,
  SuppressedCell,
} from './report.ts';
import { RoundStatus } from './round.ts';

/**
 * The background filters a view may take; `group` is the age group or grade band the instrument
 * asks, `kind` the unit kind (ECEC, pre-primary, school), `provider` municipal or private and
 * `language` the language the guardian answered in.
 */
export const FILTER_KINDS = ['group', 'kind', 'provider', 'language'] as const;
export const FilterKind = z.enum(FILTER_KINDS);
export type FilterKind = z.infer<typeof FilterKind>;

const GroupKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,47}$/, 'not a group key')
  .optional();

/** A point of a trend, or of a side-by-side cell: the mean with its interval, n and agreeing share. */
export const MeanPoint = z.object({
  suppressed: z.literal(false),
  n: z.number().int(),
  mean: z.number(),
  /** Null for a means-only history import without SDs. */
  sd: z.number().nullable(),
  /** Share of 4-5 among 1-5 answers (statements); null for the grade and for a means-only import. */
  agreeShare: z.number().nullable(),
  interval: Interval.nullable(),
});
export type MeanPoint = z.infer<typeof MeanPoint>;
export const MeanCell = z.discriminatedUnion('suppressed', [SuppressedCell, MeanPoint]);
export type MeanCell = z.infer<typeof MeanCell>;

// ---- trends ----

export const TrendScopeKey = z
  .string()
  .regex(/^(region|municipality:\d{3}|unit:\d{1,9})$/, "a scope is 'region', 'municipality:<code>' or 'unit:<id>'");

// The same values as organisation.ts's Provider (which imports this file, so it is not imported here).
const Provider = z.enum(['municipal', 'private']);

/** A view filtered by unit kind and provider (either or both) and by answer language; each combines with `group`. */
const UnitFilter = {
  kind: UnitKind.optional(),
  provider: Provider.optional(),
  /** The language the guardians answered in: one of the round's instrument languages. */
  language: ContentLanguage.optional(),
};

/** The answer-language filter of a view (null: not filtered) and the languages it can take. */
const LanguageFilter = {
  language: z.string().nullable().optional(),
  languages: z.array(z.string()).optional(),
};

/** The unit filter of a view: which kind and provider, each null when not filtered. */
export const ViewFilter = z.object({ kind: UnitKind.nullable(), provider: Provider.nullable() }).nullable();
export type ViewFilter = z.infer<typeof ViewFilter>;

export const TrendQuery = z.object({
  scope: TrendScopeKey.default('region'),
  group: GroupKey,
  ...UnitFilter,
});
export type TrendQuery = z.infer<typeof TrendQuery>;

export const TrendRound = z.object({
  slug: z.string(),
  year: z.number().int(),
  status: RoundStatus,
  /** 'published': the newest snapshot; 'live': figures of an open or closed round (signed-in readers only). */
  source: z.enum(['published', 'live']),
  version: z.number().int().nullable(),
  /** Set when the round was imported from an earlier tool (its source note). */
  imported: ImportedMark.optional(),
});
export type TrendRound = z.infer<typeof TrendRound>;

export const TrendItem = z.object({
  key: z.string(),
  type: z.enum(['statement', 'grade']),
  /** The wording of the newest round that has the item. */
  text: Translations,
  /** One per round of `rounds`; null where the round's questionnaire has no such item. */
  points: z.array(MeanCell.nullable()),
  /**
   * Per round: how this point relates to the item's previous point. 'start' (first point), 'same'
   * (comparable; the line continues), 'changed' (wording or scale changed: the line breaks), 'gap'
   * (not asked in between).
   */
  links: z.array(z.enum(['start', 'same', 'changed', 'gap']).nullable()),
  /** Per round: change since the previous comparable point when both are visible, else null. */
  changes: z.array(Difference.nullable()),
});
export type TrendItem = z.infer<typeof TrendItem>;

export const Trend = z.object({
  family: FamilyKey,
  familyNames: Translations,
  scope: ReportScope,
  group: z.object({ key: z.string(), label: Translations }).nullable(),
  /** The unit kind and provider filter; `withheld` per round where it cannot be shown for this scope. */
  filter: ViewFilter.optional(),
  filterWithheld: z.array(z.boolean()).optional(),
  /** Per round: municipalities (codes) the region's filtered figures leave out (see Compare). */
  filterRegionWithout: z.array(z.array(z.string())).optional(),
  ...LanguageFilter,
  threshold: z.number().int(),
  /** Rounds of the family this reader may see, oldest first. */
  rounds: z.array(TrendRound),
  sections: z.array(z.object({ key: z.string(), title: Translations, items: z.array(TrendItem) })),
  /** Age groups or grade bands the view can be filtered by. */
  groups: z.array(z.object({ key: z.string(), label: Translations })),
  /** Unit kinds the newest round's instrument covers (the kind filter's choices). */
  unitKinds: z.array(z.string()).optional(),
  /** Municipalities of the family's rounds, for the scope picker. */
  municipalities: z.array(z.object({ code: z.string(), names: Translations })),
});
export type Trend = z.infer<typeof Trend>;

// ---- side by side ----

export const COMPARE_LEVELS = ['municipalities', 'units'] as const;

export const CompareQuery = z.object({
  level: z.enum(COMPARE_LEVELS).default('municipalities'),
  /** The municipality whose units are compared (level=units). */
  municipality: z
    .string()
    .regex(/^\d{3}$/, 'a municipality code is three digits')
    .optional(),
  group: GroupKey,
  ...UnitFilter,
  source: z.enum(['published', 'live']).optional(),
  version: z.coerce.number().int().min(1).optional(),
});
export type CompareQuery = z.infer<typeof CompareQuery>;

export const CompareColumn = z.object({
  scope: z.string(),
  kind: z.enum(['region', 'municipality', 'unit']),
  code: z.string().nullable(),
  names: Translations,
  /** Responses of the column; null where the view does not have it (the region in a units view). */
  responses: CountCell.nullable(),
});
export type CompareColumn = z.infer<typeof CompareColumn>;

export const CompareCell = z.discriminatedUnion('suppressed', [
  SuppressedCell,
  MeanPoint.extend({
    /** Against the rest of the region (a municipality) or of the municipality (a unit); null for the reference columns. */
    againstRest: Difference.nullable(),
  }),
]);
export type CompareCell = z.infer<typeof CompareCell>;

export const Compare = z.object({
  round: ReportRound,
  source: ReportSource,
  threshold: z.number().int(),
  level: z.enum(COMPARE_LEVELS),
  group: z.object({ key: z.string(), label: Translations }).nullable(),
  /** The unit kind and provider filter, and the columns (scopes) it cannot be shown for. */
  filter: ViewFilter.optional(),
  filterWithheld: z.array(z.string()).optional(),
  /** Municipalities (codes) the region's filtered column leaves out, where the region as a whole cannot be split. */
  filterRegionWithout: z.array(z.string()).optional(),
  ...LanguageFilter,
  /** The municipality of a units view. */
  parent: z.object({ code: z.string(), names: Translations }).nullable(),
  /** The region first, then (units view) the municipality, then the municipalities or units. */
  columns: z.array(CompareColumn),
  sections: z.array(
    z.object({
      key: z.string(),
      title: Translations,
      items: z.array(
        z.object({
          key: z.string(),
          type: z.enum(['statement', 'grade']),
          text: Translations,
          cells: z.array(CompareCell),
        }),
      ),
    }),
  ),
  groups: z.array(z.object({ key: z.string(), label: Translations })),
});
export type Compare = z.infer<typeof Compare>;

export const CompareExportQuery = CompareQuery.extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['fi', 'sv', 'en']).default('fi'),
  /** What the cells hold: the mean or the agreeing share. */
  measure: z.enum(['mean', 'agree']).default('mean'),
  delimiter: z.enum(['comma', 'semicolon']).default('comma'),
});
export type CompareExportQuery = z.infer<typeof CompareExportQuery>;

// ---- overview ----

export const OverviewFamily = z.object({
  family: FamilyKey,
  familyNames: Translations,
  round: z.object({
    slug: z.string(),
    year: z.number().int(),
    status: RoundStatus,
    source: z.enum(['published', 'live']),
  }),
  previous: z.object({ slug: z.string(), year: z.number().int() }).nullable(),
  /** The region's items whose change since the previous round is larger than chance, largest first. */
  moved: z.array(
    z.object({
      key: z.string(),
      section: Translations,
      text: Translations,
      before: z.number(),
      now: z.number(),
      change: Difference,
    }),
  ),
  /** Municipalities furthest from the rest of the region: items clearly above and below, largest gaps first. */
  distant: z.array(
    z.object({
      code: z.string(),
      names: Translations,
      above: z.number().int(),
      below: z.number().int(),
      compared: z.number().int(),
      /** Mean of the significant differences' absolute sizes. */
      gap: z.number(),
      largest: z.object({ key: z.string(), text: Translations, diff: z.number() }).nullable(),
    }),
  ),
});
export type OverviewFamily = z.infer<typeof OverviewFamily>;

export const Overview = z.object({ families: z.array(OverviewFamily) });
export type Overview = z.infer<typeof Overview>;
