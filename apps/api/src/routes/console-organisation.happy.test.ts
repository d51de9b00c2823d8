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

const UNITS_HEAD = 'municipality_code;code;name_fi;name_sv;name_en;kind;provider;active_from;active_to';

describe(`municipalities (${testEngine})`, () => {
  it('GET /api/console/municipalities lists them with unit counts', async () => {
    const res = await h.call('coordinator', 'GET', '/api/console/municipalities');
    expect(res.status).toBe(200);
    expect((await res.json()).map((m: { code: string; units: number }) => [m.code, m.units])).toEqual([
      ['081', 1],
      ['111', 0],
      ['398', 2],
    ]);
  });

  it('PUT /api/console/municipalities/:code edits names, population and activity, with an audit line', async () => {
    const res = await h.call('coordinator', 'PUT', '/api/console/municipalities/111', {
      names: { fi: 'Heinola', sv: 'Heinola', en: 'Heinola town' },
      population: 18_650,
      active: false,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ code: '111', population: 18_650, active: false });
    const audit = await h.t.db.selectFrom('audit_log').select(['action', 'entity_id']).execute();
    expect(audit).toContainEqual({ action: 'municipality.update', entity_id: '111' });
  });

  it('imports municipalities from CSV after a preview that says what changes', async () => {
    const csv =
      'code,name_fi,name_sv,name_en,population\n398,Lahti,Lahtis,Lahti,121337\n111,Heinola,Heinola,Heinola,18000\n016,Asikkala,Asikkala,Asikkala,7900\n';
    const preview = await h.call('coordinator', 'POST', '/api/console/municipalities/import/preview', { csv });
    expect(preview.status).toBe(200);
    const report = await preview.json();
    expect(report).toMatchObject({ ok: true, counts: { create: 1, update: 1, unchanged: 1 } });
    expect(report.rows).toEqual([
      { line: 2, action: 'unchanged', key: '398' },
      { line: 3, action: 'update', key: '111' },
      { line: 4, action: 'create', key: '016' },
    ]);
    expect(await h.t.db.selectFrom('municipality').select('code').execute()).toHaveLength(3);
    const done = await h.call('coordinator', 'POST', '/api/console/municipalities/import', { csv });
    expect(done.status).toBe(200);
    const rows = await h.t.db.selectFrom('municipality').select(['code', 'population']).orderBy('code').execute();
    expect(rows).toEqual([
      { code: '016', population: 7900 },
      { code: '081', population: 2482 },
      { code: '111', population: 18000 },
      { code: '398', population: 121337 },
    ]);
  });
});

