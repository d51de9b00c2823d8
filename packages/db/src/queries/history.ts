import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import {
  CANT_SAY,
  type CsvIssue,
  DomainError,
  type FamilyKey,
  type HistoryFormat,
  type HistoryImportInput,
  type HistoryMapping,
  type HistoryPreviewRow,
  type HistoryQuestion,
  type HistoryReport,
  type ImportedRoundSummary,
  InstrumentDefinition,
  SCALES,
  type Translations,
  itemsOf,
} from '@gs/schema';
import type { Database } from '../database.ts';
import { readSheet } from '../history/read-file.ts';
import { normaliseQuestion, similarity } from '../history/similarity.ts';
import { json } from '../json.ts';
import { inTransaction } from '../transaction.ts';
import { recordAudit } from './audit.ts';
import { publishRound } from './snapshots.ts';

// One import of a family's year at a time (two requests with the same file must not both create it).
const HISTORY_LOCK = 0x67730002;

const COUNT_COLUMNS = ['n_1', 'n_2', 'n_3', 'n_4', 'n_5', 'cant_say'] as const;
/** The value each count column is stored as (can't say is 0, as for our own answers). */
const COUNT_VALUE: Record<(typeof COUNT_COLUMNS)[number], number> = {
  n_1: 1,
  n_2: 2,
  n_3: 3,
  n_4: 4,
  n_5: 5,
  cant_say: CANT_SAY,
};
const KNOWN_COLUMNS = new Set([
  'municipality',
  'unit',
  'question',
  ...COUNT_COLUMNS,
  'n',
  'mean',
  'sd',
  'responses',
  'enrolled',
]);

/** The note a means-only import carries (reports and the preview say so). */
export const MEANS_ONLY_NOTE = 'the file has means and n only: no distributions can be shown';

interface Candidate {
  key: string;
  type: 'statement' | 'grade';
  texts: string[];
  label: string;
  text: Translations;
}

interface ParsedRow {
  line: number;
  municipalityId: number;
  municipality: string;
  unitId: number | null;
  unit: string | null;
  question: string;
  counts: Map<number, number> | null;
  n: number;
  mean: number | null;
  sd: number | null;
  responses: number | null;
  enrolled: number | null;
}

interface Plan {
  report: HistoryReport;
  rows: (ParsedRow & { itemKey: string })[];
  versionId: number;
  format: HistoryFormat;
  hash: string;
}

const emptyCounts = { rows: 0, unmapped: 0, municipalities: 0, units: 0, items: 0 };

function failed(encoding: string, issues: CsvIssue[], rest: Partial<HistoryReport> = {}): HistoryReport {
  issues.sort((a, b) => a.line - b.line);
  return {
    ok: false,
    encoding,
    delimiter: null,
    format: null,
    issues,
    questions: [],
    items: [],
    rows: [],
    counts: emptyCounts,
    note: null,
    ...rest,
  };
}

/** A whole number cell (empty: null). */
function wholeNumber(cell: string): number | null | 'bad' {
  const t = cell.replace(/\s/g, '');
  if (t === '') return null;
  if (/^\d+$/.test(t)) return Number(t);
  if (/^\d+[.,]0+$/.test(t)) return Number(t.replace(',', '.'));
  return 'bad';
}

/** A decimal cell with a point or a decimal comma (empty: null). */
function decimal(cell: string): number | null | 'bad' {
  const t = cell.replace(/\s/g, '');
  if (t === '') return null;
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return 'bad';
  return Number(t.replace(',', '.'));
}

/** The instrument version an imported round of the family uses: that of its oldest round, else the newest. */
async function familyVersion(db: Kysely<Database>, family: FamilyKey) {
  const row =
    (await db
      .selectFrom('round')
      .innerJoin('instrument_version', 'instrument_version.id', 'round.instrument_version_id')
      .select(['instrument_version.id', 'instrument_version.definition'])
      .where('round.family_key', '=', family)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('history_import').select('round_id').whereRef('round_id', '=', 'round.id'))),
      )
      .orderBy('round.year')
      .limit(1)
      .executeTakeFirst()) ??
    (await db
      .selectFrom('instrument_version')
      .select(['id', 'definition'])
      .where('family_key', '=', family)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst());
  if (!row) throw new DomainError('not_found', `no questionnaire of '${family}'`, 'family', 404);
  const def = InstrumentDefinition.parse(
    typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition,
  );
  return { id: row.id, def };
}

