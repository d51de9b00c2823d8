import * as z from 'zod';
import { Id } from './common.ts';
import { IdParam } from './console.ts';

/**
 * Which of a round's held responses (an implausible burst of open-link responses from one
 * client) to release or discard: all, one municipality's, or one unit's (null: those without a unit).
 */
export const HeldScopeInput = z.object({
  municipalityId: Id.optional(),
  unitId: Id.nullable().optional(),
});
export type HeldScopeInput = z.infer<typeof HeldScopeInput>;

/** `POST /rounds/:id/held/:how`: count the held responses in, or delete them. */
export const HeldParam = IdParam.extend({ how: z.enum(['release', 'discard']) });
