import { createTranslator } from '@gs/messages';
import { exportsArea } from '@gs/messages/exports';
import {
  type Compare,
  type CompareExportQuery,
  type CountCell,
  type FiguresCell,
  type GradeCell,
  type ReportChild,
  type ScopeReport,
  type Translations,
  type UiLanguage,
  translate,
} from '@gs/schema';

export type ExportCell = string | number | null;

/** One table of an export: the CSV of `?table=`, or one sheet of the XLSX workbook. */
export interface ExportTable {
  key: 'summary' | 'items' | 'children' | 'groups' | 'compare';
  title: string;
  columns: string[];
  rows: ExportCell[][];
}

/** The exports' headings and notes: `packages/messages/src/exports/{fi,sv,en}.json` (ICU messages). */
const textsOf = (lang: UiLanguage) => createTranslator(exportsArea, lang).t;

// Null in, null out: a means-only history import has no SD (when its file had none), distribution or share.
const round2 = <T extends number | null>(x: T) => (x === null ? null : Math.round(x * 100) / 100);
const percent = <T extends number | null>(x: T) => (x === null ? null : Math.round(x * 1000) / 10);

/** The tables of a report as a page shows them, ready for CSV or XLSX; hidden cells read "fewer than N answers". */
export function exportTables(report: ScopeReport, lang: UiLanguage): ExportTable[] {
  const t = textsOf(lang);
  const name = (x: Translations) => translate(x, lang);
  const fewer = t('fewer', { n: report.threshold });
  const count = (c: CountCell): ExportCell => (c.suppressed ? fewer : c.n);
  const mean = (c: FiguresCell | GradeCell | undefined): ExportCell => (c && !c.suppressed ? round2(c.mean) : null);
  const previousYear = report.round.previous?.year ?? '';
  const source =
    report.source.kind === 'published'
      ? t('published', { v: report.source.version, d: report.source.publishedAt.slice(0, 10) })
      : t('live', { d: report.source.asOf.slice(0, 16).replace('T', ' ') });

  const h = report.headline;
  const summary: ExportCell[][] = [
    [t('round'), `${name(report.round.title)} ${report.round.year}`],
    [t('scope'), name(report.scope.names)],
    [t('source'), source],
    ...(report.round.imported
      ? [
          [
            t('imported'),
            report.round.imported.source + (report.round.imported.meansOnly ? ` (${t('meansOnly')})` : ''),
          ],
        ]
      : []),
    [t('threshold'), report.threshold],
    ...(report.filter?.language ? [[t('language'), report.filter.language]] : []),
    [t('responses'), count(h.responses)],
    [t('enrolled'), h.enrolled],
    [t('rate'), h.responseRate === null ? null : percent(h.responseRate)],
    [t('gradeMean'), h.grade.suppressed ? fewer : round2(h.grade.mean)],
    [t('gradeSd'), h.grade.suppressed ? null : round2(h.grade.sd)],
    [t('gradeN'), h.grade.suppressed ? null : h.grade.n],
    ...[4, 5, 6, 7, 8, 9, 10].map((v, i): ExportCell[] => [
      t('grade', { v }),
      h.grade.suppressed || !h.grade.distribution ? null : (h.grade.distribution[i] ?? 0),
    ]),
  ];
  if (h.previous) {
    summary.push([t('previousResponses', { y: h.previous.year }), count(h.previous.responses)]);
    summary.push([
      t('previousGrade', { y: h.previous.year }),
      h.previous.grade.suppressed ? fewer : round2(h.previous.grade.mean),
    ]);
  }

  const isUnit = report.scope.kind === 'unit';
  const compareRegion = report.scope.kind !== 'region';
  const itemColumns = [
    t('theme'),
    t('key'),
    t('statement'),
    t('answers'),
    t('n'),
    t('cantSay'),
    '1',
    '2',
    '3',
    '4',
    '5',
    t('mean'),
    t('sd'),
    t('agree'),
    ...(isUnit ? [t('municipalityMean')] : []),
    ...(compareRegion ? [t('regionMean')] : []),
    ...(report.round.previous ? [t('previousMean', { y: previousYear }), t('change')] : []),
  ];
  const items = report.sections.flatMap((s) =>
    s.items.map((i): ExportCell[] => {
      const f = i.figures;
      const figures: ExportCell[] = f.suppressed
        ? [fewer, null, null, null, null, null, null, null, null, null, null]
        : 'cantSay' in f
          ? [
              f.answers,
              f.n,
              f.distribution ? f.cantSay : null,
              ...(f.distribution ?? [null, null, null, null, null]),
              round2(f.mean),
              round2(f.sd),
              percent(f.agreeShare),
            ]
          : [f.n, f.n, null, null, null, null, null, null, round2(f.mean), round2(f.sd), null];
      return [
        name(s.title),
        i.key,
        name(i.text),
        ...figures,
        ...(isUnit ? [mean(i.municipality)] : []),
        ...(compareRegion ? [mean(i.region)] : []),
        ...(report.round.previous ? [mean(i.previous), i.change === null ? null : round2(i.change)] : []),
      ];
    }),
  );

  const tables: ExportTable[] = [
    { key: 'summary', title: t('summary'), columns: [t('figure'), t('value')], rows: summary },
    { key: 'items', title: t('items'), columns: itemColumns, rows: items },
  ];
  const lineColumns = [t('responses'), t('enrolled'), t('rate'), t('gradeMean')];
  const line = (l: Pick<ReportChild, 'responses' | 'enrolled' | 'responseRate' | 'grade'>): ExportCell[] => [
    count(l.responses),
    l.enrolled,
    l.responseRate === null ? null : percent(l.responseRate),
    l.grade.suppressed ? fewer : round2(l.grade.mean),
  ];
  if (report.children.length > 0) {
    tables.push({
      key: 'children',
      title: report.scope.kind === 'region' ? t('municipalities') : t('units'),
      columns: [t('code'), t('name'), ...lineColumns],
      rows: report.children.map((c) => [c.code, name(c.names), ...line(c)]),
    });
  }
  if (report.groups.length > 0) {
    tables.push({
      key: 'groups',
      title: t('groups'),
      columns: [t('key'), t('group'), ...lineColumns],
      rows: report.groups.map((g) => [g.key, name(g.label), ...line(g)]),
    });
  }
  return tables;
}

