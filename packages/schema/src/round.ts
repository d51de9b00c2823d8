import * as z from 'zod';
import { FreeText, Id, IsoDate, MunicipalityCode } from './common.ts';
import { FamilyKey } from './instrument.ts';

export const ROUND_STATUSES = ['draft', 'open', 'closed', 'published'] as const;
export const RoundStatus = z.enum(ROUND_STATUSES);
export type RoundStatus = z.infer<typeof RoundStatus>;

const TRANSITIONS: Record<RoundStatus, readonly RoundStatus[]> = {
  draft: ['open'],
  open: ['closed'],
  closed: ['open', 'published'],
  published: [],
};

/** Whether a round may move from one status to another (reopening only before publishing). */
export function canTransition(from: RoundStatus, to: RoundStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Which family runs in which years: the default puts ECEC in odd years, basic education in even years. */
export const CycleRule = z.object({ odd: FamilyKey, even: FamilyKey });
export type CycleRule = z.infer<typeof CycleRule>;
export const DEFAULT_CYCLE_RULE: CycleRule = { odd: 'ecec', even: 'basic' };

/** The family the cycle rule expects for a year. */
export function familyForYear(rule: CycleRule, year: number): FamilyKey {
  return year % 2 === 0 ? rule.even : rule.odd;
}

export const RoundSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{2,39}$/, 'a round slug is lower-case letters, digits and -, e.g. 2026-basic');

export const RoundInput = z
  .object({
    slug: RoundSlug.optional(),
    family: FamilyKey,
    instrumentVersionId: Id,
    year: z.number().int().min(2000).max(2100),
    opensOn: IsoDate,
    closesOn: IsoDate,
    municipalityCodes: z.array(MunicipalityCode).min(1, 'choose at least one municipality'),
    cycleOverrideReason: FreeText().trim().min(5, 'give a reason of at least 5 characters').optional(),
  })
  .superRefine((r, ctx) => {
    if (r.closesOn < r.opensOn) {
      ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'a round cannot close before it opens' });
    }
    if (Number(r.opensOn.slice(0, 4)) !== r.year) {
      ctx.addIssue({ code: 'custom', path: ['opensOn'], message: `a ${r.year} round opens in ${r.year}` });
    }
  });
export type RoundInput = z.infer<typeof RoundInput>;
