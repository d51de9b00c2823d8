import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import type { ScopeReport, StatementFigures } from '@gs/schema';
import { neutralise } from '../reports/export-writers.ts';
import { reportHarness } from './report-testing.ts';

let h: Awaited<ReturnType<typeof reportHarness>>;
beforeAll(async () => {
  h = await reportHarness();
});
afterAll(async () => h?.t.close());

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

async function xlsxSheets(buffer: ArrayBuffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer);
  return Object.fromEntries(
    wb.worksheets.map((ws) => {
      const rows: unknown[][] = [];
      ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      return [ws.name, rows];
    }),
  );
}

describe(`report exports (${testEngine})`, () => {
  it('CSV of the statements matches the JSON report, hidden cells reading "alle 5 vastausta"', async () => {
    const report: ScopeReport = await (
      await h.get('coordinator', `/api/reports/rounds/2025-ecec/municipalities/098`)
    ).json();
    const res = await h.get('coordinator', '/api/reports/rounds/2025-ecec/export?scope=municipality:098&table=items');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="2025-ecec-municipality-098-v1-items.csv"',
    );
    const rows = parseCsv(await res.text());
    expect(rows[0]?.slice(0, 4)).toEqual(['Teema', 'Tunnus', 'Väittämä', 'Vastauksia']);
    const first = rows.find((r) => r[1] === 'interaction_staff_friendly');
    expect(first?.[3]).toBe('alle 5 vastausta');
    expect(first?.slice(4, 14).every((c) => c === '')).toBe(true);
    expect(report.sections[0]?.items[0]?.figures).toEqual({ suppressed: true });
  });

  it('CSV and XLSX carry the same figures as the JSON, in every language', async () => {
    const report: ScopeReport = await (await h.get(null, '/api/reports/rounds/2025-ecec/municipalities/398')).json();
    const json = report.sections.flatMap((s) => s.items).find((i) => i.key === 'interaction_staff_friendly')!;
    const f = json.figures as StatementFigures;
    const csv = parseCsv(
      await (await h.get(null, '/api/reports/rounds/2025-ecec/export?scope=municipality:398&lang=en')).text(),
    );
    const line = csv.find((r) => r[1] === 'interaction_staff_friendly')!;
    expect(csv[0]).toContain('Region mean');
    expect(line.slice(3, 14).map(Number)).toEqual([
      f.answers,
      f.n,
      f.cantSay,
      ...f.distribution!,
      Math.round(f.mean * 100) / 100,
      Math.round(f.sd! * 100) / 100,
      Math.round(f.agreeShare! * 1000) / 10,
    ]);
    const xlsx = await h.get(null, '/api/reports/rounds/2025-ecec/export?scope=municipality:398&lang=en&format=xlsx');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheets = await xlsxSheets(await xlsx.arrayBuffer());
    expect(Object.keys(sheets)).toEqual(['Summary', 'Statements']);
    const statements = sheets.Statements as unknown[][];
    expect(statements.length).toBe(csv.length);
    statements.forEach((row, r) => {
      const expected = (csv[r] as string[]).map((c) =>
        c === '' ? undefined : r === 0 || Number.isNaN(Number(c)) ? c : Number(c),
      );
      expect(row.length <= expected.length).toBe(true);
      expected.forEach((v, col) => {
        expect(row[col], `row ${r} column ${col}`).toEqual(v);
      });
    });
    const sv = parseCsv(
      await (await h.get(null, '/api/reports/rounds/2025-ecec/export?scope=region&lang=sv&table=children')).text(),
    );
    expect(sv[0]).toEqual(['Kod', 'Namn', 'Svar', 'Barn/elever', 'Svarsandel %', 'Skolvitsord, medelvärde']);
    expect(sv.find((r) => r[0] === '081')?.[2]).toBe('färre än 5 svar');
  });

  it('neutralises text a spreadsheet would run as a formula, in CSV and XLSX', async () => {
    expect(['=1+2', '+A1', '-2+3', '@SUM(A1)', '\tx', '\rx', 'Lahti', '–'].map(neutralise)).toEqual([
      "'=1+2",
      "'+A1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'Lahti',
      '–',
    ]);
    const path = '/api/reports/rounds/2025-ecec/export?scope=municipality:398';
    const csv = parseCsv(await (await h.get('coordinator', `${path}&table=children`)).text());
    expect(csv.find((r) => r[0] === 'E1')?.[1]).toBe("'=1+2 Päiväkoti");
    const sheets = await xlsxSheets(await (await h.get('coordinator', `${path}&format=xlsx`)).arrayBuffer());
    expect((sheets.Yksiköt as unknown[][]).find((r) => r[0] === 'E1')?.[1]).toBe("'=1+2 Päiväkoti");
  });

  it('uses a semicolon when asked, for spreadsheets set up for a decimal comma', async () => {
    const text = await (
      await h.get(null, '/api/reports/rounds/2025-ecec/export?scope=region&table=summary&delimiter=semicolon')
    ).text();
    expect(parseCsv(text, ';')[0]).toEqual(['Tieto', 'Arvo']);
  });
});
