import type { ErrorBody } from '@gs/schema';

/** A failed API call, carrying the server's error code and the field it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
/** Remembers the session's CSRF token (given by sign-in and /api/auth/me). */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Calls the JSON API; throws ApiError with the server's `{ error }` body on failure. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
    signal: init.signal,
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ErrorBody | null;
    throw new ApiError(
      res.status,
      body?.error.code ?? 'error',
      body?.error.message ?? res.statusText,
      body?.error.field,
    );
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
