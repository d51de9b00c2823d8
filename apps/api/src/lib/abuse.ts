import { countInWindow, countOfWindow, secondsUntil, windowEnd } from '@gs/db';
import { DomainError } from '@gs/schema';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { clientKey } from './client.ts';

/**
 * Limits for anonymous guardians, per client (a keyed hash of its address that changes
 * daily, see client.ts) in the shared 15-minute windows. Nothing here is stored with a
 * response; a client whose address is unknown (tests through app.request) is not limited.
 */
export const ABUSE_LIMITS = {
  /** Open-link responses from one client in a window that are counted at once; more are held for review. */
  holdAfter: 20,
  /** Open-link responses from one client in a window after which it is refused (429). */
  refuseAfter: 200,
  /** Wrong one-time or resume codes from one client in a window before it must wait. */
  codeFailures: 10,
  /** Wrong codes over all clients in a window after which a client that already failed must wait. */
  codeFailuresAll: 300,
} as const;

function limited(c: Context<AppEnv>, message: string, now: Date): never {
  const wait = secondsUntil(windowEnd(now), now);
  c.header('Retry-After', String(wait));
  throw new DomainError('rate_limited', message, undefined, 429);
}

/**
 * Counts an open-link submission from this client; true when it should be held for a
 * coordinator's review rather than counted (an implausible burst), and a 429 far past that.
 */
export async function holdOpenLinkSubmission(c: Context<AppEnv>, roundSlug: string, now = new Date()) {
  const key = clientKey(c, now);
  if (!key) return false;
  const n = await countInWindow(c.var.db, `submit:${roundSlug}:${key}`, now);
  if (n > ABUSE_LIMITS.refuseAfter) limited(c, 'too many responses from one place: try again later', now);
  return n > ABUSE_LIMITS.holdAfter;
}

/** Refuses a code check while this client (or, after failing once, everyone together) has failed too often. */
export async function assertMayTryCode(c: Context<AppEnv>, now = new Date()) {
  const key = clientKey(c, now);
  if (!key) return;
  const [mine, all] = await Promise.all([
    countOfWindow(c.var.db, `code:${key}`, now),
    countOfWindow(c.var.db, 'code:*', now),
  ]);
  if (mine >= ABUSE_LIMITS.codeFailures || (mine > 0 && all >= ABUSE_LIMITS.codeFailuresAll)) {
    limited(c, 'too many wrong codes: try again in a few minutes', now);
  }
}

/** Counts a wrong one-time or resume code for this client and for everyone. */
export async function countWrongCode(c: Context<AppEnv>, now = new Date()) {
  const key = clientKey(c, now);
  if (!key) return;
  await Promise.all([countInWindow(c.var.db, `code:${key}`, now), countInWindow(c.var.db, 'code:*', now)]);
}