function candidatesOf(def: InstrumentDefinition): Candidate[] {
  return itemsOf(def).flatMap((i) =>
    i.type === 'open'
      ? []
      : [
          {
            key: i.key,
            type: i.type,
            texts: Object.values(i.text).filter(Boolean) as string[],
            label: i.text.fi,
            text: i.text,
          },
        ],
  );
}

function suggest(question: string, candidates: Candidate[], format: HistoryFormat | null) {
  return candidates
    .filter((c) => format !== 'counts' || c.type === 'statement')
    .map((c) => ({
      key: c.key,
      text: c.label,
      score: Math.round(Math.max(...c.texts.map((t) => similarity(question, t))) * 100) / 100,
    }))
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
    .slice(0, 3);
}

/** The content hash that makes a repeated import of the same file (and mapping) change nothing. */
function contentHash(bytes: Uint8Array, input: HistoryImportInput) {
  const mapping = Object.entries(input.mapping ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256')
    .update(bytes)
    .update(JSON.stringify([input.family, input.year, input.source.trim(), mapping]))
    .digest('hex');
}

async function places(db: Kysely<Database>) {
  const [municipalities, units] = await Promise.all([
    db.selectFrom('municipality').select(['id', 'code', 'names']).execute(),
    db.selectFrom('unit').select(['id', 'municipality_id', 'code', 'names']).execute(),
  ]);
  const byName = new Map<string, { id: number; code: string }>();
  for (const m of municipalities) {
    byName.set(m.code, m);
    for (const n of Object.values(m.names)) if (n) byName.set(normaliseQuestion(n), m);
  }
  const unitByName = new Map<string, number>();
  for (const u of units) {
    unitByName.set(`${u.municipality_id}/${u.code.toLowerCase()}`, u.id);
    for (const n of Object.values(u.names)) if (n) unitByName.set(`${u.municipality_id}/${normaliseQuestion(n)}`, u.id);
  }
  return {
    // A spreadsheet drops a code's leading zeros (098 → 98).
    municipality: (cell: string) =>
      byName.get(/^\d{1,3}$/.test(cell.trim()) ? cell.trim().padStart(3, '0') : cell.trim()) ??
      byName.get(normaliseQuestion(cell)),
    unit: (mid: number, cell: string) =>
      unitByName.get(`${mid}/${cell.trim().toLowerCase()}`) ?? unitByName.get(`${mid}/${normaliseQuestion(cell)}`),
  };
}

/**
 * Reads, checks and maps a history file without writing: every issue with its line and column,
 * the questions with suggested items, and the rows that would be stored.
 */
async function plan(db: Kysely<Database>, input: HistoryImportInput): Promise<Plan> {
  const bytes = Buffer.from(input.file.data, 'base64');
  const hash = contentHash(bytes, input);
  const version = await familyVersion(db, input.family);
  const candidates = candidatesOf(version.def);
  const none = { rows: [], versionId: version.id, format: 'counts' as HistoryFormat, hash };
  const sheet = await readSheet(bytes);
  if (!sheet.ok) return { ...none, report: failed(sheet.encoding, sheet.issues) };
  const { header, rows, encoding, delimiter } = sheet.table;
  const issues: CsvIssue[] = [];
  header.forEach((col, i) => {
    if (!KNOWN_COLUMNS.has(col))
      issues.push({ line: 1, column: col || `#${i + 1}`, message: `unknown column '${col}'` });
    else if (header.indexOf(col) !== i) issues.push({ line: 1, column: col, message: `column '${col}' appears twice` });
  });
  for (const col of ['municipality', 'question']) {
    if (!header.includes(col)) issues.push({ line: 1, column: col, message: `column '${col}' is missing` });
  }
  const hasCounts = COUNT_COLUMNS.some((c) => header.includes(c));
  const hasMean = header.includes('mean');
  let format: HistoryFormat | null = hasCounts ? 'counts' : hasMean ? 'means' : null;
  if (hasCounts && hasMean) {
    issues.push({ line: 1, column: 'mean', message: 'give either counts per scale point or mean and n, not both' });
    format = null;
  } else if (format === 'counts') {
    for (const c of COUNT_COLUMNS)
      if (!header.includes(c)) issues.push({ line: 1, column: c, message: `column '${c}' is missing` });
  } else if (format === 'means') {
    if (!header.includes('n')) issues.push({ line: 1, column: 'n', message: "column 'n' is missing (mean needs n)" });
  } else {
    issues.push({
      line: 1,
      message: 'the file needs counts per scale point (n_1 … n_5, cant_say) or mean and n',
    });
  }
  if (issues.length) return { ...none, report: failed(encoding, issues, { delimiter }) };
  if (rows.length === 0)
    return {
      ...none,
      report: failed(encoding, [{ line: 2, message: 'the file has a header but no rows' }], { delimiter }),
    };
  // A decimal comma in a comma-separated file splits a number in two: more fields than the header.
  const find = await places(db);
  const col = (name: string) => header.indexOf(name);
  const parsed: ParsedRow[] = [];
  for (const { line, cells } of rows) {
    if (cells.length > header.length && cells.slice(header.length).some((c) => c !== '')) {
      issues.push({
        line,
        message: `${cells.length} fields where the header has ${header.length}${
          delimiter === ',' ? ': a decimal comma in a comma-separated file must be quoted ("3,8"), or use ;' : ''
        }`,
      });
      continue;
    }
    const cell = (name: string) => (col(name) < 0 ? '' : (cells[col(name)] ?? '').trim());
    const bad = (column: string, message: string) => issues.push({ line, column, message });
    let ok = true;
    for (const name of header) {
      if (cell(name).includes('\uFFFD')) {
        bad(
          name,
          'a character was lost in an earlier conversion (\uFFFD): save the file again as UTF-8 and import that',
        );
        ok = false;
      }
    }
    const m = find.municipality(cell('municipality'));
    if (!cell('municipality')) {
      bad('municipality', 'required');
      ok = false;
    } else if (!m) {
      bad('municipality', `no municipality '${cell('municipality')}' (give its code or name)`);
      ok = false;
    }
    let unitId: number | null = null;
    if (m && cell('unit') !== '') {
      unitId = find.unit(m.id, cell('unit')) ?? null;
      if (unitId === null) {
        bad('unit', `no unit '${cell('unit')}' in municipality ${m.code}`);
        ok = false;
      }
    }
    if (!cell('question')) {
      bad('question', 'required');
      ok = false;
    } else if (cell('question').length > 1000) {
      bad('question', 'at most 1000 characters');
      ok = false;
    }
    const n = wholeNumber(cell('n'));
    if (n === 'bad') {
      bad('n', 'a whole number');
      ok = false;
    }
    let counts: Map<number, number> | null = null;
    let mean: number | null = null;
    let sd: number | null = null;
    if (format === 'counts') {
      counts = new Map();
      let sum = 0;
      for (const c of COUNT_COLUMNS) {
        const v = wholeNumber(cell(c));
        if (v === 'bad') {
          bad(c, 'a whole number of answers');
          ok = false;
        } else if ((v ?? 0) > 1_000_000) {
          bad(c, 'at most 1000000');
          ok = false;
        } else {
          counts.set(COUNT_VALUE[c], v ?? 0);
          sum += v ?? 0;
        }
      }
      if (ok && typeof n === 'number' && n < sum) {
        bad('n', `n is ${n} but the counts add up to ${sum}`);
        ok = false;
      }
    } else {
      const mv = decimal(cell('mean'));
      const sv = decimal(cell('sd'));
      if (mv === 'bad' || mv === null) {
        bad('mean', mv === null ? 'required' : 'a number (decimal point or comma)');
        ok = false;
      } else mean = mv;
      if (sv === 'bad' || (typeof sv === 'number' && sv < 0)) {
        bad('sd', 'a number of at least 0');
        ok = false;
      } else sd = sv;
      if (n === null) {
        bad('n', 'required');
        ok = false;
      }
    }
    const responses = wholeNumber(cell('responses'));
    const enrolled = wholeNumber(cell('enrolled'));
    if (responses === 'bad') {
      bad('responses', 'a whole number');
      ok = false;
    }
    if (enrolled === 'bad') {
      bad('enrolled', 'a whole number');
      ok = false;
    }
    if (!ok || !m) continue;
    const answered = counts ? [...counts.values()].reduce((a, b) => a + b, 0) : (n as number);
    parsed.push({
      line,
      municipalityId: m.id,
      municipality: m.code,
      unitId,
      unit: unitId === null ? null : cell('unit'),
      question: cell('question'),
      counts,
      n: answered,
      mean: counts ? null : mean,
      sd,
      responses: responses as number | null,
      enrolled: enrolled as number | null,
    });
  }

  // Their questions, in the order they first appear, with our items most like each.
  const questionRows = new Map<string, number[]>();
  for (const r of parsed) questionRows.set(r.question, [...(questionRows.get(r.question) ?? []), r.line]);
  const mapping: HistoryMapping | undefined = input.mapping;
  const byKey = new Map(candidates.map((c) => [c.key, c]));
  const questions: HistoryQuestion[] = [...questionRows].map(([text, lines]) => ({
    text,
    rows: lines.length,
    suggestions: suggest(text, candidates, format),
    ...(mapping && text in mapping ? { mapped: mapping[text] ?? null } : {}),
  }));

  const out: (ParsedRow & { itemKey: string })[] = [];
  const seen = new Map<string, number>();
  let unmapped = 0;
  for (const r of parsed) {
    const itemKey: string | null | undefined = mapping?.[r.question];
    if (mapping && !(r.question in mapping)) {
      if (questionRows.get(r.question)?.[0] === r.line)
        issues.push({
          line: r.line,
          column: 'question',
          message: `'${r.question}' is not mapped: link it to an item or leave it unmapped`,
        });
      continue;
    }
    if (itemKey === null) {
      unmapped++;
      continue;
    }
    const item = itemKey === undefined ? undefined : byKey.get(itemKey);
    if (itemKey !== undefined && !item) {
      issues.push({
        line: r.line,
        column: 'question',
        message: `'${r.question}' is mapped to '${itemKey}', which is not an item of this questionnaire`,
      });
      continue;
    }
    if (item && format === 'counts' && item.type !== 'statement') {
      issues.push({
        line: r.line,
        column: 'question',
        message: `'${itemKey}' is the grade (4–10): give it as mean and n in a file of its own`,
      });
      continue;
    }
    const scale = item?.type === 'grade' ? SCALES.grade4_10 : SCALES.agree5;
    if (r.mean !== null && (r.mean < scale.min || r.mean > scale.max)) {
      issues.push({
        line: r.line,
        column: 'mean',
        message: `the mean ${r.mean} is outside the scale ${scale.min}–${scale.max}`,
      });
      continue;
    }
    if (r.sd !== null && r.sd > scale.max - scale.min) {
      issues.push({ line: r.line, column: 'sd', message: `the SD ${r.sd} is larger than the scale allows` });
      continue;
    }
    const key = `${r.municipalityId}/${r.unitId ?? ''}/${itemKey ?? r.question}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        line: r.line,
        message: `the same municipality, unit and ${itemKey ? `item (${itemKey})` : 'question'} as line ${first}`,
      });
      continue;
    }
    seen.set(key, r.line);
    if (itemKey !== undefined) out.push({ ...r, itemKey });
  }

  // Responses and enrolled are per municipality: the rows that give them must agree.
  const perMunicipality = new Map<number, { responses?: [number, number]; enrolled?: [number, number] }>();
  for (const r of parsed) {
    const m = perMunicipality.get(r.municipalityId) ?? {};
    for (const field of ['responses', 'enrolled'] as const) {
      const v = r[field];
      if (v === null) continue;
      const known = m[field];
      if (known && known[0] !== v)
        issues.push({
          line: r.line,
          column: field,
          message: `${v}, but line ${known[1]} gives ${known[0]} for ${r.municipality}`,
        });
      else m[field] ??= [v, r.line];
    }
    perMunicipality.set(r.municipalityId, m);
  }

  // Units inside a municipality's total: the total minus its units may not go below zero.
  if (format === 'counts') {
    const totals = new Map(out.filter((r) => r.unitId === null).map((r) => [`${r.municipalityId}/${r.itemKey}`, r]));
    const unitSums = new Map<string, Map<number, number>>();
    for (const r of out) {
      if (r.unitId === null || !r.counts) continue;
      const k = `${r.municipalityId}/${r.itemKey}`;
      const s = unitSums.get(k) ?? new Map<number, number>();
      for (const [v, n] of r.counts) s.set(v, (s.get(v) ?? 0) + n);
      unitSums.set(k, s);
    }
    for (const [k, sums] of unitSums) {
      const total = totals.get(k);
      if (!total?.counts) continue;
      for (const [v, n] of sums) {
        if (n > (total.counts.get(v) ?? 0)) {
          const column = COUNT_COLUMNS.find((c) => COUNT_VALUE[c] === v) as string;
          issues.push({
            line: total.line,
            column,
            message: `the municipality's units have ${n} answers here, more than its total ${total.counts.get(v) ?? 0}`,
          });
        }
      }
    }
  }
  for (const [mid, m] of perMunicipality) {
    const most = Math.max(0, ...out.filter((r) => r.municipalityId === mid && r.unitId === null).map((r) => r.n));
    if (m.responses && m.responses[0] < most)
      issues.push({
        line: m.responses[1],
        column: 'responses',
        message: `${m.responses[0]} responses, fewer than the ${most} answers to one question`,
      });
  }

  const decided = !mapping ? false : questions.every((q) => q.mapped !== undefined);
  const previewRows: HistoryPreviewRow[] = (mapping ? out : parsed.map((r) => ({ ...r, itemKey: null }))).map((r) => ({
    line: r.line,
    municipality: r.municipality,
    unit: r.unit,
    question: r.question,
    itemKey: r.itemKey,
    n: r.n,
    mean: r.mean ?? (r.counts ? meanOf(r.counts) : null),
  }));
  issues.sort((a, b) => a.line - b.line);
  const ok = issues.length === 0 && decided && out.length > 0;
  if (issues.length === 0 && decided && out.length === 0)
    issues.push({
      line: 1,
      column: 'question',
      message: 'no question is mapped to an item: nothing would be imported',
    });
  return {
    report: {
      ok,
      encoding,
      delimiter,
      format,
      issues,
      questions,
      items: candidates
        .filter((c) => format !== 'counts' || c.type === 'statement')
        .map((c) => ({ key: c.key, type: c.type, text: c.text })),
      rows: issues.length ? [] : previewRows,
      counts: {
        rows: out.length,
        unmapped,
        municipalities: new Set(out.map((r) => r.municipalityId)).size,
        units: new Set(out.flatMap((r) => (r.unitId === null ? [] : [r.unitId]))).size,
        items: new Set(out.map((r) => r.itemKey)).size,
      },
      note: format === 'means' ? MEANS_ONLY_NOTE : null,
    },
    rows: out,
    versionId: version.id,
    format: format ?? 'counts',
    hash,
  };
}

