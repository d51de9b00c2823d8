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

/** Maps every thrown error to `{ error: { code, message, field? } }` with the right status. */
export function handleError(err: Error, c: Context) {
  if (err instanceof DomainError) return c.json(errorBody(err.code, err.message, err.field), err.status);
  if (err instanceof z.ZodError) {
    const issues = issuesOf(err);
    return c.json(errorBody('validation_failed', issues[0]?.message ?? 'invalid input', issues[0]?.field, issues), 400);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code: ErrorCode =
      status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'bad_request';
    return c.json(errorBody(code, err.message || 'request failed'), status);
  }
  console.error(err);
  return c.json(errorBody('internal_error', 'something went wrong on our side'), 500);
}
