import { api } from '../../lib/api.ts';
import { navigate } from '../../lib/router.ts';
import { useT } from './console-i18n.ts';
import type { Family, InstrumentVersionRow } from './console-types.ts';
import { HOME_LANGUAGES } from './translations-panel.tsx';
import { ErrorNote, Link, Loading, PageTitle, useAction, useFormat, useResource, useSession } from './console-ui.tsx';

export function InstrumentsPage() {
  const t = useT();
  const f = useFormat();
  const { session, announce } = useSession();
  const coordinator = session.user.role === 'coordinator';
  const list = useResource<InstrumentVersionRow[]>('/api/console/instruments');
  const { busy, error, run } = useAction();
  async function copy(family: Family) {
    const made = await run(() =>
      api<{ id: number; version: number }>(`/api/console/instruments/families/${family}/copy`, { method: 'POST' }),
    );
    if (made) {
      announce(t.instruments.copied(made.version));
      navigate(`/console/instruments/${made.id}`);
    }
  }
  return (
    <section>
      <PageTitle>{t.instruments.title}</PageTitle>
      <p className="muted">{t.instruments.help}</p>
      <ErrorNote error={list.error ?? error} />
      {!list.data ? <Loading /> : null}
      {(['ecec', 'basic'] as const).map((family) => {
        const versions = (list.data ?? []).filter((v) => v.family_key === family);
        const latest = versions.at(-1);
        return list.data ? (
          <section key={family} className="console-panel">
            <h2>{t.families[family]}</h2>
            <table className="console-table">
              <thead>
                <tr>
                  <th scope="col">{t.instruments.version}</th>
                  <th scope="col">{t.instruments.created}</th>
                  <th scope="col" className="num">
                    {t.instruments.rounds}
                  </th>
                  <th scope="col">{t.instruments.state}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">
                      <Link href={`/console/instruments/${v.id}`}>v{v.version}</Link>
                    </th>
                    <td>{f.dateTime(v.created_at)}</td>
                    <td className="num">{v.round_count}</td>
                    <td>{v.locked ? t.instruments.locked : t.instruments.draft}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="console-table console-small">
              <caption>{t.translations.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.instruments.version}</th>
                  {HOME_LANGUAGES.map((l) => (
                    <th key={l} scope="col" className="num">
                      {t.translations.names[l]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">
                      <Link href={`/console/instruments/${v.id}`}>v{v.version}</Link>
                    </th>
                    {HOME_LANGUAGES.map((l) => (
                      <td key={l} className="num">
                        {t.translations.count(v.completeness[l].translated, v.completeness[l].total)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {coordinator && latest?.locked ? (
              <div className="console-actions">
                <button type="button" disabled={busy} onClick={() => void copy(family)}>
                  {t.instruments.copy(latest.version + 1, latest.version)}
                </button>
              </div>
            ) : null}
          </section>
        ) : null;
      })}
    </section>
  );
}
