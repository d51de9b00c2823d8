import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { HistoryImportInput, HistoryMapping, HistoryReport, ScopeReport } from '@gs/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, aggregateSnapshot, openTestDatabase, testEngine } from '../testing.ts';
import { listAudit } from './audit.ts';
import { deleteImportedRound, importHistory, listImportedRounds, previewHistory } from './history.ts';
import { seedReportFixture } from './reports.fixture.ts';
import { findSnapshot, snapshotScopes } from './reports.ts';

let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedReportFixture>>;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  f = await seedReportFixture(t.db);
});

const HEADER = 'municipality;unit;question;n_1;n_2;n_3;n_4;n_5;cant_say;n;responses;enrolled';
/** Two of their questions: one worded differently from ours, one word for word. */
const ENJOYS = 'Lapsi viihtyy päiväkodissa';
const FAIR = 'Lastani kohdellaan reilusti.';
const GOOD = [
  HEADER,
  `Lahti;;${ENJOYS};1;2;5;20;30;2;60;70;300`,
  `Lahti;E1;${ENJOYS};0;1;2;10;12;1;26;;`,
  `Lahti;;${FAIR};0;3;6;20;25;4;;70;300`,
  `098;;${ENJOYS};0;1;3;9;10;0;;25;120`,
  `098;;${FAIR};1;1;2;8;12;1;;;`,
  `Hartola;;${ENJOYS};0;0;1;1;1;0;;3;20`,
].join('\n');
const MAPPING: HistoryMapping = { [ENJOYS]: 'safety_enjoys_attending', [FAIR]: 'equality_treated_fairly' };

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
function input(data: Uint8Array | string, mapping: HistoryMapping | null = MAPPING, name = 'ecec-2021.csv') {
  return {
    family: 'ecec',
    year: 2021,
    source: 'Webropol-kysely 2021, Päijät-Hämeen raportti',
    file: { name, data: b64(data) },
    ...(mapping ? { mapping } : {}),
  } satisfies HistoryImportInput;
}

async function stored() {
  const rounds = await sql<{ n: number }>`select count(*)::int as n from round where year = 2021`.execute(t.db);
  const marks = await sql<{ n: number }>`select count(*)::int as n from history_import`.execute(t.db);
  const counts = await sql<{ n: number }>`select count(*)::int as n from answer_count_municipality`.execute(t.db);
  const means = await sql<{ n: number }>`select count(*)::int as n from imported_mean`.execute(t.db);
  return {
    rounds: rounds.rows[0]?.n,
    marks: marks.rows[0]?.n,
    counts: counts.rows[0]?.n,
    means: means.rows[0]?.n,
  };
}

/** Imports a bad file: it names each issue's line and column, and nothing at all is stored. */
async function refused(data: Uint8Array | string, mapping: HistoryMapping = MAPPING) {
  const before = await stored();
  const r = await importHistory(t.db, input(data, mapping), { userId: null });
  expect(r.ok).toBe(false);
  expect(r.round).toBeUndefined();
  expect(await stored()).toEqual(before);
  return r.issues;
}

async function regionReport(slug: string) {
  const round = await t.db.selectFrom('round').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  const snap = await findSnapshot(t.db, round.id);
  if (!snap) throw new Error('no snapshot');
  return { roundId: round.id, scopes: await snapshotScopes(t.db, snap.id, ['region', 'municipality:081']) };
}

