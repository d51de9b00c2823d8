import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS, recordSignInFailure, signInKey, signInWait } from '@gs/db';
import { testEngine } from '@gs/db/testing';
import { PASSWORD, USERS, consoleHarness } from './console-testing.ts';

let h: Awaited<ReturnType<typeof consoleHarness>>;

beforeAll(async () => {
  h = await consoleHarness();
});
afterAll(async () => h?.t.close());
beforeEach(async () => {
  await h.reseed();
});

const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  h.request('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });

describe(`CSRF protection (${testEngine})`, () => {
  it('refuses a state-changing request with a session but without X-CSRF-Token (403)', async () => {
    const s = await h.signIn('coordinator');
    const res = await h.request('/api/auth/sign-out', { method: 'POST', headers: { cookie: s.cookie } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'csrf_failed', field: 'x-csrf-token' } });
    expect((await h.request('/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(200);
  });

  it('refuses another session’s CSRF token', async () => {
    const mine = await h.signIn('coordinator');
    const theirs = await h.signIn('steering');
    const res = await h.request('/api/console/rounds/1/close', {
      method: 'POST',
      headers: { cookie: mine.cookie, 'x-csrf-token': theirs.csrfToken },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'csrf_failed' } });
  });

  it('refuses a sign-in posted from another site', async () => {
    const res = await signIn(USERS.coordinator.email, PASSWORD, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    const fetchSite = await signIn(USERS.coordinator.email, PASSWORD, { 'sec-fetch-site': 'cross-site' });
    expect(fetchSite.status).toBe(403);
  });
});

describe(`session expiry (${testEngine})`, () => {
  it('a session past its expiry no longer signs anyone in', async () => {
    const s = await h.signIn('coordinator');
    expect((await h.request('/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(200);
    await h.t.db
      .updateTable('session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    const res = await h.request('/api/auth/me', { headers: { cookie: s.cookie } });
    expect(res.status).toBe(401);
    const rounds = await h.request('/api/console/rounds', { headers: { cookie: s.cookie } });
    expect(rounds.status).toBe(401);
  });

  it('a session lasts SESSION_TTL_HOURS', async () => {
    const short = await (await import('./console-testing.ts')).consoleHarness({ SESSION_TTL_HOURS: '2' });
    try {
      await short.reseed();
      const res = await short.request('/api/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: USERS.steering.email, password: PASSWORD }),
      });
      const { expiresAt } = (await res.json()) as { expiresAt: string };
      const hours = (new Date(expiresAt).getTime() - Date.now()) / 3600_000;
      expect(hours).toBeGreaterThan(1.9);
      expect(hours).toBeLessThanOrEqual(2);
      expect(res.headers.get('set-cookie')).toMatch(/Max-Age=7200/);
    } finally {
      await short.t.close();
    }
  });
});

describe(`sign-in rate limiting (${testEngine})`, () => {
  it('locks an address after 5 failures in a row, even for the right password, with Retry-After', async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.lockAfter; i++) {
      expect((await signIn(USERS.lahti.email, 'wrong password')).status).toBe(401);
    }
    const res = await signIn(USERS.lahti.email, PASSWORD);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await signIn(USERS.hartola.email, PASSWORD)).status).toBe(200);
  });

  it('counts failures for unknown addresses too, so a lock tells nothing about accounts', async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.lockAfter; i++) await signIn('nobody@test.fi', 'x');
    expect((await signIn('nobody@test.fi', 'x')).status).toBe(429);
  });

  it('a successful sign-in clears the run of failures', async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.lockAfter - 1; i++) await signIn(USERS.lahti.email, 'wrong password');
    expect((await signIn(USERS.lahti.email, PASSWORD)).status).toBe(200);
    expect((await signIn(USERS.lahti.email, 'wrong password')).status).toBe(401);
    expect((await signIn(USERS.lahti.email, PASSWORD)).status).toBe(200);
  });

  it('doubles the lock with each further failure, up to an hour', async () => {
    const t0 = new Date('2026-11-24T10:00:00Z');
    for (let i = 0; i < SIGN_IN_LIMITS.lockAfter; i++) await recordSignInFailure(h.t.db, 'a@test.fi', t0);
    expect(await signInWait(h.t.db, 'a@test.fi', t0)).toBe(60);
    await recordSignInFailure(h.t.db, 'a@test.fi', t0);
    expect(await signInWait(h.t.db, 'a@test.fi', t0)).toBe(120);
    for (let i = 0; i < 10; i++) await recordSignInFailure(h.t.db, 'a@test.fi', new Date(t0.getTime() + 3600_000));
    expect(await signInWait(h.t.db, 'a@test.fi', new Date(t0.getTime() + 3600_000))).toBe(3600);
  });

  it('limits failures per address in a window even when they come slowly', async () => {
    const window = SIGN_IN_LIMITS.windowMinutes * 60_000;
    const start = new Date(Math.ceil(Date.now() / window) * window + window);
    await h.t.db
      .insertInto('sign_in_window')
      .values({
        email_hash: signInKey('slow@test.fi'),
        window_start: start,
        failures: SIGN_IN_LIMITS.perAccountPerWindow,
      })
      .execute();
    const wait = await signInWait(h.t.db, 'slow@test.fi', new Date(start.getTime() + 60_000));
    expect(wait).toBe(SIGN_IN_LIMITS.windowMinutes * 60 - 60);
  });

  it('counts an attempt before the slow hash: of 20 parallel wrong passwords only the first 5 are checked', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => signIn(USERS.lahti.email, 'wrong password')));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(SIGN_IN_LIMITS.lockAfter);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - SIGN_IN_LIMITS.lockAfter);
  });

  it('failures for many addresses lock nobody else out (no service-wide lock)', async () => {
    for (let i = 0; i < 60; i++) await signIn(`stranger${i}@test.fi`, 'x');
    expect((await signIn(USERS.coordinator.email, PASSWORD)).status).toBe(200);
  });

  it('throttles the password change like sign-in, before the hash', async () => {
    const s = await h.signIn('lahti');
    const change = (currentPassword: string) =>
      h.request('/api/auth/password', {
        method: 'POST',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword, newPassword: 'a much longer Passphrase for Lahti 2026!' }),
      });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => change(`wrong guess ${i}`)));
    expect(results.filter((r) => r.status === 422)).toHaveLength(SIGN_IN_LIMITS.lockAfter);
    expect(results.filter((r) => r.status === 429)).toHaveLength(12 - SIGN_IN_LIMITS.lockAfter);
  });

  it('refuses common and trivial passwords, naming the field', async () => {
    const s = await h.signIn('coordinator');
    for (const weak of ['password1234', 'qwertyuiop123', 'aaaaaaaaaaaaaaaa', 'coordinator@test.fi1']) {
      const res = await h.request('/api/auth/password', {
        method: 'POST',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: PASSWORD, newPassword: weak }),
      });
      expect(res.status, weak).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', field: 'newPassword' } });
    }
  });
});

