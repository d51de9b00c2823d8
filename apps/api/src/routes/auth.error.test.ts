import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

const signIn = (body: unknown) =>
  h.request('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe(`sign-in errors (${testEngine})`, () => {
  it('POST /api/auth/sign-in without an e-mail answers 400 naming the field', async () => {
    const res = await signIn({ password: PASSWORD });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', field: 'email' } });
  });

  it('POST /api/auth/sign-in with something that is not an e-mail answers 400 naming the field', async () => {
    const res = await signIn({ email: 'lahti', password: PASSWORD });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: 'email', message: expect.stringContaining('e-mail') } });
  });

  it('a wrong password and an unknown address fail alike with 401 and no cookie', async () => {
    const wrong = await signIn({ email: USERS.lahti.email, password: 'not the password' });
    const unknown = await signIn({ email: 'nobody@test.fi', password: PASSWORD });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('a deactivated user cannot sign in, and their open session stops working', async () => {
    const coord = await h.signIn('coordinator');
    const steering = await h.signIn('steering');
    const users = (await (await h.call('coordinator', 'GET', '/api/console/users')).json()) as {
      id: number;
      email: string;
    }[];
    const id = users.find((u) => u.email === USERS.steering.email)?.id;
    const res = await h.request(`/api/console/users/${id}`, {
      method: 'PATCH',
      headers: { cookie: coord.cookie, 'x-csrf-token': coord.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ active: false }),
    });
    expect(res.status).toBe(204);
    expect((await h.request('/api/auth/me', { headers: { cookie: steering.cookie } })).status).toBe(401);
    expect((await signIn({ email: USERS.steering.email, password: PASSWORD })).status).toBe(401);
  });

  it('GET /api/auth/me without a session answers 401', async () => {
    const res = await h.request('/api/auth/me');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('GET /api/auth/me with a made-up cookie answers 401', async () => {
    const res = await h.request('/api/auth/me', { headers: { cookie: 'gs_session=forged-token-value' } });
    expect(res.status).toBe(401);
  });
});

describe(`password change errors (${testEngine})`, () => {
  it('a wrong current password answers 422 naming currentPassword, and the password stays', async () => {
    const res = await h.call('lahti', 'POST', '/api/auth/password', {
      currentPassword: 'wrong one',
      newPassword: 'a much longer new secret',
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { field: 'currentPassword' } });
    expect((await signIn({ email: USERS.lahti.email, password: PASSWORD })).status).toBe(200);
  });

  it('a new password under 12 characters answers 400 naming newPassword', async () => {
    const res = await h.call('lahti', 'POST', '/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: 'newPassword' } });
  });

  it('a new password equal to the current one answers 400 naming newPassword', async () => {
    const res = await h.call('lahti', 'POST', '/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: PASSWORD,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { field: 'newPassword', message: expect.stringContaining('differ') },
    });
  });
});
