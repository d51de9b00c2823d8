import type { Overview, OverviewFamily } from '@gs/schema';
import { useEffect } from 'react';
import { type Lang, tr } from '../../lib/i18n.ts';
import { onLinkClick } from '../../lib/router.ts';
import { useJson, useSession } from './report-data.ts';
import { formatChange, formatNumber, formatP } from './report-format.ts';
import type { ReportT } from './report-i18n.ts';
import { Status } from './report-status.tsx';
import { changeText } from './trend-format.ts';
import { type TrendT, useTrendT } from './trend-i18n.ts';
import { trendHref } from './trend-url.ts';

function roundLine(f: OverviewFamily, t: TrendT, r: ReportT) {
  if (f.round.source === 'published') return t('published');
  return `${f.round.status === 'open' ? r('open') : r('closed')} · ${r('liveBadge')}`;
}

function Moved({ f, t, lang }: { f: OverviewFamily; t: TrendT; lang: Lang }) {
  if (!f.previous) return <p className="overview-empty">{t('noPrevious')}</p>;
  if (f.moved.length === 0) return <p className="overview-empty">{t('noChanges')}</p>;
  return (
    <ul className="overview-list">
      {f.moved.map((m) => {
        const c = changeText(m.change, t, lang);
        return (
          <li key={m.key}>
            <span className="overview-section">{tr(m.section, lang)}</span>
            <a href={trendHref(f.family, { scope: 'region', view: 'item', item: m.key })} onClick={onLinkClick}>
              {tr(m.text, lang)}
            </a>
            <span className="overview-figures">
              {formatNumber(m.before, lang)} → {formatNumber(m.now, lang)}{' '}
              <strong className={m.change.diff > 0 ? 'trend-up' : 'trend-down'}>{c.text}</strong> (
              {formatP(m.change.p, lang)})
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function Distant({ f, t, lang }: { f: OverviewFamily; t: TrendT; lang: Lang }) {
  if (f.distant.length === 0) return <p className="overview-empty">{t('noDistant')}</p>;
  const compare = `/reports/${encodeURIComponent(f.round.slug)}/compare`;
  return (
    <ul className="overview-list">
      {f.distant.map((d) => {
        const name = tr(d.names, lang);
        const scope = `municipality:${d.code}`;
        return (
          <li key={d.code}>
            <a
              className="overview-name"
              href={trendHref(f.family, { scope, view: 'item', item: d.largest?.key ?? null })}
              onClick={onLinkClick}
              aria-label={t('trendOf', { name })}
            >
              {name}
            </a>
            <span className="overview-figures">
              {t('aboveBelow', { above: d.above, below: d.below, compared: d.compared })}
            </span>
            {d.largest && (
              <span className="overview-largest">
                {t('largest', { item: tr(d.largest.text, lang), d: formatChange(d.largest.diff, lang) })}
              </span>
            )}
            <a className="overview-compare" href={compare} onClick={onLinkClick}>
              {t('compareAria', { y: f.round.year })}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

function FamilyCard({ f, t, r, lang }: { f: OverviewFamily; t: TrendT; r: ReportT; lang: Lang }) {
  const id = `overview-${f.family}`;
  const compare = `/reports/${encodeURIComponent(f.round.slug)}/compare`;
  return (
    <section className="overview-card" aria-labelledby={id}>
      <h2 id={id}>{tr(f.familyNames, lang)}</h2>
      <p className="overview-round">
        <a href={`/reports/${encodeURIComponent(f.round.slug)}`} onClick={onLinkClick}>
          {t('latest', { y: f.round.year })}
        </a>{' '}
        <span className={f.round.source === 'live' ? 'report-live' : 'overview-published'}>{roundLine(f, t, r)}</span>
      </p>
      {f.previous && <h3>{t('clearChanges', { y: f.previous.year })}</h3>}
      <Moved f={f} t={t} lang={lang} />
      <h3>{t('distant')}</h3>
      <Distant f={f} t={t} lang={lang} />
      <ul className="overview-links">
        <li>
          <a href={compare} onClick={onLinkClick}>
            {t('compareMunicipalities')}
          </a>
        </li>
        <li>
          <a href={trendHref(f.family, { scope: 'region' })} onClick={onLinkClick}>
            {t('trends')}
          </a>
        </li>
      </ul>
    </section>
  );
}

/** The steering group's overview: per family, what moved since the previous round and which municipalities stand out. */
export function OverviewPage() {
  const { t, r, lang } = useTrendT();
  const session = useSession();
  const overview = useJson<Overview>(session ? '/api/reports/overview' : null);
  useEffect(() => {
    document.title = `${t('overview')} – ${r('results')}`;
  }, [t, r]);
  const signedOut = session === null || (overview.state === 'error' && overview.error.status === 401);
  return (
    <article className="overview-page" aria-labelledby="overview-title">
      <header className="report-header">
        <p className="report-kicker">{r('results')}</p>
        <h1 id="overview-title">{t('overview')}</h1>
      </header>
      {signedOut ? (
        <>
          <p className="report-status">{t('overviewSignIn')}</p>
          <p>
            <a href="/console" onClick={onLinkClick}>
              {t('signIn')}
            </a>
          </p>
        </>
      ) : session === undefined || overview.state === 'loading' ? (
        <Status text={r('loading')} />
      ) : overview.state === 'error' ? (
        <Status text={overview.error.status === 403 ? r('forbidden') : r('error')} role="alert" />
      ) : (
        <>
          <p>{t('overviewIntro')}</p>
          <p className="overview-clear">{t('clearMeans')}</p>
          <div className="overview-cards">
            {overview.data.families.map((f) => (
              <FamilyCard key={f.family} f={f} t={t} r={r} lang={lang} />
            ))}
          </div>
        </>
      )}
    </article>
  );
}
