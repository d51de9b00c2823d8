import * as z from 'zod';
import { FreeText, Id, MAX_INT4, Translations } from './common.ts';
import { MeanCell } from './compare.ts';
import { Difference, ReportSource } from './report.ts';
import { RoundStatus } from './round.ts';

import { IMPROVEMENT_NOTE_MAX } from './limits.ts';

export { IMPROVEMENT_NOTE_MAX };

/** Whose target it is: the whole region, or one municipality (`municipality:<code>`). */
export const ImprovementScope = z
  .string()
  .regex(/^(region|municipality:\d{3})$/, "a target's scope is 'region' or 'municipality:<code>'");
export type ImprovementScope = z.infer<typeof ImprovementScope>;

/** What is targeted: one statement (or the grade), or a whole theme (a section of the questionnaire). */
export const IMPROVEMENT_KINDS = ['item', 'theme'] as const;
export const ImprovementKind = z.enum(IMPROVEMENT_KINDS);
export type ImprovementKind = z.infer<typeof ImprovementKind>;

const ImprovementKey = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'an item or theme key, e.g. safety_feels_safe');

export const ImprovementNote = FreeText()
  .trim()
  .min(1, 'write a short note: why this is a target, what will be done')
  .max(IMPROVEMENT_NOTE_MAX, `at most ${IMPROVEMENT_NOTE_MAX} characters`);

/** POST body: mark an item or a theme of a round as a development target. */
export const ImprovementAreaInput = z
  .object({ scope: ImprovementScope, kind: ImprovementKind, key: ImprovementKey, note: ImprovementNote })
  .strict();
export type ImprovementAreaInput = z.infer<typeof ImprovementAreaInput>;

/** PATCH body: a target's note is what changes; another item is another target. */
export const ImprovementAreaPatch = z.object({ note: ImprovementNote }).strict();
export type ImprovementAreaPatch = z.infer<typeof ImprovementAreaPatch>;

export const ImprovementAreaParam = z.object({ slug: z.string(), id: Id });

/** Query of the list: one scope's targets, or (without it) every scope this reader may see. */
export const ImprovementAreaQuery = z.object({ scope: ImprovementScope.optional() });

/** A development target as stored, with the texts a page needs. */
export const ImprovementArea = z.object({
  id: z.number().int(),
  /** The round whose results it was picked from. */
  round: z.string(),
  scope: ImprovementScope,
  scopeNames: Translations,
  kind: ImprovementKind,
  key: z.string(),
  /** The statement's text, or the theme's title. */
  label: Translations,
  /** The theme an item belongs to (the theme itself for a theme target). */
  theme: Translations,
  note: z.string(),
  /** Who recorded the decision; signed-in readers only (null for the public). */
  decidedBy: z.object({ id: z.number().int().nullable(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ImprovementArea = z.infer<typeof ImprovementArea>;

/** The targets set in a round, and whether they may still change. */
export const ImprovementAreaList = z.object({
  round: z.object({ slug: z.string(), year: z.number().int(), status: RoundStatus }),
  /** The next round of the same family, where the targets are followed up. */
  nextRound: z.object({ slug: z.string(), year: z.number().int(), status: RoundStatus }).nullable(),
  /** True once the next round of the family has opened: the targets can no longer change. */
  frozen: z.boolean(),
  /** Whether this reader may add, edit and delete targets now. */
  editable: z.boolean(),
  areas: z.array(ImprovementArea),
});
export type ImprovementAreaList = z.infer<typeof ImprovementAreaList>;

/** Query of the follow-up: the scope of the report page it belongs to, and its source and version. */
export const ImprovementProgressQuery = z.object({
  scope: ImprovementScope.default('region'),
  source: z.enum(['published', 'live']).optional(),
  version: z.coerce.number().int().min(1).max(MAX_INT4, 'no such version (too large)').optional(),
});
export type ImprovementProgressQuery = z.infer<typeof ImprovementProgressQuery>;

/**
 * One item of a target followed up: `previous` (the round that set it) and `current`, each already
 * protected (a hidden figure stays hidden), and Welch's test of the change.
 * `status`: 'compared', 'not_comparable' (wording or scale changed) or 'not_asked' (no longer in the questionnaire).
 */
export const ImprovementItemProgress = z.object({
  key: z.string(),
  text: Translations,
  status: z.enum(['compared', 'not_comparable', 'not_asked']),
  previous: MeanCell.nullable(),
  current: MeanCell.nullable(),
  change: Difference.nullable(),
});
export type ImprovementItemProgress = z.infer<typeof ImprovementItemProgress>;

export const ImprovementTargetProgress = z.object({
  area: ImprovementArea,
  items: z.array(ImprovementItemProgress),
});
export type ImprovementTargetProgress = z.infer<typeof ImprovementTargetProgress>;

/** How the previous round's targets moved, measured in one scope's report of this round. */
export const ImprovementProgress = z.object({
  round: z.object({ slug: z.string(), year: z.number().int() }),
  /** The round that set the targets (the previous round of the family); null when there is none. */
  previous: z.object({ slug: z.string(), year: z.number().int() }).nullable(),
  /** The report the figures come from: 'region' or 'municipality:<code>'. */
  scope: ImprovementScope,
  scopeNames: Translations,
  source: ReportSource,
  targets: z.array(ImprovementTargetProgress),
});
export type ImprovementProgress = z.infer<typeof ImprovementProgress>;

/** The item or theme a target names in a questionnaire: its label, theme and the items it covers. */
export interface ResolvedTarget {
  label: Translations;
  theme: Translations;
  itemKeys: string[];
}

/**
 * Finds a target's item (a statement or the grade) or theme in a questionnaire; undefined when
 * the questionnaire has no such item or theme (open questions are never targets: they have no figures).
 */
export function resolveTarget(
  def: {
    sections: readonly {
      key: string;
      title: Translations;
      items: readonly { key: string; type: string; text: Translations }[];
    }[];
  },
  kind: ImprovementKind,
  key: string,
): ResolvedTarget | undefined {
  for (const s of def.sections) {
    const measured = s.items.filter((i) => i.type !== 'open');
    if (kind === 'theme' && s.key === key && measured.length > 0) {
      return { label: s.title, theme: s.title, itemKeys: measured.map((i) => i.key) };
    }
    const item = kind === 'item' ? measured.find((i) => i.key === key) : undefined;
    if (item) return { label: item.text, theme: s.title, itemKeys: [item.key] };
  }
  return undefined;
}
