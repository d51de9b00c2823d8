import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';

/**
 * The address of the client behind a request: the socket's peer, or with
 * TRUSTED_PROXIES=n the address the n-th proxy from us saw (X-Forwarded-For read
 * from the right, so a client cannot forge it). Used only to throttle, and only
 * through `clientKey`: it is never stored or logged.
 */
export function clientAddress(c: Context<AppEnv>): string | undefined {
  const hops = c.var.config.TRUSTED_PROXIES;
  if (hops > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const seen = forwarded[forwarded.length - hops];
    if (seen) return seen;
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? undefined;
}

// Without CLIENT_KEY_SECRET the key lives in this process's memory only (one instance).
const processSecret = randomBytes(32);

/**
 * A throttling key for the client: a keyed hash of its address under a key that
 * changes every day (derived from CLIENT_KEY_SECRET, shared by the instances, or a
 * per-process secret), so a stored key cannot be turned back into an address once
 * the day is over, nor linked across days. Undefined when the address is unknown.
 */
export function clientKey(c: Context<AppEnv>, now = new Date()): string | undefined {
  const address = clientAddress(c);
  if (!address) return undefined;
  const secret = c.var.config.CLIENT_KEY_SECRET ?? processSecret;
  return `client:${createHmac('sha256', dayKey(secret, now.toISOString().slice(0, 10)))
    .update(address)
    .digest('base64url')}`;
}

// The day's key, derived once per day rather than on every request (a submission burst is thousands a second).
let lastDay: { secret: string | Buffer; day: string; key: Buffer } | null = null;
function dayKey(secret: string | Buffer, day: string): Buffer {
  if (lastDay?.secret !== secret || lastDay.day !== day) {
    lastDay = { secret, day, key: createHmac('sha256', secret).update(day).digest() };
  }
  return lastDay.key;
}
