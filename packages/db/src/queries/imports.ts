import type { Kysely } from 'kysely';
import { type CsvIssue, type CsvKind, type CsvRow, DomainError, type Translations, validateCsv } from '@gs/schema';
import type { Database } from '../database.ts';
import { inTransaction } from '../transaction.ts';
import { json } from '../json.ts';
import { recordAudit } from './audit.ts';
import { roundGroupKeys, writeBaseCounts } from './console-organisation.ts';
import { type Scope, roundInScope } from './console-rounds.ts';
import { upsertUnit } from './organisation.ts';

export type ImportAction = 'create' | 'update' | 'unchanged';

/** What an import would do (preview) or did: per row its action, or the issues that stop it. */
export interface ImportReport {
  kind: CsvKind;
  ok: boolean;
  issues: CsvIssue[];
  rows: { line: number; action: ImportAction; key: string }[];
  counts: Record<ImportAction, number> & { removed: number };
}

interface Plan {
  report: ImportReport;
  write: (trx: Kysely<Database>) => Promise<void>;
}

const sameNames = (a: Translations, b: Translations) => a.fi === b.fi && a.sv === b.sv && a.en === b.en;

function report(kind: CsvKind, issues: CsvIssue[], rows: ImportReport['rows'], removed = 0): ImportReport {
  const counts = { create: 0, update: 0, unchanged: 0, removed };
  for (const r of rows) counts[r.action] += 1;
  issues.sort((a, b) => a.line - b.line);
  return { kind, ok: issues.length === 0, issues, rows: issues.length ? [] : rows, counts };
}

async function planMunicipalities(db: Kysely<Database>, rows: { line: number; value: CsvRow<'municipalities'> }[]) {
  const existing = new Map(
    (await db.selectFrom('municipality').select(['code', 'names', 'population']).execute()).map((m) => [m.code, m]),
  );
  const out = rows.map(({ line, value }) => {
    const old = existing.get(value.code);
    const action: ImportAction = !old
      ? 'create'
      : sameNames(old.names, value.names) && old.population === value.population
        ? 'unchanged'
        : 'update';
    return { line, action, key: value.code };
  });
  return {
    report: report('municipalities', [], out),
    write: async (trx: Kysely<Database>) => {
      for (const { value } of rows) {
        await trx
          .insertInto('municipality')
          .values({ code: value.code, names: json(value.names), population: value.population })
          .onConflict((oc) => oc.column('code').doUpdateSet({ names: json(value.names), population: value.population }))
          .execute();
      }
    },
  } satisfies Plan;
}

async function municipalityIds(db: Kysely<Database>) {
  return new Map((await db.selectFrom('municipality').select(['id', 'code']).execute()).map((m) => [m.code, m.id]));
}

function checkMunicipality(
  ids: Map<string, number>,
  scope: Scope,
  line: number,
  code: string,
  issues: CsvIssue[],
): number | undefined {
  const id = ids.get(code);
  if (id === undefined) {
    issues.push({ line, column: 'municipality_code', message: `no municipality with code ${code}` });
  } else if (scope.municipalityId !== null && id !== scope.municipalityId) {
    issues.push({ line, column: 'municipality_code', message: 'you may import rows of your own municipality only' });
  } else {
    return id;
  }
  return undefined;
}

async function planUnits(db: Kysely<Database>, rows: { line: number; value: CsvRow<'units'> }[], scope: Scope) {
  const ids = await municipalityIds(db);
  const existing = new Map(
    (
      await db
        .selectFrom('unit')
        .select(['municipality_id', 'code', 'names', 'kind', 'provider', 'active_from', 'active_to'])
        .execute()
    ).map((u) => [`${u.municipality_id}/${u.code}`, u]),
  );
  const issues: CsvIssue[] = [];
  const out: ImportReport['rows'] = [];
  for (const { line, value } of rows) {
    const mid = checkMunicipality(ids, scope, line, value.municipalityCode, issues);
    if (mid === undefined) continue;
    const old = existing.get(`${mid}/${value.code}`);
    const same =
      old &&
      sameNames(old.names, value.names) &&
      old.kind === value.kind &&
      old.provider === value.provider &&
      old.active_from === value.activeFrom &&
      old.active_to === value.activeTo;
    out.push({
      line,
      action: !old ? 'create' : same ? 'unchanged' : 'update',
      key: `${value.municipalityCode}/${value.code}`,
    });
  }
  return {
    report: report('units', issues, out),
    write: async (trx: Kysely<Database>) => {
      for (const { value } of rows) await upsertUnit(trx, value);
    },
  } satisfies Plan;
}