function meanOf(counts: Map<number, number>): number | null {
  let sum = 0;
  let n = 0;
  for (const [v, c] of counts)
    if (v !== CANT_SAY) {
      sum += v * c;
      n += c;
    }
  return n === 0 ? null : Math.round((sum / n) * 100) / 100;
}

/** Checks a history file against its format, the questionnaire and the municipalities; writes nothing. */
export async function previewHistory(db: Kysely<Database>, input: HistoryImportInput): Promise<HistoryReport> {
  return (await plan(db, input)).report;
}

/** Rows of the aggregate tables for the counts of a plan: what the fold would have written for these answers. */
function aggregateRows(rows: Plan['rows']) {
  const key = (...parts: (string | number | null)[]) => parts.join('/');
  const unitCells = new Map<string, { mid: number; uid: number | null; item: string; value: number; n: number }>();
  const add = (mid: number, uid: number | null, item: string, value: number, n: number) => {
    const k = key(mid, uid, item, value);
    const cell = unitCells.get(k) ?? { mid, uid, item, value, n: 0 };
    cell.n += n;
    unitCells.set(k, cell);
  };
  // A municipality's total row holds its units: what is left after them belongs to no listed unit.
  for (const r of rows) {
    if (!r.counts) continue;
    for (const [v, n] of r.counts) add(r.municipalityId, r.unitId, r.itemKey, v, n);
  }
  for (const r of rows) {
    if (r.unitId === null || !r.counts) continue;
    if (!rows.some((t) => t.unitId === null && t.municipalityId === r.municipalityId && t.itemKey === r.itemKey))
      continue;
    for (const [v, n] of r.counts) add(r.municipalityId, null, r.itemKey, v, -n);
  }
  return [...unitCells.values()].filter((c) => c.n > 0);
}

