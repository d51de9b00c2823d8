import * as z from 'zod';
import { MunicipalityCode, Translations } from './common.ts';
import { UnitKind } from './instrument.ts';
import { Provider } from './organisation.ts';

/** One problem in an imported file: the line as a spreadsheet numbers it (header = 1) and the column. */
export interface CsvIssue {
  line: number;
  column?: string;
  message: string;
}

export interface CsvTable {
  delimiter: ',' | ';' | '\t';
  header: string[];
  rows: { line: number; cells: string[] }[];
}

export type CsvParseResult = { ok: true; table: CsvTable } | { ok: false; issues: CsvIssue[] };

/** Picks the delimiter by counting candidates outside quotes on the header line (Finnish Excel writes `;`). */
export function detectDelimiter(text: string): CsvTable['delimiter'] {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts] += 1;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/**
 * Parses CSV text by RFC 4180: quoted fields may hold delimiters, line breaks and
 * doubled quotes; CRLF or LF line ends; a UTF-8 byte-order mark is dropped; the
 * delimiter (`,`, `;` or tab) is detected from the header. Blank lines are skipped.
 *
 * @example
 * parseCsv('code;name_fi\n398;"Lahti; kaupunki"') // rows[0].cells = ['398', 'Lahti; kaupunki']
 */
export function parseCsv(input: string): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records: { line: number; cells: string[] }[] = [];
  const issues: CsvIssue[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let wasQuoted = false;
  let i = 0;
  const endCell = () => {
    cells.push(wasQuoted ? cell : cell.trim());
    cell = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endCell();
    if (cells.length > 1 || cells[0] !== '') records.push({ line: recordLine, cells });
    cells = [];
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        const next = text[i];
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
          issues.push({ line, message: 'text after a closing quote: a quote inside a field must be doubled ("")' });
          while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') i += 1;
        }
        continue;
      }
      if (ch === '\n') line += 1;
      cell += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      if (cell.trim() === '') {
        quoted = true;
        wasQuoted = true;
        cell = '';
      } else {
        issues.push({ line, message: 'a quote inside an unquoted field: quote the whole field and double the quote' });
        cell += ch;
      }
      i += 1;
    } else if (ch === delimiter) {
      endCell();
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else {
      cell += ch;
      i += 1;
    }
  }
  if (quoted) issues.push({ line: recordLine, message: 'a quoted field is not closed before the end of the file' });
  else endRecord();
  if (issues.length) return { ok: false, issues };
  const [head, ...rows] = records;
  if (!head) return { ok: false, issues: [{ line: 1, message: 'the file is empty: it needs a header line' }] };
  return { ok: true, table: { delimiter, header: head.cells.map((h) => h.trim().toLowerCase()), rows } };
}

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .regex(/^-?\d+$/, 'a whole number without spaces or decimals')
    .transform(Number)
    .pipe(z.number().min(min, `at least ${min}`).max(max, `at most ${max}`));
const textCell = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);

const namesOf = (r: { name_fi: string; name_sv: string; name_en: string }) => ({
  fi: r.name_fi,
  sv: r.name_sv,
  en: r.name_en,
});

