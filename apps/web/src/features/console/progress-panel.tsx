import { useConsoleT } from './console-i18n.ts';
import type { Progress, ProgressLine } from './console-types.ts';
import { ErrorNote, Loading, RateBar, useFormat, useName, useResource } from './console-ui.tsx';

const POLL_MS = 15_000;

/** Responses against base counts per municipality and unit, and per day; refreshes itself while the round is open. */
export function ProgressPanel({ roundId }: { roundId: number }) {
  const { t } = useConsoleT();
  const f = useFormat();
  const name = useName();
  const { data, error, loading } = useResource<Progress>(`/api/console/rounds/${roundId}/progress`, { every: POLL_MS });
  if (!data) return error ? <ErrorNote error={error} /> : <Loading />;
  const rateText = (responses: number, enrolled: number, rate: number | null) =>
    enrolled > 0
      ? t('progress.rateOf', { responses: f.number(responses), enrolled: f.number(enrolled), rate: f.percent(rate) })
      : t('progress.noBase', { responses: f.number(responses) });
  // The threshold of the first banded unit line, if any: the note under "By unit" explains the bands.
  const below = data.municipalities.flatMap((m) => m.units).find((u) => u.responses === null)?.below;
  const maxDay = Math.max(1, ...data.days.map((d) => d.responses));
  return (
    <div className="console-progress">
      <p className="console-progress-total">
        <strong>{t('progress.total')}</strong>{' '}
        {data.total.responses === null ? (
          <BandText line={data.total} />
        ) : (
          <RateBar
            rate={data.total.rate}
            label={rateText(data.total.responses, data.total.enrolled, data.total.rate)}
          />
        )}
      </p>
      <p className="muted console-small" aria-live="off">
        {data.round.status === 'open' ? t('progress.live') : t('progress.notOpen')}
        {loading ? ` ${t('progress.refreshing')}` : ''}
      </p>
      <ErrorNote error={error} />
      <h2>{t('progress.byMunicipality')}</h2>
      <ProgressTable
        head={t('municipality')}
        lines={data.municipalities.map((m) => ({ key: String(m.id), label: name(m.names), ...m }))}
      />
      <h2>{t('progress.byUnit')}</h2>
      {below !== undefined ? (
        <p className="muted console-small">{t('progress.bandedNote', { n: f.number(below) })}</p>
      ) : null}
      {data.municipalities.map((m) => (
        <details key={m.id} className="console-units" open={data.municipalities.length === 1}>
          <summary>
            {name(m.names)} <span className="muted">({t('progress.unitCount', { n: m.units.length })})</span>
          </summary>
          {m.units.length === 0 ? (
            <p className="muted">{t('progress.noUnits')}</p>
          ) : (
            <ProgressTable
              head={t('unit')}
              lines={m.units.map((u) => ({
                key: String(u.id ?? 'none'),
                label: u.names ? name(u.names) : t('progress.noUnit'),
                ...u,
              }))}
            />
          )}
        </details>
      ))}
      <h2>{t('progress.byDay')}</h2>
      {data.days.length === 0 ? (
        <p className="muted">{t('progress.noResponses')}</p>
      ) : (
        <table className="console-table console-days">
          <thead>
            <tr>
              <th scope="col">{t('progress.day')}</th>
              <th scope="col" className="num">
                {t('progress.responses')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('progress.chart')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{f.date(d.day)}</th>
                <td className="num">{f.number(d.responses)}</td>
                <td className="console-day-bar-cell">
                  <span
                    className="console-day-bar"
                    style={{ width: `${(d.responses / maxDay) * 100}%` }}
                    aria-hidden="true"
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ProgressTable({ head, lines }: { head: string; lines: (ProgressLine & { key: string; label: string })[] }) {
  const { t } = useConsoleT();
  const f = useFormat();
  return (
    <table className="console-table console-progress-table">
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="num">
            {t('progress.responses')}
          </th>
          <th scope="col" className="num">
            {t('progress.enrolled')}
          </th>
          <th scope="col">{t('progress.rate')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.key}>
            <th scope="row">{l.label}</th>
            <td className="num">{l.responses === null ? <BandText line={l} /> : f.number(l.responses)}</td>
            <td className="num">{l.enrolled ? f.number(l.enrolled) : '–'}</td>
            <td>{l.responses === null ? '–' : <RateBar rate={l.rate} label={f.percent(l.rate)} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A count the reader may not see exactly: "fewer than N", without a rate bar. */
function BandText({ line }: { line: ProgressLine }) {
  const { t } = useConsoleT();
  const f = useFormat();
  return <span className="console-band">{t('progress.below', { n: f.number(line.below ?? 0) })}</span>;
}
