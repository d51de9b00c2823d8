import type { Compare, CompareCell, CompareColumn } from '@gs/schema';
import { type Lang, tr } from '../../lib/i18n.ts';
import type { CompareT } from './compare-i18n.ts';
import { type Measure, STEP, STEPS, colourOf, stepOf, textOn } from './compare-scale.ts';
import { type SortDir, sortScope } from './compare-url.ts';
import { formatInteger, formatInterval, formatNumber, formatPercent } from './report-format.ts';
import type { ReportT } from './report-i18n.ts';
import { TableScroll } from './report-table-scroll.tsx';

type Item = Compare['sections'][number]['items'][number];
type Shown = Extract<CompareCell, { suppressed: false }>;

/** The grade has no agreeing share: its row shows the mean whatever the measure. */
const measureOf = (item: Item, measure: Measure): Measure => (item.type === 'grade' ? 'mean' : measure);

function cellValue(item: Item, cell: CompareCell | undefined, measure: Measure): number | null {
  if (!cell || cell.suppressed) return null;
  return measureOf(item, measure) === 'agree' ? cell.agreeShare : cell.mean;
}

function formatValue(x: number, measure: Measure, lang: Lang): string {
  return measure === 'agree' ? formatPercent(x, lang) : formatNumber(x, lang);
}

