import type { ReportRoundDetail, ReportRoundList, ScopeReport } from '@gs/schema';
import { Suspense, lazy, useEffect } from 'react';
import { tr } from '../../lib/i18n.ts';
import { onLinkClick, useLocation } from '../../lib/router.ts';
import { usePrintResize } from './report-charts.tsx';
import { ownMunicipality, useJson, useSession } from './report-data.ts';
import { importedTick } from './imported-note.tsx';
import { formatDate } from './report-format.ts';
import { useReportT } from './report-i18n.ts';
import { FailureLinks, FailureSection, Status, failureText } from './report-status.tsx';
import { type ReportLocation, ReportView } from './report-view.tsx';

// The comparison pages load on their own, so a single report does not download the line charts and tables.
const ComparePage = lazy(() => import('./compare-page.tsx').then((m) => ({ default: m.ComparePage })));
const OverviewPage = lazy(() => import('./overview-page.tsx').then((m) => ({ default: m.OverviewPage })));
const TrendPage = lazy(() => import('./trend-page.tsx').then((m) => ({ default: m.TrendPage })));

type Route =
  | { kind: 'list' }
  | { kind: 'overview' }
  | { kind: 'trends'; family: string }
  | { kind: 'compare'; slug: string }
  | { kind: 'region'; slug: string }
  | { kind: 'municipality'; slug: string; code: string }
  | { kind: 'unit'; slug: string; unitId: string }
  | { kind: 'unknown' };

function parse(path: string): Route {
  const parts = path.replace(/\/+$/, '').split('/').slice(2).map(decodeURIComponent);
  const [slug, a, b] = parts;
  if (!slug) return { kind: 'list' };
  if (slug === 'overview' && a === undefined) return { kind: 'overview' };
  if (slug === 'trends' && a && b === undefined) return { kind: 'trends', family: a };
  if (a === 'compare' && b === undefined) return { kind: 'compare', slug };
  if (a === undefined) return { kind: 'region', slug };
  if (a === 'units' && b && /^\d+$/.test(b)) return { kind: 'unit', slug, unitId: b };
  if (/^\d{3}$/.test(a) && b === undefined) return { kind: 'municipality', slug, code: a };
  return { kind: 'unknown' };
}

