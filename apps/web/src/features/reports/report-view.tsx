import type {
  CountCell,
  Difference,
  FiguresCell,
  GradeCell,
  GradeFigures,
  ReportChild,
  ReportItem,
  ReportRoundDetail,
  ScopeReport,
  StatementFigures,
} from '@gs/schema';
import { type Lang, tr } from '../../lib/i18n.ts';
import { navigate, onLinkClick } from '../../lib/router.ts';
import { useSession } from './report-data.ts';
import {
  CANT_SAY_BORDER,
  CANT_SAY_COLOUR,
  DistributionChart,
  type DistributionRow,
  GradeChart,
  SCALE_COLOURS,
} from './report-charts.tsx';
import {
  Downloads,
  GroupSelect,
  PrintButton,
  SourceLine,
  SourceLinks,
  VersionSelect,
  sourceText,
} from './report-controls.tsx';
import {
  formatBound,
  formatChange,
  formatInteger,
  formatInterval,
  formatNumber,
  formatP,
  formatPercent,
} from './report-format.ts';
import { type ReportT, useReportT } from './report-i18n.ts';
import { ImportedRoundNote } from './imported-note.tsx';
import { ImprovementAreasSection, ImprovementProgressSection } from './improvement-areas.tsx';
import { TableScroll } from './report-table-scroll.tsx';
import { trendHref } from './trend-url.ts';
import { NO_UNIT_FILTER, UnitFilterSelects, languageText, useUnitFilterT } from './unit-filter.tsx';

/** Where a report lives: the round, the source and version it was asked for. */
export interface ReportLocation {
  slug: string;
  query: URLSearchParams;
}

/** A link to another report of the same round, keeping the source and version. */
/** The scope an export asks for: a report filtered by language is its plain scope (with its group) and `language`. */
function exportScopeOf(report: ScopeReport): string {
  if (!report.filter?.language) return report.scope.key;
  const g = report.group?.key;
  if (report.scope.kind === 'region') return g ? `group:${g}` : 'region';
  return `municipality:${report.scope.code}${g ? `/group:${g}` : ''}`;
}

export function reportHref(loc: ReportLocation, path: string, extra: Record<string, string | null> = {}): string {
  const q = new URLSearchParams();
  for (const k of ['source', 'version']) {
    const v = loc.query.get(k);
    if (v) q.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === null) q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  return `/reports/${loc.slug}${path}${s ? `?${s}` : ''}`;
}

const statement = (c: FiguresCell | undefined): StatementFigures | null =>
  c && !c.suppressed && 'cantSay' in c ? c : null;
const grade = (c: FiguresCell | GradeCell | undefined): GradeFigures | null =>
  c && !c.suppressed && !('cantSay' in c) ? c : null;

/** Whom a scope is tested against: a unit against the rest of its municipality, a group against the region's other respondents. */
function restOf(report: ScopeReport): 'region' | 'municipality' | 'others' {
  if (report.scope.kind === 'unit') return 'municipality';
  return report.scope.kind === 'group' ? 'others' : 'region';
}

/** The scope of a report as the trends page names it. */
function trendScope(report: ScopeReport): string {
  const { kind, code, key } = report.scope;
  return kind === 'municipality' ? `municipality:${code}` : kind === 'unit' ? key : 'region';
}

function Hidden({ text }: { text: string }) {
  return <span className="report-hidden">{text}</span>;
}

function countText(c: CountCell, lang: Lang, fewer: string) {
  return c.suppressed ? <Hidden text={fewer} /> : formatInteger(c.n, lang);
}

function meanText(c: FiguresCell | GradeCell | undefined, lang: Lang, fewer: string) {
  if (!c) return '–';
  return c.suppressed ? <Hidden text={fewer} /> : formatNumber(c.mean, lang);
}

