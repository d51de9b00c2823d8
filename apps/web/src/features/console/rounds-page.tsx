import { useConsoleT } from './console-i18n.ts';
import type { RoundRow } from './console-types.ts';
import { ErrorNote, Link, Loading, PageTitle, StatusBadge, useFormat, useResource, useSession } from './console-ui.tsx';

export function RoundsPage() {
  const { t } = useConsoleT();
  const f = useFormat();
  const { session } = useSession();
  const { data, error } = useResource<RoundRow[]>('/api/console/rounds');
  const coordinator = session.user.role === 'coordinator';
  return (
    <section>
      <div className="console-heading-row">
        <PageTitle>{t('rounds.title')}</PageTitle>
        {coordinator ? (
          <Link href="/console/rounds/new" className="console-button">
            {t('rounds.new')}
          </Link>
        ) : null}
      </div>
      <p className="muted">
        {session.user.role === 'municipality_contact' ? t('rounds.introContact') : t('rounds.intro')}
      </p>
      <ErrorNote error={error} />
      {!data && !error ? <Loading /> : null}
      {data && data.length === 0 ? <p>{t('rounds.none')}</p> : null}
      {data && data.length > 0 ? (
        <table className="console-table">
          <caption className="visually-hidden">{t('rounds.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rounds.round')}</th>
              <th scope="col">{t('rounds.family')}</th>
              <th scope="col">{t('rounds.dates')}</th>
              <th scope="col">{t('rounds.status')}</th>
              <th scope="col" className="num">
                {t('rounds.responses')}
              </th>
              <th scope="col" className="num">
                {t('rounds.versions')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link href={`/console/rounds/${r.id}`}>{r.slug}</Link>
                </th>
                <td>
                  {t(`families.${r.family_key}`)} · v{r.instrument_version}
                </td>
                <td>
                  {f.date(r.opens_on)} – {f.date(r.closes_on)}
                </td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td className="num">{f.number(r.responses)}</td>
                <td className="num">{r.snapshots || '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
