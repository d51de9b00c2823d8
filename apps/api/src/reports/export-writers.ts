import { PassThrough, type Writable } from 'node:stream';
import type { ExportCell, ExportTable } from './export-tables.ts';

// A spreadsheet runs a cell starting with these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet would run as a formula gets a leading apostrophe; other text is unchanged. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvField(value: ExportCell, delimiter: string): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = neutralise(value);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The lines of one table as CSV (RFC 4180, CRLF), the first with a BOM so spreadsheets read UTF-8. */
export function* csvLines(table: ExportTable, delimiter: ',' | ';'): Generator<string> {
  yield `\uFEFF${table.columns.map((c) => csvField(c, delimiter)).join(delimiter)}\r\n`;
  for (const row of table.rows) yield `${row.map((v) => csvField(v, delimiter)).join(delimiter)}\r\n`;
}

/** Excel allows 31 characters and no []:*?/\ in a sheet name. */
function sheetName(title: string): string {
  return title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

/** Writes the tables as an XLSX workbook, one sheet each, row by row (exceljs's streaming writer). */
export async function writeXlsx(tables: readonly ExportTable[], out: Writable): Promise<void> {
  // Loaded on the first XLSX export only: the library costs ~28 MB of memory that other requests never need.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title));
    const header = sheet.addRow(table.columns.map(neutralise));
    header.font = { bold: true };
    header.commit();
    for (const row of table.rows) {
      sheet.addRow(row.map((v) => (typeof v === 'string' ? neutralise(v) : v))).commit();
    }
    sheet.commit();
  }
  await workbook.commit();
}

/** The XLSX bytes as they are written, for streaming into a response. */
export function xlsxChunks(tables: readonly ExportTable[]): AsyncIterable<Uint8Array> {
  const pass = new PassThrough();
  writeXlsx(tables, pass).catch((e: unknown) => pass.destroy(e instanceof Error ? e : new Error(String(e))));
  return pass;
}
