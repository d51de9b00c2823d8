import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import * as z from 'zod';
import { ExportQuery, RoundSlug } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { describe, validate } from '../lib/openapi.ts';
import { exportTables } from '../reports/export-tables.ts';
import { csvLines, xlsxChunks } from '../reports/export-writers.ts';
import { type ScopeParam, getReport } from '../reports/report-service.ts';

const RoundParam = z.object({ slug: RoundSlug });

function scopeParam(scope: string): ScopeParam {
  const [kind, value] = scope.split(':') as [string, string | undefined];
  if (kind === 'group') return { kind: 'region', group: value };
  if (kind === 'municipality') return { kind: 'municipality', code: value as string };
  if (kind === 'unit') return { kind: 'unit', unitId: Number(value) };
  return { kind: 'region' };
}

/** CSV and XLSX of the same tables as the report pages, with the same protection and access rules. */
export const reportExportRoutes = new Hono<AppEnv>().get(
  '/rounds/:slug/export',
  describe({
    summary: 'A report’s tables as CSV (one table, `table`) or XLSX (every table as a sheet), streamed',
    description:
      'Same access and protection as the JSON reports: hidden cells read "fewer than N answers". ' +
      'Text a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading apostrophe.',
    tags: ['reports'],
    responses: {
      200: {
        description: 'The file',
        schema: z.string(),
        contentType: 'text/csv',
      },
    },
  }),
  validate('param', RoundParam),
  validate('query', ExportQuery),
  async (c) => {
    const { slug } = c.req.valid('param');
    const q = c.req.valid('query');
    const report = await getReport(c.var.db, c.var.user, slug, scopeParam(q.scope), {
      source: q.source,
      version: q.version,
    });
    const tables = exportTables(report, q.lang);
    const version = report.source.kind === 'published' ? `-v${report.source.version}` : '-live';
    const base = `${slug}-${q.scope.replace(':', '-')}${version}`;
    c.header('Cache-Control', 'private, no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    if (q.format === 'xlsx') {
      c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      c.header('Content-Disposition', `attachment; filename="${base}.xlsx"`);
      return stream(c, async (s) => {
        for await (const chunk of xlsxChunks(tables)) await s.write(chunk);
      });
    }
    const table = tables.find((t) => t.key === q.table) ?? { key: q.table, title: q.table, columns: [], rows: [] };
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${base}-${q.table}.csv"`);
    return stream(c, async (s) => {
      for (const line of csvLines(table, q.delimiter === 'semicolon' ? ';' : ',')) await s.write(line);
    });
  },
);
