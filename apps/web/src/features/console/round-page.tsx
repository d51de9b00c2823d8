import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api.ts';
import { navigate } from '../../lib/router.ts';
import { AnswersPanel } from './answers-panel.tsx';
import { BaseCountsPanel } from './base-counts-panel.tsx';
import { CodesPanel } from './codes-panel.tsx';
import { useConsoleT } from './console-i18n.ts';
import type { Family, RoundDetail } from './console-types.ts';
import { HeldPanel } from './held-panel.tsx';
import {
  ErrorNote,
  Field,
  Link,
  Loading,
  PageTitle,
  StatusBadge,
  useAction,
  useFormat,
  useName,
  useResource,
  useSession,
} from './console-ui.tsx';
import { ProgressPanel } from './progress-panel.tsx';
import { RoundForm, valuesOf } from './round-form.tsx';

type Tab = 'overview' | 'progress' | 'links' | 'base-counts' | 'answers';

function addDays(iso: string, days: number) {
  return new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function RoundPage({ id, tab }: { id: number; tab?: string }) {
  const { t } = useConsoleT();
  const { session } = useSession();
  const role = session.user.role;
  const round = useResource<RoundDetail>(`/api/console/rounds/${id}`);
  const r = round.data;
  const tabs: { key: Tab; label: string }[] = [
    { key: 'overview', label: t('round.tabs.overview') },
    { key: 'progress', label: t('round.tabs.progress') },
    ...(role !== 'steering_group' ? [{ key: 'links' as const, label: t('round.tabs.links') }] : []),
    { key: 'base-counts', label: t('round.tabs.baseCounts') },
    ...(role !== 'steering_group' ? [{ key: 'answers' as const, label: t('round.tabs.answers') }] : []),
  ];
  const current = tabs.find((x) => x.key === tab)?.key ?? 'overview';
  return (
    <section>
      <p className="console-breadcrumb">
        <Link href="/console">{t('nav.rounds')}</Link> ›
      </p>
      {round.error ? <ErrorNote error={round.error} /> : null}
      {!r && !round.error ? <Loading /> : null}
      {r ? (
        <>
          <div className="console-heading-row">
            <PageTitle>
              {t('round.title', { slug: r.slug })} <StatusBadge status={r.status} />
            </PageTitle>
          </div>
          <nav aria-label={t('round.tabsLabel')} className="console-tabs">
            <ul>
              {tabs.map((x) => (
                <li key={x.key}>
                  <Link
                    href={`/console/rounds/${id}${x.key === 'overview' ? '' : `/${x.key}`}`}
                    current={current === x.key}
                  >
                    {x.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {current === 'overview' ? <Overview round={r} reload={round.reload} /> : null}
          {current === 'progress' ? (
            <>
              <ProgressPanel roundId={id} />
              {role === 'coordinator' ? <HeldPanel roundId={id} /> : null}
            </>
          ) : null}
          {current === 'links' ? <CodesPanel round={r} /> : null}
          {current === 'base-counts' ? <BaseCountsPanel round={r} /> : null}
          {current === 'answers' ? <AnswersPanel round={r} /> : null}
        </>
      ) : null}
    </section>
  );
}

function Overview({ round: r, reload }: { round: RoundDetail; reload: () => void }) {
  const { t } = useConsoleT();
  const f = useFormat();
  const name = useName();
  const { session } = useSession();
  const [editing, setEditing] = useState(false);
  const network = useResource<{ cycleRule: { odd: Family; even: Family } }>(editing ? '/api/network' : null);
  const coordinator = session.user.role === 'coordinator';
  if (editing && network.data) {
    return (
      <div className="console-panel">
        <h2>{t('round.editTitle')}</h2>
        <RoundForm
          initial={valuesOf(r)}
          editing={r.id}
          expectedFamily={() => undefined}
          onSaved={() => {
            setEditing(false);
            reload();
          }}
          onCancel={() => setEditing(false)}
        />
      </div>
    );
  }
  return (
    <div className="console-overview">
      <dl className="console-facts">
        <dt>{t('rounds.family')}</dt>
        <dd>
          {t(`families.${r.family_key}`)} · {t('round.instrumentVersion', { v: r.instrument_version })}
        </dd>
        <dt>{t('rounds.dates')}</dt>
        <dd>
          {f.date(r.opens_on)} – {f.date(r.closes_on)}
        </dd>
        {r.cycle_override_reason ? (
          <>
            <dt>{t('round.override')}</dt>
            <dd>{r.cycle_override_reason}</dd>
          </>
        ) : null}
        <dt>{t('roundForm.municipalities')}</dt>
        <dd>{r.municipalities.map((m) => name(m.names)).join(', ')}</dd>
      </dl>
      {coordinator ? <Lifecycle round={r} reload={reload} onEdit={() => setEditing(true)} /> : null}
      <h2>{t('round.published')}</h2>
      {r.snapshots.length === 0 ? (
        <p className="muted">{t('round.notPublished')}</p>
      ) : (
        <table className="console-table">
          <thead>
            <tr>
              <th scope="col">{t('round.version')}</th>
              <th scope="col">{t('round.publishedAt')}</th>
              <th scope="col">{t('round.publishedBy')}</th>
              <th scope="col">{t('round.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {r.snapshots.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.version}</th>
                <td>{f.dateTime(s.created_at)}</td>
                <td>{s.created_by ?? '–'}</td>
                <td>{s.reason ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** What a coordinator may do with the round in its status: edit/open/delete, close, reopen/publish, republish. */
function Lifecycle({ round: r, reload, onEdit }: { round: RoundDetail; reload: () => void; onEdit: () => void }) {
  const { t } = useConsoleT();
  const { announce } = useSession();
  const { busy, error, run, fieldError } = useAction();
  const today = new Date().toISOString().slice(0, 10);
  const [closesOn, setClosesOn] = useState(r.closes_on < today ? addDays(today, 7) : r.closes_on);
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState<null | 'delete' | 'publish'>(null);

  async function act(path: string, body: unknown, done: string, method = 'POST') {
    const ok = await run(() => api(`/api/console/rounds/${r.id}${path}`, { method, body }).then(() => true));
    if (ok) {
      announce(done);
      setConfirm(null);
      if (method === 'DELETE') navigate('/console');
      else reload();
    }
  }
  const publish = (e: FormEvent) => {
    e.preventDefault();
    void act(
      '/publish',
      r.status === 'published' ? { reason } : reason.trim() ? { reason } : {},
      t('round.didPublish'),
    );
  };

  return (
    <div className="console-panel">
      <h2>{t('round.lifecycle')}</h2>
      <p className="muted">{t(`round.lifecycleHelp.${r.status}`)}</p>
      <ErrorNote error={error && !fieldError('closesOn') && !fieldError('reason') ? error : null} />
      {r.status === 'draft' ? (
        <div className="console-actions">
          <button type="button" disabled={busy} onClick={() => void act('/open', {}, t('round.didOpen'))}>
            {t('round.open')}
          </button>
          <button type="button" className="secondary" onClick={onEdit}>
            {t('round.edit')}
          </button>
          {confirm === 'delete' ? (
            <span className="console-confirm">
              <span>{t('round.confirmDelete')}</span>
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => void act('', undefined, t('round.didDelete'), 'DELETE')}
              >
                {t('round.delete')}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirm(null)}>
                {t('cancel')}
              </button>
            </span>
          ) : (
            <button type="button" className="secondary" onClick={() => setConfirm('delete')}>
              {t('round.delete')}
            </button>
          )}
        </div>
      ) : null}
      {r.status === 'open' ? (
        <div className="console-actions">
          <button type="button" disabled={busy} onClick={() => void act('/close', undefined, t('round.didClose'))}>
            {t('round.close')}
          </button>
        </div>
      ) : null}
      {r.status === 'closed' ? (
        <>
          <form
            className="console-inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void act('/open', { closesOn }, t('round.didReopen'));
            }}
          >
            <Field label={t('round.newCloseDate')} error={fieldError('closesOn')}>
              {(p) => <input {...p} type="date" value={closesOn} onChange={(e) => setClosesOn(e.target.value)} />}
            </Field>
            <button type="submit" className="secondary" disabled={busy}>
              {t('round.reopen')}
            </button>
          </form>
          <form className="console-inline-form" onSubmit={publish}>
            <Field label={t('round.publishNote')} hint={t('round.publishHint')} error={fieldError('reason')}>
              {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
            </Field>
            <button type="submit" disabled={busy}>
              {t('round.publish')}
            </button>
          </form>
        </>
      ) : null}
      {r.status === 'published' ? (
        <form className="console-inline-form" onSubmit={publish}>
          <Field label={t('round.republishReason')} hint={t('round.republishHint')} error={fieldError('reason')}>
            {(p) => <input {...p} value={reason} required onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <button type="submit" disabled={busy}>
            {t('round.republish')}
          </button>
        </form>
      ) : null}
    </div>
  );
}
