import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDraft } from '@gs/db';
import { testEngine } from '@gs/db/testing';
import { BODY_LIMIT, IMPORT_BODY_LIMIT } from './lib/input-guard.ts';
import { type Session, consoleHarness } from './routes/console-testing.ts';

/** Request bodies are limited before they are parsed; drafts hold only what the questionnaire can take. */
describe(`limits (${testEngine})`, () => {
  let h: Awaited<ReturnType<typeof consoleHarness>>;
  let coordinator: Session;
  const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

  beforeAll(async () => {
    h = await consoleHarness();
    await h.reseed();
    coordinator = await h.signIn('coordinator');
  });
  afterAll(async () => h?.t.close());

  const post = (path: string, body: string, contentType = 'application/json', extra: Record<string, string> = {}) =>
    h.request(path, { method: 'POST', headers: { 'content-type': contentType, ...extra }, body });
  const asCoordinator = () => ({ cookie: coordinator.cookie, 'x-csrf-token': coordinator.csrfToken });

  it('refuses a 10 MB body at once with 413 in the error shape: JSON under /api, a page under /s/', async () => {
    const started = performance.now();
    const api = await post('/api/survey/rounds/2026-basic/responses', `{"municipality":"${TEN_MB}"}`);
    expect(api.status).toBe(413);
    expect(await api.json()).toEqual({
      error: { code: 'payload_too_large', message: 'the request body is larger than 1 MB', field: 'body' },
    });
    const page = await post('/s/code', `code=${TEN_MB}`, 'application/x-www-form-urlencoded');
    expect(page.status).toBe(413);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const declared = await h.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(TEN_MB.length) },
      body: TEN_MB,
    });
    expect(declared.status).toBe(413);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('lets an ordinary body just under the limit through to validation', async () => {
    const res = await post(
      '/api/survey/rounds/2026-basic/drafts',
      JSON.stringify({ data: { municipality: 'x'.repeat(BODY_LIMIT - 100) } }),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe('data.municipality');
  });

  it('gives CSV imports a larger limit, and still refuses 10 MB', async () => {
    const csv = `code,name_fi,name_sv,name_en,population\n${'398,Lahti,Lahtis,Lahti,1\n'.repeat(60_000)}`;
    expect(csv.length).toBeGreaterThan(BODY_LIMIT);
    const big = await post(
      '/api/console/municipalities/import/preview',
      JSON.stringify({ csv }),
      undefined,
      asCoordinator(),
    );
    expect(big.status).toBe(200);
    expect((await big.json()).rows).toBeDefined();
    const huge = await post('/api/console/municipalities/import', `{"csv":"${TEN_MB}"}`, undefined, asCoordinator());
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.message).toBe(
      `the request body is larger than ${IMPORT_BODY_LIMIT / 1024 / 1024} MB`,
    );
  });

  it('refuses drafts with unknown items, values off the scale or overlong answers, naming the field', async () => {
    const draft = (data: unknown, token?: string) =>
      post('/api/survey/rounds/2026-basic/drafts', JSON.stringify({ ...(token ? { token } : {}), data }));
    const cases: [unknown, string][] = [
      [{ answers: { no_such_item: 3 } }, 'answers.no_such_item'],
      [{ answers: { overall_grade: 2 } }, 'answers.overall_grade'],
      [{ answers: { interaction_staff_friendly: 7 } }, 'answers.interaction_staff_friendly'],
      [{ answers: { open_went_well: 3 } }, 'answers.open_went_well'],
      [{ openAnswers: { overall_grade: 'text' } }, 'openAnswers.overall_grade'],
      [{ openAnswers: { open_went_well: 'x'.repeat(1001) } }, 'openAnswers.open_went_well'],
      [{ groupKey: 'no_such_group' }, 'groupKey'],
    ];
    for (const [data, field] of cases) {
      const res = await draft(data);
      expect(res.status, field).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: 'validation_failed', field });
    }
    const ok = await draft({ answers: { overall_grade: 9 }, openAnswers: { open_went_well: 'Hyvä' } });
    expect(ok.status).toBe(201);
    const { token } = (await ok.json()) as { token: string };
    const bad = await draft({ answers: { overall_grade: 11 } }, token);
    expect(bad.status).toBe(400);
    expect((await readDraft<{ answers: Record<string, number> }>(h.t.db, token))?.data.answers).toEqual({
      overall_grade: 9,
    });
  });
});
