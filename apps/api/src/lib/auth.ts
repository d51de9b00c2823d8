import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { findSessionUser } from '@gs/db';
import { DomainError, type Role } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { securityMeta } from './openapi.ts';

export const SESSION_COOKIE = 'gs_session';
export const CSRF_HEADER = 'x-csrf-token';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Loads the signed-in user from the session cookie (or sets null). */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  let user: AppEnv['Variables']['user'] = null;
  if (token) {
    const row = await findSessionUser(c.var.db, hashToken(token));
    if (row) {
      user = {
        id: row.id,
        email: row.email,
        name: row.name,
        role: row.role,
        municipalityId: row.municipality_id,
        csrfToken: row.csrf_token,
      };
    }
  }
  c.set('user', user);
  await next();
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request made with a session must carry the session's
 * CSRF token in X-CSRF-Token (SameSite cookies are the first line, this the second).
 */
export const csrfProtection: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.var.user;
  if (user && !SAFE_METHODS.has(c.req.method) && c.req.header(CSRF_HEADER) !== user.csrfToken) {
    throw new DomainError('csrf_failed', 'missing or wrong X-CSRF-Token header', CSRF_HEADER, 403);
  }
  await next();
};

/** Lets the request through only for a signed-in user with one of these roles. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  const mw: MiddlewareHandler<AppEnv> = async (c, next) => {
    const user = c.var.user;
    if (!user) throw new DomainError('unauthorized', 'sign in first', undefined, 401);
    if (!roles.includes(user.role)) throw new DomainError('forbidden', 'your role may not do this', undefined, 403);
    await next();
  };
  return securityMeta(mw, roles);
}

/** The signed-in user; only call after requireRole. */
export function currentUser(c: { var: AppEnv['Variables'] }) {
  const user = c.var.user;
  if (!user) throw new DomainError('unauthorized', 'sign in first', undefined, 401);
  return user;
}
