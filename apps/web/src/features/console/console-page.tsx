import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, setCsrfToken } from '../../lib/api.ts';
import { navigate, onLinkClick, useLocation } from '../../lib/router.ts';
import { AccountPage } from './account-page.tsx';
import { AuditPage } from './audit-page.tsx';
import { type ConsoleT, useConsoleT } from './console-i18n.ts';
import { HistoryPage } from './history-page.tsx';
import type { Role, SessionInfo } from './console-types.ts';
import { Loading, SessionContext } from './console-ui.tsx';
import { InstrumentEditor } from './instrument-editor.tsx';
import { InstrumentsPage } from './instruments-page.tsx';
import { ModerationPage } from './moderation-page.tsx';
import { MunicipalitiesPage } from './municipalities-page.tsx';
import { NewRoundPage } from './round-form.tsx';
import { RoundPage } from './round-page.tsx';
import { RoundsPage } from './rounds-page.tsx';
import { SignIn } from './sign-in.tsx';
import { UnitsPage } from './units-page.tsx';
import { UsersPage } from './users-page.tsx';

interface NavItem {
  href: string;
  label: (t: ConsoleT) => string;
  roles: Role[];
}

const ALL: Role[] = ['coordinator', 'municipality_contact', 'steering_group'];

/** The console's sections; each role sees only those it may use. */
const NAV: NavItem[] = [
  { href: '/console', label: (t) => t('nav.rounds'), roles: ALL },
  { href: '/console/moderation', label: (t) => t('nav.moderation'), roles: ['coordinator'] },
  { href: '/console/instruments', label: (t) => t('nav.instruments'), roles: ['coordinator', 'steering_group'] },
  { href: '/console/municipalities', label: (t) => t('nav.municipalities'), roles: ['coordinator', 'steering_group'] },
  { href: '/console/units', label: (t) => t('nav.units'), roles: ALL },
  { href: '/console/history', label: (t) => t('nav.history'), roles: ['coordinator'] },
  { href: '/console/users', label: (t) => t('nav.users'), roles: ['coordinator'] },
  { href: '/console/audit', label: (t) => t('nav.audit'), roles: ['coordinator'] },
  { href: '/console/account', label: (t) => t('nav.account'), roles: ALL },
];

function Route({ path, role }: { path: string; role: Role }) {
  const { t } = useConsoleT();
  const parts = path.replace(/\/+$/, '').split('/').slice(2);
  const [section, id, sub] = parts;
  const coordinator = role === 'coordinator';
  if (!section || section === 'rounds') {
    if (!section || !id) return <RoundsPage />;
    if (id === 'new' && coordinator) return <NewRoundPage />;
    if (/^\d+$/.test(id)) return <RoundPage id={Number(id)} tab={sub} />;
  }
  if (section === 'moderation' && coordinator) return <ModerationPage />;
  if (section === 'instruments' && role !== 'municipality_contact') {
    return id && /^\d+$/.test(id) ? <InstrumentEditor id={Number(id)} /> : <InstrumentsPage />;
  }
  if (section === 'municipalities' && role !== 'municipality_contact') return <MunicipalitiesPage />;
  if (section === 'units') return <UnitsPage />;
  if (section === 'history' && coordinator) return <HistoryPage />;
  if (section === 'users' && coordinator) return <UsersPage />;
  if (section === 'audit' && coordinator) return <AuditPage />;
  if (section === 'account') return <AccountPage />;
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
    </section>
  );
}

export function ConsolePage() {
  const { t } = useConsoleT();
  const { path } = useLocation();
  const [session, setSession] = useState<SessionInfo | null | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const announceTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    api<SessionInfo>('/api/auth/me')
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
      })
      .catch(() => setSession(null));
  }, []);

  const expired = useCallback(() => {
    setCsrfToken(null);
    setSession(null);
    setNotice('expired');
  }, []);
  const announce = useCallback((message: string) => {
    setAnnouncement('');
    clearTimeout(announceTimer.current);
    announceTimer.current = setTimeout(() => {
      setAnnouncement(message);
      announceTimer.current = setTimeout(() => setAnnouncement(''), 6000);
    }, 50);
  }, []);
  const context = useMemo(() => (session ? { session, expired, announce } : null), [session, expired, announce]);

  async function signOut() {
    try {
      await api('/api/auth/sign-out', { method: 'POST' });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
    }
    setCsrfToken(null);
    setSession(null);
    setNotice('signedOut');
    navigate('/console');
  }

  if (session === undefined) return <Loading />;
  if (session === null) {
    return (
      <SignIn
        notice={notice === 'expired' ? t('signIn.expired') : notice === 'signedOut' ? t('signIn.signedOut') : null}
        onSignedIn={(s) => {
          setCsrfToken(s.csrfToken);
          setNotice(null);
          setSession(s);
        }}
      />
    );
  }

  const role = session.user.role;
  const current = NAV.filter((n) => n.roles.includes(role))
    .map((n) => n.href)
    .sort((a, b) => b.length - a.length)
    .find((href) => path === href || path.startsWith(`${href}/`));
  return (
    <SessionContext.Provider value={context}>
      <div className="console">
        <div className="console-bar">
          <nav aria-label={t('nav.label')} className="console-nav">
            <ul>
              {NAV.filter((n) => n.roles.includes(role)).map((n) => (
                <li key={n.href}>
                  <a href={n.href} onClick={onLinkClick} aria-current={current === n.href ? 'page' : undefined}>
                    {n.label(t)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="console-who">
            <span>
              {session.user.name} · {t(`roles.${role}`)}
              {session.user.municipalityCode ? ` (${session.user.municipalityCode})` : ''}
            </span>
            <button type="button" className="secondary" onClick={() => void signOut()}>
              {t('signOut')}
            </button>
          </div>
        </div>
        <div className="console-toast" role="status" aria-live="polite">
          {announcement}
        </div>
        <Route key={path} path={path} role={role} />
      </div>
    </SessionContext.Provider>
  );
}
