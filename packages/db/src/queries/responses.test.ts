import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InstrumentDefinition, Submission, type SubmissionInput, mapTexts } from '@gs/schema';
import { json } from '../json.ts';
import { type TestDatabase, openTestDatabase, testEngine } from '../testing.ts';
import { accessCodeCounts, createAccessCodes, findAccessCode, hashCode, normaliseCode } from './access-codes.ts';
import { createDraft, readDraft } from './drafts.ts';
import { seedSurveyFixture } from './responses.fixture.ts';
import { moveInbox } from './aggregates.ts';
import { SubmissionRejectedError, countResponses, submitResponse, surveyContext } from './responses.ts';
import { transitionRound } from './rounds.ts';

let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedSurveyFixture>>;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  f = await seedSurveyFixture(t.db);
});

let keyNo = 0;
const key = () => `test-key-${String(++keyNo).padStart(8, '0')}`;
/**
 * The default questionnaires are complete in every content language (issue 13.3): the round's
 * version loses its Somali texts (and gets a new texts revision, which the definition cache keys on).
 */
async function withoutSomali() {
  const { instrument_version_id: id } = await t.db
    .selectFrom('round')
    .select('instrument_version_id')
    .where('id', '=', f.roundId)
    .executeTakeFirstOrThrow();
  const v = await t.db
    .selectFrom('instrument_version')
    .select('definition')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const def = InstrumentDefinition.parse(typeof v.definition === 'string' ? JSON.parse(v.definition) : v.definition);
  await t.db
    .updateTable('instrument_version')
    .set((eb) => ({
      definition: json(mapTexts(def, (_key, { so: _so, ...rest }) => rest)),
      texts_revision: eb('texts_revision', '+', 1000),
    }))
    .where('id', '=', id)
    .execute();
}

const submission = (over: Partial<SubmissionInput> = {}) =>
  Submission.parse({
    municipality: 'lahti',
    unitId: f.units.kivimaa,
    groupKey: 'grades_3_6',
    language: 'sv',
    answers: { interaction_staff_friendly: 5, safety_feels_safe: 0, overall_grade: 9 },
    openAnswers: { open_went_well: '  Bra skola  ', open_improve: '   ' },
    ...over,
  });
const submit = (s = submission(), idempotencyKey = key()) =>
  submitResponse(t.db, { roundSlug: f.roundSlug, idempotencyKey, submission: s });