async function planBaseCounts(
  db: Kysely<Database>,
  rows: { line: number; value: CsvRow<'base_counts'> }[],
  scope: Scope,
  roundId: number,
) {
  const round = await roundInScope(db, roundId, scope);
  const groups = new Set(await roundGroupKeys(db, round.instrument_version_id));
  const ids = await municipalityIds(db);
  const taking = new Set(
    (await db.selectFrom('round_municipality').select('municipality_id').where('round_id', '=', roundId).execute()).map(
      (r) => r.municipality_id,
    ),
  );
  const units = new Map(
    (await db.selectFrom('unit').select(['id', 'municipality_id', 'code']).execute()).map((u) => [
      `${u.municipality_id}/${u.code}`,
      u.id,
    ]),
  );
  const existing = new Map(
    (
      await db
        .selectFrom('base_count')
        .select(['municipality_id', 'unit_id', 'group_key', 'enrolled'])
        .where('round_id', '=', roundId)
        .execute()
    ).map((b) => [`${b.municipality_id}/${b.unit_id}/${b.group_key}`, b.enrolled]),
  );
  const issues: CsvIssue[] = [];
  const out: ImportReport['rows'] = [];
  const byMunicipality = new Map<number, { unitId: number | null; groupKey: string; enrolled: number }[]>();
  for (const { line, value } of rows) {
    const mid = checkMunicipality(ids, scope, line, value.municipalityCode, issues);
    if (mid === undefined) continue;
    let bad = false;
    if (!taking.has(mid)) {
      issues.push({ line, column: 'municipality_code', message: 'the municipality does not take part in this round' });
      bad = true;
    }
    const unitId = value.unitCode === null ? null : units.get(`${mid}/${value.unitCode}`);
    if (unitId === undefined) {
      issues.push({
        line,
        column: 'unit_code',
        message: `no unit ${value.unitCode} in municipality ${value.municipalityCode}`,
      });
      bad = true;
    }
    if (!groups.has(value.groupKey)) {
      issues.push({
        line,
        column: 'group_key',
        message: `the round has no group '${value.groupKey}' (it has ${[...groups].join(', ')})`,
      });
      bad = true;
    }
    if (bad || unitId === undefined) continue;
    const old = existing.get(`${mid}/${unitId}/${value.groupKey}`);
    const action: ImportAction = old === undefined ? 'create' : old === value.enrolled ? 'unchanged' : 'update';
    out.push({ line, action, key: `${value.municipalityCode}/${value.unitCode ?? ''}/${value.groupKey}` });
    const list = byMunicipality.get(mid) ?? [];
    list.push({ unitId, groupKey: value.groupKey, enrolled: value.enrolled });
    byMunicipality.set(mid, list);
  }
  const kept = new Set(out.map((r) => r.key));
  const codeOf = new Map([...ids].map(([code, id]) => [id, code]));
  const unitCodeOf = new Map([...units].map(([key, id]) => [id, key.split('/')[1]]));
  let removed = 0;
  for (const key of existing.keys()) {
    const [mid, uid, group] = key.split('/');
    if (!byMunicipality.has(Number(mid))) continue;
    const unitCode = uid === 'null' ? '' : unitCodeOf.get(Number(uid));
    if (!kept.has(`${codeOf.get(Number(mid))}/${unitCode}/${group}`)) removed += 1;
  }
  return {
    report: report('base_counts', issues, out, removed),
    write: async (trx: Kysely<Database>) => {
      for (const [mid, list] of byMunicipality) await writeBaseCounts(trx, roundId, mid, list);
    },
  } satisfies Plan;
}

async function plan(
  db: Kysely<Database>,
  kind: CsvKind,
  csv: string,
  opts: { scope: Scope; roundId?: number },
): Promise<Plan> {
  if (kind === 'municipalities' && opts.scope.municipalityId !== null) {
    throw new DomainError('forbidden', 'only coordinators import municipalities', 'kind', 403);
  }
  if (kind === 'base_counts' && opts.roundId === undefined) {
    throw new DomainError('validation_failed', 'base counts belong to a round: give ?round=ID', 'round');
  }
  const parsed = validateCsv(kind, csv);
  let p: Plan;
  if (kind === 'municipalities') p = await planMunicipalities(db, parsed.rows as Parsed<'municipalities'>);
  else if (kind === 'units') p = await planUnits(db, parsed.rows as Parsed<'units'>, opts.scope);
  else p = await planBaseCounts(db, parsed.rows as Parsed<'base_counts'>, opts.scope, opts.roundId as number);
  // The file's own issues and those found against the database together, so one round of fixes is enough.
  if (parsed.issues.length)
    return { report: report(kind, [...parsed.issues, ...p.report.issues], []), write: async () => {} };
  return p;
}

type Parsed<K extends CsvKind> = { line: number; value: CsvRow<K> }[];

/**
 * Checks a CSV file against its format and the database, and says row by row what
 * importing it would do. Writes nothing.
 */
export async function previewImport(
  db: Kysely<Database>,
  kind: CsvKind,
  csv: string,
  opts: { scope: Scope; roundId?: number },
): Promise<ImportReport> {
  return (await plan(db, kind, csv, opts)).report;
}

/**
 * Imports a CSV file in one transaction: all rows, or, when any row has an issue,
 * none (the report then lists every issue). Municipalities and units are created or
 * updated by code; base counts replace those of each municipality in the file.
 */
export async function runImport(
  db: Kysely<Database>,
  kind: CsvKind,
  csv: string,
  opts: { scope: Scope; roundId?: number; userId: number | null },
): Promise<ImportReport> {
  return inTransaction(db, async (trx) => {
    const p = await plan(trx, kind, csv, opts);
    if (!p.report.ok) return p.report;
    await p.write(trx);
    await recordAudit(trx, {
      userId: opts.userId,
      action: `import.${kind}`,
      entity: kind === 'base_counts' ? 'round' : kind,
      entityId: kind === 'base_counts' ? (opts.roundId ?? null) : null,
      details: { ...p.report.counts },
    });
    return p.report;
  });
}
