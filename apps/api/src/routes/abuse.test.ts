import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccessCodes, foldResponses, heldCounts, moderationQueue, moveInbox, settleHeld } from '@gs/db';
import { type TestDatabase, openTestDatabase, testEngine } from '@gs/db/testing';
import { seedSurveyFixture } from '../../../../packages/db/src/queries/responses.fixture.ts';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { ABUSE_LIMITS } from '../lib/abuse.ts';

// Throttles for anonymous guardians, per client address behind a trusted proxy (X-Forwarded-For).
let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedSurveyFixture>>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await openTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ ...process.env, NODE_ENV: 'test', TRUSTED_PROXIES: '1' }) });
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  f = await seedSurveyFixture(t.db);
});

let n = 0;
const submission = (over: Record<string, unknown> = {}) => ({
  municipality: 'lahti',
  unitId: f.units.kivimaa,
  groupKey: 'grades_3_6',
  language: 'fi',
  answers: { interaction_staff_friendly: 4, overall_grade: 8 },
  openAnswers: {},
  ...over,
});
const post = (client: string, payload: unknown) =>
  app.request(`/api/survey/rounds/${f.roundSlug}/responses`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `abuse-test-${String(++n).padStart(6, '0')}`,
      'x-forwarded-for': client,
    },
    body: JSON.stringify(payload),
  });
const counted = async () => {
  await foldResponses(t.db, f.roundId);
  const { rows } = await sql<{ n: number }>`
    select coalesce(sum(n), 0)::int as n from response_count where round_id = ${f.roundId}::int`.execute(t.db);
  return rows[0]?.n ?? 0;
};

describe(`open-link bursts are held, not counted (${testEngine})`, () => {
  it('holds responses past the burst limit from one client, counts another client at once', async () => {
    const burst = ABUSE_LIMITS.holdAfter + 5;
    for (let i = 0; i < burst; i++) expect((await post('198.51.100.20', submission())).status).toBe(201);
    expect((await post('198.51.100.21', submission())).status).toBe(201);
    expect(await counted()).toBe(ABUSE_LIMITS.holdAfter + 1);
    expect(await heldCounts(t.db, f.roundId)).toEqual([
      expect.objectContaining({ municipalityId: f.lahtiId, unitId: f.units.kivimaa, n: 5 }),
    ]);
    // Released responses are counted by the next fold; the watermark had passed them.
    expect(await settleHeld(t.db, f.roundId, 'release', { municipalityId: f.lahtiId }, null)).toBe(5);
    expect(await counted()).toBe(burst + 1);
    expect(await heldCounts(t.db, f.roundId)).toEqual([]);
  });

  it('discarded held responses are gone with their answers', async () => {
    for (let i = 0; i < ABUSE_LIMITS.holdAfter + 3; i++) await post('198.51.100.30', submission());
    expect(await settleHeld(t.db, f.roundId, 'discard', {}, null)).toBe(3);
    const left = await t.db.selectFrom('stored_response').selectAll().where('round_id', '=', f.roundId).execute();
    expect(left).toHaveLength(ABUSE_LIMITS.holdAfter);
    expect(await counted()).toBe(ABUSE_LIMITS.holdAfter);
  });

  it('open answers of held responses reach moderation only once released', async () => {
    for (let i = 0; i < ABUSE_LIMITS.holdAfter + 2; i++) {
      await post('198.51.100.35', submission({ openAnswers: { open_improve: `burst ${i}` } }));
    }
    const pending = async () => (await moderationQueue(t.db, f.roundId, { state: 'pending' })).total;
    // Moderation reads open answers once the day's inbox has moved (the next day, or at closing).
    expect(await pending()).toBe(0);
    await moveInbox(t.db, { all: true });
    expect(await pending()).toBe(ABUSE_LIMITS.holdAfter);
    await settleHeld(t.db, f.roundId, 'release', {}, null);
    expect(await pending()).toBe(ABUSE_LIMITS.holdAfter + 2);
  });

  it('nothing about the client is stored: no address in the throttle keys, no key with a response', async () => {
    await post('198.51.100.40', submission());
    const keys = JSON.stringify(await t.db.selectFrom('sign_in_window').selectAll().execute());
    expect(keys).not.toContain('198.51.100');
    const inbox = await t.db.selectFrom('response_inbox').selectAll().executeTakeFirstOrThrow();
    expect(Object.keys(inbox).sort()).toEqual(
      [
        'answers',
        'folded',
        'group_key',
        'held',
        'id',
        'language',
        'mixed',
        'municipality_id',
        'open_answers',
        'round_id',
        'submitted_on',
        'unit_id',
      ].sort(),
    );
    await moveInbox(t.db, { all: true });
    const row = await t.db.selectFrom('response').selectAll().executeTakeFirstOrThrow();
    expect(Object.keys(row).sort()).toEqual(
      ['group_key', 'held', 'id', 'language', 'municipality_id', 'round_id', 'submitted_on', 'unit_id'].sort(),
    );
  });
});

describe(`code guessing is slowed per client (${testEngine})`, () => {
  it('after the limit of wrong codes a client waits (429 with Retry-After); another client and a right code still work', async () => {
    const [code] = (
      await createAccessCodes(t.db, { roundId: f.roundId, municipalityId: f.lahtiId, unitId: null, count: 1 })
    ).codes;
    const statuses: number[] = [];
    for (let i = 0; i < ABUSE_LIMITS.codeFailures + 2; i++) {
      statuses.push(
        (await post('198.51.100.50', submission({ accessCode: `ZZZZ-${String(i).padStart(4, '2')}` }))).status,
      );
    }
    expect(statuses.slice(0, ABUSE_LIMITS.codeFailures).every((s) => s === 400 || s === 422)).toBe(true);
    const refused = await post('198.51.100.50', submission({ accessCode: code }));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post('198.51.100.51', submission({ accessCode: code }))).status).toBe(201);
  });

  it('the code form of the guardian pages is throttled the same way, answering in HTML', async () => {
    const form = (code: string) =>
      app.request('/s/code', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.60' },
        body: new URLSearchParams({ code, lang: 'fi' }).toString(),
      });
    for (let i = 0; i < ABUSE_LIMITS.codeFailures; i++) expect((await form(`QQQQ-${i}222`)).status).toBe(422);
    const refused = await form('QQQQ-9999');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('text/html');
  });
});
