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

describe(`a municipality contact stays in their municipality (${testEngine})`, () => {
  it('sees only their own municipality and units', async () => {
    const ms = await (await h.call('lahti', 'GET', '/api/console/municipalities')).json();
    expect(ms.map((m: { code: string }) => m.code)).toEqual(['398']);
    const units = await (await h.call('lahti', 'GET', '/api/console/units')).json();
    expect(units.map((u: { code: string }) => u.code)).toEqual(['LA-K1', 'LA-PK1']);
    expect((await h.call('lahti', 'GET', '/api/console/units?municipality=081')).status).toBe(403);
  });

  it('sees only their own municipality’s base counts', async () => {
    const body = await (await h.call('hartola', 'GET', `/api/console/rounds/${ids.rounds.open}/base-counts`)).json();
    expect(body.rows.map((r: { municipality_code: string }) => r.municipality_code)).toEqual(['081']);
  });

  it('cannot edit or create a unit in another municipality (403) and nothing changes', async () => {
    const put = await h.call('lahti', 'POST', '/api/console/units', {
      municipalityCode: '081',
      code: 'HA-K1',
      names: { fi: 'X', sv: 'X', en: 'X' },
      kind: 'school',
      provider: 'municipal',
      activeFrom: 2000,
    });
    expect(put.status).toBe(403);
    const post = await h.call('lahti', 'POST', '/api/console/units', {
      municipalityCode: '081',
      code: 'X',
      names: { fi: 'X', sv: 'X', en: 'X' },
      kind: 'school',
      provider: 'municipal',
      activeFrom: 2000,
    });
    expect(post.status).toBe(403);
    const unit = await h.t.db
      .selectFrom('unit')
      .select('names')
      .where('id', '=', ids.units.hartolaSchool)
      .executeTakeFirst();
    expect(unit?.names.fi).toBe('Hartolan koulu');
  });

  it('cannot set another municipality’s base counts', async () => {
    const res = await h.call('lahti', 'PUT', `/api/console/rounds/${ids.rounds.open}/base-counts`, {
      municipalityCode: '081',
      rows: [],
    });
    expect(res.status).toBe(403);
  });

  it('cannot import rows of another municipality: each such row is an issue and nothing is imported', async () => {
    const csv = 'municipality_code,unit_code,group_key,enrolled\n398,LA-K1,grades_1_2,41\n081,HA-K1,grades_1_2,99\n';
    const res = await h.call('lahti', 'POST', `/api/console/rounds/${ids.rounds.open}/base-counts/import`, { csv });
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues).toEqual([
      { field: 'line.3.municipality_code', message: 'you may import rows of your own municipality only' },
    ]);
    const hartola = await h.t.db
      .selectFrom('base_count')
      .select('enrolled')
      .where('municipality_id', '=', ids.municipalities.hartola)
      .execute();
    expect(hartola).toEqual([{ enrolled: 10 }]);
  });

  it('cannot edit municipalities or import them', async () => {
    expect(
      (
        await h.call('lahti', 'PUT', '/api/console/municipalities/398', {
          names: { fi: 'Lahti', sv: 'Lahtis', en: 'Lahti' },
          population: 1,
        })
      ).status,
    ).toBe(403);
    expect((await h.call('lahti', 'POST', '/api/console/municipalities/import', { csv: 'code\n398' })).status).toBe(
      403,
    );
  });

  it('cannot read a round their municipality does not take part in', async () => {
    await h.t.db
      .deleteFrom('round_municipality')
      .where('round_id', '=', ids.rounds.closed)
      .where('municipality_id', '=', ids.municipalities.hartola)
      .execute();
    expect((await h.call('hartola', 'GET', `/api/console/rounds/${ids.rounds.closed}`)).status).toBe(403);
    expect((await h.call('hartola', 'GET', `/api/console/rounds/${ids.rounds.closed}/base-counts`)).status).toBe(403);
  });
});

describe(`the steering group reads and never writes (${testEngine})`, () => {
  it('reads municipalities, units and base counts', async () => {
    expect((await h.call('steering', 'GET', '/api/console/municipalities')).status).toBe(200);
    expect((await h.call('steering', 'GET', '/api/console/units')).status).toBe(200);
    expect((await h.call('steering', 'GET', `/api/console/rounds/${ids.rounds.open}/base-counts`)).status).toBe(200);
  });

  it('cannot edit units or base counts (403)', async () => {
    expect(
      (
        await h.call('steering', 'PUT', `/api/console/rounds/${ids.rounds.open}/base-counts`, {
          municipalityCode: '398',
          rows: [],
        })
      ).status,
    ).toBe(403);
    expect((await h.call('steering', 'POST', '/api/console/units/import', { csv: 'x' })).status).toBe(403);
  });
});