/** One row per kind of import, with its columns; each maps to the shape the database layer stores. */
export const CSV_FORMATS = {
  municipalities: {
    required: ['code', 'name_fi', 'name_sv', 'name_en', 'population'],
    optional: [],
    row: z
      .object({
        code: MunicipalityCode,
        name_fi: textCell(200),
        name_sv: textCell(200),
        name_en: textCell(200),
        population: int(0, 10_000_000),
      })
      .transform((r) => ({ code: r.code, names: Translations.parse(namesOf(r)), population: r.population })),
    key: (r: { code: string }) => r.code,
  },
  units: {
    required: ['municipality_code', 'code', 'name_fi', 'name_sv', 'name_en', 'kind', 'provider', 'active_from'],
    optional: ['active_to'],
    row: z
      .object({
        municipality_code: MunicipalityCode,
        code: textCell(40),
        name_fi: textCell(200),
        name_sv: textCell(200),
        name_en: textCell(200),
        kind: z.string().trim().pipe(UnitKind),
        provider: z.string().trim().pipe(Provider),
        active_from: int(1990, 2100),
        active_to: z
          .preprocess((s) => (typeof s === 'string' && s.trim() === '' ? undefined : s), int(1990, 2100).optional())
          .transform((v) => v ?? null),
      })
      .refine((u) => u.active_to === null || u.active_to >= u.active_from, {
        path: ['active_to'],
        message: 'a unit cannot close before it starts',
      })
      .transform((r) => ({
        municipalityCode: r.municipality_code,
        code: r.code,
        names: Translations.parse(namesOf(r)),
        kind: r.kind,
        provider: r.provider,
        activeFrom: r.active_from,
        activeTo: r.active_to,
      })),
    key: (r: { municipalityCode: string; code: string }) => `${r.municipalityCode}/${r.code}`,
  },
  base_counts: {
    required: ['municipality_code', 'group_key', 'enrolled'],
    optional: ['unit_code'],
    row: z
      .object({
        municipality_code: MunicipalityCode,
        unit_code: z.string().trim().max(40).default(''),
        group_key: textCell(48),
        enrolled: int(0, 1_000_000),
      })
      .transform((r) => ({
        municipalityCode: r.municipality_code,
        unitCode: r.unit_code === '' ? null : r.unit_code,
        groupKey: r.group_key,
        enrolled: r.enrolled,
      })),
    key: (r: { municipalityCode: string; unitCode: string | null; groupKey: string }) =>
      `${r.municipalityCode}/${r.unitCode ?? ''}/${r.groupKey}`,
  },
} as const;

export type CsvKind = keyof typeof CSV_FORMATS;
export type CsvRow<K extends CsvKind> = z.output<(typeof CSV_FORMATS)[K]['row']>;

export interface CsvValidation<K extends CsvKind> {
  rows: { line: number; value: CsvRow<K> }[];
  issues: CsvIssue[];
}

/**
 * Parses and checks a CSV file of one kind row by row: missing or unknown columns,
 * each cell against its rule, and the same key twice. Returns every issue found,
 * so the whole file can be fixed at once.
 */
export function validateCsv<K extends CsvKind>(kind: K, input: string): CsvValidation<K> {
  const parsed = parseCsv(input);
  if (!parsed.ok) return { rows: [], issues: parsed.issues };
  const format = CSV_FORMATS[kind];
  const { header, rows } = parsed.table;
  const known = new Set<string>([...format.required, ...format.optional]);
  const issues: CsvIssue[] = [];
  for (const col of format.required) {
    if (!header.includes(col)) issues.push({ line: 1, column: col, message: `column '${col}' is missing` });
  }
  header.forEach((col, i) => {
    if (!known.has(col)) {
      issues.push({ line: 1, column: col || `#${i + 1}`, message: `unknown column '${col}'` });
    } else if (header.indexOf(col) !== i) {
      issues.push({ line: 1, column: col, message: `column '${col}' appears twice` });
    }
  });
  if (issues.length) return { rows: [], issues };
  if (rows.length === 0) return { rows: [], issues: [{ line: 2, message: 'the file has a header but no rows' }] };

  const out: { line: number; value: CsvRow<K> }[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    if (cells.length !== header.length) {
      issues.push({ line, message: `${cells.length} fields where the header has ${header.length}` });
      continue;
    }
    const record: Record<string, string> = {};
    header.forEach((col, i) => {
      record[col] = cells[i] ?? '';
    });
    const result = (format.row as unknown as z.ZodType<CsvRow<K>>).safeParse(record);
    if (!result.success) {
      for (const issue of result.error.issues) {
        issues.push({ line, column: String(issue.path[0] ?? ''), message: issue.message });
      }
      continue;
    }
    const key = (format.key as unknown as (r: CsvRow<K>) => string)(result.data);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ line, message: `the same row as line ${first} (${key})` });
      continue;
    }
    seen.set(key, line);
    out.push({ line, value: result.data });
  }
  return { rows: out, issues };
}
