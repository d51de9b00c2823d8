import { type Context, Hono } from 'hono';
import {
  type ImportReport,
  baseCountsInScope,
  listMunicipalitiesInScope,
  listUnitsInScope,
  previewImport,
  runImport,
  saveUnit,
  setBaseCounts,
  updateMunicipality,
} from '@gs/db';
import { BaseCountsUpdate, CodeParam, CsvUpload, IdParam, MunicipalityUpdate, UnitInput, UnitsQuery } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { currentUser, requireRole } from '../lib/auth.ts';
import { errorBody } from '../lib/errors.ts';
import { describe, validate } from '../lib/openapi.ts';
import { EVERY_ROLE, MANAGERS, scopeOf } from './console-scope.ts';

const tags = ['console: municipalities, units and base counts'];
const importDoc = (what: string) =>
  `A CSV file (comma, semicolon or tab; UTF-8) sent as text in {"csv": "…"}; ${what}. ` +
  'Answers 200 with the report, or 422 with the same report when any row has an issue (then nothing is imported).';

/** The report when the file imported; otherwise the one error shape, its issues naming line and column, plus the report. */
function importAnswer(c: Context<AppEnv>, r: ImportReport) {
  if (r.ok) return c.json(r, 200);
  const n = r.issues.length;
  const issues = r.issues.map((i) => ({
    field: `line.${i.line}${i.column ? `.${i.column}` : ''}`,
    message: i.message,
  }));
  const message = `${n} problem${n === 1 ? '' : 's'} in the file: nothing was imported`;
  return c.json({ ...errorBody('validation_failed', message, issues[0]?.field, issues), report: r }, 422);
}

export const consoleOrganisationRoutes = new Hono<AppEnv>()
  .get(
    '/municipalities',
    describe({ summary: 'Municipalities (a contact: their own) with their unit counts', tags }),
    requireRole(...EVERY_ROLE),
    async (c) => c.json(await listMunicipalitiesInScope(c.var.db, scopeOf(c)), 200),
  )
  .put(
    '/municipalities/:code',
    describe({ summary: 'Edit a municipality’s names, population and whether it is active', tags }),
    requireRole('coordinator'),
    validate('param', CodeParam),
    validate('json', MunicipalityUpdate),
    async (c) =>
      c.json(
        await updateMunicipality(c.var.db, c.req.valid('param').code, c.req.valid('json'), currentUser(c).id),
        200,
      ),
  )
  .post(
    '/municipalities/import/preview',
    describe({ summary: 'Check a municipalities CSV and say row by row what importing it would do', tags }),
    requireRole('coordinator'),
    validate('json', CsvUpload),
    async (c) =>
      c.json(await previewImport(c.var.db, 'municipalities', c.req.valid('json').csv, { scope: scopeOf(c) }), 200),
  )
  .post(
    '/municipalities/import',
    describe({
      summary: 'Import municipalities from CSV: all rows or none',
      description: importDoc('columns code, name_fi, name_sv, name_en, population'),
      tags,
    }),
    requireRole('coordinator'),
    validate('json', CsvUpload),
    async (c) => {
      const r = await runImport(c.var.db, 'municipalities', c.req.valid('json').csv, {
        scope: scopeOf(c),
        userId: currentUser(c).id,
      });
      return importAnswer(c, r);
    },
  )
  .get(
    '/units',
    describe({ summary: 'Units (a contact: their municipality’s), optionally of one municipality', tags }),
    requireRole(...EVERY_ROLE),
    validate('query', UnitsQuery),
    async (c) => c.json(await listUnitsInScope(c.var.db, scopeOf(c), c.req.valid('query').municipality), 200),
  )
  .post(
    '/units',
    describe({
      summary: 'Create or update a unit by municipality and unit code (a contact: in their municipality)',
      tags,
      responses: { 201: { description: 'Saved' } },
    }),
    requireRole(...MANAGERS),
    validate('json', UnitInput),
    async (c) => c.json(await saveUnit(c.var.db, c.req.valid('json'), scopeOf(c), currentUser(c).id), 201),
  )
  .post(
    '/units/import/preview',
    describe({ summary: 'Check a units CSV and say row by row what importing it would do', tags }),
    requireRole(...MANAGERS),
    validate('json', CsvUpload),
    async (c) => c.json(await previewImport(c.var.db, 'units', c.req.valid('json').csv, { scope: scopeOf(c) }), 200),
  )
  .post(
    '/units/import',
    describe({
      summary: 'Import units from CSV: all rows or none',
      description: importDoc(
        'columns municipality_code, code, name_fi, name_sv, name_en, kind, provider, active_from, active_to (optional)',
      ),
      tags,
    }),
    requireRole(...MANAGERS),
    validate('json', CsvUpload),
    async (c) => {
      const r = await runImport(c.var.db, 'units', c.req.valid('json').csv, {
        scope: scopeOf(c),
        userId: currentUser(c).id,
      });
      return importAnswer(c, r);
    },
  )
  .get(
    '/rounds/:id/base-counts',
    describe({ summary: 'A round’s base counts (enrolled children per municipality, unit and group)', tags }),
    requireRole(...EVERY_ROLE),
    validate('param', IdParam),
    async (c) => c.json(await baseCountsInScope(c.var.db, c.req.valid('param').id, scopeOf(c)), 200),
  )
  .put(
    '/rounds/:id/base-counts',
    describe({
      summary: 'Replace one municipality’s base counts in a round',
      tags,
      responses: { 204: { description: 'Saved' } },
    }),
    requireRole(...MANAGERS),
    validate('param', IdParam),
    validate('json', BaseCountsUpdate),
    async (c) => {
      await setBaseCounts(c.var.db, c.req.valid('param').id, c.req.valid('json'), scopeOf(c), currentUser(c).id);
      return c.body(null, 204);
    },
  )
  .post(
    '/rounds/:id/base-counts/import/preview',
    describe({ summary: 'Check a base counts CSV for a round and say row by row what importing it would do', tags }),
    requireRole(...MANAGERS),
    validate('param', IdParam),
    validate('json', CsvUpload),
    async (c) =>
      c.json(
        await previewImport(c.var.db, 'base_counts', c.req.valid('json').csv, {
          scope: scopeOf(c),
          roundId: c.req.valid('param').id,
        }),
        200,
      ),
  )
  .post(
    '/rounds/:id/base-counts/import',
    describe({
      summary: 'Import a round’s base counts from CSV: all rows or none',
      description: importDoc(
        'columns municipality_code, unit_code (empty = the whole municipality), group_key, enrolled; ' +
          'the file replaces the base counts of every municipality it names',
      ),
      tags,
    }),
    requireRole(...MANAGERS),
    validate('param', IdParam),
    validate('json', CsvUpload),
    async (c) => {
      const r = await runImport(c.var.db, 'base_counts', c.req.valid('json').csv, {
        scope: scopeOf(c),
        roundId: c.req.valid('param').id,
        userId: currentUser(c).id,
      });
      return importAnswer(c, r);
    },
  );