/** Responses per municipality and unit: given, or the most answers any question had there. */
function responseRows(rows: Plan['rows']) {
  const most = new Map<string, { mid: number; uid: number | null; n: number }>();
  const given = new Map<number, number>();
  for (const r of rows) {
    const k = `${r.municipalityId}/${r.unitId ?? ''}`;
    const cur = most.get(k) ?? { mid: r.municipalityId, uid: r.unitId, n: 0 };
    cur.n = Math.max(cur.n, r.n);
    most.set(k, cur);
    if (r.responses !== null) given.set(r.municipalityId, r.responses);
  }
  const out: { mid: number; uid: number | null; n: number }[] = [];
  const municipalities = new Set(rows.map((r) => r.municipalityId));
  for (const mid of municipalities) {
    const units = [...most.values()].filter((x) => x.mid === mid && x.uid !== null);
    const unitSum = units.reduce((a, u) => a + u.n, 0);
    const total = given.get(mid) ?? Math.max(most.get(`${mid}/`)?.n ?? 0, unitSum);
    out.push(...units, { mid, uid: null, n: Math.max(0, total - unitSum) });
  }
  return out.filter((x) => x.n > 0);
}

async function writeCounts(trx: Kysely<Database>, roundId: number, rows: Plan['rows']) {
  const db = trx as unknown as Kysely<any>;
  const cells = aggregateRows(rows);
  const insert = async (table: string, values: Record<string, unknown>[]) => {
    for (let i = 0; i < values.length; i += 500)
      await db
        .insertInto(table)
        .values(values.slice(i, i + 500))
        .execute();
  };
  const sumBy = <T>(keyOf: (c: (typeof cells)[number]) => string, make: (c: (typeof cells)[number]) => T) => {
    const m = new Map<string, T & { n: number }>();
    for (const c of cells) {
      const k = keyOf(c);
      const cur = m.get(k) ?? { ...make(c), n: 0 };
      cur.n += c.n;
      m.set(k, cur);
    }
    return [...m.values()];
  };
  await insert(
    'answer_count_unit',
    cells.map((c) => ({
      round_id: roundId,
      municipality_id: c.mid,
      unit_id: c.uid,
      item_key: c.item,
      value: c.value,
      n: c.n,
    })),
  );
  const municipal = sumBy(
    (c) => `${c.mid}/${c.item}/${c.value}`,
    (c) => ({ round_id: roundId, municipality_id: c.mid, item_key: c.item, value: c.value }),
  );
  await insert('answer_count_municipality', municipal);
  await insert(
    'answer_count_municipality_group',
    municipal.map((c) => ({ ...c, group_key: null })),
  );
  await insert(
    'answer_count_region',
    sumBy(
      (c) => `${c.item}/${c.value}`,
      (c) => ({ round_id: roundId, group_key: null, item_key: c.item, value: c.value }),
    ),
  );
  const sizes = (unit: boolean) => {
    const m = new Map<string, Record<string, unknown> & { answers: number; valid: number }>();
    for (const c of cells) {
      const k = unit ? `${c.mid}/${c.uid}/${c.item}` : `${c.mid}/${c.item}`;
      const cur = m.get(k) ?? {
        round_id: roundId,
        municipality_id: c.mid,
        ...(unit ? { unit_id: c.uid } : {}),
        group_key: null,
        item_key: c.item,
        answers: 0,
        valid: 0,
      };
      cur.answers += c.n;
      if (c.value !== CANT_SAY) cur.valid += c.n;
      m.set(k, cur);
    }
    return [...m.values()].filter((s) => s.answers > 0);
  };
  await insert('answer_size_municipality', sizes(false));
  await insert('answer_size_unit', sizes(true));
  await insert(
    'response_count',
    responseRows(rows).map((r) => ({
      round_id: roundId,
      municipality_id: r.mid,
      unit_id: r.uid,
      group_key: null,
      n: r.n,
    })),
  );
}