/** A theme's items ordered by one column, hidden cells last; equal values keep the theme's order. */
export function sortItems(items: Item[], column: number, dir: SortDir, measure: Measure): Item[] {
  return items
    .map((item, i) => ({ item, i, v: cellValue(item, item.cells[column], measure) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      return (dir === 'asc' ? a.v - b.v : b.v - a.v) || a.i - b.i;
    })
    .map((x) => x.item);
}

/** The column the colours are centred on: the region, or in a units view the municipality. */
export function centreOf(compare: Compare): number {
  return compare.level === 'units' ? 1 : 0;
}

/** A column's name: "Whole region" (with the group under it), a municipality or a unit. */
export function columnName(col: CompareColumn, t: ReportT, lang: Lang): string {
  return col.kind === 'region' ? t('region') : tr(col.names, lang);
}

interface TableProps {
  compare: Compare;
  measure: Measure;
  sort: { scope: string; dir: SortDir } | null;
  onSort: (sort: { scope: string; dir: SortDir } | null) => void;
  t: ReportT;
  c: CompareT;
  lang: Lang;
}

function HeaderCell({ col, index, props }: { col: CompareColumn; index: number; props: TableProps }) {
  const { compare, sort, onSort, t, c, lang } = props;
  const scope = sortScope(col.scope);
  const dir = sort?.scope === scope ? sort.dir : null;
  const name = columnName(col, t, lang);
  const reference = index <= centreOf(compare);
  const n = col.responses
    ? col.responses.suppressed
      ? `n < ${compare.threshold}`
      : c('responsesN', { n: formatInteger(col.responses.n, lang) })
    : null;
  return (
    <th
      scope="col"
      className={reference ? 'compare-head compare-col compare-ref' : 'compare-head compare-col'}
      aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
    >
      <button
        type="button"
        className="compare-sort"
        onClick={() => onSort({ scope, dir: dir === 'desc' ? 'asc' : 'desc' })}
      >
        <span className="compare-col-name">{name}</span>
        {col.kind === 'region' && compare.group && (
          <span className="compare-col-group">{tr(compare.group.label, lang)}</span>
        )}
        {n && <span className="compare-col-n">{n}</span>}
        <span className="compare-sort-icon" aria-hidden="true">
          {dir === 'asc' ? '↑' : dir === 'desc' ? '↓' : '↕'}
        </span>
      </button>
    </th>
  );
}

function Cell({
  item,
  cell,
  col,
  centre,
  reference,
  props,
}: {
  item: Item;
  cell: CompareCell;
  col: CompareColumn;
  centre: CompareCell | undefined;
  reference: boolean;
  props: TableProps;
}) {
  const { compare, c, t, lang } = props;
  const fewer = t('fewer', { n: compare.threshold });
  if (cell.suppressed) {
    return (
      <td className="compare-cell compare-hidden" title={fewer}>
        <span aria-hidden="true">&lt; {compare.threshold}</span>
        <span className="visually-hidden">{fewer}</span>
      </td>
    );
  }
  const measure = measureOf(item, props.measure);
  const value = cellValue(item, cell, props.measure) ?? cell.mean;
  const text = formatValue(value, measure, lang);
  const title = titleOf(item, cell, col, measure, props);
  if (reference) {
    return (
      <td className="compare-cell compare-ref" title={title}>
        {text}
      </td>
    );
  }
  const base = cellValue(item, centre, props.measure);
  const background = base === null ? '#ffffff' : colourOf(stepOf(value - base, measure));
  const d = cell.againstRest;
  const clear = d?.significant && d.direction !== 'none' ? d.direction : null;
  const units = compare.level === 'units';
  return (
    <td
      className={clear ? 'compare-cell compare-clear' : 'compare-cell'}
      style={{ background, color: textOn(background) }}
      title={title}
    >
      {text}
      {clear && (
        <>
          <span className="compare-marker" aria-hidden="true">
            {clear === 'up' ? '▲' : '▼'}
          </span>
          <span className="visually-hidden">
            ,{' '}
            {clear === 'up'
              ? units
                ? c('aboveMunicipality')
                : c('aboveRegion')
              : units
                ? c('belowMunicipality')
                : c('belowRegion')}
          </span>
        </>
      )}
    </td>
  );
}

function titleOf(item: Item, cell: Shown, col: CompareColumn, measure: Measure, props: TableProps): string {
  const { c, t, lang } = props;
  const value = formatValue(cellValue(item, cell, props.measure) ?? cell.mean, measure, lang);
  const parts = [
    `${columnName(col, t, lang)}: ${value}`,
    measure === 'agree' ? `${t('mean')} ${formatNumber(cell.mean, lang)}` : null,
    c('responsesN', { n: formatInteger(cell.n, lang) }),
    cell.interval ? `${t('interval')} ${formatInterval(cell.interval, lang)}` : null,
  ];
  return parts.filter(Boolean).join('; ');
}

/** Items by theme (a header row for each), a column per region, municipality or unit, coloured against the centre column. */
export function CompareTable(props: TableProps) {
  const { compare, measure, sort, t, c, lang } = props;
  const centre = centreOf(compare);
  const sortColumn = sort ? compare.columns.findIndex((col) => sortScope(col.scope) === sort.scope) : -1;
  const caption = c(compare.level === 'units' ? 'captionUnits' : 'captionMunicipalities', {
    measure: measure === 'agree' ? c('agreeShort') : c('meanShort'),
  });
  const span = compare.columns.length + 1;
  return (
    <TableScroll label={caption} className="compare-scroll">
      <table className="compare-table">
        <caption className="visually-hidden">
          {caption}
          {compare.group ? ` – ${tr(compare.group.label, lang)}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="compare-head compare-statement">
              {t('statement')}
            </th>
            {compare.columns.map((col, i) => (
              <HeaderCell key={col.scope} col={col} index={i} props={props} />
            ))}
          </tr>
        </thead>
        {compare.sections.map((section) => {
          const items =
            sort && sortColumn >= 0 ? sortItems(section.items, sortColumn, sort.dir, measure) : section.items;
          return (
            <tbody key={section.key}>
              <tr className="compare-theme">
                <th scope="rowgroup" colSpan={span} className="compare-theme-cell">
                  <span>{tr(section.title, lang)}</span>
                </th>
              </tr>
              {items.map((item) => (
                <tr key={item.key}>
                  <th scope="row" className="compare-statement">
                    {tr(item.text, lang)}
                    {item.type === 'grade' && measure === 'agree' && (
                      <span className="compare-grade-note"> ({c('gradeNote')})</span>
                    )}
                  </th>
                  {item.cells.map((cell, i) => {
                    const col = compare.columns[i];
                    if (!col) return null;
                    return (
                      <Cell
                        key={col.scope}
                        item={item}
                        cell={cell}
                        col={col}
                        centre={item.cells[centre]}
                        reference={i <= centre}
                        props={props}
                      />
                    );
                  })}
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </TableScroll>
  );
}

function stepLabel(step: number, measure: Measure, lang: Lang, c: CompareT): string {
  const unit = measure === 'agree' ? ` ${c('pointsUnit')}` : '';
  const size = (k: number) => {
    const x = k * STEP[measure] * (measure === 'agree' ? 100 : 1);
    return formatNumber(x, lang, Number.isInteger(Math.round(x * 1000) / 1000) ? 0 : 1);
  };
  const k = Math.abs(step);
  const sign = step < 0 ? '−' : '+';
  if (k === 0) return `−${size(1)}…+${size(1)}${unit}`;
  if (k === STEPS) return `${step < 0 ? '≤' : '≥'} ${sign}${size(k)}${unit}`;
  return `${sign}${size(k)}…${sign}${size(k + 1)}${unit}`;
}

/** The colour steps with what each means, the hatched hidden cell and the markers. */
export function CompareLegend({
  compare,
  measure,
  t,
  c,
  lang,
}: {
  compare: Compare;
  measure: Measure;
  t: ReportT;
  c: CompareT;
  lang: Lang;
}) {
  const centreCol = compare.columns[centreOf(compare)];
  const ref = centreCol ? columnName(centreCol, t, lang) : t('region');
  const steps = Array.from({ length: 2 * STEPS + 1 }, (_, i) => i - STEPS);
  return (
    <div className="compare-legend">
      <p className="compare-legend-title">{c('legendTitle', { ref })}</p>
      <div className="compare-legend-scale">
        <span className="compare-legend-end" aria-hidden="true">
          ← {c('legendLower')}
        </span>
        <ul>
          {steps.map((s) => {
            const bg = colourOf(s);
            const what = s === 0 ? c('legendSame') : s < 0 ? c('legendLower') : c('legendHigher');
            return (
              <li key={s} style={{ background: bg, color: textOn(bg) }}>
                <span className="visually-hidden">{what}: </span>
                {stepLabel(s, measure, lang, c)}
              </li>
            );
          })}
        </ul>
        <span className="compare-legend-end" aria-hidden="true">
          {c('legendHigher')} →
        </span>
      </div>
      <ul className="compare-legend-notes">
        <li>
          <strong>{compare.level === 'units' ? c('markerMunicipality') : c('markerRegion')}</strong>
          {measure === 'agree' ? ` ${c('markerMean')}` : ''}
        </li>
        <li>{c('noMarker')}</li>
        <li>
          <span className="compare-legend-hidden" aria-hidden="true">
            &lt; {compare.threshold}
          </span>{' '}
          {t('fewer', { n: compare.threshold })}
        </li>
      </ul>
    </div>
  );
}