describe(`history import (${testEngine})`, () => {
  it('suggests our items for their questions by text similarity, with scores, and stores nothing', async () => {
    const r = await previewHistory(t.db, input(GOOD, null));
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([]);
    expect(r.format).toBe('counts');
    expect(r.delimiter).toBe(';');
    const enjoys = r.questions.find((q) => q.text === ENJOYS);
    expect(enjoys?.rows).toBe(4);
    expect(enjoys?.suggestions[0]?.key).toBe('safety_enjoys_attending');
    expect(enjoys?.suggestions[0]?.score).toBeGreaterThan(0.3);
    expect(enjoys?.suggestions[1]?.score).toBeLessThan(enjoys?.suggestions[0]?.score as number);
    expect(enjoys?.suggestions[0]?.score).toBeLessThan(1);
    const fair = r.questions.find((q) => q.text === FAIR);
    expect(fair?.suggestions[0]).toMatchObject({ key: 'equality_treated_fairly', score: 1 });
    // Counts per scale point never suggest the grade (4–10).
    expect(r.questions.flatMap((q) => q.suggestions).some((s) => s.key === 'overall_grade')).toBe(false);
    expect(await stored()).toMatchObject({ rounds: 0, marks: 0 });
  });

  it('imports counts as a published round marked as imported, protected like our own, and the same file again changes nothing', async () => {
    const preview = await previewHistory(t.db, input(GOOD));
    expect(preview.ok).toBe(true);
    expect(preview.rows).toHaveLength(6);
    expect(preview.counts).toMatchObject({ rows: 6, municipalities: 3, units: 1, items: 2, unmapped: 0 });
    const r = await importHistory(t.db, input(GOOD), { userId: null });
    expect(r.ok).toBe(true);
    expect(r.round).toMatchObject({ slug: '2021-ecec', unchanged: false });
    const { roundId, scopes } = await regionReport('2021-ecec');
    const region = scopes.get('region') as ScopeReport;
    expect(region.round.status).toBe('published');
    expect(region.round.imported).toEqual({ source: 'Webropol-kysely 2021, Päijät-Hämeen raportti', meansOnly: false });
    // The region's responses: Lahti 70, Hollola 25, Hartola 3.
    expect(region.headline.responses).toEqual({ suppressed: false, n: 98 });
    const enjoys = region.sections.flatMap((s) => s.items).find((i) => i.key === 'safety_enjoys_attending');
    expect(enjoys?.figures).toMatchObject({ suppressed: false, answers: 60 + 23 + 3 });
    // Hartola's three answers are below the threshold: hidden as our own would be.
    const hartola = scopes.get('municipality:081') as ScopeReport;
    expect(hartola.headline.responses).toEqual({ suppressed: true });
    const lahti = await sql<{ unit_id: number | null; n: number }>`
      select unit_id, sum(n)::int as n from answer_count_unit
      where round_id = ${roundId}::int and item_key = 'safety_enjoys_attending'
        and municipality_id = ${f.lahti}::int group by unit_id order by unit_id nulls last`.execute(t.db);
    // Lahti's total 60 holds unit E1's 26: the other 34 belong to no listed unit.
    expect(lahti.rows).toEqual([
      { unit_id: f.units.aurinko, n: 26 },
      { unit_id: null, n: 34 },
    ]);
    const base = await t.db.selectFrom('base_count').select(['enrolled']).where('round_id', '=', roundId).execute();
    expect(base.map((b) => b.enrolled).sort()).toEqual([120, 20, 300]);

    const aggregates = await aggregateSnapshot(t.db, roundId);
    const audits = (await listAudit(t.db, { limit: 100 })).length;
    const again = await importHistory(t.db, input(GOOD), { userId: null });
    expect(again.round).toEqual({ id: roundId, slug: '2021-ecec', unchanged: true });
    expect(await aggregateSnapshot(t.db, roundId)).toEqual(aggregates);
    expect((await listAudit(t.db, { limit: 100 })).length).toBe(audits);
    expect(await listImportedRounds(t.db)).toMatchObject([{ slug: '2021-ecec', format: 'counts', rows: 6 }]);
    // Another file for the same year is refused until the import is deleted.
    await expect(
      importHistory(t.db, input(`${GOOD}\n098;;Uusi;1;1;1;1;1;0;;;`, { ...MAPPING, Uusi: null }), { userId: null }),
    ).rejects.toMatchObject({
      status: 409,
      field: 'year',
    });
  });

  it('reads the same file from UTF-16 (Excel), Windows-1252 and UTF-8 with a byte-order mark alike', async () => {
    const utf8 = await previewHistory(t.db, input(GOOD));
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD.replace(/;/g, '\t'), 'utf16le')]);
    const latin1 = Buffer.from(GOOD, 'latin1');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD.replace(/;/g, ','), 'utf8')]);
    for (const [bytes, encoding, delimiter] of [
      [le, 'utf-16le', '\t'],
      [latin1, 'windows-1252', ';'],
      [bom, 'utf-8', ','],
    ] as const) {
      const r = await previewHistory(t.db, input(bytes));
      expect({ encoding: r.encoding, delimiter: r.delimiter, issues: r.issues }).toEqual({
        encoding,
        delimiter,
        issues: [],
      });
      expect(r.rows).toEqual(utf8.rows);
    }
    // A file already mangled by an earlier conversion (ä lost as U+FFFD) names the cell.
    const mangled = await refused(GOOD.replace('päiväkodissa', 'p\uFFFDiv\uFFFDkodissa'));
    expect(mangled[0]).toMatchObject({ line: 2, column: 'question' });
    expect(mangled[0]?.message).toMatch(/UTF-8/);
  });

  it('imports means and n (decimal comma, comma or semicolon) into a table of its own and says distributions cannot be shown', async () => {
    const csv = [
      'municipality,question,mean,n,sd',
      `Lahti,${ENJOYS},"4,3",60,"0,8"`,
      `098,${ENJOYS},4.1,23,`,
      `Hartola,${ENJOYS},3.0,3,`,
      'Lahti,Kokonaisarvosana,"8,6",58,',
    ].join('\r\n');
    const mapping = { ...MAPPING, Kokonaisarvosana: 'overall_grade' };
    // A decimal comma in a comma-separated file, unquoted, splits the number: the line says how to fix it.
    const split = await refused('municipality,question,mean,n\nLahti,Lapsi,4,3,60', {
      Lapsi: 'safety_enjoys_attending',
    });
    expect(split[0]).toMatchObject({ line: 2 });
    expect(split[0]?.message).toMatch(/decimal comma/);
    const r = await importHistory(t.db, input(csv, mapping), { userId: null });
    expect(r.issues).toEqual([]);
    expect(r.format).toBe('means');
    expect(r.note).toMatch(/no distributions/);
    const rows = await t.db
      .selectFrom('imported_mean')
      .select(['item_key', 'n', 'mean', 'sd'])
      .orderBy('mean')
      .execute();
    expect(rows).toEqual([
      { item_key: 'safety_enjoys_attending', n: 3, mean: 3, sd: null },
      { item_key: 'safety_enjoys_attending', n: 23, mean: 4.1, sd: null },
      { item_key: 'safety_enjoys_attending', n: 60, mean: 4.3, sd: 0.8 },
      { item_key: 'overall_grade', n: 58, mean: 8.6, sd: null },
    ]);
    const { roundId, scopes } = await regionReport('2021-ecec');
    const region = scopes.get('region') as ScopeReport;
    expect(region.round.imported?.meansOnly).toBe(true);

    // The published reports show the means protection leaves visible: n, mean and SD, no distribution.
    const snap = await findSnapshot(t.db, roundId);
    const reports = await snapshotScopes(t.db, snap!.id, ['municipality:398', 'municipality:098', 'municipality:081']);
    const itemOf = (r: ScopeReport | undefined, key: string) =>
      r?.sections.flatMap((x) => x.items).find((i) => i.key === key);
    const lahti = reports.get('municipality:398');
    expect(itemOf(lahti, 'safety_enjoys_attending')?.figures).toEqual({
      suppressed: false,
      answers: 60,
      n: 60,
      cantSay: 0,
      distribution: null,
      mean: 4.3,
      sd: 0.8,
      agreeShare: null,
    });
    expect(lahti?.headline.grade).toEqual({ suppressed: false, n: 58, distribution: null, mean: 8.6, sd: null });
    // Hartola's 3 answers are hidden, and so much else that they cannot be worked out: the region and
    // the two others are not all visible together.
    expect(itemOf(reports.get('municipality:081'), 'safety_enjoys_attending')?.figures).toEqual({ suppressed: true });
    const visible = [region, reports.get('municipality:398'), reports.get('municipality:098')].filter(
      (r) => itemOf(r, 'safety_enjoys_attending')?.figures.suppressed === false,
    );
    expect(visible.length).toBeLessThan(3);
    // Where the region shows, it pools the municipalities the file has: (60 × 4.3 + 23 × 4.1 + 3 × 3) / 86.
    const whole = itemOf(region, 'safety_enjoys_attending')?.figures;
    if (whole && !whole.suppressed) expect(whole.mean).toBeCloseTo((60 * 4.3 + 23 * 4.1 + 9) / 86, 4);
    // The file has no units: the snapshot stores no unit pages.
    const unitPages = await t.db
      .selectFrom('snapshot_report')
      .select('scope')
      .where('snapshot_id', '=', snap!.id)
      .where('scope', 'like', 'unit:%')
      .execute();
    expect(unitPages).toEqual([]);
    // Nothing filtered by group can be shown: the file has no such split.
    const byGroup = await snapshotScopes(t.db, snap!.id, ['municipality:398/group:age_3_5']);
    expect(itemOf(byGroup.get('municipality:398/group:age_3_5'), 'safety_enjoys_attending')?.figures).toEqual({
      suppressed: true,
    });
  });

  it('refuses bad rows naming line and column, and stores nothing', async () => {
    const row = (s: string) => `${HEADER}\n${s}`;
    expect(await refused(row(`Lahti;;${ENJOYS};1;2;5;20;30;2;50;;`))).toEqual([
      { line: 2, column: 'n', message: 'n is 50 but the counts add up to 60' },
    ]);
    expect(await refused(row(`Nastola;;${ENJOYS};1;2;5;20;30;2;;;`))).toEqual([
      expect.objectContaining({ line: 2, column: 'municipality' }),
    ]);
    expect(await refused(`${GOOD}\nLahti;;${ENJOYS};1;1;1;1;1;0;;;`)).toEqual([
      expect.objectContaining({ line: 8, message: expect.stringMatching(/as line 2/) }),
    ]);
    expect(await refused(row(`Lahti;;${ENJOYS};1;2;x;20;30;2;;;`))).toEqual([
      expect.objectContaining({ line: 2, column: 'n_3' }),
    ]);
    expect(await refused(row(`Lahti;;${ENJOYS};1;2;5;20;30;2;;;`), { [ENJOYS]: 'no_such_item' })).toEqual([
      expect.objectContaining({ line: 2, column: 'question', message: expect.stringMatching(/not an item/) }),
    ]);
    expect(await refused(row(`Lahti;;${ENJOYS};1;2;5;20;30;2;;;`), {})).toEqual([
      expect.objectContaining({ line: 2, column: 'question', message: expect.stringMatching(/not mapped/) }),
    ]);
    expect(await refused(`municipality;question;mean;n\nLahti;${ENJOYS};5,4;20`)).toEqual([
      { line: 2, column: 'mean', message: 'the mean 5.4 is outside the scale 1–5' },
    ]);
    expect(await refused('')).toEqual([{ line: 1, message: 'the file is empty' }]);
    expect(await refused(HEADER)).toEqual([{ line: 2, message: 'the file has a header but no rows' }]);
    expect(await refused(`${HEADER.replace('n_5', 'n5')}\nLahti;;x;1;2;5;20;30;2;;;`)).toEqual(
      expect.arrayContaining([expect.objectContaining({ line: 1, column: 'n5' })]),
    );
    // A unit's counts over the municipality's total.
    expect(await refused(row(`Lahti;;${ENJOYS};1;2;5;20;30;2;;;\nLahti;E1;${ENJOYS};0;0;0;21;0;0;;;`))).toEqual([
      expect.objectContaining({ line: 2, column: 'n_4' }),
    ]);
    expect(await refused(row(`Lahti;;${ENJOYS};1;2;5;20;30;2;;10;`))).toEqual([
      expect.objectContaining({ line: 2, column: 'responses' }),
    ]);
  });

  it('reads XLSX with exceljs: refuses a formula cell and an empty sheet by line and column', async () => {
    const book = async (fill: (s: ExcelJS.Worksheet) => void) => {
      const wb = new ExcelJS.Workbook();
      fill(wb.addWorksheet('Tulokset'));
      return new Uint8Array(await wb.xlsx.writeBuffer());
    };
    const good = await book((s) => {
      for (const line of GOOD.split('\n')) s.addRow(line.split(';').map((c) => (/^\d+$/.test(c) ? Number(c) : c)));
    });
    const r = await previewHistory(t.db, input(good));
    expect(r.encoding).toBe('xlsx');
    expect(r.issues).toEqual([]);
    expect(r.rows).toEqual((await previewHistory(t.db, input(GOOD))).rows);

    const formula = await book((s) => {
      s.addRow(['municipality', 'question', 'mean', 'n']);
      s.addRow(['Lahti', ENJOYS, 4.2, 30]);
      s.addRow(['098', ENJOYS, { formula: 'C2-0.1', result: 4.1 }, 20]);
    });
    expect(await refused(formula)).toEqual([
      expect.objectContaining({ line: 3, column: 'mean', message: expect.stringMatching(/C3 holds a formula/) }),
    ]);
    expect(await refused(await book(() => {}))).toEqual([{ line: 1, message: 'the sheet is empty' }]);
  });

  it('deletes an imported round as a whole (audited), and never one of our own', async () => {
    const r = await importHistory(t.db, input(GOOD), { userId: null });
    const id = r.round?.id as number;
    await deleteImportedRound(t.db, id, null);
    expect(await stored()).toMatchObject({ rounds: 0, marks: 0 });
    const left = await sql<{ n: number }>`
      select (select count(*) from answer_count_unit where round_id = ${id}::int)
        + (select count(*) from published_snapshot where round_id = ${id}::int)
        + (select count(*) from response_count where round_id = ${id}::int) as n`.execute(t.db);
    expect(Number(left.rows[0]?.n)).toBe(0);
    expect((await listAudit(t.db, { limit: 5 }))[0]).toMatchObject({ action: 'history.delete' });
    await expect(deleteImportedRound(t.db, f.r2023.id, null)).rejects.toMatchObject({ status: 409 });
    // Imported again from scratch after the delete.
    expect((await importHistory(t.db, input(GOOD), { userId: null })).round?.unchanged).toBe(false);
  });
});

export type { HistoryReport };