describe(`submitting a response (${testEngine})`, () => {
  it('stores the response with its date, answers and pending open answers, and nothing else', async () => {
    const { result, replayed } = await submit();
    expect(replayed).toBe(false);
    expect(result).toMatchObject({ accepted: true, round: '2026-basic' });
    expect(result.submittedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // First in the inbox (answers inside, a random id), then moved into the response tables.
    const [inbox] = await t.db.selectFrom('response_inbox').selectAll().execute();
    expect(inbox).toMatchObject({
      round_id: f.roundId,
      unit_id: f.units.kivimaa,
      submitted_on: result.submittedOn,
      held: false,
      answers: [
        { k: 'interaction_staff_friendly', v: 5 },
        { k: 'safety_feels_safe', v: 0 },
        { k: 'overall_grade', v: 9 },
      ],
      open_answers: [{ k: 'open_went_well', t: 'Bra skola' }],
    });
    expect(inbox!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await countResponses(t.db, f.roundId, f.lahtiId)).toBe(1);
    await moveInbox(t.db, { all: true });
    const responses = await t.db.selectFrom('response').selectAll().execute();
    expect(responses).toEqual([
      {
        id: 1,
        round_id: f.roundId,
        municipality_id: f.lahtiId,
        unit_id: f.units.kivimaa,
        group_key: 'grades_3_6',
        language: 'sv',
        submitted_on: result.submittedOn,
        held: false,
      },
    ]);
    const answers = await t.db.selectFrom('answer').select(['item_key', 'value']).orderBy('item_key').execute();
    expect(answers).toEqual([
      { item_key: 'interaction_staff_friendly', value: 5 },
      { item_key: 'overall_grade', value: 9 },
      { item_key: 'safety_feels_safe', value: 0 },
    ]);
    const open = await t.db.selectFrom('open_answer').select(['item_key', 'text', 'state']).execute();
    expect(open).toEqual([{ item_key: 'open_went_well', text: 'Bra skola', state: 'pending' }]);
    expect(await countResponses(t.db, f.roundId, f.lahtiId)).toBe(1);
  });

  it('a repeat with the same key stores nothing more and answers with the first result', async () => {
    const k = key();
    const first = await submit(submission(), k);
    const again = await submit(submission({ groupKey: 'grades_7_9' }), k);
    expect(again).toEqual({ result: first.result, replayed: true });
    expect(await countResponses(t.db, f.roundId)).toBe(1);
  });

  it('a retry after the round closed still gets the original result', async () => {
    const k = key();
    const first = await submit(submission(), k);
    await transitionRound(t.db, f.roundId, 'closed', null);
    expect(await submit(submission(), k)).toEqual({ result: first.result, replayed: true });
    await expect(submit(submission())).rejects.toMatchObject({ code: 'round_not_open' });
  });

  it('concurrent submissions with one key store one response and all get the same result', async () => {
    const k = key();
    const results = await Promise.all(Array.from({ length: 6 }, () => submit(submission(), k)));
    expect(await countResponses(t.db, f.roundId)).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r.result))).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  });

  it('deletes the draft with the submission', async () => {
    const { token } = await createDraft(t.db, f.roundId, { answers: {} });
    await submitResponse(t.db, {
      roundSlug: f.roundSlug,
      idempotencyKey: key(),
      submission: submission(),
      draftToken: token,
    });
    expect(await readDraft(t.db, token)).toBeUndefined();
  });

  it.each([
    ['an unknown item', { answers: { made_up_item: 3 } }, 'answers.made_up_item'],
    ['a value outside the scale', { answers: { safety_feels_safe: 6 } }, 'answers.safety_feels_safe'],
    ['a grade below 4', { answers: { overall_grade: 3 } }, 'answers.overall_grade'],
    ['text over the limit', { openAnswers: { open_improve: 'x'.repeat(1001) } }, 'openAnswers.open_improve'],
    ['a missing group', { groupKey: null }, 'groupKey'],
    ['a group that is not an option', { groupKey: 'under_3' }, 'groupKey'],
    ['an unknown municipality', { municipality: 'tampere' }, 'municipality'],
    ['a municipality outside the round', { municipality: 'heinola' }, 'municipality'],
    ['a language the instrument lacks', { language: 'so' as const }, 'language'],
  ])('rejects %s naming the field, and writes nothing', async (what, over, field) => {
    if (what === 'a language the instrument lacks') await withoutSomali();
    const err = await submit(submission(over as Partial<SubmissionInput>)).catch((e) => e);
    expect(err).toBeInstanceOf(SubmissionRejectedError);
    expect(err.status).toBe(422);
    expect(err.issues.map((i: { field: string }) => i.field)).toContain(field);
    expect(await countResponses(t.db, f.roundId)).toBe(0);
    expect(await t.db.selectFrom('idempotency_key').selectAll().execute()).toEqual([]);
  });

  it.each([
    ['a unit of another municipality', () => f.units.hartolaSchool, 'unit_of_other_municipality'],
    ['a unit no longer active', () => f.units.closed, 'unit_not_active'],
    ['a unit of a kind the instrument does not cover', () => f.units.paivakoti, 'unit_kind_not_allowed'],
    ['an unknown unit', () => 99999, 'unknown_unit'],
  ])('rejects %s', async (_what, unitId, code) => {
    const err = await submit(submission({ unitId: unitId() })).catch((e) => e);
    expect(err.issues).toMatchObject([{ field: 'unitId', code }]);
  });

  it('accepts a response without a unit', async () => {
    await submit(submission({ unitId: null }));
    expect(await countResponses(t.db, f.roundId)).toBe(1);
  });

  it('refuses a round that is not open', async () => {
    await transitionRound(t.db, f.roundId, 'closed', null);
    await expect(submit()).rejects.toMatchObject({ code: 'round_not_open', status: 409 });
    await expect(
      submitResponse(t.db, { roundSlug: 'no-such-round', idempotencyKey: key(), submission: submission() }),
    ).rejects.toMatchObject({ code: 'not_found', status: 404 });
  });

  it('drafts never count and closing the round deletes them', async () => {
    const { token } = await createDraft(t.db, f.roundId, { answers: { safety_feels_safe: 4 } });
    expect(await countResponses(t.db, f.roundId)).toBe(0);
    await transitionRound(t.db, f.roundId, 'closed', null);
    expect(await readDraft(t.db, token)).toBeUndefined();
  });

  it('surveyContext gives municipality slugs of the round', async () => {
    const ctx = await surveyContext(t.db, '2026-basic');
    expect(ctx?.municipalities.map((m) => m.slug)).toEqual(['hartola', 'lahti']);
    expect(ctx?.def.family).toBe('basic');
  });
});