function RoundList() {
  const { t, lang } = useReportT();
  const session = useSession();
  const own = ownMunicipality(session);
  const rounds = useJson<ReportRoundList>(session === undefined ? null : '/api/reports/rounds');
  const network = useJson<{ suppressionThreshold: number }>('/api/network');
  useEffect(() => {
    document.title = `${t('results')} – ${t('rounds')}`;
  }, [t]);
  const threshold = network.state === 'ok' ? network.data.suppressionThreshold : 5;
  return (
    <section className="report-list" aria-labelledby="rounds-title">
      <h1 id="rounds-title">{t('results')}</h1>
      <p>{t('roundsIntro', { n: threshold })}</p>
      {rounds.state === 'loading' && <Status text={t('loading')} />}
      {rounds.state === 'error' && <Status text={t('error')} role="alert" />}
      {rounds.state === 'ok' &&
        (rounds.data.rounds.length === 0 ? (
          <p>{t('noRounds')}</p>
        ) : (
          <ul className="report-rounds">
            {rounds.data.rounds.map((r) => (
              <li key={r.slug}>
                <a href={`/reports/${r.slug}${!r.published && own ? `/${own}` : ''}`} onClick={onLinkClick}>
                  <span className="report-round-year">{r.year}</span>{' '}
                  <span className="report-round-name">{tr(r.familyNames, lang)}</span>
                </a>
                <span className="report-round-meta">
                  {r.published
                    ? t('published', { date: formatDate(r.published.publishedAt, lang) })
                    : `${r.status === 'open' ? t('open') : t('closed')} · ${t('notPublished')}`}
                  {r.imported ? ` ${importedTick(lang)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function ScopePage({
  route,
  search,
}: {
  route: Extract<Route, { kind: 'region' | 'municipality' | 'unit' }>;
  search: string;
}) {
  const { t, lang } = useReportT();
  const session = useSession();
  const query = new URLSearchParams(search);
  const loc: ReportLocation = { slug: route.slug, query };
  const q = new URLSearchParams();
  for (const k of ['source', 'version']) {
    const v = query.get(k);
    if (v) q.set(k, v);
  }
  if (route.kind === 'region' || route.kind === 'municipality') {
    for (const k of ['group', 'language']) {
      const v = query.get(k);
      if (v) q.set(k, v);
    }
  }
  const base = `/api/reports/rounds/${encodeURIComponent(route.slug)}`;
  const scopePath =
    route.kind === 'region'
      ? '/region'
      : route.kind === 'municipality'
        ? `/municipalities/${route.code}`
        : `/units/${route.unitId}`;
  const ready = session !== undefined;
  // The session decides what the server sends (units, live figures): wait for it, then ask once.
  const detail = useJson<ReportRoundDetail>(ready ? base : null);
  const report = useJson<ScopeReport>(ready ? `${base}${scopePath}${q.toString() ? `?${q}` : ''}` : null);
  useEffect(() => {
    if (report.state === 'ok') {
      const r = report.data;
      document.title = `${tr(r.scope.names, lang)} – ${tr(r.round.title, lang)} ${r.round.year}`;
    }
  }, [report, lang]);
  if (!ready || report.state === 'loading' || detail.state === 'loading') return <Status text={t('loading')} />;
  const failed = report.state === 'error' ? report : detail.state === 'error' ? detail : null;
  if (failed) {
    const own = ownMunicipality(session);
    const split = failed.state === 'error' && failed.error.status === 403 ? failed.error.field : undefined;
    const toOwn = failed.state === 'error' && failed.error.status === 403 && own && split === undefined;
    // A contact's live figures by group or language: the same page without that filter, or published.
    const without = (key: string) => {
      const next = new URLSearchParams(search);
      next.delete(key);
      return `/reports/${route.slug}/${route.kind === 'municipality' ? route.code : ''}${next.size ? `?${next}` : ''}`;
    };
    const splitLinks =
      route.kind === 'municipality' && (split === 'group' || split === 'language')
        ? [
            { href: without(split), text: t('liveWhole') },
            { href: without('source'), text: t('sourcePublished') },
          ]
        : [];
    return (
      <FailureSection id="report-failure" title={t('results')} text={failureText(failed, t, session !== null)}>
        <FailureLinks
          links={[
            toOwn ? { href: `/reports/${route.slug}/${own}${search}`, text: t('ownMunicipality') } : null,
            ...splitLinks,
          ]}
          t={t}
        />
      </FailureSection>
    );
  }
  if (report.state !== 'ok' || detail.state !== 'ok') return <Status text={t('loading')} />;
  return <ReportView report={report.data} detail={detail.data} loc={loc} />;
}

/** Published results for everybody, live figures and units for signed-in roles that may see them. */
export function ReportsPage() {
  const { path, search } = useLocation();
  const { t } = useReportT();
  usePrintResize();
  const route = parse(path);
  if (route.kind === 'list') return <RoundList />;
  if (route.kind === 'overview' || route.kind === 'trends' || route.kind === 'compare') {
    return (
      <Suspense fallback={<Status text={t('loading')} />}>
        {route.kind === 'overview' && <OverviewPage />}
        {route.kind === 'trends' && <TrendPage key={route.family} family={route.family} search={search} />}
        {route.kind === 'compare' && <ComparePage key={route.slug} slug={route.slug} search={search} />}
      </Suspense>
    );
  }
  if (route.kind === 'unknown') {
    return (
      <FailureSection id="report-failure" title={t('results')} text={t('notFound')}>
        <a href="/reports" onClick={onLinkClick}>
          {t('allRounds')}
        </a>
      </FailureSection>
    );
  }
  return <ScopePage key={`${path}${search}`} route={route} search={search} />;
}
