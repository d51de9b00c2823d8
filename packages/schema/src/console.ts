import * as z from 'zod';
import { Id, IsoDate, MunicipalityCode, Role, FreeText, Translations } from './common.ts';
import { FamilyKey, Item, Lineage, Section } from './instrument.ts';
import { RoundStatus } from './round.ts';

/** The smallest password a console user may choose. */
export const MIN_PASSWORD_LENGTH = 12;

const Email = FreeText()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'give an e-mail address, e.g. name@example.fi' }));

export const SignInInput = z.object({
  email: Email,
  password: FreeText().min(1, 'give your password').max(200),
});
export type SignInInput = z.infer<typeof SignInInput>;

export const NewPassword = FreeText()
  .min(MIN_PASSWORD_LENGTH, `a password has at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'a password has at most 200 characters');

export const PasswordChangeInput = z
  .object({
    currentPassword: FreeText().min(1, 'give your current password').max(200),
    newPassword: NewPassword,
  })
  .refine((p) => p.currentPassword !== p.newPassword, {
    path: ['newPassword'],
    message: 'the new password must differ from the current one',
  });
export type PasswordChangeInput = z.infer<typeof PasswordChangeInput>;

export const ConsoleUser = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: Role,
  municipalityId: z.number().int().nullable(),
  municipalityCode: z.string().nullable(),
});
export type ConsoleUser = z.infer<typeof ConsoleUser>;

/** What sign-in and GET /api/auth/me answer: the user and the session's CSRF token. */
export const SessionInfo = z.object({
  user: ConsoleUser,
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const UserInput = z
  .object({
    email: Email,
    name: FreeText().trim().min(1, 'give a name').max(200),
    role: Role,
    municipalityCode: MunicipalityCode.nullable().default(null),
    password: NewPassword,
  })
  .superRefine((u, ctx) => {
    if (u.role === 'municipality_contact' && !u.municipalityCode) {
      ctx.addIssue({
        code: 'custom',
        path: ['municipalityCode'],
        message: 'a municipality contact needs a municipality',
      });
    }
    if (u.role !== 'municipality_contact' && u.municipalityCode) {
      ctx.addIssue({
        code: 'custom',
        path: ['municipalityCode'],
        message: 'only municipality contacts have a municipality',
      });
    }
  });
export type UserInput = z.infer<typeof UserInput>;

export const UserUpdate = z.object({ active: z.boolean() });

export const IdParam = z.object({ id: Id });
export const CodeParam = z.object({ code: MunicipalityCode });

/** Opening a round, or reopening a closed one with a later close date. */
export const OpenRoundInput = z.object({ closesOn: IsoDate.optional() });

export const PublishInput = z.object({
  reason: FreeText().trim().min(5, 'give a reason of at least 5 characters').max(1000).optional(),
});

export const RoundProposal = z.object({
  slug: z.string(),
  family: FamilyKey,
  year: z.number().int(),
  instrumentVersionId: z.number().int().nullable(),
  instrumentVersion: z.number().int().nullable(),
  opensOn: IsoDate,
  closesOn: IsoDate,
  municipalityCodes: z.array(MunicipalityCode),
  basedOn: z.string().nullable(),
});
export type RoundProposal = z.infer<typeof RoundProposal>;

/**
 * One line of a round's progress: responses against the base count. `responses`
 * is null and `below` says "fewer than this many" where the count is banded for
 * the reader (the steering group and municipality contacts, for small unit counts);
 * `rate` (responses / enrolled) is null then too, and without a base count.
 */
export const ProgressLine = z.object({
  responses: z.number().int().nullable(),
  below: z.number().int().optional(),
  enrolled: z.number().int(),
  rate: z.number().nullable(),
});
export type ProgressLine = z.infer<typeof ProgressLine>;

export const RoundProgress = z.object({
  round: z.object({ id: Id, slug: z.string(), status: RoundStatus, opens_on: IsoDate, closes_on: IsoDate }),
  /** The whole round (a contact: their municipality); always exact. */
  total: ProgressLine,
  municipalities: z.array(
    ProgressLine.extend({
      id: Id,
      code: MunicipalityCode,
      names: Translations,
      units: z.array(
        ProgressLine.extend({ id: Id.nullable(), code: z.string().nullable(), names: Translations.nullable() }),
      ),
    }),
  ),
  /** Responses per day over the whole scope, never per unit. */
  days: z.array(z.object({ day: IsoDate, responses: z.number().int() })),
});
export type RoundProgress = z.infer<typeof RoundProgress>;

export const MunicipalityUpdate = z.object({
  names: Translations,
  population: z.number().int().min(0).max(10_000_000),
  active: z.boolean().default(true),
});
export type MunicipalityUpdate = z.infer<typeof MunicipalityUpdate>;

export const UnitsQuery = z.object({ municipality: MunicipalityCode.optional() });

export const BaseCountEntry = z.object({
  unitId: Id.nullable().default(null),
  groupKey: FreeText().min(1).max(48),
  enrolled: z.number().int().min(0).max(1_000_000),
});

/** Replaces one municipality's base counts in a round. */
export const BaseCountsUpdate = z.object({
  municipalityCode: MunicipalityCode,
  rows: z.array(BaseCountEntry).max(5000),
});
export type BaseCountsUpdate = z.infer<typeof BaseCountsUpdate>;

/** A CSV file sent as text (the browser reads the file); 2 MB is far beyond a network's units. */
export const CsvUpload = z.object({
  csv: FreeText().min(1, 'the file is empty').max(2_000_000, 'the file is larger than 2 MB'),
});

export const CodesInput = z.object({
  municipalityCode: MunicipalityCode,
  unitId: Id.nullable().default(null),
  count: z.number().int().min(1, 'make at least one code').max(1000, 'at most 1000 codes at a time'),
});
export type CodesInput = z.infer<typeof CodesInput>;

export const OPEN_ANSWER_STATES = ['pending', 'approved', 'hidden'] as const;
export const OpenAnswerState = z.enum(OPEN_ANSWER_STATES);
export type OpenAnswerState = z.infer<typeof OpenAnswerState>;

export const OpenAnswersQuery = z.object({
  municipality: MunicipalityCode.optional(),
  state: OpenAnswerState.optional(),
});

export const TextRange = z
  .object({ start: z.number().int().min(0), end: z.number().int().min(1) })
  .refine((r) => r.end > r.start, { path: ['end'], message: 'a range ends after it starts' });
export type TextRange = z.infer<typeof TextRange>;

/** Approving an answer, removing the given character ranges of its text. */
export const ApproveInput = z.object({ redactions: z.array(TextRange).max(100).default([]) });
export const HideInput = z.object({ reason: FreeText().trim().max(500).optional() });

export const AuditQuery = z.object({
  before: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** An item in the instrument editor, with how it relates to the version it was copied from. */
export const DraftItem = z.object({ item: Item, lineage: Lineage });

export const InstrumentDraftInput = z.object({
  title: Translations,
  intro: Translations,
  estimatedMinutes: z.number().int().min(1).max(60),
  sections: z
    .array(
      Section.omit({ items: true }).extend({
        items: z.array(DraftItem).min(1, 'a section needs at least one item'),
      }),
    )
    .min(1),
});
export type InstrumentDraftInput = z.infer<typeof InstrumentDraftInput>;

export const FamilyParam = z.object({ family: FamilyKey });
