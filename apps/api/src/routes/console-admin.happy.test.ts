import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import { type Seeded, USERS, consoleHarness } from './console-testing.ts';

let h: Awaited<ReturnType<typeof consoleHarness>>;
let ids: Seeded;

beforeAll(async () => {
  h = await consoleHarness();
});
afterAll(async () => h?.t.close());
beforeEach(async () => {
  ids = await h.reseed();
});

describe(`the audit log (${testEngine})`, () => {
  it('GET /api/console/audit shows the newest lines first with who did what, and pages backwards', async () => {
    await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/close`);
    const page = await (await h.call('coordinator', 'GET', '/api/console/audit?limit=2')).json();
    expect(page).toHaveLength(2);
    expect(page[0]).toMatchObject({ action: 'round.closed', entity: 'round', user_email: USERS.coordinator.email });
    const next = await (await h.call('coordinator', 'GET', `/api/console/audit?limit=2&before=${page[1].id}`)).json();
    expect(next[0].id).toBeLessThan(page[1].id);
  });

  it('only coordinators read it', async () => {
    for (const who of ['lahti', 'steering'] as const)
      expect((await h.call(who, 'GET', '/api/console/audit')).status).toBe(403);
  });

  it('a limit over 200 answers 400 naming limit', async () => {
    const res = await h.call('coordinator', 'GET', '/api/console/audit?limit=5000');
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe('limit');
  });
});

describe(`console users (${testEngine})`, () => {
  it('a coordinator creates a municipality contact who can then sign in', async () => {
    const res = await h.call('coordinator', 'POST', '/api/console/users', {
      email: 'Heinola.Contact@Example.fi',
      name: 'Heinolan yhteyshenkilö',
      role: 'municipality_contact',
      municipalityCode: '111',
      password: 'first password 123',
    });
    expect(res.status).toBe(201);
    const signIn = await h.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'heinola.contact@example.fi', password: 'first password 123' }),
    });
    expect(signIn.status).toBe(200);
    expect((await signIn.json()).user).toMatchObject({ municipalityCode: '111' });
    const list = await (await h.call('coordinator', 'GET', '/api/console/users')).json();
    expect(list.map((u: { email: string }) => u.email)).toContain('heinola.contact@example.fi');
    expect(JSON.stringify(list)).not.toContain('scrypt');
  });

  it('a contact needs a municipality and others none (400 naming municipalityCode)', async () => {
    const res = await h.call('coordinator', 'POST', '/api/console/users', {
      email: 'x@example.fi',
      name: 'X',
      role: 'municipality_contact',
      password: 'first password 123',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe('municipalityCode');
  });

  it('a second user with the same e-mail is refused (409)', async () => {
    const res = await h.call('coordinator', 'POST', '/api/console/users', {
      email: USERS.lahti.email.toUpperCase(),
      name: 'Again',
      role: 'steering_group',
      password: 'first password 123',
    });
    expect(res.status).toBe(409);
    expect((await res.json()).error.field).toBe('email');
  });

  it('a coordinator cannot deactivate themselves', async () => {
    const res = await h.call('coordinator', 'PATCH', `/api/console/users/${ids.users.coordinator}`, { active: false });
    expect(res.status).toBe(409);
  });
});