/**
 * A side-by-side table as its page shows it: a row per item, per column the mean (or
 * the agreeing share in %), its answers and, for municipalities and units, whether it
 * differs clearly from the rest (95 %). Hidden cells read "fewer than N answers".
 */
export function compareTable(table: Compare, lang: UiLanguage, measure: CompareExportQuery['measure']): ExportTable {
  const t = textsOf(lang);
  const fewer = t('fewer', { n: table.threshold });
  const name = (c: Compare['columns'][number]) =>
    c.kind === 'region' && table.group
      ? `${translate(c.names, lang)} (${translate(table.group.label, lang)})`
      : translate(c.names, lang);
  const against = table.level === 'units' ? 'againstUnits' : 'against';
  const columns = [t('theme'), t('key'), t('statement')];
  for (const c of table.columns) {
    columns.push(`${name(c)}: ${measure === 'agree' ? t('agree') : t('mean')}`, t('nOf', { c: name(c) }));
    if (c.kind !== 'region' && !(table.level === 'units' && c.kind === 'municipality'))
      columns.push(t(against, { c: name(c) }));
  }
  const rows = table.sections.flatMap((s) =>
    s.items.map((i) => {
      const row: ExportCell[] = [translate(s.title, lang), i.key, translate(i.text, lang)];
      i.cells.forEach((cell, k) => {
        const c = table.columns[k] as Compare['columns'][number];
        const tested = c.kind !== 'region' && !(table.level === 'units' && c.kind === 'municipality');
        if (cell.suppressed) {
          row.push(fewer, null);
          if (tested) row.push(null);
          return;
        }
        const value =
          measure === 'agree' ? (cell.agreeShare === null ? null : percent(cell.agreeShare)) : round2(cell.mean);
        row.push(value, cell.n);
        if (tested) {
          const d = cell.againstRest;
          row.push(!d ? null : d.direction === 'up' ? t('above') : d.direction === 'down' ? t('below') : t('noClear'));
        }
      });
      return row;
    }),
  );
  return { key: 'compare', title: t('compare'), columns, rows };
}
