import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import { reportHarness } from './report-testing.ts';

let h: Awaited<ReturnType<typeof reportHarness>>;
let frozenId: number;
const target = { scope: 'region', kind: 'item', key: 'safety_feels_safe', note: 'Turvallisuus' };
const areas = (slug: string) => `/api/reports/rounds/${slug}/improvement-areas`;

beforeAll(async () => {
  h = await reportHarness();
  const row = await h.t.db
    .insertInto('improvement_area')
    .values({
      round_id: h.seed.rounds.r2023,
      municipality_id: null,
      kind: 'item',
      key: 'safety_feels_safe',
      note: 'x',
      decided_by: null,
      decided_by_name: 'Ohjausryhmä',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  frozenId = row.id;
});
afterAll(async () => h?.t.close());

async function error(res: Response) {
  return { status: res.status, ...((await res.json()) as { error: object }).error };
}

describe(`improvement areas: errors (${testEngine})`, () => {
  it('answers 409 frozen for every change to a round whose next round of the family has opened', async () => {
    const frozen = {
      status: 409,
      code: 'frozen',
      field: 'round',
      message: expect.stringContaining('2025-ecec has opened'),
    };
    expect(await error(await h.call('steering', 'POST', areas('2023-ecec'), target))).toMatchObject(frozen);
    expect(
      await error(await h.call('steering', 'PATCH', `${areas('2023-ecec')}/${frozenId}`, { note: 'y' })),
    ).toMatchObject(frozen);
    expect(await error(await h.call('coordinator', 'DELETE', `${areas('2023-ecec')}/${frozenId}`))).toMatchObject(
      frozen,
    );
  });

  it('answers 409 for a round without results yet and for the same target twice', async () => {
    expect(
      await error(await h.call('steering', 'POST', areas('2026-basic'), { ...target, key: 'overall_grade' })),
    ).toMatchObject({
      status: 409,
      code: 'conflict',
      field: 'round',
    });
    expect((await h.call('steering', 'POST', areas('2025-ecec'), target)).status).toBe(201);
    expect(await error(await h.call('steering', 'POST', areas('2025-ecec'), target))).toMatchObject({
      status: 409,
      code: 'conflict',
      field: 'key',
    });
  });

  it('answers 400 naming the field for input that does not fit the schema', async () => {
    const cases: [unknown, string][] = [
      [{ ...target, note: 'x'.repeat(501) }, 'note'],
      [{ ...target, note: '' }, 'note'],
      [{ ...target, note: 'a\u0000b' }, 'note'],
      [{ ...target, scope: 'municipality:lahti' }, 'scope'],
      [{ ...target, kind: 'unit' }, 'kind'],
      [{ ...target, key: 'DROP TABLE' }, 'key'],
      [{ scope: 'region', kind: 'item', key: 'overall_grade' }, 'note'],
    ];
    for (const [body, field] of cases) {
      const e = await error(await h.call('steering', 'POST', areas('2025-ecec'), body));
      expect(e, JSON.stringify(body).slice(0, 80)).toMatchObject({ status: 400, code: 'validation_failed', field });
    }
    expect(
      await error(await h.call('steering', 'PATCH', `${areas('2025-ecec')}/1`, { note: 'ok', key: 'x' })),
    ).toMatchObject({
      status: 400,
      field: '(root)',
    });
    expect(await error(await h.call('steering', 'PATCH', `${areas('2025-ecec')}/abc`, { note: 'ok' }))).toMatchObject({
      status: 400,
      field: 'id',
    });
  });

  it("answers 422 for an item, theme or municipality the round's questionnaire does not have", async () => {
    const cases: [unknown, string][] = [
      [{ ...target, key: 'no_such_item' }, 'key'],
      [{ ...target, key: 'open_improve' }, 'key'],
      [{ ...target, kind: 'theme', key: 'overall_grade' }, 'key'],
      [{ ...target, scope: 'municipality:111' }, 'scope'],
    ];
    for (const [body, field] of cases) {
      expect(await error(await h.call('steering', 'POST', areas('2025-ecec'), body))).toMatchObject({
        status: 422,
        code: 'validation_failed',
        field,
      });
    }
  });

  it('answers 404 for a target, round or report that does not exist', async () => {
    expect(
      await error(await h.call('steering', 'PATCH', `${areas('2025-ecec')}/${frozenId}`, { note: 'y' })),
    ).toMatchObject({
      status: 404,
      field: 'id',
    });
    expect((await h.call('steering', 'DELETE', `${areas('2025-ecec')}/999999`)).status).toBe(404);
    expect((await h.get(null, areas('1999-ecec'))).status).toBe(404);
    expect(
      (await h.get(null, '/api/reports/rounds/2025-ecec/improvement-progress?scope=municipality:111')).status,
    ).toBe(404);
    expect(
      await error(await h.get(null, '/api/reports/rounds/2025-ecec/improvement-progress?scope=unit:1')),
    ).toMatchObject({
      status: 400,
      field: 'scope',
    });
  });
});
