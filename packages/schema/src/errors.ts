import * as z from 'zod';

export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'csrf_failed',
  'illegal_transition',
  'round_not_open',
  /** Development targets of a round once the next round of its family has opened. */
  'frozen',
  'payload_too_large',
  'unsupported_media_type',
  'internal_error',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The one error shape every failing request answers with. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    field: z.string().optional(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * A domain rule was broken. `field` names the offending input (dot path), so the
 * API and the pages can show the message next to it.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 = 422,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Turns zod issues into `{ field, message }` pairs with dot paths. */
export function issuesOf(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(root)', message: i.message }));
}

/** Parses with a schema, or throws a DomainError naming the first offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const first = issuesOf(parsed.error)[0];
  throw new DomainError('validation_failed', first?.message ?? `invalid ${what}`, first?.field);
}
