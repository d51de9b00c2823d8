import { type FormEvent, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useConsoleT } from './console-i18n.ts';
import { ErrorNote, Field, PageTitle, useAction, useFormat, useSession } from './console-ui.tsx';

export function AccountPage() {
  const { t } = useConsoleT();
  const f = useFormat();
  const { session, announce } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const { busy, error, run, fieldError } = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    if (newPassword !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    const ok = await run(() =>
      api('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } }).then(() => true),
    );
    if (ok) {
      setCurrent('');
      setNew('');
      setRepeat('');
      setDone(true);
      announce(t('account.changed'));
    }
  }
  const u = session.user;
  return (
    <section>
      <PageTitle>{t('account.title')}</PageTitle>
      <dl className="console-facts">
        <dt>{t('users.name')}</dt>
        <dd>{u.name}</dd>
        <dt>{t('users.email')}</dt>
        <dd>{u.email}</dd>
        <dt>{t('users.role')}</dt>
        <dd>
          {t(`roles.${u.role}`)}
          {u.municipalityCode ? ` (${u.municipalityCode})` : ''}
        </dd>
        <dt>{t('account.sessionEnds')}</dt>
        <dd>{f.dateTime(session.expiresAt)}</dd>
      </dl>
      <p className="muted">{t(`account.roleHelp.${u.role}`)}</p>
      <form onSubmit={submit} className="console-form console-panel" noValidate>
        <h2>{t('account.change')}</h2>
        <ErrorNote error={error && !fieldError('currentPassword') && !fieldError('newPassword') ? error : null} />
        {done ? (
          <p className="console-success" role="status">
            {t('account.changed')}
          </p>
        ) : null}
        <Field label={t('account.current')} error={fieldError('currentPassword')}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(e) => setCurrent(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('account.new')} hint={t('account.passwordHint')} error={fieldError('newPassword')}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={newPassword}
              onChange={(e) => setNew(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('account.repeat')} error={mismatch ? t('account.mismatch') : undefined}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {t('account.submit')}
        </button>
      </form>
    </section>
  );
}
