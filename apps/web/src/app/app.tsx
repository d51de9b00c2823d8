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

const NAV = {
  reports: { fi: 'Tulokset', sv: 'Resultat', en: 'Results' },
  console: { fi: 'Hallinta', sv: 'Administration', en: 'Console' },
  skip: { fi: 'Siirry sisältöön', sv: 'Hoppa till innehållet', en: 'Skip to content' },
  lang: { fi: 'Kieli', sv: 'Språk', en: 'Language' },
  loading: { fi: 'Ladataan…', sv: 'Laddar…', en: 'Loading…' },
  title: {
    fi: 'Päijät-Hämeen huoltajakysely',
    sv: 'Vårdnadshavarenkäten i Päijänne-Tavastland',
    en: 'Päijät-Häme guardian survey',
  },
} as const;

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

  let page: React.ReactNode;
  if (path.startsWith('/console')) page = <ConsolePage />;
  else if (path.startsWith('/reports')) page = <ReportsPage />;
  else page = <Home />;

  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <a className="skip-link" href="#main">
        {NAV.skip[lang]}
      </a>
      <header className="site-header">
        <a href="/" onClick={onLinkClick} className="brand">
          {NAV.title[lang]}
        </a>
        <nav aria-label={NAV.title[lang]}>
          <a href="/reports" onClick={onLinkClick} aria-current={path.startsWith('/reports') ? 'page' : undefined}>
            {NAV.reports[lang]}
          </a>
          <a href="/console" onClick={onLinkClick} aria-current={path.startsWith('/console') ? 'page' : undefined}>
            {NAV.console[lang]}
          </a>
        </nav>
        <label className="lang-select">
          <span>{NAV.lang[lang]}</span>
          <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {l === 'fi' ? 'suomi' : l === 'sv' ? 'svenska' : 'English'}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p aria-live="polite">{NAV.loading[lang]}</p>}>{page}</Suspense>
      </main>
    </LangContext.Provider>
  );
}
