import { Hono } from 'hono';
import * as z from 'zod';
import {
  copyLatestInstrumentVersion,
  deleteDraftInstrumentVersion,
  exportTranslation,
  importTranslation,
  instrumentVersionDetail,
  listInstrumentVersions,
  previewTranslationImport,
  updateDraftInstrumentVersion,
} from '@gs/db';
import {
  FamilyParam,
  IdParam,
  InstrumentDraftInput,
  TranslationExportQuery,
  TranslationImportInput,
  TranslationParams,
  type TranslationReport,
} from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { currentUser, requireRole } from '../lib/auth.ts';
import { errorBody } from '../lib/errors.ts';
import { describe, validate } from '../lib/openapi.ts';

const tags = ['console: instruments'];
const translationDoc =
  'The file (XLIFF 2.0, or CSV with the columns key, fi, sv, en and the language; UTF-8, UTF-16 or Windows-1252; ' +
  'or the CSV saved as XLSX) as base64 in {"file": {"name", "data"}}. Only the texts of the language in the path ' +
  'are written; on a version a round uses, translations may be added and corrected but not removed.';

/** The one error shape for a file that cannot be imported: each issue names the CSV line or the XLIFF unit, and the field. */
function refused(r: TranslationReport) {
  const issues = r.issues.map((i) => ({
    field: `${i.line !== undefined ? `line.${i.line}` : i.unit !== undefined ? `unit.${i.unit}` : 'file'}${i.column ? `.${i.column}` : ''}`,
    message: i.message,
  }));
  const n = issues.length;
  const message = `${n} problem${n === 1 ? '' : 's'} in the file: nothing was imported`;
  return { ...errorBody('validation_failed', message, issues[0]?.field, issues), report: r };
}

export const consoleInstrumentRoutes = new Hono<AppEnv>()
  .get(
    '/instruments',
    describe({ summary: 'Instrument versions per family, with how many rounds use each (locked)', tags }),
    requireRole('coordinator', 'steering_group'),
    async (c) => c.json(await listInstrumentVersions(c.var.db), 200),
  )
  .get(
    '/instruments/:id',
    describe({
      summary: 'One instrument version with each item’s lineage (same, changed, new) and removed items',
      tags,
    }),
    requireRole('coordinator', 'steering_group'),
    validate('param', IdParam),
    async (c) => c.json(await instrumentVersionDetail(c.var.db, c.req.valid('param').id), 200),
  )
  .post(
    '/instruments/families/:family/copy',
    describe({
      summary: 'Start a new version by copying the family’s latest one',
      tags,
      responses: { 201: { description: 'Created' } },
    }),
    requireRole('coordinator'),
    validate('param', FamilyParam),
    async (c) =>
      c.json(await copyLatestInstrumentVersion(c.var.db, c.req.valid('param').family, currentUser(c).id), 201),
  )
  .put(
    '/instruments/:id',
    describe({ summary: 'Edit the texts, items and lineage of a version no round uses yet', tags }),
    requireRole('coordinator'),
    validate('param', IdParam),
    validate('json', InstrumentDraftInput),
    async (c) =>
      c.json(
        await updateDraftInstrumentVersion(c.var.db, c.req.valid('param').id, c.req.valid('json'), currentUser(c).id),
        200,
      ),
  )
  .get(
    '/instruments/:id/translations/:language/export',
    describe({
      summary: 'A version’s texts in one home language as XLIFF 2.0 or CSV, the Finnish text as the source',
      tags,
      responses: {
        200: { description: 'The file', schema: z.string(), contentType: 'application/xliff+xml' },
      },
    }),
    requireRole('coordinator', 'steering_group'),
    validate('param', TranslationParams),
    validate('query', TranslationExportQuery),
    async (c) => {
      const { id, language } = c.req.valid('param');
      const file = await exportTranslation(c.var.db, id, language, c.req.valid('query').format);
      c.header('Content-Type', file.contentType);
      c.header('Content-Disposition', `attachment; filename="${file.name}"`);
      c.header('Cache-Control', 'private, no-store');
      c.header('X-Content-Type-Options', 'nosniff');
      return c.body(file.body, 200);
    },
  )
  .post(
    '/instruments/:id/translations/:language/import/preview',
    describe({
      summary: 'Check a translation file and say text by text what importing it would change',
      description: translationDoc,
      tags,
    }),
    requireRole('coordinator'),
    validate('param', TranslationParams),
    validate('json', TranslationImportInput),
    async (c) => {
      const { id, language } = c.req.valid('param');
      return c.json(await previewTranslationImport(c.var.db, id, language, c.req.valid('json')), 200);
    },
  )
  .post(
    '/instruments/:id/translations/:language/import',
    describe({
      summary: 'Import a translation file as the version’s texts in the language: all or nothing',
      description: `${translationDoc} Answers 200 with the report (the same file again changes nothing), or 422 with the report when anything in the file has a problem (then nothing is stored).`,
      tags,
    }),
    requireRole('coordinator'),
    validate('param', TranslationParams),
    validate('json', TranslationImportInput),
    async (c) => {
      const { id, language } = c.req.valid('param');
      const r = await importTranslation(c.var.db, id, language, c.req.valid('json'), currentUser(c).id);
      return r.ok ? c.json(r, 200) : c.json(refused(r), 422);
    },
  )
  .delete(
    '/instruments/:id',
    describe({
      summary: 'Delete the newest version of a family while no round uses it',
      tags,
      responses: { 204: { description: 'Deleted' } },
    }),
    requireRole('coordinator'),
    validate('param', IdParam),
    async (c) => {
      await deleteDraftInstrumentVersion(c.var.db, c.req.valid('param').id, currentUser(c).id);
      return c.body(null, 204);
    },
  );