describe(`units (${testEngine})`, () => {
  it('GET /api/console/units?municipality= lists one municipality’s units', async () => {
    const res = await h.call('coordinator', 'GET', '/api/console/units?municipality=398');
    expect((await res.json()).map((u: { code: string }) => u.code)).toEqual(['LA-K1', 'LA-PK1']);
  });

  it('POST /api/console/units creates a unit, and again with the same code edits it', async () => {
    const created = await h.call('coordinator', 'POST', '/api/console/units', {
      municipalityCode: '111',
      code: 'HE-K1',
      names: { fi: 'Heinolan koulu', sv: 'Heinola skola', en: 'Heinola school' },
      kind: 'school',
      provider: 'municipal',
      activeFrom: 2010,
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const edited = await h.call('coordinator', 'POST', '/api/console/units', {
      municipalityCode: '111',
      code: 'HE-K1',
      names: { fi: 'Heinolan yhtenäiskoulu', sv: 'Heinola enhetsskola', en: 'Heinola comprehensive school' },
      kind: 'school',
      provider: 'municipal',
      activeFrom: 2010,
      activeTo: 2030,
    });
    expect(edited.status).toBe(201);
    expect((await edited.json()).id).toBe(id);
    const unit = await h.t.db.selectFrom('unit').select(['names', 'active_to']).where('id', '=', id).executeTakeFirst();
    expect(unit).toMatchObject({ names: { fi: 'Heinolan yhtenäiskoulu' }, active_to: 2030 });
  });

  it('a municipality contact edits the units of their own municipality', async () => {
    const res = await h.call('lahti', 'POST', '/api/console/units', {
      municipalityCode: '398',
      code: 'LA-PK1',
      names: { fi: 'Päiväkoti Auringonkukka', sv: 'Daghemmet Solrosen', en: 'Sunflower daycare' },
      kind: 'ecec',
      provider: 'private',
      activeFrom: 2000,
    });
    expect(res.status).toBe(201);
    expect((await res.json()).id).toBe(ids.units.lahtiDaycare);
  });

  it('imports units from a semicolon CSV (as Finnish Excel writes it), creating and updating by code', async () => {
    const csv = [
      UNITS_HEAD,
      '398;LA-K1;Kivimaan koulu;Kivimaa skola;Kivimaa school;school;municipal;2000;',
      '398;LA-K2;"Salpausselän koulu; yläaste";Salpausselkä skola;Salpausselkä school;school;municipal;2015;',
      '111;HE-PK1;Päiväkoti Kuusi;Daghemmet Granen;Spruce daycare;ecec;private;2020;2027',
    ].join('\r\n');
    const preview = await (await h.call('coordinator', 'POST', '/api/console/units/import/preview', { csv })).json();
    expect(preview.counts).toEqual({ create: 2, update: 1, unchanged: 0, removed: 0 });
    const res = await h.call('coordinator', 'POST', '/api/console/units/import', { csv });
    expect(res.status).toBe(200);
    const units = await h.t.db.selectFrom('unit').select(['code', 'names', 'active_to']).orderBy('code').execute();
    expect(units.map((u) => u.code)).toEqual(['HA-K1', 'HE-PK1', 'LA-K1', 'LA-K2', 'LA-PK1']);
    expect(units.find((u) => u.code === 'LA-K2')?.names.fi).toBe('Salpausselän koulu; yläaste');
  });
});

describe(`base counts (${testEngine})`, () => {
  it('GET /api/console/rounds/:id/base-counts lists rows and the groups the instrument asks about', async () => {
    const res = await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.open}/base-counts`);
    const body = await res.json();
    expect(body.groupKeys).toEqual(['pre_primary', 'grades_1_2', 'grades_3_6', 'grades_7_9']);
    expect(body.rows).toHaveLength(3);
  });

  it('PUT /api/console/rounds/:id/base-counts replaces one municipality’s counts and leaves the others', async () => {
    const res = await h.call('lahti', 'PUT', `/api/console/rounds/${ids.rounds.open}/base-counts`, {
      municipalityCode: '398',
      rows: [
        { unitId: ids.units.lahtiSchool, groupKey: 'grades_7_9', enrolled: 80 },
        { unitId: null, groupKey: 'pre_primary', enrolled: 5 },
      ],
    });
    expect(res.status).toBe(204);
    const rows = await h.t.db
      .selectFrom('base_count')
      .select(['municipality_id', 'group_key', 'enrolled'])
      .where('round_id', '=', ids.rounds.open)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { municipality_id: ids.municipalities.hartola, group_key: 'grades_1_2', enrolled: 10 },
      { municipality_id: ids.municipalities.lahti, group_key: 'grades_7_9', enrolled: 80 },
      { municipality_id: ids.municipalities.lahti, group_key: 'pre_primary', enrolled: 5 },
    ]);
  });

  it('imports base counts for a round, replacing those of each municipality in the file', async () => {
    const csv =
      'municipality_code,unit_code,group_key,enrolled\n398,LA-K1,grades_1_2,45\n398,,pre_primary,120\n111,,grades_1_2,150\n';
    const preview = await (
      await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/base-counts/import/preview`, { csv })
    ).json();
    expect(preview.counts).toEqual({ create: 2, update: 1, unchanged: 0, removed: 1 });
    const res = await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/base-counts/import`, {
      csv,
    });
    expect(res.status).toBe(200);
    const p = await (await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.open}/progress`)).json();
    expect(p.municipalities.map((m: { code: string; enrolled: number }) => [m.code, m.enrolled])).toEqual([
      ['081', 10],
      ['111', 150],
      ['398', 165],
    ]);
    const audit = await h.t.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'import.base_counts')
      .execute();
    expect(audit[0]?.details).toMatchObject({ create: 2, update: 1, removed: 1 });
  });
});
