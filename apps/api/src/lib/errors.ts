import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { DomainError, type ErrorBody, type ErrorCode, issuesOf } from '@gs/schema';

/** Builds the one error body every failure answers with. */
export function errorBody(
  code: ErrorCode,
  message: string,
  field?: string,
  issues?: ErrorBody['error']['issues'],
): ErrorBody {
  return { error: { code, message, ...(field ? { field } : {}), ...(issues ? { issues } : {}) } };
}

const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** The status and body a thrown error answers with; anything unexpected is logged (without its message) and is a 500. */
export function errorOf(err: Error, c: Context): { status: ContentfulStatusCode; body: ErrorBody } {
  if (err instanceof DomainError) return { status: err.status, body: errorBody(err.code, err.message, err.field) };
  if (err instanceof z.ZodError) {
    const issues = issuesOf(err);
    const body = errorBody('validation_failed', issues[0]?.message ?? 'invalid input', issues[0]?.field, issues);
    return { status: 400, body };
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    return { status, body: errorBody(HTTP_CODES[status] ?? 'bad_request', err.message || 'request failed') };
  }
  logError(`${c.req.method} ${c.req.routePath}`, err);
  return { status: 500, body: errorBody('internal_error', 'something went wrong on our side') };
}

/**
 * Logs an unexpected error as its class, code (e.g. PostgreSQL's SQLSTATE) and stack frames only.
 * Never the message, detail, query parameters or request body: database errors repeat the
 * offending input there, and that input may be a guardian's answer or a one-time code.
 */
export function logError(where: string, err: unknown) {
  const e = err instanceof Error ? err : new Error('non-Error thrown');
  const code = (e as { code?: unknown }).code;
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 10);
  console.error(
    [`unexpected ${e.name}${typeof code === 'string' ? ` [${code}]` : ''} in ${where}`, ...frames].join('\n'),
  );
}

/** Maps every thrown error to `{ error: { code, message, field? } }` with the right status. */
export function handleError(err: Error, c: Context) {
  const { status, body } = errorOf(err, c);
  return c.json(body, status);
}
