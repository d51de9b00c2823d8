import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import { PASSWORD, USERS, consoleHarness, type Seeded } from './console-testing.ts';

let h: Awaited<ReturnType<typeof consoleHarness>>;
let ids: Seeded;

beforeAll(async () => {
  h = await consoleHarness();
});
afterAll(async () => h?.t.close());
beforeEach(async () => {
  ids = await h.reseed();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  h.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe(`signing in (${testEngine})`, () => {
  it('POST /api/auth/sign-in sets an HttpOnly SameSite session cookie and returns the user and CSRF token', async () => {
    const res = await post('/api/auth/sign-in', { email: ' Lahti@Test.fi ', password: PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^gs_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    const body = await res.json();
    expect(body).toMatchObject({
      user: { email: USERS.lahti.email, role: 'municipality_contact', municipalityCode: '398' },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{30,}$/),
    });
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
  });

  it('GET /api/auth/me answers the signed-in user and the same CSRF token', async () => {
    const s = await h.signIn('coordinator');
    const res = await h.request('/api/auth/me', { headers: { cookie: s.cookie } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      user: { id: ids.users.coordinator, role: 'coordinator', municipalityId: null },
      csrfToken: s.csrfToken,
    });
  });

  it('stores only a hash of the session token', async () => {
    const s = await h.signIn('steering');
    const token = s.cookie.split('=')[1];
    const rows = await h.t.db.selectFrom('session').select('id_hash').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id_hash).not.toBe(token);
  });

  it('POST /api/auth/sign-out ends the session and clears the cookie', async () => {
    const s = await h.signIn('coordinator');
    const res = await post('/api/auth/sign-out', {}, { cookie: s.cookie, 'x-csrf-token': s.csrfToken });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/gs_session=;.*Max-Age=0/i);
    expect((await h.request('/api/auth/me', { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('POST /api/auth/password changes the password, keeps this session and ends the others', async () => {
    const here = await h.signIn('lahti');
    const elsewhere = await h.signIn('lahti');
    const res = await post(
      '/api/auth/password',
      { currentPassword: PASSWORD, newPassword: 'a much longer new secret' },
      { cookie: here.cookie, 'x-csrf-token': here.csrfToken },
    );
    expect(res.status).toBe(204);
    expect((await h.request('/api/auth/me', { headers: { cookie: here.cookie } })).status).toBe(200);
    expect((await h.request('/api/auth/me', { headers: { cookie: elsewhere.cookie } })).status).toBe(401);
    expect((await post('/api/auth/sign-in', { email: USERS.lahti.email, password: PASSWORD })).status).toBe(401);
    expect(
      (await post('/api/auth/sign-in', { email: USERS.lahti.email, password: 'a much longer new secret' })).status,
    ).toBe(200);
  });

  it('records sign-in-related changes in the audit log', async () => {
    const s = await h.signIn('steering');
    await post(
      '/api/auth/password',
      { currentPassword: PASSWORD, newPassword: 'another long password' },
      { cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    );
    const audit = await h.t.db.selectFrom('audit_log').select(['action', 'user_id']).execute();
    expect(audit).toContainEqual({ action: 'user.password_change', user_id: ids.users.steering });
  });
});

describe(`the Secure cookie flag (${testEngine})`, () => {
  it('is set when PUBLIC_URL is https', async () => {
    const secure = await consoleHarness({ PUBLIC_URL: 'https://kysely.example.fi' });
    try {
      await secure.reseed();
      const res = await secure.request('/api/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: USERS.coordinator.email, password: PASSWORD }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    } finally {
      await secure.t.close();
    }
  });

  it('is set when the request itself came over https', async () => {
    const res = await h.request('https://kysely.example.fi/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: USERS.coordinator.email, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });
});
