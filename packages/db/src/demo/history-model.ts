import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ececV1, basicV1 } from '@gs/instruments';
import { type FamilyKey, InstrumentDefinition } from '@gs/schema';
import { DEMO_HISTORY, type DemoHistoryFile, demoHistoryDir } from './history.ts';
import { DEMO_MUNICIPALITIES } from './municipalities.ts';
import { type DemoRound, type PlacedUnit, enrolmentFor, itemParamsFor } from './plan.ts';
import { apportion, draw } from './random.ts';
import { demoUnits } from './units.ts';

/**
 * The counts in the demo history files (packages/db/src/demo/history) come from the same model as
 * the demo's own rounds, run for the earlier years: each municipality's level and trend, each item's
 * level and the municipality's item profile carry on backwards, so 2019 and 2021 sit where 2023 and
 * 2025 lead one to expect instead of at invented levels of their own. A municipality's distribution
 * is the enrolment-weighted mean of its units' expected distributions, and the file's counts are that
 * distribution apportioned over the municipality's answers (a few percent skip an item). The question
 * texts, names or codes, response and enrolment counts of the files are the earlier tool's and stay;
 * `pnpm demo:history` rewrites the counts, and a test checks the files still match this model.
 */
const DEFINITIONS: Record<FamilyKey, InstrumentDefinition> = {
  ecec: InstrumentDefinition.parse(ececV1),
  basic: InstrumentDefinition.parse(basicV1),
};

/** The seed the files were made with (the demo's default, `DEMO_SEED`). */
export const HISTORY_SEED = 2026;

const COUNT_ORDER = [1, 2, 3, 4, 5] as const;

/**
 * Expected counts [n_1, n_2, n_3, n_4, n_5, cant_say] of one item in one municipality in an earlier
 * round, for a municipality that had `responses` responses.
 */
export function modelCounts(
  family: FamilyKey,
  year: number,
  municipalityCode: string,
  itemKey: string,
  responses: number,
  seed = HISTORY_SEED,
): number[] {
  const def = DEFINITIONS[family];
  const round: DemoRound = { year, family, opensOn: `${year}-03-01`, closesOn: `${year}-03-14`, status: 'published' };
  const units: PlacedUnit[] = demoUnits()
    .filter((u) => u.municipalityCode === municipalityCode)
    .map((u, i) => ({ ...u, id: i + 1, municipalityId: 1 }));
  const weights = new Map<number, number>();
  for (const e of enrolmentFor(round, def, units)) weights.set(e.unit.id, (weights.get(e.unit.id) ?? 0) + e.enrolled);
  const probs = [0, 0, 0, 0, 0, 0];
  let total = 0;
  for (const p of itemParamsFor(seed, round, def, units)) {
    const w = weights.get(p.u) ?? 0;
    if (p.k !== itemKey || w === 0) continue;
    total += w;
    let previous = 0;
    COUNT_ORDER.forEach((value, i) => {
      const upTo = value - p.b < p.t.length ? p.t[value - p.b]! : 1;
      probs[i]! += w * (1 - p.z) * (upTo - previous);
      previous = upTo;
    });
    probs[5]! += w * p.z;
  }
  if (total === 0) throw new Error(`no ${family} units in ${municipalityCode} in ${year} answer '${itemKey}'`);
  const skipped = Math.floor(responses * 0.03 * draw(seed, 'history-skip', family, year, municipalityCode, itemKey));
  return apportion(responses - skipped, probs);
}

/** The municipality code a history file's first column names (a code, or the Finnish name). */
export function municipalityCodeOf(cell: string): string {
  const m = DEMO_MUNICIPALITIES.find((x) => x.code === cell || x.fi === cell);
  if (!m) throw new Error(`unknown municipality '${cell}' in a demo history file`);
  return m.code;
}

const COUNTS = [2, 8] as const; // columns n_1 … cant_say (0-based, end exclusive)

/** The new counts of every data row (`null` keeps the row's own), from rows of cells. */
function rewrite(h: DemoHistoryFile, rows: string[][]): (number[] | null)[] {
  const responses = new Map<string, number>();
  for (const r of rows) if (r[8]) responses.set(municipalityCodeOf(r[0]!), Number(r[8]));
  return rows.map((r) => {
    const item = h.mapping[r[1]!];
    if (!item) return null;
    const code = municipalityCodeOf(r[0]!);
    return modelCounts(h.family, h.year, code, item, responses.get(code) ?? 0);
  });
}

/**
 * Brings the counts of the demo history files in line with the model (`write`), or only says which
 * files differ from it. Everything else of each file stays as the earlier tool wrote it: encoding,
 * delimiter, line ends, names or codes, question texts, response and enrolment counts, and the counts
 * of the question that has no counterpart in our questionnaire. Returns the files that differ(ed).
 */
export async function syncDemoHistoryFiles({ write }: { write: boolean }): Promise<string[]> {
  const differing: string[] = [];
  for (const h of DEMO_HISTORY) {
    const path = join(demoHistoryDir(), h.file);
    if (h.file.endsWith('.xlsx')) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path);
      const sheet = book.worksheets[0]!;
      const rows: string[][] = [];
      for (let i = 2; i <= sheet.rowCount; i++) {
        const values = sheet.getRow(i).values as unknown[];
        rows.push(values.slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
      }
      const counts = rewrite(h, rows);
      let changed = false;
      counts.forEach((c, i) => {
        if (!c) return;
        const row = sheet.getRow(i + 2);
        c.forEach((n, j) => {
          const cell = row.getCell(COUNTS[0] + j + 1);
          if (cell.value !== n) changed = true;
          cell.value = n;
        });
      });
      if (changed) differing.push(h.file);
      if (changed && write) await book.xlsx.writeFile(path);
      continue;
    }
    const encoding = h.file === 'basic-2020.csv' ? 'latin1' : 'utf8';
    const text = readFileSync(path).toString(encoding);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const lines = text.split(eol);
    const data = lines.slice(1).filter((l) => l !== '');
    const counts = rewrite(
      h,
      data.map((l) => l.split(';')),
    );
    const out = [
      lines[0],
      ...data.map((l, i) => {
        const c = counts[i];
        if (!c) return l;
        const cells = l.split(';');
        cells.splice(COUNTS[0], COUNTS[1] - COUNTS[0], ...c.map(String));
        return cells.join(';');
      }),
    ];
    const next = out.join(eol) + (text.endsWith(eol) ? eol : '');
    const changed = next !== text;
    if (changed) differing.push(h.file);
    if (changed && write) writeFileSync(path, Buffer.from(next, encoding));
  }
  return differing;
}
