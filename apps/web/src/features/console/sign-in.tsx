import { type FormEvent, useRef, useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import { navigate } from '../../lib/router.ts';
import { useConsoleT } from './console-i18n.ts';
import type { SessionInfo } from './console-types.ts';
import { Field, PageTitle, errorText } from './console-ui.tsx';

export function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: (s: SessionInfo) => void }) {
  const { t } = useConsoleT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api<SessionInfo>('/api/auth/sign-in', { method: 'POST', body: { email, password } });
      onSignedIn(session);
      // The steering group reads results rather than runs rounds: from the console's front page they go to the overview.
      if (session.user.role === 'steering_group' && /^\/console\/?$/.test(window.location.pathname)) {
        navigate('/reports/overview');
      }
    } catch (err) {
      const message =
        err instanceof ApiError && err.status === 401
          ? t('signIn.wrong')
          : err instanceof ApiError && err.status === 400 && err.field === 'email'
            ? t('signIn.badEmail')
            : errorText(t, err);
      setError({ field: err instanceof ApiError && err.status === 400 ? err.field : undefined, message });
      setTimeout(() => errorRef.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="console-signin">
      <PageTitle>{t('signIn.title')}</PageTitle>
      <p className="muted">{t('signIn.intro')}</p>
      {notice ? (
        <p className="console-notice" role="status">
          {notice}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate>
        {error && !error.field ? (
          <p className="console-error" role="alert" tabIndex={-1} ref={errorRef}>
            {error.message}
          </p>
        ) : null}
        <Field label={t('signIn.email')} error={error?.field === 'email' ? error.message : undefined}>
          {(p) => (
            <input
              {...p}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('signIn.password')} error={error?.field === 'password' ? error.message : undefined}>
          {(p) => (
            <input
              {...p}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
