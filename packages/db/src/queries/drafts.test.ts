import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, openTestDatabase, testEngine } from '../testing.ts';
import {
  MAX_DRAFT_CHARS,
  createDraft,
  deleteDraft,
  deleteStaleDrafts,
  readDraft,
  rotateDraftToken,
  saveDraft,
} from './drafts.ts';
import { seedSurveyFixture } from './responses.fixture.ts';

let t: TestDatabase;
let roundId: number;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  roundId = (await seedSurveyFixture(t.db)).roundId;
});

describe(`drafts (${testEngine})`, () => {
  it('round-trips data by token and stores only the token’s hash', async () => {
    const { token } = await createDraft(t.db, roundId, { language: 'sv', answers: { safety_feels_safe: 4 } });
    expect(token).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){5}$/);
    const draft = await readDraft(t.db, token);
    expect(draft).toMatchObject({ roundId, data: { language: 'sv', answers: { safety_feels_safe: 4 } } });
    expect(draft?.updatedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const rows = await t.db.selectFrom('response_draft').select('token_hash').execute();
    expect(rows[0]?.token_hash).not.toContain(token.slice(0, 4));
  });

  it('a typed resume code finds the draft whatever its case and dashes', async () => {
    const { token } = await createDraft(t.db, roundId, { a: 1 });
    expect(await readDraft(t.db, token.toLowerCase().replaceAll('-', ' '))).toMatchObject({ data: { a: 1 } });
  });

  it('saves over the data, and reports a draft that is gone', async () => {
    const { token } = await createDraft(t.db, roundId, { a: 1 });
    expect(await saveDraft(t.db, token, { a: 2, text: 'ääkköset "quoted"' })).toBe(true);
    expect((await readDraft(t.db, token))?.data).toEqual({ a: 2, text: 'ääkköset "quoted"' });
    await deleteDraft(t.db, token);
    expect(await saveDraft(t.db, token, { a: 3 })).toBe(false);
    expect(await readDraft(t.db, token)).toBeUndefined();
    expect(await readDraft(t.db, 'WRONG-TOKEN')).toBeUndefined();
  });

  it('rotating a token moves the draft to a new token and retires the old one', async () => {
    const { token } = await createDraft(t.db, roundId, { a: 1 });
    const rotated = await rotateDraftToken(t.db, token.toLowerCase());
    expect(rotated).toMatchObject({ roundId, data: { a: 1 } });
    expect(rotated?.token).not.toBe(token);
    expect(await readDraft(t.db, token)).toBeUndefined();
    expect(await readDraft(t.db, rotated!.token)).toMatchObject({ data: { a: 1 } });
    expect(await rotateDraftToken(t.db, token)).toBeUndefined();
  });

  it('deletes drafts untouched since a date', async () => {
    await createDraft(t.db, roundId, {});
    expect(await deleteStaleDrafts(t.db, '2000-01-01')).toBe(0);
    expect(await deleteStaleDrafts(t.db, '2999-01-01')).toBe(1);
  });

  it('refuses a draft larger than MAX_DRAFT_CHARS with a 413, on start and on save', async () => {
    const big = { text: 'x'.repeat(MAX_DRAFT_CHARS) };
    await expect(createDraft(t.db, roundId, big)).rejects.toMatchObject({ code: 'payload_too_large', status: 413 });
    const { token } = await createDraft(t.db, roundId, { a: 1 });
    await expect(saveDraft(t.db, token, big)).rejects.toMatchObject({ field: 'data', status: 413 });
    expect((await readDraft(t.db, token))?.data).toEqual({ a: 1 });
  });
});
