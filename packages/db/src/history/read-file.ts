import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { type CsvIssue, detectDelimiter } from '@gs/schema';

/** A file read into a header and rows of cells, each row with the line a spreadsheet shows for it (header = 1). */
export interface SheetTable {
  encoding: string;
  delimiter: ',' | ';' | '\t' | null;
  header: string[];
  rows: { line: number; cells: string[] }[];
}

export type SheetResult = { ok: true; table: SheetTable } | { ok: false; encoding: string; issues: CsvIssue[] };

const isXlsx = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * Text of a file in the encodings spreadsheets write: UTF-8 (with or without a byte-order mark),
 * UTF-16 (Excel's "Unicode text", little or big endian, found by its mark or by its zero bytes), and
 * otherwise Windows-1252 (a superset of Latin-1) when the bytes are not valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  // UTF-16 without a mark: ASCII text has a zero in every other byte.
  const sample = bytes.subarray(0, Math.min(bytes.length, 400));
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 ? zeroOdd++ : zeroEven++;
  if (sample.length >= 4 && zeroOdd > sample.length / 4)
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (sample.length >= 4 && zeroEven > sample.length / 4)
    return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** Reads CSV text with csv-parse: quotes by RFC 4180, the delimiter (`,` `;` tab) found on the header line. */
function readCsv(text: string, encoding: string): SheetResult {
  if (text.trim() === '') return { ok: false, encoding, issues: [{ line: 1, message: 'the file is empty' }] };
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as { lines?: number; message?: string; column?: number | string };
    const message = String(err.message ?? 'the file cannot be read as CSV').replace(/^Invalid /, 'invalid ');
    return { ok: false, encoding, issues: [{ line: err.lines ?? 1, message }] };
  }
  const rows = records
    .map(({ record, info }) => ({
      // info.lines is where the record ends; a quoted field may span lines.
      line: info.lines - record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0),
      cells: record,
    }))
    .filter((r) => r.cells.some((c) => c !== ''));
  const [head, ...body] = rows;
  if (!head) return { ok: false, encoding, issues: [{ line: 1, message: 'the file is empty' }] };
  return {
    ok: true,
    table: { encoding, delimiter, header: head.cells.map((h) => h.trim().toLowerCase()), rows: body },
  };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim();
  if ('text' in value) return String(value.text).trim();
  return '';
}

const columnLetter = (n: number): string =>
  n <= 0 ? '' : columnLetter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26));

/**
 * Reads the first worksheet that has data with exceljs. A formula cell is refused (its value is
 * whatever the other tool computed last, and may be stale): the issue names the cell.
 */
async function readXlsx(bytes: Uint8Array): Promise<SheetResult> {
  const encoding = 'xlsx';
  // Loaded when a workbook comes in: exceljs and its zip readers cost the server's start about 0.6 s.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return {
      ok: false,
      encoding,
      issues: [{ line: 1, message: 'the file cannot be read as an Excel workbook (.xlsx)' }],
    };
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) return { ok: false, encoding, issues: [{ line: 1, message: 'the sheet is empty' }] };
  const issues: CsvIssue[] = [];
  const rows: { line: number; cells: string[] }[] = [];
  let header: string[] | null = null;
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, header?.length ?? 0); c++) {
      const cell = row.getCell(c);
      if (cell.type === Excel.ValueType.Formula || (cell.formula ?? '') !== '') {
        issues.push({
          line,
          column: header?.[c - 1] || columnLetter(c),
          message: `cell ${columnLetter(c)}${line} holds a formula (=${cell.formula}): paste its value instead`,
        });
        cells.push('');
        continue;
      }
      cells.push(cellText(cell.value));
    }
    if (!cells.some((c) => c !== '')) return;
    if (!header) header = cells.map((h) => h.toLowerCase());
    else rows.push({ line, cells });
  });
  if (issues.length) return { ok: false, encoding, issues };
  if (!header) return { ok: false, encoding, issues: [{ line: 1, message: 'the sheet is empty' }] };
  return { ok: true, table: { encoding, delimiter: null, header, rows } };
}

/** Reads a history file, CSV in any of the usual encodings or XLSX (by its first bytes). */
export async function readSheet(bytes: Uint8Array): Promise<SheetResult> {
  if (isXlsx(bytes)) return readXlsx(bytes);
  const { text, encoding } = decodeText(bytes);
  return readCsv(text, encoding);
}
