import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import * as z from 'zod';
import { CompareExportQuery, DomainError, ExportQuery, RoundSlug } from '@gs/schema';
import type { AppEnv } from '../env.ts';
import { describe, validate } from '../lib/openapi.ts';
import { getCompare } from '../reports/comparison-service.ts';
import { type ExportTable, compareTable, exportTables } from '../reports/export-tables.ts';
import { csvLines, xlsxChunks } from '../reports/export-writers.ts';
import type { Context } from 'hono';
import { type ScopeParam, getReport } from '../reports/report-service.ts';

const RoundParam = z.object({ slug: RoundSlug });

function scopeParam(scope: string, language: string | undefined): ScopeParam {
  const [place, filter] = scope.split('/') as [string, string | undefined];
  const [kind, value] = place.split(':') as [string, string | undefined];
  const group = filter?.slice('group:'.length);
  const lang = language ? { language } : {};
  if (kind === 'group') return { kind: 'region', group: value, ...lang };
  if (kind === 'municipality')
    return { kind: 'municipality', code: value as string, ...(group ? { group } : {}), ...lang };
  if (kind === 'unit') return { kind: 'unit', unitId: Number(value) };
  return { kind: 'region', ...lang };
}

/** Streams tables as an XLSX workbook or one of them as CSV. */
function sendTables(
  c: Context<AppEnv>,
  tables: readonly ExportTable[],
  table: ExportTable,
  opts: { base: string; format: 'csv' | 'xlsx'; delimiter: 'comma' | 'semicolon' },
) {
  c.header('Cache-Control', 'private, no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  if (opts.format === 'xlsx') {
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('Content-Disposition', `attachment; filename="${opts.base}.xlsx"`);
    return stream(c, async (s) => {
      for await (const chunk of xlsxChunks(tables)) await s.write(chunk);
    });
  }
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${opts.base}-${table.key}.csv"`);
  return stream(c, async (s) => {
    for (const line of csvLines(table, opts.delimiter === 'semicolon' ? ';' : ',')) await s.write(line);
  });
}

/** CSV and XLSX of the same tables as the report pages, with the same protection and access rules. */
export const reportExportRoutes = new Hono<AppEnv>()
  .get(
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
      if (q.language && q.scope.startsWith('unit:')) {
        throw new DomainError('validation_failed', 'units are not split by language', 'language', 400);
      }
      const report = await getReport(c.var.db, c.var.user, slug, scopeParam(q.scope, q.language), {
        source: q.source,
        version: q.version,
      });
      const tables = exportTables(report, q.lang);
      const version = report.source.kind === 'published' ? `-v${report.source.version}` : '-live';
      const base = `${slug}-${q.scope.replace(/[:/]/g, '-')}${q.language ? `-${q.language}` : ''}${version}`;
      const table = tables.find((t) => t.key === q.table) ?? { key: q.table, title: q.table, columns: [], rows: [] };
      return sendTables(c, tables, table, { base, format: q.format, delimiter: q.delimiter });
    },
  )
  .get(
    '/rounds/:slug/compare/export',
    describe({
      summary: 'A side-by-side table as CSV or XLSX (the mean or the agreeing share per column), streamed',
      description:
        'Same parameters, access and protection as `/rounds/{slug}/compare`; hidden cells read "fewer than N answers".',
      tags: ['reports'],
      responses: { 200: { description: 'The file', schema: z.string(), contentType: 'text/csv' } },
    }),
    validate('param', RoundParam),
    validate('query', CompareExportQuery),
    async (c) => {
      const { slug } = c.req.valid('param');
      const { format, lang, measure, delimiter, ...query } = c.req.valid('query');
      const compare = await getCompare(c.var.db, c.var.user, slug, query);
      const version = compare.source.kind === 'published' ? `-v${compare.source.version}` : '-live';
      const what = compare.level === 'units' ? `units-${compare.parent?.code}` : 'municipalities';
      const filter = [compare.filter?.kind, compare.filter?.provider, compare.language]
        .filter(Boolean)
        .map((f) => `-${f}`)
        .join('');
      const base = `${slug}-${what}${compare.group ? `-${compare.group.key}` : ''}${filter}${version}-${measure}`;
      const table = compareTable(compare, lang, measure);
      return sendTables(c, [table], table, { base, format, delimiter });
    },
  );
