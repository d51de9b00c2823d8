import type { Context } from 'hono';
import { NETWORK, type Scope } from '@gs/db';
import type { Role } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { currentUser } from '../lib/auth.ts';

export const EVERY_ROLE: Role[] = ['coordinator', 'municipality_contact', 'steering_group'];
export const MANAGERS: Role[] = ['coordinator', 'municipality_contact'];

/** What the signed-in user may see: their own municipality for a contact, else the whole network. */
export function scopeOf(c: Context<AppEnv>): Scope {
  const user = currentUser(c);
  return user.role === 'municipality_contact' ? { municipalityId: user.municipalityId } : NETWORK;
}

/** Today's date (UTC), as the automatic close in server.ts counts it. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The address links and QR codes point at: PUBLIC_URL, else the address the request came to. */
export function publicBase(c: Context<AppEnv>): string {
  return (c.var.config.PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/+$/, '');
}