/**
 * Answers per municipality and item (its total row, else its units' rows together) and per unit,
 * with what a municipality's total has beyond its listed units under no unit, as for counts.
 */
function meanSizes(rows: Plan['rows']) {
  const byMunicipality = new Map<
    string,
    { mid: number; item: string; total: number | null; units: Map<number, number> }
  >();
  for (const r of rows) {
    const k = `${r.municipalityId}/${r.itemKey}`;
    const cur = byMunicipality.get(k) ?? { mid: r.municipalityId, item: r.itemKey, total: null, units: new Map() };
    byMunicipality.set(k, cur);
    if (r.unitId === null) cur.total = (cur.total ?? 0) + r.n;
    else cur.units.set(r.unitId, (cur.units.get(r.unitId) ?? 0) + r.n);
  }
  const municipal: { municipality_id: number; item_key: string; answers: number; valid: number }[] = [];
  const unit: { municipality_id: number; unit_id: number | null; item_key: string; answers: number; valid: number }[] =
    [];
  for (const { mid, item, total, units } of byMunicipality.values()) {
    const listed = [...units.values()].reduce((a, n) => a + n, 0);
    const all = Math.max(total ?? 0, listed);
    if (all > 0) municipal.push({ municipality_id: mid, item_key: item, answers: all, valid: all });
    for (const [uid, n] of units)
      if (n > 0) unit.push({ municipality_id: mid, unit_id: uid, item_key: item, answers: n, valid: n });
    if (all > listed)
      unit.push({ municipality_id: mid, unit_id: null, item_key: item, answers: all - listed, valid: all - listed });
  }
  return { municipal, unit };
}

