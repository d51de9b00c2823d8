import type { TrendItem, TrendRound } from '@gs/schema';
import { type ReactNode, useId } from 'react';
import type { Lang } from '../../lib/i18n.ts';
import { formatInteger, formatInterval, formatNumber, formatPercent } from './report-format.ts';
import type { ReportT } from './report-i18n.ts';
import { importedTick } from './imported-note.tsx';
import { TableScroll } from './report-table-scroll.tsx';
import { changeText, roundStatus } from './trend-format.ts';
import type { TrendT } from './trend-i18n.ts';

/** The round a change is measured from: the nearest earlier round where the item was asked. */
export function baseOf(item: TrendItem, i: number): number | null {
  for (let j = i - 1; j >= 0; j--) if (item.points[j] !== null) return j;
  return null;
}

function ChangeCell({
  item,
  i,
  rounds,
  t,
  lang,
}: {
  item: TrendItem;
  i: number;
  rounds: readonly TrendRound[];
  t: TrendT;
  lang: Lang;
}) {
  const change = item.changes[i];
  if (item.links[i] === 'changed') return <span className="trend-muted">{t('notComparable')}</span>;
  if (!change) return <>–</>;
  const base = baseOf(item, i);
  const since = base !== null && base !== i - 1 ? ` ${t('since', { y: rounds[base]?.year ?? '' })}` : '';
  const c = changeText(change, t, lang);
  return c.clear ? (
    <span className={change.diff > 0 ? 'trend-up' : 'trend-down'}>
      <strong>
        {c.text}
        {since}
      </strong>{' '}
      ({c.detail})
    </span>
  ) : (
    <span className="trend-muted">
      {c.text}
      {since} ({c.detail})
    </span>
  );
}

/** One item's rounds as rows: the accessible alternative to its line, always on the page. */
export function TrendTable(props: {
  item: TrendItem;
  rounds: readonly TrendRound[];
  threshold: number;
  caption: string;
  icon?: ReactNode;
  t: TrendT;
  r: ReportT;
  lang: Lang;
}) {
  const { item, rounds, t, r, lang } = props;
  const fewer = r('fewer', { n: props.threshold });
  const statement = item.type === 'statement';
  const columns = statement ? 6 : 5;
  const titleId = useId();
  // The title sits outside the scroll box so a phone shows all of it, not just the part above the first columns.
  return (
    <div className="trend-table-block">
      <h3 className="trend-table-title" id={titleId}>
        {props.icon}
        <span>{props.caption}</span>
      </h3>
      <TableScroll label={props.caption} className="report-table-scroll trend-table-scroll">
        <table className="report-table trend-table" aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">{t('year')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('nHeader')}</th>
              <th scope="col">{r('mean')}</th>
              <th scope="col">{t('interval')}</th>
              {statement && <th scope="col">{r('agree')}</th>}
              <th scope="col">{t('changeHeader')}</th>
            </tr>
          </thead>
          <tbody>
            {rounds.map((round, i) => {
              const p = item.points[i];
              return (
                <tr key={round.slug} className={round.source === 'live' ? 'trend-live-row' : undefined}>
                  <th scope="row">{round.year}</th>
                  <td className="trend-status">
                    {roundStatus(round, t)}
                    {round.imported ? ` ${importedTick(lang)}` : ''}
                  </td>
                  {p === null || p === undefined ? (
                    <td colSpan={columns - 1} className="trend-muted">
                      {t('noFigures')}
                    </td>
                  ) : p.suppressed ? (
                    <td colSpan={columns - 1}>
                      <span className="report-hidden">{fewer}</span>
                    </td>
                  ) : (
                    <>
                      <td>{formatInteger(p.n, lang)}</td>
                      <td>
                        <strong>{formatNumber(p.mean, lang)}</strong>
                      </td>
                      <td>{p.interval ? formatInterval(p.interval, lang) : '–'}</td>
                      {statement && <td>{p.agreeShare === null ? '–' : formatPercent(p.agreeShare, lang)}</td>}
                      <td className="trend-change">
                        <ChangeCell item={item} i={i} rounds={rounds} t={t} lang={lang} />
                      </td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
