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

const L = {
  fewer: { fi: 'alle {n} vastausta', sv: 'färre än {n} svar', en: 'fewer than {n} answers' },
  summary: { fi: 'Yhteenveto', sv: 'Sammanfattning', en: 'Summary' },
  items: { fi: 'Väittämät', sv: 'Påståenden', en: 'Statements' },
  municipalities: { fi: 'Kunnat', sv: 'Kommuner', en: 'Municipalities' },
  units: { fi: 'Yksiköt', sv: 'Enheter', en: 'Units' },
  groups: { fi: 'Ikäryhmät', sv: 'Åldersgrupper', en: 'Groups' },
  figure: { fi: 'Tieto', sv: 'Uppgift', en: 'Figure' },
  value: { fi: 'Arvo', sv: 'Värde', en: 'Value' },
  round: { fi: 'Kysely', sv: 'Enkät', en: 'Survey' },
  scope: { fi: 'Alue', sv: 'Område', en: 'Scope' },
  source: { fi: 'Lähde', sv: 'Källa', en: 'Source' },
  imported: {
    fi: 'Tuotu aiemmasta työkalusta',
    sv: 'Importerad från ett tidigare verktyg',
    en: 'Imported from an earlier tool',
  },
  meansOnly: {
    fi: 'vain keskiarvot ja n: ei jakaumia',
    sv: 'endast medelvärden och n: inga fördelningar',
    en: 'means and n only: no distributions',
  },
  published: { fi: 'Julkaistu versio {v}, {d}', sv: 'Publicerad version {v}, {d}', en: 'Published version {v}, {d}' },
  live: { fi: 'Reaaliaikainen, {d}', sv: 'Aktuell, {d}', en: 'Live, {d}' },
  threshold: { fi: 'Pienin julkaistava vastaajamäärä', sv: 'Minsta antal svar som visas', en: 'Smallest group shown' },
  responses: { fi: 'Vastauksia', sv: 'Svar', en: 'Responses' },
  enrolled: { fi: 'Lapsia/oppilaita', sv: 'Barn/elever', en: 'Enrolled' },
  rate: { fi: 'Vastausaste %', sv: 'Svarsandel %', en: 'Response rate %' },
  gradeMean: { fi: 'Kouluarvosana, keskiarvo', sv: 'Skolvitsord, medelvärde', en: 'Overall grade, mean' },
  gradeSd: { fi: 'Kouluarvosana, keskihajonta', sv: 'Skolvitsord, standardavvikelse', en: 'Overall grade, SD' },
  gradeN: { fi: 'Kouluarvosana, vastauksia', sv: 'Skolvitsord, svar', en: 'Overall grade, answers' },
  grade: { fi: 'Arvosana {v}', sv: 'Vitsord {v}', en: 'Grade {v}' },
  previousResponses: { fi: 'Vastauksia {y}', sv: 'Svar {y}', en: 'Responses {y}' },
  previousGrade: {
    fi: 'Kouluarvosana {y}, keskiarvo',
    sv: 'Skolvitsord {y}, medelvärde',
    en: 'Overall grade {y}, mean',
  },
  theme: { fi: 'Teema', sv: 'Tema', en: 'Theme' },
  key: { fi: 'Tunnus', sv: 'Kod', en: 'Key' },
  statement: { fi: 'Väittämä', sv: 'Påstående', en: 'Statement' },
  answers: { fi: 'Vastauksia', sv: 'Svar', en: 'Answers' },
  n: { fi: 'Vastauksia asteikolla 1–5', sv: 'Svar på skalan 1–5', en: 'Answers on the 1–5 scale' },
  cantSay: { fi: 'En osaa sanoa', sv: 'Kan inte säga', en: 'Can’t say' },
  mean: { fi: 'Keskiarvo', sv: 'Medelvärde', en: 'Mean' },
  sd: { fi: 'Keskihajonta', sv: 'Standardavvikelse', en: 'SD' },
  agree: { fi: 'Samaa mieltä % (4–5)', sv: 'Av samma åsikt % (4–5)', en: 'Agree % (4–5)' },
  municipalityMean: { fi: 'Kunta, keskiarvo', sv: 'Kommunen, medelvärde', en: 'Municipality mean' },
  regionMean: { fi: 'Koko alue, keskiarvo', sv: 'Hela regionen, medelvärde', en: 'Region mean' },
  previousMean: { fi: 'Keskiarvo {y}', sv: 'Medelvärde {y}', en: 'Mean {y}' },
  change: { fi: 'Muutos', sv: 'Förändring', en: 'Change' },
  code: { fi: 'Koodi', sv: 'Kod', en: 'Code' },
  name: { fi: 'Nimi', sv: 'Namn', en: 'Name' },
  group: { fi: 'Ryhmä', sv: 'Grupp', en: 'Group' },
  language: { fi: 'Vastauskieli', sv: 'Svarsspråk', en: 'Answer language' },
  compare: { fi: 'Vertailu', sv: 'Jämförelse', en: 'Comparison' },
  against: {
    fi: '{c}: ero muuhun alueeseen',
    sv: '{c}: skillnad mot resten av regionen',
    en: '{c}: against the rest of the region',
  },
  againstUnits: {
    fi: '{c}: ero muuhun kuntaan',
    sv: '{c}: skillnad mot resten av kommunen',
    en: '{c}: against the rest of the municipality',
  },
  above: { fi: 'selvästi yli', sv: 'klart över', en: 'clearly above' },
  below: { fi: 'selvästi alle', sv: 'klart under', en: 'clearly below' },
  noClear: { fi: 'ei selvää eroa', sv: 'ingen klar skillnad', en: 'no clear difference' },
  nOf: { fi: '{c}: vastauksia', sv: '{c}: svar', en: '{c}: answers' },
} satisfies Record<string, Record<UiLanguage, string>>;

// Null in, null out: a means-only history import has no SD (when its file had none), distribution or share.
const round2 = <T extends number | null>(x: T) => (x === null ? null : Math.round(x * 100) / 100);
const percent = <T extends number | null>(x: T) => (x === null ? null : Math.round(x * 1000) / 10);

/** The tables of a report as a page shows them, ready for CSV or XLSX; hidden cells read "fewer than N answers". */
export function exportTables(report: ScopeReport, lang: UiLanguage): ExportTable[] {
  const t = (k: keyof typeof L, vars: Record<string, string | number> = {}) =>
    Object.entries(vars).reduce((s, [v, x]) => s.replace(`{${v}}`, String(x)), L[k][lang]);
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
  const fewer = L.fewer[lang].replace('{n}', String(table.threshold));
  const name = (c: Compare['columns'][number]) =>
    c.kind === 'region' && table.group
      ? `${translate(c.names, lang)} (${translate(table.group.label, lang)})`
      : translate(c.names, lang);
  const against = table.level === 'units' ? L.againstUnits[lang] : L.against[lang];
  const columns = [L.theme[lang], L.key[lang], L.statement[lang]];
  for (const c of table.columns) {
    columns.push(
      `${name(c)}: ${measure === 'agree' ? L.agree[lang] : L.mean[lang]}`,
      L.nOf[lang].replace('{c}', name(c)),
    );
    if (c.kind !== 'region' && !(table.level === 'units' && c.kind === 'municipality'))
      columns.push(against.replace('{c}', name(c)));
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
          row.push(
            !d ? null : d.direction === 'up' ? L.above[lang] : d.direction === 'down' ? L.below[lang] : L.noClear[lang],
          );
        }
      });
      return row;
    }),
  );
  return { key: 'compare', title: L.compare[lang], columns, rows };
}