async function writeMeans(trx: Kysely<Database>, roundId: number, rows: Plan['rows']) {
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('imported_mean')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          round_id: roundId,
          municipality_id: r.municipalityId,
          unit_id: r.unitId,
          item_key: r.itemKey,
          n: r.n,
          mean: r.mean as number,
          sd: r.sd,
        })),
      )
      .execute();
  }
  // The answer counts are the round's sizes: protection decides on them as for any round, and
  // reports fill what it leaves visible with the means (withImportedMeans in packages/stats).
  const { municipal, unit } = meanSizes(rows);
  const db = trx as unknown as Kysely<any>;
  for (const [table, values] of [
    ['answer_size_municipality', municipal],
    ['answer_size_unit', unit],
  ] as const) {
    for (let i = 0; i < values.length; i += 500)
      await db
        .insertInto(table)
        .values(values.slice(i, i + 500).map((v) => ({ round_id: roundId, group_key: null, ...v })))
        .execute();
  }
  const responses = responseRows(rows);
  if (responses.length)
    await (trx as unknown as Kysely<any>)
      .insertInto('response_count')
      .values(
        responses.map((r) => ({ round_id: roundId, municipality_id: r.mid, unit_id: r.uid, group_key: null, n: r.n })),
      )
      .execute();
}

