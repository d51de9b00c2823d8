import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import { type Seeded, type TestResponse, consoleHarness, isoDay } from './console-testing.ts';

let h: Awaited<ReturnType<typeof consoleHarness>>;
let ids: Seeded;

beforeAll(async () => {
  h = await consoleHarness();
});
afterAll(async () => h?.t.close());
beforeEach(async () => {
  ids = await h.reseed();
});

const draft2027 = () => ({
  family: 'ecec',
  instrumentVersionId: ids.instruments.ecec,
  year: 2027,
  opensOn: '2027-03-10',
  closesOn: '2027-03-23',
  municipalityCodes: ['398'],
});

async function expectError(res: TestResponse, status: number, match: Record<string, unknown>) {
  expect(res.status).toBe(status);
  expect((await res.json()).error).toMatchObject(match);
}

describe(`round lifecycle rules (${testEngine})`, () => {
  it('an open round cannot be edited (409)', async () => {
    const res = await h.call('coordinator', 'PUT', `/api/console/rounds/${ids.rounds.open}`, {
      ...draft2027(),
      family: 'basic',
      instrumentVersionId: ids.instruments.basic,
      year: 2026,
      opensOn: '2026-11-16',
      closesOn: '2026-12-24',
    });
    await expectError(res, 409, { code: 'illegal_transition', field: 'status' });
  });

  it('an open round cannot be opened again, nor a draft closed', async () => {
    await expectError(await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/open`, {}), 409, {
      code: 'illegal_transition',
    });
    const { id } = await (await h.call('coordinator', 'POST', '/api/console/rounds', draft2027())).json();
    await expectError(await h.call('coordinator', 'POST', `/api/console/rounds/${id}/close`), 409, {
      code: 'illegal_transition',
    });
  });

  it('a draft whose close date has passed cannot open without a new close date', async () => {
    const { id } = await (
      await h.call('coordinator', 'POST', '/api/console/rounds', {
        ...draft2027(),
        family: 'basic',
        instrumentVersionId: ids.instruments.basic,
        year: 2026,
        opensOn: '2026-01-05',
        closesOn: '2026-01-18',
        slug: '2026-basic-pilot',
      })
    ).json();
    await expectError(await h.call('coordinator', 'POST', `/api/console/rounds/${id}/open`, {}), 422, {
      code: 'validation_failed',
      field: 'closesOn',
    });
  });

  it('a closed round whose close date passed reopens only with a close date from today on', async () => {
    await expectError(await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.closed}/open`, {}), 422, {
      field: 'closesOn',
    });
    await expectError(
      await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.closed}/open`, { closesOn: isoDay(-1) }),
      422,
      { field: 'closesOn' },
    );
  });

  it('a published round cannot be reopened', async () => {
    await h.t.db.updateTable('round').set({ status: 'published' }).where('id', '=', ids.rounds.closed).execute();
    await expectError(
      await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.closed}/open`, { closesOn: isoDay(7) }),
      409,
      { code: 'illegal_transition', message: 'a published round cannot be reopened' },
    );
  });

  it('an open round cannot be deleted', async () => {
    await expectError(await h.call('coordinator', 'DELETE', `/api/console/rounds/${ids.rounds.open}`), 409, {
      code: 'illegal_transition',
    });
  });

  it('a second round with the same slug is refused (409 naming slug)', async () => {
    await h.call('coordinator', 'POST', '/api/console/rounds', draft2027());
    await expectError(await h.call('coordinator', 'POST', '/api/console/rounds', draft2027()), 409, {
      code: 'conflict',
      field: 'slug',
    });
  });
});

describe(`round input errors (${testEngine})`, () => {
  it('a round that closes before it opens answers 400 naming closesOn', async () => {
    await expectError(
      await h.call('coordinator', 'POST', '/api/console/rounds', { ...draft2027(), closesOn: '2027-03-01' }),
      400,
      { code: 'validation_failed', field: 'closesOn' },
    );
  });

  it('a family against the cycle rule without a reason answers 422 naming family', async () => {
    await expectError(
      await h.call('coordinator', 'POST', '/api/console/rounds', {
        ...draft2027(),
        family: 'basic',
        instrumentVersionId: ids.instruments.basic,
      }),
      422,
      { field: 'family' },
    );
  });

  it('an unknown municipality code answers naming its position', async () => {
    await expectError(
      await h.call('coordinator', 'POST', '/api/console/rounds', { ...draft2027(), municipalityCodes: ['398', '999'] }),
      422,
      { field: 'municipalityCodes.1' },
    );
  });

  it('a malformed or unknown round id answers 400 or 404 naming id', async () => {
    await expectError(await h.call('coordinator', 'GET', '/api/console/rounds/abc'), 400, { field: 'id' });
    await expectError(await h.call('coordinator', 'GET', '/api/console/rounds/9999'), 404, { field: 'id' });
    await expectError(await h.call('coordinator', 'POST', '/api/console/rounds/9999/close'), 404, { field: 'id' });
  });

  it('a body that is not JSON answers 400', async () => {
    const s = await h.signIn('coordinator');
    const res = await h.app.request('/api/console/rounds', {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
  });

  it('a reopen date that is not a date answers 400 naming closesOn', async () => {
    await expectError(
      await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.closed}/open`, { closesOn: '24.11.2026' }),
      400,
      { field: 'closesOn' },
    );
  });
});

describe(`publishing rules (${testEngine})`, () => {
  it('an open round cannot be published (409) and nothing is frozen', async () => {
    const res = await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/publish`, {});
    await expectError(res, 409, { code: 'illegal_transition' });
    expect(await h.t.db.selectFrom('published_snapshot').select('id').execute()).toHaveLength(0);
  });

  it('republishing without a reason is refused naming reason', async () => {
    await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.closed}/publish`, {});
    await expectError(
      await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.closed}/publish`, {}),
      422,
      {
        field: 'reason',
      },
    );
  });

  it('a reason shorter than 5 characters answers 400 naming reason', async () => {
    await expectError(
      await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.closed}/publish`, { reason: 'x' }),
      400,
      { field: 'reason' },
    );
  });

  it('a published round cannot be edited, opened or deleted', async () => {
    await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.closed}/publish`, {});
    await expectError(await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.closed}/close`), 409, {
      code: 'illegal_transition',
    });
    await expectError(await h.call('coordinator', 'DELETE', `/api/console/rounds/${ids.rounds.closed}`), 409, {
      code: 'illegal_transition',
    });
  });
});
