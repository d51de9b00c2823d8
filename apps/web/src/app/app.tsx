import { createTranslator } from '@gs/messages';
import { app } from '@gs/messages/app';
import { Suspense, lazy, useEffect, useState } from 'react';
import { LANGS, type Lang, LangContext, initialLang } from '../lib/i18n.ts';
import { onLinkClick, useLocation } from '../lib/router.ts';
import { Home } from './home.tsx';

const ConsolePage = lazy(() =>
  import('../features/console/console-page.tsx').then((m) => ({ default: m.ConsolePage })),
);
const ReportsPage = lazy(() =>
  import('../features/reports/reports-page.tsx').then((m) => ({ default: m.ReportsPage })),
);

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const { path } = useLocation();
  const setLang = (l: Lang) => {
    localStorage.setItem('lang', l);
    setLangState(l);
  };
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const { t } = createTranslator(app, lang);
  let page: React.ReactNode;
  if (path.startsWith('/console')) page = <ConsolePage />;
  else if (path.startsWith('/reports')) page = <ReportsPage />;
  else page = <Home />;

  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <a className="skip-link" href="#main">
        {t('skip')}
      </a>
      <header className="site-header">
        <a href="/" onClick={onLinkClick} className="brand">
          {t('title')}
        </a>
        <nav aria-label={t('title')}>
          <a href="/reports" onClick={onLinkClick} aria-current={path.startsWith('/reports') ? 'page' : undefined}>
            {t('reports')}
          </a>
          <a href="/console" onClick={onLinkClick} aria-current={path.startsWith('/console') ? 'page' : undefined}>
            {t('console')}
          </a>
        </nav>
        <label className="lang-select">
          <span>{t('language')}</span>
          <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {createTranslator(app, l).t('languageName')}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p aria-live="polite">{t('loading')}</p>}>{page}</Suspense>
      </main>
    </LangContext.Provider>
  );
}
