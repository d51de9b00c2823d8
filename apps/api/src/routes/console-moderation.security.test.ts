import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import { type Seeded, consoleHarness } from './console-testing.ts';

let h: Awaited<ReturnType<typeof consoleHarness>>;
let ids: Seeded;

beforeAll(async () => {
  h = await consoleHarness();
});
afterAll(async () => h?.t.close());
beforeEach(async () => {
  ids = await h.reseed();
});

describe(`unmoderated text stays with the coordinators (${testEngine})`, () => {
  it('contacts and the steering group cannot read the queue (403)', async () => {
    for (const who of ['lahti', 'steering'] as const) {
      expect((await h.call(who, 'GET', `/api/console/rounds/${ids.rounds.open}/open-answers`)).status).toBe(403);
    }
  });

  it('the steering group cannot read approved open answers either', async () => {
    expect(
      (await h.call('steering', 'GET', `/api/console/rounds/${ids.rounds.open}/open-answers/approved`)).status,
    ).toBe(403);
  });

  it('a contact cannot ask for another municipality’s approved answers', async () => {
    await h.call('coordinator', 'POST', `/api/console/open-answers/${ids.openAnswers.hartola}/approve`, {});
    const res = await h.call(
      'lahti',
      'GET',
      `/api/console/rounds/${ids.rounds.open}/open-answers/approved?municipality=081`,
    );
    expect(res.status).toBe(403);
  });

  it('only coordinators moderate', async () => {
    for (const who of ['lahti', 'steering'] as const) {
      const res = await h.call(who, 'POST', `/api/console/open-answers/${ids.openAnswers.lahtiNamed}/approve`, {});
      expect(res.status).toBe(403);
    }
    const row = await h.t.db
      .selectFrom('open_answer')
      .select('state')
      .where('id', '=', ids.openAnswers.lahtiNamed)
      .executeTakeFirst();
    expect(row?.state).toBe('pending');
  });

  it('a redaction outside the text is refused naming the range, and the answer stays pending', async () => {
    const res = await h.call('coordinator', 'POST', `/api/console/open-answers/${ids.openAnswers.lahtiPlain}/approve`, {
      redactions: [{ start: 2, end: 500 }],
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ field: 'redactions.0.end' });
    const reversed = await h.call(
      'coordinator',
      'POST',
      `/api/console/open-answers/${ids.openAnswers.lahtiPlain}/approve`,
      {
        redactions: [{ start: 5, end: 2 }],
      },
    );
    expect(reversed.status).toBe(400);
    const row = await h.t.db
      .selectFrom('open_answer')
      .select('state')
      .where('id', '=', ids.openAnswers.lahtiPlain)
      .executeTakeFirst();
    expect(row?.state).toBe('pending');
  });

  it('an unknown open answer answers 404', async () => {
    expect((await h.call('coordinator', 'POST', '/api/console/open-answers/99999/hide', {})).status).toBe(404);
  });
});