describe(`one-time access codes (${testEngine})`, () => {
  it('creates readable codes, stores only hashes and counts them', async () => {
    const { codes, batch } = await createAccessCodes(t.db, {
      roundId: f.roundId,
      municipalityId: f.lahtiId,
      unitId: null,
      count: 25,
    });
    expect(batch).toBe(1);
    expect(codes).toHaveLength(25);
    expect(new Set(codes).size).toBe(25);
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/);
    const stored = await t.db.selectFrom('access_code').select(['code_hash', 'batch']).execute();
    expect(stored.map((s) => s.code_hash)).not.toContain(codes[0]);
    expect(stored.map((s) => s.code_hash)).toContain(hashCode(codes[0]!));
    expect(await accessCodeCounts(t.db, f.roundId)).toEqual([
      { municipality_id: f.lahtiId, unit_id: null, used: 0, unused: 25 },
    ]);
    const next = await createAccessCodes(t.db, { roundId: f.roundId, municipalityId: null, unitId: null, count: 1 });
    expect(next.batch).toBe(2);
  });

  it('a code tied to a unit takes the unit’s municipality; a mismatched pair is refused', async () => {
    await createAccessCodes(t.db, { roundId: f.roundId, municipalityId: null, unitId: f.units.kivimaa, count: 1 });
    expect(await accessCodeCounts(t.db, f.roundId)).toMatchObject([{ municipality_id: f.lahtiId }]);
    await expect(
      createAccessCodes(t.db, { roundId: f.roundId, municipalityId: f.hartolaId, unitId: f.units.kivimaa, count: 1 }),
    ).rejects.toMatchObject({ field: 'unitId' });
  });

  it('codes are found case-insensitively with or without the dash', async () => {
    const { codes } = await createAccessCodes(t.db, {
      roundId: f.roundId,
      municipalityId: null,
      unitId: null,
      count: 1,
    });
    const code = codes[0]!;
    expect(normaliseCode(` ${code.toLowerCase()} `)).toBe(code.replace('-', ''));
    expect(await findAccessCode(t.db, code.toLowerCase().replace('-', ' '))).toMatchObject({
      round_slug: '2026-basic',
      used: false,
    });
    expect(await findAccessCode(t.db, 'AAAA-AAAA')).toBeUndefined();
  });

  it('a code submits exactly one response and nothing links the response to it', async () => {
    const { codes } = await createAccessCodes(t.db, {
      roundId: f.roundId,
      municipalityId: f.lahtiId,
      unitId: null,
      count: 2,
    });
    await submit(submission({ accessCode: codes[0] }));
    await expect(submit(submission({ accessCode: codes[0] }))).rejects.toMatchObject({ code: 'conflict', status: 409 });
    expect(await countResponses(t.db, f.roundId)).toBe(1);
    expect(await accessCodeCounts(t.db, f.roundId)).toEqual([
      { municipality_id: f.lahtiId, unit_id: null, used: 1, unused: 1 },
    ]);
    await moveInbox(t.db, { all: true });
    const columns = Object.keys((await t.db.selectFrom('response').selectAll().executeTakeFirstOrThrow()) ?? {});
    expect(columns.sort()).toEqual([
      'group_key',
      'held',
      'id',
      'language',
      'municipality_id',
      'round_id',
      'submitted_on',
      'unit_id',
    ]);
  });

  it('two submissions racing with one code store one response', async () => {
    const { codes } = await createAccessCodes(t.db, {
      roundId: f.roundId,
      municipalityId: null,
      unitId: null,
      count: 1,
    });
    const outcomes = await Promise.allSettled([
      submit(submission({ accessCode: codes[0] })),
      submit(submission({ accessCode: codes[0] })),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await countResponses(t.db, f.roundId)).toBe(1);
  });

  it('a code of another municipality or unit is refused for that place', async () => {
    const { codes } = await createAccessCodes(t.db, {
      roundId: f.roundId,
      municipalityId: f.hartolaId,
      unitId: null,
      count: 1,
    });
    const err = await submit(submission({ accessCode: codes[0] })).catch((e) => e);
    expect(err.issues).toMatchObject([{ field: 'municipality', code: 'code_of_other_place' }]);
    const unitCode = await createAccessCodes(t.db, {
      roundId: f.roundId,
      municipalityId: null,
      unitId: f.units.esiopetus,
      count: 1,
    });
    const err2 = await submit(submission({ accessCode: unitCode.codes[0] })).catch((e) => e);
    expect(err2.issues).toMatchObject([{ field: 'unitId', code: 'code_of_other_place' }]);
  });

  it('an unknown code is refused naming the field', async () => {
    await expect(submit(submission({ accessCode: 'ZZZZ-ZZZZ' }))).rejects.toMatchObject({ field: 'accessCode' });
  });
});
