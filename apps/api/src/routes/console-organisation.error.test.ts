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

const snapshot = async () => ({
  municipalities: await h.t.db.selectFrom('municipality').selectAll().orderBy('id').execute(),
  units: await h.t.db.selectFrom('unit').selectAll().orderBy('id').execute(),
  baseCounts: await h.t.db.selectFrom('base_count').selectAll().orderBy('id').execute(),
});

describe(`CSV imports with bad rows import nothing (${testEngine})`, () => {
  it('a municipalities file with one bad row among good ones changes nothing and names line and column', async () => {
    const before = await snapshot();
    const csv =
      'code,name_fi,name_sv,name_en,population\n016,Asikkala,Asikkala,Asikkala,7900\n98,Hollola,Hollola,Hollola,23000\n';
    const res = await h.call('coordinator', 'POST', '/api/console/municipalities/import', { csv });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error).toMatchObject({
      code: 'validation_failed',
      message: '1 problem in the file: nothing was imported',
      field: 'line.3.code',
      issues: [{ field: 'line.3.code', message: 'a municipality code is three digits, e.g. 398' }],
    });
    expect(body.report).toMatchObject({ ok: false, rows: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('a units file lists every problem at once, from the file and against the database', async () => {
    const before = await snapshot();
    const csv = [
      'municipality_code,code,name_fi,name_sv,name_en,kind,provider,active_from,active_to',
      '398,LA-K9,Uusi koulu,Ny skola,New school,school,municipal,2024,',
      '999,X-1,Koulu,Skola,School,school,municipal,2024,',
      '398,LA-K8,Koulu,Skola,School,gymnasium,municipal,2024,',
      '398,LA-K7,Koulu,,School,school,municipal,2024,',
      '398,LA-K9,Uusi koulu,Ny skola,New school,school,municipal,2024,',
    ].join('\n');
    const preview = await (await h.call('coordinator', 'POST', '/api/console/units/import/preview', { csv })).json();
    expect(preview.ok).toBe(false);
    expect(preview.issues.map((i: { line: number; column?: string }) => [i.line, i.column])).toEqual([
      [3, 'municipality_code'],
      [4, 'kind'],
      [5, 'name_sv'],
      [6, undefined],
    ]);
    const res = await h.call('coordinator', 'POST', '/api/console/units/import', { csv });
    expect(res.status).toBe(422);
    expect(await snapshot()).toEqual(before);
  });

  it('a base counts file with an unknown unit, a group the round lacks or a non-participating municipality imports nothing', async () => {
    const before = await snapshot();
    const csv = [
      'municipality_code,unit_code,group_key,enrolled',
      '398,LA-K1,grades_1_2,41',
      '398,NOPE,grades_1_2,5',
      '398,LA-K1,under_3,7',
      '081,HA-K1,grades_3_6,1.5',
    ].join('\n');
    const res = await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/base-counts/import`, {
      csv,
    });
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.issues.map((i: { field: string }) => i.field)).toEqual([
      'line.3.unit_code',
      'line.4.group_key',
      'line.5.enrolled',
    ]);
    const closed = await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.closed}/base-counts/import`, {
      csv: 'municipality_code,group_key,enrolled\n111,under_3,10',
    });
    expect((await closed.json()).error.issues[0]).toEqual({
      field: 'line.2.municipality_code',
      message: 'the municipality does not take part in this round',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('a file with a broken quote is reported with its line', async () => {
    const res = await h.call('coordinator', 'POST', '/api/console/municipalities/import/preview', {
      csv: 'code,name_fi,name_sv,name_en,population\n398,"Lahti,Lahtis,Lahti,1\n',
    });
    expect((await res.json()).issues).toEqual([
      { line: 2, message: 'a quoted field is not closed before the end of the file' },
    ]);
  });

  it('an empty upload answers 400 naming csv', async () => {
    const res = await h.call('coordinator', 'POST', '/api/console/units/import/preview', { csv: '' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ field: 'csv' });
  });
});

describe(`editing errors (${testEngine})`, () => {
  it('a unit that closes before it opens answers 400 naming activeTo', async () => {
    const res = await h.call('coordinator', 'POST', '/api/console/units', {
      municipalityCode: '398',
      code: 'LA-K1',
      names: { fi: 'K', sv: 'K', en: 'K' },
      kind: 'school',
      provider: 'municipal',
      activeFrom: 2020,
      activeTo: 2019,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ field: 'activeTo' });
  });

  it('a municipality without a Swedish name answers 400 naming names.sv', async () => {
    const res = await h.call('coordinator', 'PUT', '/api/console/municipalities/398', {
      names: { fi: 'Lahti', sv: ' ', en: 'Lahti' },
      population: 1,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ field: 'names.sv' });
  });

  it('an unknown municipality code answers 404', async () => {
    const res = await h.call('coordinator', 'PUT', '/api/console/municipalities/999', {
      names: { fi: 'X', sv: 'X', en: 'X' },
      population: 1,
    });
    expect(res.status).toBe(404);
  });

  it('base counts for a unit of another municipality or a group the round lacks name the row', async () => {
    const other = await h.call('coordinator', 'PUT', `/api/console/rounds/${ids.rounds.open}/base-counts`, {
      municipalityCode: '398',
      rows: [{ unitId: ids.units.hartolaSchool, groupKey: 'grades_1_2', enrolled: 3 }],
    });
    expect((await other.json()).error).toMatchObject({ field: 'rows.0.unitId' });
    const group = await h.call('coordinator', 'PUT', `/api/console/rounds/${ids.rounds.open}/base-counts`, {
      municipalityCode: '398',
      rows: [
        { unitId: null, groupKey: 'grades_1_2', enrolled: 3 },
        { unitId: null, groupKey: 'under_3', enrolled: 3 },
      ],
    });
    expect((await group.json()).error).toMatchObject({ field: 'rows.1.groupKey' });
    const negative = await h.call('coordinator', 'PUT', `/api/console/rounds/${ids.rounds.open}/base-counts`, {
      municipalityCode: '398',
      rows: [{ unitId: null, groupKey: 'grades_1_2', enrolled: -1 }],
    });
    expect(negative.status).toBe(400);
    expect((await negative.json()).error).toMatchObject({ field: 'rows.0.enrolled' });
  });
});
