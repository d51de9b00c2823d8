import { Hono } from 'hono';
import { deleteImportedRound, importHistory, listImportedRounds, previewHistory } from '@gs/db';
import { HistoryImportInput, type HistoryReport, IdParam } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { currentUser, requireRole } from '../lib/auth.ts';
import { errorBody } from '../lib/errors.ts';
import { describe, validate } from '../lib/openapi.ts';

const tags = ['console: history import'];
const fileDoc =
  'The file (CSV with , ; or tab in UTF-8, UTF-16 or Windows-1252, or XLSX) as base64 in {"file": {"name", "data"}}, ' +
  'with the family, year, source note and the mapping of their question texts to our item keys (null: unmapped).';

/** The report when the file imported; otherwise the one error shape, its issues naming line and column, plus the report. */
function answer(r: HistoryReport) {
  const n = r.issues.length;
  const issues = r.issues.map((i) => ({
    field: `line.${i.line}${i.column ? `.${i.column}` : ''}`,
    message: i.message,
  }));
  const message = n
    ? `${n} problem${n === 1 ? '' : 's'} in the file: nothing was imported`
    : 'map every question before importing';
  return { ...errorBody('validation_failed', message, issues[0]?.field ?? 'mapping', issues), report: r };
}

/** History import (issue 9.2): rounds run in another tool, as aggregated tables. Coordinators only. */
export const consoleHistoryRoutes = new Hono<AppEnv>()
  .get(
    '/history',
    describe({ summary: 'Imported rounds (history from earlier tools), newest first', tags }),
    requireRole('coordinator'),
    async (c) => c.json({ rounds: await listImportedRounds(c.var.db) }, 200),
  )
  .post(
    '/history/import/preview',
    describe({
      summary:
        'Check a history file: issues by line and column, their questions with suggested items (scores), the rows that would be stored',
      description: fileDoc,
      tags,
    }),
    requireRole('coordinator'),
    validate('json', HistoryImportInput),
    async (c) => c.json(await previewHistory(c.var.db, c.req.valid('json')), 200),
  )
  .post(
    '/history/import',
    describe({
      summary:
        'Import a history file as a published, imported round: all rows or none; the same file again changes nothing',
      description: `${fileDoc} Answers 201 with the report (200 when the same file was already imported), 422 with the report when any row has an issue, 409 when the year already has another round of the family.`,
      tags,
      responses: { 201: { description: 'Imported' } },
    }),
    requireRole('coordinator'),
    validate('json', HistoryImportInput),
    async (c) => {
      const r = await importHistory(c.var.db, c.req.valid('json'), { userId: currentUser(c).id });
      if (!r.ok || !r.round) return c.json(answer(r), 422);
      return c.json(r, r.round.unchanged ? 200 : 201);
    },
  )
  .delete(
    '/history/:id',
    describe({
      summary: 'Delete an imported round as a whole (its figures, snapshots and marks)',
      tags,
      responses: { 204: { description: 'Deleted' } },
    }),
    requireRole('coordinator'),
    validate('param', IdParam),
    async (c) => {
      await deleteImportedRound(c.var.db, c.req.valid('param').id, currentUser(c).id);
      return c.body(null, 204);
    },
  );