function Legend({ t }: { t: ReportT }) {
  return (
    <div className="report-legend">
      <p className="report-legend-title">{t('scaleTitle')}</p>
      <ul>
        {[1, 2, 3, 4, 5, 0].map((v) => (
          <li key={v}>
            <span
              className="report-swatch"
              aria-hidden="true"
              style={{
                background: v === 0 ? CANT_SAY_COLOUR : SCALE_COLOURS[v - 1],
                borderColor: v === 0 ? CANT_SAY_BORDER : 'transparent',
              }}
            />
            {v > 0 ? `${v} ` : ''}
            {t(`scale.${v as 0}` as const)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Headline({ report, t, lang, fewer }: { report: ScopeReport; t: ReportT; lang: Lang; fewer: string }) {
  const h = report.headline;
  const gradeItem = report.sections.flatMap((s) => s.items).find((i) => i.type === 'grade');
  const comparison = gradeItem?.municipality ?? gradeItem?.region;
  const comparisonName = gradeItem?.municipality ? t('municipality') : regionLabel(report, t, lang);
  return (
    <dl className="report-headline">
      <div className="report-card">
        <dt>{t('responses')}</dt>
        <dd className="report-big">{countText(h.responses, lang, fewer)}</dd>
        {h.enrolled !== null && (
          <dd>
            {t('enrolled')}: {formatInteger(h.enrolled, lang)}
          </dd>
        )}
        {h.previous && (
          <dd>
            {t('previousYear', { y: h.previous.year })}: {countText(h.previous.responses, lang, fewer)}
          </dd>
        )}
      </div>
      <div className="report-card">
        <dt>{t('responseRate')}</dt>
        <dd className="report-big">
          {h.responseRate === null ? (
            h.responses.suppressed ? (
              <Hidden text={fewer} />
            ) : (
              '–'
            )
          ) : (
            formatPercent(h.responseRate, lang)
          )}
        </dd>
        {h.previous?.responseRate != null && (
          <dd>
            {t('previousYear', { y: h.previous.year })}: {formatPercent(h.previous.responseRate, lang)}
          </dd>
        )}
      </div>
      {/* An imported round whose file had no overall grade has no grade card (rather than "fewer than 5"). */}
      {(gradeItem || !report.round.imported) && (
        <div className="report-card">
          <dt>{t('gradeMean')}</dt>
          <dd className="report-big">{meanText(h.grade, lang, fewer)}</dd>
          {comparison && report.scope.kind !== 'region' && (
            <dd>
              {comparisonName}: {meanText(comparison, lang, fewer)}
            </dd>
          )}
          {h.previous && (
            <dd>
              {t('previousYear', { y: h.previous.year })}: {meanText(h.previous.grade, lang, fewer)}
            </dd>
          )}
        </div>
      )}
    </dl>
  );
}

/** The bars of an item: the scope, then what it is compared with. */
function rowsOf(report: ScopeReport, item: ReportItem, t: ReportT, lang: Lang) {
  const name = tr(report.scope.names, lang);
  const rows: { label: string; cell: FiguresCell }[] = [{ label: name, cell: item.figures }];
  if (item.municipality && report.scope.parent) {
    rows.push({ label: tr(report.scope.parent.names, lang), cell: item.municipality });
  }
  if (item.region) rows.push({ label: regionLabel(report, t, lang), cell: item.region });
  return rows;
}

/** "Whole region", or "Whole region, 3–5 years" where a municipality's group is compared with the region's. */
function regionLabel(report: ScopeReport, t: ReportT, lang: Lang): string {
  return report.group && report.scope.kind === 'municipality'
    ? t('regionOfGroup', { g: tr(report.group.label, lang) })
    : t('region');
}

function ChangeLine({ report, item, t, lang, fewer }: ItemProps) {
  const previous = report.round.previous;
  if (!previous) return null;
  if (!item.comparable) return <p className="report-change">{t('notComparable')}</p>;
  const test = item.changeTest;
  if (item.change !== null && test) {
    const before =
      item.previous && !item.previous.suppressed
        ? ` · ${t('previousYear', { y: previous.year })}: ${formatNumber(item.previous.mean, lang)}`
        : '';
    if (test.significant) {
      const text = t(test.diff > 0 ? 'changeUp' : 'changeDown', {
        d: formatNumber(Math.abs(test.diff), lang),
        y: previous.year,
        p: formatP(test.p, lang, ' '),
      });
      return (
        <p className="report-change report-clear">
          <strong className={test.diff > 0 ? 'report-up' : 'report-down'}>{text}</strong>
          {before}
        </p>
      );
    }
    return (
      <p className="report-change">
        {t('changeNone', {
          y: previous.year,
          d: formatChange(test.diff, lang),
          lo: formatBound(test.lo, lang),
          hi: formatBound(test.hi, lang),
        })}
        {before}
      </p>
    );
  }
  return (
    <p className="report-change">
      {t('change', { y: previous.year })}:{' '}
      {item.change === null ? (
        <Hidden text={item.figures.suppressed ? fewer : item.previous ? fewer : '–'} />
      ) : (
        <strong className={item.change > 0 ? 'report-up' : item.change < 0 ? 'report-down' : undefined}>
          {formatChange(item.change, lang)}
        </strong>
      )}
      {item.previous && !item.previous.suppressed && (
        <>
          {' '}
          ({t('previousYear', { y: previous.year }).toLowerCase()} {formatNumber(item.previous.mean, lang)})
        </>
      )}
    </p>
  );
}

/** How the scope stands against the rest of its parent (municipality, unit and group reports). */
function RestLine({ report, item, t, lang }: ItemProps) {
  const d = item.againstRest;
  if (!d) return null;
  const rest = restOf(report);
  if (!d.significant) {
    return (
      <p className="report-rest">
        {t(`restNone.${rest}` as const)} ({formatChange(d.diff, lang)}, {t('interval')} {formatBound(d.lo, lang)}…
        {formatBound(d.hi, lang)})
      </p>
    );
  }
  return (
    <p className="report-rest report-clear">
      <strong>{d.diff > 0 ? t(`restAbove.${rest}` as const) : t(`restBelow.${rest}` as const)}</strong> (
      {formatChange(d.diff, lang)}, {formatP(d.p, lang, ' ')})
    </p>
  );
}

/** A difference in a table cell: the figure, then in words whether it is larger than chance. */
function DifferenceCell({
  d,
  lang,
  words,
}: {
  d: Difference;
  lang: Lang;
  words: { up: string; down: string; none: string };
}) {
  const figure = formatChange(d.diff, lang);
  return d.significant ? (
    <>
      <strong>{figure}</strong> <span className="report-qualifier">{d.diff > 0 ? words.up : words.down}</span>
    </>
  ) : (
    <span className="report-unclear">
      {figure} <span className="report-qualifier">{words.none}</span>
    </span>
  );
}

interface ItemProps {
  report: ScopeReport;
  item: ReportItem;
  t: ReportT;
  lang: Lang;
  fewer: string;
}

function summaryOf(rows: readonly { label: string; cell: FiguresCell }[], t: ReportT, lang: Lang, fewer: string) {
  return rows
    .map((r) => {
      const s = statement(r.cell);
      const f = s ?? grade(r.cell);
      if (!f) return `${r.label}: ${fewer}`;
      const agree = s && s.agreeShare !== null ? `, ${t('agree')} ${formatPercent(s.agreeShare, lang)}` : '';
      return `${r.label}: ${t('mean')} ${formatNumber(f.mean, lang)}${agree}`;
    })
    .join('; ');
}

/** Each row's mean (or "fewer than N answers"): the grade's list, and all a means-only import has. */
function MeanList({
  rows,
  lang,
  fewer,
}: {
  rows: readonly { label: string; cell: FiguresCell }[];
  lang: Lang;
  fewer: string;
}) {
  return (
    <ul className="report-grade-means">
      {rows.map((r) => (
        <li key={r.label}>
          <span className="report-grade-label">{r.label}</span> {meanText(r.cell, lang, fewer)}
        </li>
      ))}
    </ul>
  );
}

function StatementItem({ report, item, t, lang, fewer }: ItemProps) {
  const rows = rowsOf(report, item, t, lang);
  const chartRows: DistributionRow[] = rows.map((r) => ({ label: r.label, figures: statement(r.cell) }));
  // A round imported with means and n only has no distributions to draw (the round's note says so).
  const meansOnly = rows.some((r) => statement(r.cell)?.distribution === null);
  return (
    <li className="report-item">
      <h4 className="report-item-text">{tr(item.text, lang)}</h4>
      {meansOnly ? (
        <MeanList rows={rows} lang={lang} fewer={fewer} />
      ) : (
        <DistributionChart rows={chartRows} lang={lang} t={t} fewer={fewer} summary={summaryOf(rows, t, lang, fewer)} />
      )}
      <ChangeLine report={report} item={item} t={t} lang={lang} fewer={fewer} />
      <RestLine report={report} item={item} t={t} lang={lang} fewer={fewer} />
    </li>
  );
}

function GradeItem({ report, item, t, lang, fewer }: ItemProps) {
  const rows = rowsOf(report, item, t, lang);
  const shown = rows.flatMap((r) => {
    const g = grade(r.cell);
    return g?.distribution ? [{ label: r.label, figures: g, distribution: g.distribution }] : [];
  });
  const tested = rows.some((r) => grade(r.cell));
  return (
    <li className="report-item">
      <h4 className="report-item-text">{tr(item.text, lang)}</h4>
      <MeanList rows={rows} lang={lang} fewer={fewer} />
      {tested && shown.length === 0 && (
        <>
          <ChangeLine report={report} item={item} t={t} lang={lang} fewer={fewer} />
          <RestLine report={report} item={item} t={t} lang={lang} fewer={fewer} />
        </>
      )}
      {shown.length > 0 && (
        <>
          <GradeChart rows={shown} lang={lang} summary={summaryOf(rows, t, lang, fewer)} />
          <ul className="report-grade-key" aria-hidden="true">
            {shown.map((r, i) => (
              <li key={r.label}>
                <span className={`report-swatch report-grade-swatch-${i}`} />
                {r.label}
              </li>
            ))}
          </ul>
          <ChangeLine report={report} item={item} t={t} lang={lang} fewer={fewer} />
          <RestLine report={report} item={item} t={t} lang={lang} fewer={fewer} />
          <details className="report-table-details">
            <summary>{t('showTable')}</summary>
            <TableScroll label={t('gradeTableCaption')}>
              <table className="report-table">
                <caption>{t('gradeTableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('grade')}</th>
                    {shown.map((r) => (
                      <th scope="col" key={r.label}>
                        {r.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {[4, 5, 6, 7, 8, 9, 10].map((g, i) => (
                    <tr key={g}>
                      <th scope="row">{g}</th>
                      {shown.map((r) => (
                        <td key={r.label}>{formatInteger(r.distribution[i] ?? 0, lang)}</td>
                      ))}
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">{t('mean')}</th>
                    {shown.map((r) => (
                      <td key={r.label}>{formatNumber(r.figures.mean, lang)}</td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </TableScroll>
          </details>
        </>
      )}
      {shown.length === 0 && (
        <>
          <ChangeLine report={report} item={item} t={t} lang={lang} fewer={fewer} />
          <RestLine report={report} item={item} t={t} lang={lang} fewer={fewer} />
        </>
      )}
    </li>
  );
}

function SectionTable({
  report,
  items,
  title,
  t,
  lang,
  fewer,
}: {
  report: ScopeReport;
  items: ReportItem[];
  title: string;
  t: ReportT;
  lang: Lang;
  fewer: string;
}) {
  const comparison = report.scope.kind === 'region' ? null : regionLabel(report, t, lang);
  const tested = items.some((i) => i.againstRest);
  const rest = restOf(report);
  const previous = report.round.previous;
  const pct = (c: number, all: number) => formatPercent(all ? c / all : 0, lang);
  return (
    <details className="report-table-details">
      <summary>{t('showTable')}</summary>
      <TableScroll label={t('tableCaption', { theme: title })}>
        <table className="report-table">
          <caption>{t('tableCaption', { theme: title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('statement')}</th>
              <th scope="col">{t('answers')}</th>
              {[1, 2, 3, 4, 5].map((v) => (
                <th scope="col" key={v}>
                  <abbr title={t(`scale.${v as 1}` as const)}>{v}</abbr>
                </th>
              ))}
              <th scope="col">{t('scale.0')}</th>
              <th scope="col">{t('mean')}</th>
              <th scope="col">{t('interval')}</th>
              <th scope="col">{t('agree')}</th>
              {comparison && (
                <th scope="col">
                  {comparison}: {t('mean').toLowerCase()}
                </th>
              )}
              {tested && <th scope="col">{t(`restColumn.${rest}` as const)}</th>}
              {previous && <th scope="col">{t('change', { y: previous.year })}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((i) => {
              const f = statement(i.figures);
              return (
                <tr key={i.key}>
                  <th scope="row">{tr(i.text, lang)}</th>
                  {f ? (
                    <>
                      <td>{formatInteger(f.answers, lang)}</td>
                      {(f.distribution ?? [null, null, null, null, null]).map((c, v) => (
                        <td key={v}>{c === null ? '–' : pct(c, f.answers)}</td>
                      ))}
                      <td>{f.distribution ? pct(f.cantSay, f.answers) : '–'}</td>
                      <td>{formatNumber(f.mean, lang)}</td>
                      <td>{i.interval ? formatInterval(i.interval, lang) : '–'}</td>
                      <td>{f.agreeShare === null ? '–' : formatPercent(f.agreeShare, lang)}</td>
                    </>
                  ) : (
                    <td colSpan={10}>
                      <Hidden text={fewer} />
                    </td>
                  )}
                  {comparison && <td>{meanText(i.region, lang, fewer)}</td>}
                  {tested && (
                    <td>
                      {i.againstRest ? (
                        <DifferenceCell
                          d={i.againstRest}
                          lang={lang}
                          words={{ up: t('clearAbove'), down: t('clearBelow'), none: t('noClearDifference') }}
                        />
                      ) : (
                        '–'
                      )}
                    </td>
                  )}
                  {previous && (
                    <td>
                      {!i.comparable ? (
                        t('notComparable')
                      ) : i.change === null ? (
                        '–'
                      ) : i.changeTest ? (
                        <DifferenceCell
                          d={i.changeTest}
                          lang={lang}
                          words={{ up: t('clearUp'), down: t('clearDown'), none: t('noClearChange') }}
                        />
                      ) : (
                        formatChange(i.change, lang)
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}

/** One line of a list of municipalities, units or groups: a linked name, responses, rate and grade. */
interface Line {
  key: string;
  name: string;
  href: string | null;
  responses: CountCell;
  responseRate: number | null;
  grade: GradeCell;
}

function LinesTable(props: {
  lines: Line[];
  className: string;
  title: string;
  nameColumn: string;
  /** The round has no overall grade (an imported file without one): the column shows a dash. */
  noGrade?: boolean;
  t: ReportT;
  lang: Lang;
  fewer: string;
}) {
  const { t, lang, fewer } = props;
  return (
    <TableScroll label={props.title}>
      <table className={`report-table ${props.className}`}>
        <caption className="visually-hidden">{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.nameColumn}</th>
            <th scope="col">{t('responses')}</th>
            <th scope="col">{t('responseRate')}</th>
            <th scope="col">{t('gradeMean')}</th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((l) => (
            <tr key={l.key}>
              <th scope="row">
                {l.href ? (
                  <a href={l.href} onClick={onLinkClick}>
                    {l.name}
                  </a>
                ) : (
                  l.name
                )}
              </th>
              <td>{countText(l.responses, lang, fewer)}</td>
              <td>{l.responseRate === null ? '–' : formatPercent(l.responseRate, lang)}</td>
              <td>{props.noGrade ? '–' : meanText(l.grade, lang, fewer)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function childLines(report: ScopeReport, loc: ReportLocation, lang: Lang): Line[] {
  return report.children.map((c: ReportChild) => ({
    key: c.scope,
    name: tr(c.names, lang),
    href: c.kind === 'municipality' ? reportHref(loc, `/${c.code}`) : reportHref(loc, `/units/${c.scope.slice(5)}`),
    responses: c.responses,
    responseRate: c.responseRate,
    grade: c.grade,
  }));
}

function groupLines(report: ScopeReport, loc: ReportLocation, lang: Lang): Line[] {
  return report.groups.map((g) => ({
    key: g.key,
    name: tr(g.label, lang),
    href: reportHref(loc, '', { group: g.key }),
    responses: g.responses,
    responseRate: g.responseRate,
    grade: g.grade,
  }));
}

function Controls({
  report,
  detail,
  loc,
  signedIn,
  t,
  lang,
}: {
  report: ScopeReport;
  detail: ReportRoundDetail;
  loc: ReportLocation;
  signedIn: boolean;
  t: ReportT;
  lang: Lang;
}) {
  const path = window.location.pathname.replace(`/reports/${loc.slug}`, '');
  const group = report.group?.key ?? null;
  const language = report.filter?.language ?? null;
  const { u } = useUnitFilterT();
  // An imported round's file has no split by group or answer language: no filters to offer.
  const imported = report.round.imported !== undefined;
  // A contact's live figures move by whole units (the live step): no split by group or language live.
  const stepped = report.source.kind === 'live' && report.source.stepped !== undefined;
  const languageFilter =
    !imported &&
    !stepped &&
    report.scope.kind !== 'unit' &&
    (detail.languages ?? []).length > 0 &&
    (signedIn || (detail.filters ?? []).includes('language'));
  const exportHref = (params: Record<string, string>) => {
    const q = new URLSearchParams({ scope: exportScopeOf(report), lang, ...params });
    if (language) q.set('language', language);
    if (report.source.kind === 'live') q.set('source', 'live');
    else q.set('version', String(report.source.version));
    return `/api/reports/rounds/${loc.slug}/export?${q}`;
  };
  const childrenName = report.scope.kind === 'region' ? t('municipalities') : t('units');
  // A municipality by group is for signed-in readers only; the region's groups are public.
  const groupFilter =
    !imported &&
    !stepped &&
    detail.groups.length > 0 &&
    (report.scope.kind === 'municipality' ? signedIn : report.scope.kind !== 'unit');
  return (
    <div className="report-controls no-print">
      {groupFilter && (
        <GroupSelect
          groups={detail.groups}
          value={group}
          onChange={(g) => navigate(reportHref(loc, path, { group: g, language }))}
          t={t}
          lang={lang}
        />
      )}
      {languageFilter && (
        <UnitFilterSelects
          kinds={[]}
          languages={detail.languages ?? []}
          value={{ ...NO_UNIT_FILTER, language }}
          onChange={(f) => navigate(reportHref(loc, path, { group, language: f.language }))}
          u={u}
          show={{ kind: false, provider: false, language: true }}
        />
      )}
      {/* An imported round has no responses of its own: its live figures would be the published ones. */}
      {detail.versions.length > 0 && detail.live && !report.round.imported && (
        <SourceLinks
          current={report.source.kind}
          publishedHref={reportHref(loc, path, { source: null, group, language })}
          liveHref={reportHref(loc, path, { source: 'live', version: null, group, language })}
          t={t}
        />
      )}
      {report.source.kind === 'published' && detail.versions.length > 1 && (
        <VersionSelect
          versions={detail.versions}
          value={report.source.version}
          onChange={(v) => navigate(reportHref(loc, path, { version: v, source: null, group, language }))}
          t={t}
          lang={lang}
        />
      )}
      <Downloads
        links={[
          { href: exportHref({ format: 'csv', table: 'items' }), text: t('csvItems') },
          report.children.length > 0
            ? {
                href: exportHref({ format: 'csv', table: 'children' }),
                text: t('csvChildren', { what: childrenName }),
              }
            : null,
          { href: exportHref({ format: 'xlsx' }), text: t('xlsx') },
        ]}
        t={t}
      />
      <PrintButton t={t} />
    </div>
  );
}

/** Links to the same round side by side and to the scope's trends. */
function ViewLinks({
  report,
  detail,
  loc,
  signedIn,
  t,
}: {
  report: ScopeReport;
  detail: ReportRoundDetail;
  loc: ReportLocation;
  signedIn: boolean;
  t: ReportT;
}) {
  const { kind } = report.scope;
  const code =
    kind === 'municipality' ? report.scope.code : kind === 'unit' ? (report.scope.parent?.code ?? null) : null;
  // The side-by-side and trend views filter by group for signed-in readers only (the API answers 401 otherwise).
  const group = signedIn ? (report.group?.key ?? null) : null;
  return (
    <nav className="report-links no-print" aria-label={t('moreViews')}>
      <ul>
        <li>
          <a href={reportHref(loc, '/compare', { group })} onClick={onLinkClick}>
            {t('compareMunicipalities')}
          </a>
        </li>
        {code && detail.unitsVisibleFor.includes(code) && (
          <li>
            <a href={reportHref(loc, '/compare', { level: 'units', municipality: code })} onClick={onLinkClick}>
              {t('compareUnits')}
            </a>
          </li>
        )}
        <li>
          <a href={trendHref(report.round.family, { scope: trendScope(report), group })} onClick={onLinkClick}>
            {t('trends')}
          </a>
        </li>
      </ul>
    </nav>
  );
}

/** A whole report page: heading, headline figures, each theme's statements as charts with tables, and lists. */
export function ReportView(props: { report: ScopeReport; detail: ReportRoundDetail; loc: ReportLocation }) {
  const { report, detail, loc } = props;
  const { t, lang } = useReportT();
  const session = useSession();
  const fewer = t('fewer', { n: report.threshold });
  const scopeName = tr(report.scope.names, lang);
  const roundName = `${tr(report.round.title, lang)} ${report.round.year}`;
  const sourceLine = sourceText(report.source, t, lang, detail.versions.length > 1);
  const { u } = useUnitFilterT();
  const languageLine = languageText(report.filter?.language, u);
  const noGrade =
    report.round.imported !== undefined && !report.sections.some((s) => s.items.some((i) => i.type === 'grade'));
  return (
    <article className="report" aria-labelledby="report-title">
      <nav aria-label={t('breadcrumb')} className="report-breadcrumb no-print">
        <ol>
          <li>
            <a href="/reports" onClick={onLinkClick}>
              {t('results')}
            </a>
          </li>
          <li>
            <a
              href={reportHref(loc, '')}
              onClick={onLinkClick}
              aria-current={report.scope.kind === 'region' ? 'page' : undefined}
            >
              {report.round.year} {tr(report.round.familyNames, lang)}
            </a>
          </li>
          {report.scope.parent && (
            <li>
              <a href={reportHref(loc, `/${report.scope.parent.code}`)} onClick={onLinkClick}>
                {tr(report.scope.parent.names, lang)}
              </a>
            </li>
          )}
          {report.scope.kind !== 'region' && (
            <li>
              <span aria-current="page">{scopeName}</span>
            </li>
          )}
        </ol>
      </nav>
      <header className="report-header">
        <p className="report-kicker">{roundName}</p>
        <h1 id="report-title">{scopeName}</h1>
        {report.group && (report.scope.kind === 'municipality' || report.filter) && (
          <p className="report-group-line">{t('groupLine', { g: tr(report.group.label, lang) })}</p>
        )}
        {languageLine && <p className="report-group-line">{languageLine}</p>}
        <SourceLine source={report.source} text={sourceLine} t={t} />
        <ImportedRoundNote imported={report.round.imported} lang={lang} />
      </header>
      <Controls report={report} detail={detail} loc={loc} signedIn={Boolean(session)} t={t} lang={lang} />
      <ViewLinks report={report} detail={detail} loc={loc} signedIn={Boolean(session)} t={t} />
      <ImprovementProgressSection report={report} t={t} fewer={fewer} />
      {report.filter?.withheld && (
        <p className="report-note" role="status">
          {u.t('withheldFine')}
        </p>
      )}
      <Headline report={report} t={t} lang={lang} fewer={fewer} />
      <ImprovementAreasSection report={report} />
      {report.children.length > 0 && (
        <section className="report-block">
          <h2>{report.scope.kind === 'region' ? t('municipalities') : t('units')}</h2>
          <LinesTable
            className="report-children"
            lines={childLines(report, loc, lang)}
            noGrade={noGrade}
            title={report.scope.kind === 'region' ? t('municipalities') : t('units')}
            nameColumn={report.scope.kind === 'region' ? t('municipality') : t('unit')}
            t={t}
            lang={lang}
            fewer={fewer}
          />
        </section>
      )}
      {report.childrenWithheld && <p className="report-note">{t('withheld')}</p>}
      {report.scope.kind === 'region' && report.groups.length > 0 && !report.round.imported && (
        <section className="report-block">
          <h2>{t('groups')}</h2>
          <LinesTable
            className="report-groups"
            lines={groupLines(report, loc, lang)}
            title={t('groups')}
            nameColumn={t('group')}
            t={t}
            lang={lang}
            fewer={fewer}
          />
        </section>
      )}
      {!report.round.imported?.meansOnly && <Legend t={t} />}
      {report.sections.map((s) => {
        const title = tr(s.title, lang);
        const statements = s.items.filter((i) => i.type === 'statement');
        return (
          <section className="report-section" key={s.key} aria-labelledby={`section-${s.key}`}>
            <h2 id={`section-${s.key}`}>{title}</h2>
            <ul className="report-items">
              {s.items.map((i) =>
                i.type === 'grade' ? (
                  <GradeItem key={i.key} report={report} item={i} t={t} lang={lang} fewer={fewer} />
                ) : (
                  <StatementItem key={i.key} report={report} item={i} t={t} lang={lang} fewer={fewer} />
                ),
              )}
            </ul>
            {statements.length > 0 && (
              <SectionTable report={report} items={statements} title={title} t={t} lang={lang} fewer={fewer} />
            )}
          </section>
        );
      })}
      <footer className="report-footer">
        <p>{t('thresholdNote', { n: report.threshold })}</p>
        <p>{t('openAnswersNote')}</p>
        <p className="print-only">
          {roundName} · {scopeName} · {sourceLine}
        </p>
      </footer>
    </article>
  );
}
