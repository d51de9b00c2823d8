import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countResponses, createAccessCodes, readDraft, transitionRound } from '@gs/db';
import { type TestDatabase, openTestDatabase, testEngine } from '@gs/db/testing';
import { seedDraftRound, seedSurveyFixture } from '../../../../packages/db/src/queries/responses.fixture.ts';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';

let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedSurveyFixture>>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await openTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ ...process.env, NODE_ENV: 'test' }) });
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  f = await seedSurveyFixture(t.db);
});

let n = 0;
const newKey = () => `api-test-key-${String(++n).padStart(6, '0')}`;
const body = (over: Record<string, unknown> = {}) => ({
  municipality: 'lahti',
  unitId: f.units.kivimaa,
  groupKey: 'grades_3_6',
  language: 'fi',
  answers: { interaction_staff_friendly: 4, safety_feels_safe: 0, overall_grade: 8 },
  openAnswers: { open_improve: 'Enemmän retkiä' },
  ...over,
});
const post = (payload: unknown, key: string | null = newKey(), round = '2026-basic') =>
  app.request(`/api/survey/rounds/${round}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(payload),
  });

describe(`POST /api/survey/rounds/:round/responses (${testEngine})`, () => {
  it('stores a complete response and answers 201 with the date', async () => {
    const res = await post(body());
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ accepted: true, round: '2026-basic', submittedOn: expect.any(String) });
    expect(await countResponses(t.db, f.roundId, f.lahtiId)).toBe(1);
  });

  it('a retry with the same Idempotency-Key stores nothing and gets the original result', async () => {
    const key = newKey();
    const first = await post(body(), key);
    const again = await post(body({ groupKey: 'grades_7_9' }), key);
    expect(again.status).toBe(first.status);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(await countResponses(t.db, f.roundId)).toBe(1);
  });

  it('takes the key from the body when there is no header, and insists on one', async () => {
    expect((await post({ ...body(), idempotencyKey: newKey() }, null)).status).toBe(201);
    const none = await post(body(), null);
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ error: { code: 'validation_failed', field: 'Idempotency-Key' } });
    const bad = await post(body(), 'short');
    expect(bad.status).toBe(400);
  });

  it.each([
    ['an unknown item', { answers: { no_such_item: 3 } }, 'answers.no_such_item'],
    ['a value outside the scale', { answers: { safety_feels_safe: 9 } }, 'answers.safety_feels_safe'],
    ['a text over the limit', { openAnswers: { open_improve: 'y'.repeat(1001) } }, 'openAnswers.open_improve'],
    ['a missing group', { groupKey: null }, 'groupKey'],
    ['an unknown municipality', { municipality: 'espoo' }, 'municipality'],
    ['a unit of another municipality', { unitId: -1 }, 'unitId'],
  ])('answers 4xx naming the field for %s, and stores nothing', async (_what, over, field) => {
    const payload = body(over);
    if (field === 'unitId') payload.unitId = f.units.hartolaSchool;
    const res = await post(payload);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', field } });
    expect(await countResponses(t.db, f.roundId)).toBe(0);
  });

  it('a malformed body is a 400 naming the field', async () => {
    const res = await post(body({ answers: { safety_feels_safe: 'lots' } }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: 'answers.safety_feels_safe' } });
  });

  it('refuses a round that is not open and an unknown round', async () => {
    await transitionRound(t.db, f.roundId, 'closed', null);
    const closed = await post(body());
    expect(closed.status).toBe(409);
    expect(await closed.json()).toMatchObject({ error: { code: 'round_not_open', field: 'round' } });
    expect((await post(body(), newKey(), '2099-basic')).status).toBe(404);
  });

  it('a one-time code submits once; the second use is a 409', async () => {
    const { codes } = await createAccessCodes(t.db, {
      roundId: f.roundId,
      municipalityId: null,
      unitId: null,
      count: 1,
    });
    expect((await post(body({ accessCode: codes[0] }))).status).toBe(201);
    const again = await post(body({ accessCode: codes[0] }));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'conflict', field: 'accessCode' } });
  });
});

describe(`GET /api/survey/rounds/:round/municipalities/:municipality (${testEngine})`, () => {
  it('gives the localised instrument, the municipality’s units and the languages', async () => {
    const res = await app.request('/api/survey/rounds/2026-basic/municipalities/lahti?lang=sv');
    expect(res.status).toBe(200);
    const s = (await res.json()) as any;
    expect(s.round).toMatchObject({ slug: '2026-basic', status: 'open' });
    expect(s.municipality).toEqual({ slug: 'lahti', code: '398', name: 'Lahtis' });
    expect(s.languages).toEqual(['fi', 'sv', 'en', 'uk', 'ru', 'ar', 'so', 'et']);
    expect(s.units.map((u: { id: number }) => u.id).sort()).toEqual([f.units.kivimaa, f.units.esiopetus].sort());
    expect(s.sections[0].items[0]).toMatchObject({ type: 'statement', scale: { min: 1, max: 5, cantSay: true } });
    expect(s.group.label).toBe('Ditt barns årskurs');
  });

  it('404 for a municipality outside the round, 400 for an unknown language', async () => {
    expect((await app.request('/api/survey/rounds/2026-basic/municipalities/heinola')).status).toBe(404);
    expect((await app.request('/api/survey/rounds/2026-basic/municipalities/lahti?lang=xx')).status).toBe(400);
  });
});

describe(`POST /api/survey/rounds/:round/drafts (${testEngine})`, () => {
  it('starts a draft, then merges saves into it', async () => {
    const save = (payload: unknown) =>
      app.request('/api/survey/rounds/2026-basic/drafts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
    const first = await save({ data: { language: 'sv', municipality: 'lahti', answers: { safety_feels_safe: 3 } } });
    expect(first.status).toBe(201);
    const { token } = (await first.json()) as { token: string };
    const second = await save({ token, data: { answers: { safety_feels_safe: null, overall_grade: 7 } } });
    expect(second.status).toBe(200);
    const draft = await readDraft<{ answers: Record<string, number>; language: string }>(t.db, token);
    expect(draft?.data).toMatchObject({ language: 'sv', answers: { overall_grade: 7 } });
    expect(draft?.data.answers).not.toHaveProperty('safety_feels_safe');
    expect((await save({ token: 'GONE-GONE', data: {} })).status).toBe(404);
  });
});

describe(`a round still in draft (${testEngine})`, () => {
  it('is not public: the survey API answers 404 and stores nothing', async () => {
    const draft = await seedDraftRound(t.db, f.roundId);
    const survey = await app.request(`/api/survey/rounds/${draft.slug}/municipalities/lahti`);
    expect(survey.status).toBe(404);
    expect(await survey.text()).not.toContain('sections');
    const submit = await post(body(), newKey(), draft.slug);
    expect(submit.status).toBe(404);
    expect(await submit.json()).toMatchObject({ error: { code: 'not_found', field: 'round' } });
    const saved = await app.request(`/api/survey/rounds/${draft.slug}/drafts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { municipality: 'lahti' } }),
    });
    expect(saved.status).toBe(404);
    expect(await t.db.selectFrom('response_draft').selectAll().execute()).toEqual([]);
    expect(await countResponses(t.db, draft.id)).toBe(0);
  });
});

describe('the OpenAPI document', () => {
  it('lists the survey operations with their inputs', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as any;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/survey/rounds/{round}/municipalities/{municipality}',
        '/api/survey/rounds/{round}/responses',
        '/api/survey/rounds/{round}/drafts',
      ]),
    );
    const submit = doc.paths['/api/survey/rounds/{round}/responses'].post;
    expect(submit.parameters.map((p: { name: string }) => p.name)).toContain('idempotency-key');
    expect(submit.requestBody.content['application/json'].schema.properties).toHaveProperty('answers');
  });
});
