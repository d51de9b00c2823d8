import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DomainError, UNSTORABLE_TEXT_MESSAGE, isStorableText } from '@gs/schema';

/** Largest body of an ordinary request (JSON or a survey form). */
export const BODY_LIMIT = 1024 * 1024;
/** Largest body of a CSV import: the file (at most 2 M characters) as JSON text. */
export const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;
const IMPORT_PATH = /^\/api\/console\/.*\/import(\/preview)?$/;

function tooLarge(maxSize: number): never {
  throw new DomainError(
    'payload_too_large',
    `the request body is larger than ${maxSize / 1024 / 1024} MB`,
    'body',
    413,
  );
}

function limit(maxSize: number) {
  return bodyLimit({ maxSize, onError: () => tooLarge(maxSize) });
}
const ordinaryLimit = limit(BODY_LIMIT);
const importLimit = limit(IMPORT_BODY_LIMIT);

/**
 * Refuses a body over its route's limit with a 413 before it is parsed: 1 MB, and 8 MB only
 * for the CSV imports. A declared Content-Length over the limit is refused without reading; a
 * body without one (chunked) is counted as it streams in (hono's bodyLimit). The declared length
 * is checked from the headers alone: touching the body here would make the Node adapter build a
 * full fetch Request for every request, which cost a fifth of a submission's CPU.
 */
export const limitBodies: MiddlewareHandler = (c, next) => {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
  const maxSize = IMPORT_PATH.test(c.req.path) ? IMPORT_BODY_LIMIT : BODY_LIMIT;
  const length = c.req.header('content-length');
  if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
    if (Number(length) > maxSize) tooLarge(maxSize);
    return next();
  }
  return (maxSize === BODY_LIMIT ? ordinaryLimit : importLimit)(c, next);
};

/**
 * The dot path of the first string (value or key) in a parsed input that cannot be stored:
 * a NUL character or an unpaired surrogate. Undefined when everything is storable.
 */
export function firstUnstorable(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return isStorableText(value) ? undefined : path || '(root)';
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, v] of entries) {
    const here = path ? `${path}.${key}` : key;
    if (!isStorableText(key)) return path ? `${path}.(key)` : '(key)';
    const found = firstUnstorable(v, here, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Throws a 400 naming the field when a parsed input holds unstorable text. */
export function refuseUnstorable(value: unknown, prefix?: string) {
  const field = firstUnstorable(value);
  if (field !== undefined) {
    const named = prefix ? (field === '(root)' ? prefix : `${prefix}.${field}`) : field;
    throw new DomainError('validation_failed', `${named} ${UNSTORABLE_TEXT_MESSAGE}`, named, 400);
  }
}

/**
 * Refuses an address holding a NUL character (`%00`) in its path or query with a 400, on every
 * route: such a value would reach the database only to fail there.
 */
export const refuseUnstorableUrl: MiddlewareHandler = async (c, next) => {
  const url = c.req.url;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (/%00/i.test(path) || !isStorableText(path))
    throw new DomainError('validation_failed', `path ${UNSTORABLE_TEXT_MESSAGE}`, 'path', 400);
  if (q >= 0) {
    for (const [key, value] of new URLSearchParams(url.slice(q + 1))) {
      if (!isStorableText(key) || !isStorableText(value)) {
        const field = isStorableText(key) ? key : 'query';
        throw new DomainError('validation_failed', `${field} ${UNSTORABLE_TEXT_MESSAGE}`, field, 400);
      }
    }
  }
  await next();
};

export type FormBody = Record<string, string | File | (string | File)[]>;

/** A submitted form (urlencoded or multipart); a broken body or unstorable text is a 400, never a 500. */
export async function readForm(c: Context): Promise<FormBody> {
  let body: FormBody;
  try {
    body = (await c.req.parseBody()) as FormBody;
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('bad_request', 'the form could not be read', 'body', 400);
  }
  refuseUnstorable(body);
  return body;
}
