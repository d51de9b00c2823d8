import type { ReactNode } from 'react';
import { api } from '../../lib/api.ts';
import { navigate } from '../../lib/router.ts';
import { useConsoleT } from './console-i18n.ts';
import type { Family, InstrumentVersionRow } from './console-types.ts';
import { HOME_LANGUAGES } from './translations-panel.tsx';
import { ErrorNote, Link, Loading, PageTitle, useAction, useFormat, useResource, useSession } from './console-ui.tsx';

/** A family's versions, one row each (linked to the version's page), with the given columns. */
function VersionTable({
  versions,
  caption,
  columns,
}: {
  versions: InstrumentVersionRow[];
  caption?: string;
  columns: { key: string; label: string; num?: boolean; cell: (v: InstrumentVersionRow) => ReactNode }[];
}) {
  const { t } = useConsoleT();
  // Wider than a phone (dates, five languages): the table scrolls sideways on its own, not the page.
  return (
    <div className="console-scroll">
      <table className={caption ? 'console-table console-small' : 'console-table'}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">{t('instruments.version')}</th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.num ? 'num' : undefined}>
                {c.label}
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
              {columns.map((c) => (
                <td key={c.key} className={c.num ? 'num' : undefined}>
                  {c.cell(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InstrumentsPage() {
  const { t } = useConsoleT();
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
      announce(t('instruments.copied', { v: made.version }));
      navigate(`/console/instruments/${made.id}`);
    }
  }
  return (
    <section>
      <PageTitle>{t('instruments.title')}</PageTitle>
      <p className="muted">{t('instruments.help')}</p>
      <ErrorNote error={list.error ?? error} />
      {!list.data ? <Loading /> : null}
      {(['ecec', 'basic'] as const).map((family) => {
        const versions = (list.data ?? []).filter((v) => v.family_key === family);
        const latest = versions.at(-1);
        return list.data ? (
          <section key={family} className="console-panel">
            <h2>{t(`families.${family}`)}</h2>
            <VersionTable
              versions={versions}
              columns={[
                { key: 'created', label: t('instruments.created'), cell: (v) => f.dateTime(v.created_at) },
                { key: 'rounds', label: t('instruments.rounds'), num: true, cell: (v) => v.round_count },
                {
                  key: 'state',
                  label: t('instruments.state'),
                  cell: (v) => (v.locked ? t('instruments.locked') : t('instruments.draft')),
                },
              ]}
            />
            <VersionTable
              versions={versions}
              caption={t('translations.caption')}
              columns={HOME_LANGUAGES.map((l) => ({
                key: l,
                label: t(`translations.names.${l}`),
                num: true,
                cell: (v) =>
                  t('translations.count', { n: v.completeness[l].translated, total: v.completeness[l].total }),
              }))}
            />
            {coordinator && latest?.locked ? (
              <div className="console-actions">
                <button type="button" disabled={busy} onClick={() => void copy(family)}>
                  {t('instruments.copy', { next: latest.version + 1, from: latest.version })}
                </button>
              </div>
            ) : null}
          </section>
        ) : null;
      })}
    </section>
  );
}
