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

const codes = (body: unknown, roundId = ids.rounds.open) =>
  h.call('coordinator', 'POST', `/api/console/rounds/${roundId}/codes`, body);

describe(`code generation errors (${testEngine})`, () => {
  it.each([
    [{ municipalityCode: '398', count: 0 }, 'count'],
    [{ municipalityCode: '398', count: 1001 }, 'count'],
    [{ municipalityCode: '398', count: 2.5 }, 'count'],
    [{ municipalityCode: '39', count: 5 }, 'municipalityCode'],
    [{ municipalityCode: '398', unitId: 'x', count: 5 }, 'unitId'],
  ])('%j answers 400 naming %s', async (body, field) => {
    const res = await codes(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'validation_failed', field });
  });

  it('a unit of another municipality answers 422 naming unitId and makes no codes', async () => {
    const res = await codes({ municipalityCode: '398', unitId: ids.units.hartolaSchool, count: 5 });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ field: 'unitId' });
    expect(await h.t.db.selectFrom('access_code').select('id').execute()).toHaveLength(0);
  });

  it('a municipality outside the round answers 422 naming it', async () => {
    await h.t.db
      .deleteFrom('round_municipality')
      .where('round_id', '=', ids.rounds.open)
      .where('municipality_id', '=', ids.municipalities.heinola)
      .execute();
    const res = await codes({ municipalityCode: '111', count: 5 });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ message: 'the municipality is not in this round' });
  });

  it('a closed round gets no new codes (409)', async () => {
    const res = await codes({ municipalityCode: '398', count: 5 }, ids.rounds.closed);
    expect(res.status).toBe(409);
    expect((await res.json()).error).toMatchObject({ code: 'illegal_transition' });
  });

  it('an unknown municipality answers 404', async () => {
    const res = await codes({ municipalityCode: '999', count: 5 });
    expect(res.status).toBe(404);
  });
});
