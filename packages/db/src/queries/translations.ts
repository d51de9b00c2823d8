import { type Kysely, sql } from 'kysely';
import {
  DomainError,
  InstrumentDefinition,
  type TranslationAction,
  type TranslationFormat,
  type TranslationImportInput,
  type TranslationIssue,
  type TranslationLanguage,
  type TranslationReport,
  type Translations,
  checkTranslation,
  mapTexts,
  parseOrThrow,
  textSlots,
  translationCompleteness,
} from '@gs/schema';
import type { Database } from '../database.ts';
import { json } from '../json.ts';
import { inTransaction } from '../transaction.ts';
import { readTranslationFile, translationCsv, translationFileName, translationXliff } from '../translations/files.ts';
import { recordAudit } from './audit.ts';

/**
 * Translations of a questionnaire version (issue 13.2, docs/console.md "Translating a questionnaire").
 * An import writes only the texts of one home language (uk, ru, ar, so, et): never the Finnish,
 * Swedish or English texts, the items or their lineage. So it is allowed on a version a round uses,
 * except that such a version keeps the translations it has (a file may add and correct, not remove:
 * a language offered to guardians must not disappear in the middle of a round).
 */

async function loadVersion(db: Kysely<Database>, id: number, lock: boolean) {
  let q = db
    .selectFrom('instrument_version')
    .select([
      'id',
      'family_key',
      'version',
      'definition',
      sql<boolean>`exists (select 1 from round where round.instrument_version_id = instrument_version.id)`.as('locked'),
    ])
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  const v = await q.executeTakeFirst();
  if (!v) throw new DomainError('not_found', 'no such instrument version', 'id', 404);
  return { ...v, definition: InstrumentDefinition.parse(v.definition) };
}

/** A version's texts in one language as an XLIFF 2.0 or CSV file. */
export async function exportTranslation(
  db: Kysely<Database>,
  id: number,
  language: TranslationLanguage,
  format: TranslationFormat,
) {
  const { definition } = await loadVersion(db, id, false);
  return {
    name: translationFileName(definition, language, format),
    contentType: format === 'xliff' ? 'application/xliff+xml; charset=utf-8' : 'text/csv; charset=utf-8',
    body: format === 'xliff' ? translationXliff(definition, language) : translationCsv(definition, language),
  };
}

/** Texts compare as a translator's tool may leave them: line ends and runs of spaces do not count. */
const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Plan {
  report: TranslationReport;
  definition: InstrumentDefinition;
  changed: boolean;
}

async function plan(
  db: Kysely<Database>,
  id: number,
  language: TranslationLanguage,
  input: TranslationImportInput,
  lock: boolean,
): Promise<Plan> {
  const v = await loadVersion(db, id, lock);
  const file = await readTranslationFile(Buffer.from(input.file.data, 'base64'), language);
  const issues: TranslationIssue[] = [...file.issues];
  const slots = new Map(textSlots(v.definition).map((s) => [s.key, s]));
  const csv = file.format === 'csv';
  const where = (e: { line?: number; unit?: string }) => (csv ? { line: e.line } : { unit: e.unit });
  const targets = new Map<string, string | null>();
  const rows: TranslationReport['rows'] = [];
  const seen = new Map<string, string>();
  for (const e of file.entries) {
    const slot = slots.get(e.key);
    const here = csv ? `line ${e.line}` : `unit ${e.unit}`;
    if (!slot) {
      issues.push({
        ...where(e),
        column: csv ? 'key' : 'id',
        message: e.key ? `this version has no text '${e.key}'` : 'the key is empty',
      });
      continue;
    }
    const first = seen.get(e.key);
    if (first) {
      issues.push({ ...where(e), column: csv ? 'key' : 'id', message: `'${e.key}' is also on ${first}` });
      continue;
    }
    seen.set(e.key, here);
    if (normalise(e.source) !== normalise(slot.text.fi)) {
      issues.push({
        ...where(e),
        column: csv ? 'fi' : 'source',
        message:
          'the Finnish text is not this version’s (was the file exported from another version, or the source edited?): export again',
      });
      continue;
    }
    const target = e.target.trim();
    const problems = target ? checkTranslation(slot, target) : [];
    for (const message of problems) issues.push({ ...where(e), column: csv ? language : 'target', message });
    if (problems.length) continue;
    const before = (slot.text as Record<string, string | undefined>)[language] ?? null;
    const after = target === '' ? null : target;
    if (v.locked && before !== null && after === null) {
      issues.push({
        ...where(e),
        column: csv ? language : 'target',
        message: 'a round uses this version: its translations can be corrected but not removed (give the text)',
      });
      continue;
    }
    const action: TranslationAction =
      before === after ? 'unchanged' : before === null ? 'create' : after === null ? 'remove' : 'update';
    targets.set(e.key, after);
    rows.push({ ...(csv ? { line: e.line } : {}), key: e.key, action, source: slot.text.fi, before, after });
  }
  if (!file.issues.length) {
    if (file.entries.length === 0) issues.push({ ...(csv ? { line: 2 } : {}), message: 'the file has no texts' });
    const inFile = new Set(file.entries.map((e) => e.key));
    for (const key of slots.keys()) {
      if (!inFile.has(key))
        issues.push({ unit: key, message: `the text '${key}' is missing from the file: export again` });
    }
  }
  const definition = mapTexts(v.definition, (key, text) => {
    if (!targets.has(key)) return text;
    const out: Record<string, string | undefined> = { ...text, [language]: targets.get(key) ?? undefined };
    if (out[language] === undefined) delete out[language];
    return out as Translations;
  });
  const counts = { create: 0, update: 0, unchanged: 0, removed: 0 };
  for (const r of rows) counts[r.action === 'remove' ? 'removed' : r.action] += 1;
  const ok = issues.length === 0;
  return {
    report: {
      ok,
      format: file.format,
      encoding: file.encoding,
      language,
      version: { id: v.id, family: v.family_key, version: v.version, locked: v.locked },
      issues,
      rows: ok ? rows : [],
      counts,
      completeness: translationCompleteness(ok ? definition : v.definition)[language],
    },
    definition,
    changed: ok && rows.some((r) => r.action !== 'unchanged'),
  };
}

/** Checks a translation file against the version and says text by text what importing it would do. Writes nothing. */
export async function previewTranslationImport(
  db: Kysely<Database>,
  id: number,
  language: TranslationLanguage,
  input: TranslationImportInput,
): Promise<TranslationReport> {
  return (await plan(db, id, language, input, false)).report;
}

/**
 * Imports a translation file in one transaction: every text, or, when anything in the file has a
 * problem, none (the report lists every problem). The same file again changes nothing (no write, no
 * audit line). Each import that changes something bumps the version's texts revision.
 */
export async function importTranslation(
  db: Kysely<Database>,
  id: number,
  language: TranslationLanguage,
  input: TranslationImportInput,
  userId: number | null,
): Promise<TranslationReport> {
  return inTransaction(db, async (trx) => {
    const p = await plan(trx, id, language, input, true);
    if (!p.report.ok || !p.changed) return p.report;
    const def = parseOrThrow(InstrumentDefinition, p.definition, 'instrument');
    await trx
      .updateTable('instrument_version')
      .set((eb) => ({ definition: json(def), texts_revision: eb('texts_revision', '+', 1) }))
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, {
      userId,
      action: 'instrument.translation_import',
      entity: 'instrument_version',
      entityId: id,
      details: {
        family: p.report.version.family,
        version: p.report.version.version,
        language,
        format: p.report.format,
        file: input.file.name,
        ...p.report.counts,
      },
    });
    return p.report;
  });
}