describe(`sign-in throttling per client (${testEngine})`, () => {
  let p: Awaited<ReturnType<typeof consoleHarness>>;
  beforeAll(async () => {
    p = await consoleHarness({ TRUSTED_PROXIES: '1' });
  });
  afterAll(async () => p?.t.close());

  const from = (address: string, email: string, password: string) =>
    p.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.9, ${address}` },
      body: JSON.stringify({ email, password }),
    });

  it('one client spraying many addresses is stopped; another client still signs in', async () => {
    await p.reseed();
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMITS.perClientPerWindow + 5; i++) {
      statuses.push((await from('198.51.100.7', `spray${i}@test.fi`, 'x')).status);
    }
    expect(statuses.slice(0, SIGN_IN_LIMITS.perClientPerWindow).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(SIGN_IN_LIMITS.perClientPerWindow).every((s) => s === 429)).toBe(true);
    expect((await from('198.51.100.8', USERS.coordinator.email, PASSWORD)).status).toBe(200);
    const keys = await p.t.db.selectFrom('sign_in_window').select('email_hash').execute();
    expect(JSON.stringify(keys)).not.toContain('198.51.100');
  });
});

describe(`sign-in rate limiting, what is kept (${testEngine})`, () => {
  it('keeps no e-mail address or IP address in the attempt tables', async () => {
    await signIn(USERS.lahti.email, 'wrong password');
    const rows = [
      ...(await h.t.db.selectFrom('sign_in_window').selectAll().execute()),
      ...(await h.t.db.selectFrom('sign_in_account').selectAll().execute()),
    ];
    expect(rows.length).toBeGreaterThan(0);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('lahti');
    expect(text).not.toMatch(/127\.0\.0\.1|::1/);
    const columns = await h.t.db
      .selectFrom('information_schema.columns' as any)
      .select('column_name' as any)
      .where('table_name' as any, 'in', ['sign_in_window', 'sign_in_account', 'session'])
      .where('table_schema' as any, '=', (eb: any) => eb.fn('current_schema'))
      .execute();
    expect(columns.map((c: any) => c.column_name).join(',')).not.toMatch(/ip|agent/i);
  });
});

describe(`expired sessions are swept (${testEngine})`, () => {
  it('a sign-in deletes sessions that have expired', async () => {
    await h.signIn('coordinator');
    await h.t.db
      .updateTable('session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    await h.signIn('steering');
    const rows = await h.t.db.selectFrom('session').select('user_id').execute();
    expect(rows).toHaveLength(1);
  });
});