/**
 * Imports a history file as a published round of the family and year, in one transaction: all of
 * it or nothing (the report then lists every issue). The counts go into the aggregate tables the
 * fold fills and the round is published through the same snapshot path as our own, so reports,
 * trends and small-group protection treat it alike. The same file (same mapping) again changes
 * nothing; another file for a year that already has a round is a 409 (delete the import first).
 */
export async function importHistory(
  db: Kysely<Database>,
  input: HistoryImportInput,
  opts: { userId: number | null; importedAt?: Date },
): Promise<HistoryReport> {
  if (!input.mapping) throw new DomainError('validation_failed', 'map every question before importing', 'mapping');
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${HISTORY_LOCK}::int, ${input.year}::int)`.execute(trx);
    const p = await plan(trx, input);
    const existing = await trx
      .selectFrom('round')
      .leftJoin('history_import', 'history_import.round_id', 'round.id')
      .select(['round.id', 'round.slug', 'history_import.content_hash'])
      .where('round.family_key', '=', input.family)
      .where('round.year', '=', input.year)
      .executeTakeFirst();
    if (existing && existing.content_hash === p.hash)
      return { ...p.report, round: { id: existing.id, slug: existing.slug, unchanged: true } };
    if (existing)
      throw new DomainError(
        'conflict',
        `${input.year} already has a round of this family (${existing.slug})${
          existing.content_hash ? ': delete that import first' : ''
        }`,
        'year',
        409,
      );
    if (!p.report.ok) return p.report;
    const slug = `${input.year}-${input.family}`;
    const round = await trx
      .insertInto('round')
      .values({
        slug,
        family_key: input.family,
        instrument_version_id: p.versionId,
        year: input.year,
        opens_on: `${input.year}-01-01`,
        closes_on: `${input.year}-12-31`,
        status: 'closed',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const municipalities = [...new Set(p.rows.map((r) => r.municipalityId))];
    await trx
      .insertInto('round_municipality')
      .values(municipalities.map((m) => ({ round_id: round.id, municipality_id: m })))
      .execute();
    const enrolled = new Map<number, number>();
    for (const r of p.rows) if (r.enrolled !== null) enrolled.set(r.municipalityId, r.enrolled);
    if (enrolled.size)
      await trx
        .insertInto('base_count')
        .values(
          [...enrolled].map(([mid, n]) => ({
            round_id: round.id,
            municipality_id: mid,
            unit_id: null,
            group_key: '',
            enrolled: n,
          })),
        )
        .execute();
    await trx
      .insertInto('history_import')
      .values({
        round_id: round.id,
        source: input.source.trim(),
        file_name: input.file.name,
        content_hash: p.hash,
        format: p.format,
        mapping: json(input.mapping ?? {}),
        rows: p.rows.length,
        imported_by: opts.userId,
        ...(opts.importedAt ? { imported_at: opts.importedAt } : {}),
      })
      .execute();
    if (p.format === 'counts') await writeCounts(trx, round.id, p.rows);
    else await writeMeans(trx, round.id, p.rows);
    await recordAudit(trx, {
      userId: opts.userId,
      action: 'history.import',
      entity: 'round',
      entityId: round.id,
      details: { slug, file: input.file.name, format: p.format, ...p.report.counts },
    });
    await publishRound(trx, round.id, {
      userId: opts.userId,
      ...(opts.importedAt ? { publishedAt: opts.importedAt } : {}),
    });
    return { ...p.report, round: { id: round.id, slug, unchanged: false } };
  });
}

/** Imported rounds, newest year first. */
export async function listImportedRounds(db: Kysely<Database>): Promise<ImportedRoundSummary[]> {
  const rows = await db
    .selectFrom('history_import')
    .innerJoin('round', 'round.id', 'history_import.round_id')
    .select([
      'round.id',
      'round.slug',
      'round.family_key',
      'round.year',
      'history_import.source',
      'history_import.file_name',
      'history_import.format',
      'history_import.rows',
      'history_import.imported_at',
    ])
    .orderBy('round.year', 'desc')
    .orderBy('round.family_key')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    family: r.family_key,
    year: r.year,
    source: r.source,
    fileName: r.file_name,
    format: r.format,
    rows: r.rows,
    importedAt: new Date(r.imported_at).toISOString(),
  }));
}

/** The imported-round marks of some rounds (by id): source note and format. */
export async function importedRounds(db: Kysely<Database>, roundIds: readonly number[]) {
  if (roundIds.length === 0) return new Map<number, { source: string; meansOnly: boolean }>();
  const rows = await db
    .selectFrom('history_import')
    .select(['round_id', 'source', 'format'])
    .where('round_id', 'in', roundIds)
    .execute();
  return new Map(rows.map((r) => [r.round_id, { source: r.source, meansOnly: r.format === 'means' }]));
}

/** Deletes an imported round as a whole: its figures, snapshots and marks (audited). Our own rounds cannot be. */
export async function deleteImportedRound(db: Kysely<Database>, roundId: number, userId: number | null) {
  await inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('round')
      .leftJoin('history_import', 'history_import.round_id', 'round.id')
      .select(['round.id', 'round.slug', 'history_import.source', 'history_import.file_name'])
      .where('round.id', '=', roundId)
      .forUpdate(['round'])
      .executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'no such round', 'id', 404);
    if (row.source === null)
      throw new DomainError('illegal_transition', 'only imported rounds can be deleted here', 'id', 409);
    const snapshots = trx.selectFrom('published_snapshot').select('id').where('round_id', '=', roundId);
    await trx.deleteFrom('snapshot_report').where('snapshot_id', 'in', snapshots).execute();
    await trx.deleteFrom('published_snapshot').where('round_id', '=', roundId).execute();
    await trx.deleteFrom('round').where('id', '=', roundId).execute();
    await recordAudit(trx, {
      userId,
      action: 'history.delete',
      entity: 'round',
      entityId: roundId,
      details: { slug: row.slug, file: row.file_name, source: row.source },
    });
  });
}
