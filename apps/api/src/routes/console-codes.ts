import { Hono } from 'hono';
import QRCode from 'qrcode';
import { roundCodeCounts, roundLinks, createRoundCodes } from '@gs/db';
import { CodesInput, IdParam, type Translations, UiLanguage, translate } from '@gs/schema';
import * as z from 'zod';
import type { AppEnv } from '../env.ts';
import { currentUser, requireRole } from '../lib/auth.ts';
import { describe, validate } from '../lib/openapi.ts';
import { csvLines } from '../reports/export-writers.ts';
import { MANAGERS, publicBase, scopeOf } from './console-scope.ts';

const tags = ['console: links and codes'];

/**
 * A batch as CSV for a spreadsheet: semicolons and a byte-order mark (Excel in Finnish opens it in
 * columns), and the report exports' writer, so a unit named `=HYPERLINK(…)` stays text, not a formula.
 */
function batchCsv(
  batch: { roundSlug: string; municipalityCode: string; unitNames: Translations | null },
  codes: { code: string; url: string }[],
  lang: UiLanguage,
): string {
  const unit = batch.unitNames ? translate(batch.unitNames, lang) : '';
  const rows = codes.map((c) => [c.code, c.url, batch.roundSlug, batch.municipalityCode, unit]);
  const columns = ['code', 'url', 'round', 'municipality_code', 'unit'];
  // csvLines reads only the columns and rows; key and title name sheets of the report exports.
  return [...csvLines({ key: 'summary', title: 'codes', columns, rows }, ';')].join('');
}

/** A QR code as an SVG document (scales to any print size). */
function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export const consoleCodeRoutes = new Hono<AppEnv>()
  .get(
    '/rounds/:id/links',
    describe({ summary: 'The round’s open link per municipality, with a QR code (a contact: their own)', tags }),
    requireRole(...MANAGERS),
    validate('param', IdParam),
    async (c) => {
      const base = publicBase(c);
      const links = await roundLinks(c.var.db, c.req.valid('param').id, scopeOf(c));
      return c.json(
        await Promise.all(links.map(async (l) => ({ ...l, url: base + l.path, qrSvg: await qrSvg(base + l.path) }))),
        200,
      );
    },
  )
  .get(
    '/rounds/:id/codes',
    describe({
      summary: 'Used and unused one-time codes per municipality and unit (the codes themselves are never shown again)',
      tags,
    }),
    requireRole(...MANAGERS),
    validate('param', IdParam),
    async (c) => c.json(await roundCodeCounts(c.var.db, c.req.valid('param').id, scopeOf(c)), 200),
  )
  .post(
    '/rounds/:id/codes',
    describe({
      summary: 'Generate one-time codes for a municipality or unit; the only time the codes are shown',
      description:
        'Each code comes with its link and a QR code of the link with the code, for the printable slips; `csv` has the batch as CSV (unit names in `?lang=`, Finnish by default; text a spreadsheet would run as a formula gets a leading apostrophe).',
      tags,
      responses: { 201: { description: 'Created' } },
    }),
    requireRole('coordinator'),
    validate('param', IdParam),
    validate('query', z.object({ lang: UiLanguage.optional() })),
    validate('json', CodesInput),
    async (c) => {
      const base = publicBase(c);
      const batch = await createRoundCodes(c.var.db, c.req.valid('param').id, c.req.valid('json'), currentUser(c).id);
      const codes = await Promise.all(
        batch.codes.map(async (code) => {
          const url = `${base}${batch.codePath}?code=${encodeURIComponent(code)}`;
          return { code, url, qrSvg: await qrSvg(url) };
        }),
      );
      const csv = batchCsv(batch, codes, c.req.valid('query').lang ?? 'fi');
      c.header('Cache-Control', 'no-store');
      return c.json({ ...batch, codeUrl: base + batch.codePath, openUrl: base + batch.openPath, codes, csv }, 201);
    },
  );
