import { useState } from 'react';
import { useConsoleT } from './console-i18n.ts';
import type { AuditLine } from './console-types.ts';
import { ErrorNote, Loading, PageTitle, useFormat, useResource } from './console-ui.tsx';

const PAGE = 50;

function detailsText(d: Record<string, unknown>): string {
  return Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

export function AuditPage() {
  const { t } = useConsoleT();
  const f = useFormat();
  const [before, setBefore] = useState<number[]>([]);
  const cursor = before.at(-1);
  const page = useResource<AuditLine[]>(`/api/console/audit?limit=${PAGE}${cursor ? `&before=${cursor}` : ''}`);
  return (
    <section>
      <PageTitle>{t('audit.title')}</PageTitle>
      <p className="muted">{t('audit.help')}</p>
      <ErrorNote error={page.error} />
      {!page.data ? <Loading /> : null}
      {page.data ? (
        <>
          <table className="console-table console-small">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.target')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((a) => (
                <tr key={a.id}>
                  <td>{f.dateTime(a.at)}</td>
                  <td>{a.user_email ?? t('audit.system')}</td>
                  <th scope="row">
                    <code>{a.action}</code>
                  </th>
                  <td>
                    {a.entity}
                    {a.entity_id ? ` ${a.entity_id}` : ''}
                  </td>
                  <td>{detailsText(a.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="console-actions">
            {before.length ? (
              <button type="button" className="secondary" onClick={() => setBefore(before.slice(0, -1))}>
                {t('audit.newer')}
              </button>
            ) : null}
            {page.data.length === PAGE ? (
              <button
                type="button"
                className="secondary"
                onClick={() => setBefore([...before, page.data?.at(-1)?.id ?? 0])}
              >
                {t('audit.older')}
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
