import { randomBytes } from 'node:crypto';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SignInLimitError, changePassword, deleteSession, sessionInfo, signIn } from '@gs/db';
import { DomainError, PasswordChangeInput, ROLES, SessionInfo, SignInInput } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { SESSION_COOKIE, currentUser, hashToken, requireRole } from '../lib/auth.ts';
import { clientKey } from '../lib/client.ts';
import { describe, validate } from '../lib/openapi.ts';

function secureCookie(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.var.config.PUBLIC_URL?.startsWith('https:') === true;
}

function sessionHash(c: Context<AppEnv>): string | undefined {
  const token = getCookie(c, SESSION_COOKIE);
  return token ? hashToken(token) : undefined;
}

/** Runs a password check; a refusal by the limits carries Retry-After. */
async function withRetryAfter<T>(c: Context<AppEnv>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof SignInLimitError) c.header('Retry-After', String(e.retryAfter));
    throw e;
  }
}

/** Refuses a sign-in posted from another site (login CSRF); SameSite covers the session itself. */
const sameOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if ((origin && origin !== new URL(c.req.url).origin && origin !== c.var.config.PUBLIC_URL) || site === 'cross-site') {
    throw new DomainError('csrf_failed', 'sign-in must come from this site', undefined, 403);
  }
  await next();
};

function toSessionInfo(row: {
  id: number;
  email: string;
  name: string;
  role: SessionInfo['user']['role'];
  municipality_id: number | null;
  municipality_code: string | null;
  csrf_token: string;
  expires_at: Date | string;
}): SessionInfo {
  return {
    user: {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      municipalityId: row.municipality_id,
      municipalityCode: row.municipality_code,
    },
    csrfToken: row.csrf_token,
    expiresAt: new Date(row.expires_at).toISOString(),
  };
}

export const authRoutes = new Hono<AppEnv>()
  .post(
    '/sign-in',
    describe({
      summary: 'Sign in with e-mail and password; sets the session cookie and returns the CSRF token',
      tags: ['auth'],
      description:
        'Failed attempts are limited per e-mail address and per client, counted before the password is checked (429 with Retry-After). ' +
        'Send the returned csrfToken as X-CSRF-Token on every state-changing request.',
      responses: { 200: { description: 'Signed in', schema: SessionInfo } },
    }),
    sameOrigin,
    validate('json', SignInInput),
    async (c) => {
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(Date.now() + c.var.config.SESSION_TTL_HOURS * 3600_000);
      const user = await withRetryAfter(c, () =>
        signIn(
          c.var.db,
          c.req.valid('json'),
          { idHash: hashToken(token), csrfToken, expiresAt },
          new Date(),
          clientKey(c),
        ),
      );
      setCookie(c, SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: secureCookie(c),
        maxAge: c.var.config.SESSION_TTL_HOURS * 3600,
      });
      return c.json(toSessionInfo({ ...user, csrf_token: csrfToken, expires_at: expiresAt }), 200);
    },
  )
  .post(
    '/sign-out',
    describe({ summary: 'End the current session', tags: ['auth'], responses: { 204: { description: 'Signed out' } } }),
    requireRole(...ROLES),
    async (c) => {
      const hash = sessionHash(c);
      if (hash) await deleteSession(c.var.db, hash);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureCookie(c) });
      return c.body(null, 204);
    },
  )
  .get(
    '/me',
    describe({
      summary: 'The signed-in user, the session expiry and its CSRF token',
      tags: ['auth'],
      responses: { 200: { description: 'Signed in', schema: SessionInfo } },
    }),
    requireRole(...ROLES),
    async (c) => {
      const row = await sessionInfo(c.var.db, sessionHash(c) ?? '');
      if (!row) throw new DomainError('unauthorized', 'sign in first', undefined, 401);
      return c.json(toSessionInfo(row), 200);
    },
  )
  .post(
    '/password',
    describe({
      summary: 'Change your password (ends your other sessions); limited like signing in, easy passwords refused',
      tags: ['auth'],
      responses: { 204: { description: 'Changed' } },
    }),
    requireRole(...ROLES),
    validate('json', PasswordChangeInput),
    async (c) => {
      await withRetryAfter(c, () =>
        changePassword(c.var.db, currentUser(c).id, c.req.valid('json'), sessionHash(c), clientKey(c)),
      );
      return c.body(null, 204);
    },
  );
