import type { Compare, ReportRoundDetail, SessionInfo } from '@gs/schema';
import { useEffect, useId } from 'react';
import { type Lang, tr } from '../../lib/i18n.ts';
import { navigate, onLinkClick, replaceLocation } from '../../lib/router.ts';
import { type CompareT, useCompareT } from './compare-i18n.ts';
import type { Measure } from './compare-scale.ts';
import { CompareLegend, CompareTable } from './compare-table.tsx';
import { type CompareState, compareApiSearch, compareSearch, parseCompareSearch } from './compare-url.ts';
import {
  Downloads,
  GroupSelect,
  PrintButton,
  SelectControl,
  SourceLine,
  SourceLinks,
  VersionSelect,
  sourceText,
} from './report-controls.tsx';
import { type Loaded, ownMunicipality, useJson, useSession } from './report-data.ts';
import { type ReportT, useReportT } from './report-i18n.ts';
import { FailureLinks, FailureSection, Status, failureText } from './report-status.tsx';
import { ImportedRoundNote } from './imported-note.tsx';
import { trendHref } from './trend-url.ts';
import {
  NO_UNIT_FILTER,
  type UnitFilterT,
  UnitFilterSelects,
  languageText,
  unitFilterText,
  useUnitFilterT,
} from './unit-filter.tsx';

/** Why the table is not there, and where the reader can go instead. */
function Failure({
  loaded,
  state,
  slug,
  session,
  t,
  c,
}: {
  loaded: Loaded<unknown>;
  state: CompareState;
  slug: string;
  session: SessionInfo | null;
  t: ReportT;
  c: CompareT;
}) {
  const status = loaded.state === 'error' ? loaded.error.status : 0;
  const filtered =
    state.group !== null ||
    state.kind !== null ||
    state.provider !== null ||
    state.language !== null ||
    state.level === 'units';
  const own = ownMunicipality(session);
  const plain = `/reports/${slug}/compare${compareSearch({ ...state, level: 'municipalities', municipality: null, group: null, ...NO_UNIT_FILTER, sort: null })}`;
  const ownUnits = own
    ? `/reports/${slug}/compare${compareSearch({ ...state, level: 'units', municipality: own, group: null, sort: null })}`
    : null;
  return (
    <div className="report-status">
      <p role="alert">{status === 401 && filtered ? c('signInNeeded') : failureText(loaded, t, session !== null)}</p>
      <FailureLinks
        links={[
          status === 401 && filtered ? { href: plain, text: c('plainView') } : null,
          status === 403 && ownUnits && !(state.level === 'units' && state.municipality === own)
            ? { href: ownUnits, text: c('ownUnits') }
            : null,
        ]}
        t={t}
      />
    </div>
  );
}

/** The municipality whose units a reader sees first: a contact's own, else the first they may see. */
function defaultMunicipality(detail: ReportRoundDetail, session: SessionInfo | null): string | null {
  const own = ownMunicipality(session);
  if (own && detail.unitsVisibleFor.includes(own)) return own;
  return detail.unitsVisibleFor[0] ?? null;
}

/** The query of a link: the given values, colons left readable. */
function queryOf(values: Record<string, string | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) q.set(k, v);
  const s = q.toString().replaceAll('%3A', ':');
  return s ? `?${s}` : '';
}

/** The source and version a link to a report keeps. */
function keepOf(state: CompareState) {
  return {
    source: state.source,
    version: state.version !== null && state.source !== 'live' ? String(state.version) : null,
  };
}

/** Each municipality's or unit's report (same source, version and group) and its trends. */
function columnLinks(compare: Compare, state: CompareState, slug: string) {
  const keep = keepOf(state);
  const group = compare.group?.key ?? null;
  const trend = (scope: string) =>
    trendHref(compare.round.family, {
      scope,
      group,
      ...(scope.startsWith('unit:') ? {} : { kind: state.kind, provider: state.provider, language: state.language }),
    });
  return compare.columns.flatMap((col) => {
    if (col.kind === 'region' || (col.kind === 'municipality' && compare.level === 'units')) return [];
    if (col.kind === 'municipality') {
      return [
        {
          key: col.scope,
          names: col.names,
          report: `/reports/${slug}/${col.code}${queryOf({ ...keep, group })}`,
          trend: trend(`municipality:${col.code}`),
        },
      ];
    }
    const unit = col.scope.replace(/^unit:/, '');
    return [
      {
        key: col.scope,
        names: col.names,
        report: `/reports/${slug}/units/${unit}${queryOf(keep)}`,
        trend: trend(col.scope),
      },
    ];
  });
}

function Controls({
  state,
  detail,
  compare,
  signedIn,
  go,
  t,
  c,
  u,
  lang,
}: {
  state: CompareState;
  detail: ReportRoundDetail;
  compare: Compare | null;
  signedIn: boolean;
  go: (next: Partial<CompareState>, replace?: boolean) => void;
  t: ReportT;
  c: CompareT;
  u: UnitFilterT;
  lang: Lang;
}) {
  const id = useId();
  // An imported round's file has no split by unit kind, provider or answer language.
  const may = (f: string) => !detail.round.imported && (signedIn || (detail.filters ?? []).includes(f));
  const unitFilters = {
    kind: may('kind'),
    provider: may('provider'),
    language: may('language') && state.level === 'municipalities',
  };
  const unitsFor = detail.municipalities.filter((m) => detail.unitsVisibleFor.includes(m.code));
  const source = compare?.source.kind ?? (state.source === 'live' ? 'live' : 'published');
  const exportHref = (format: 'csv' | 'xlsx', measure: Measure) => {
    if (!compare) return '#';
    const q = new URLSearchParams({ level: compare.level });
    if (compare.parent) q.set('municipality', compare.parent.code);
    if (compare.group) q.set('group', compare.group.key);
    if (compare.filter?.kind) q.set('kind', compare.filter.kind);
    if (compare.filter?.provider) q.set('provider', compare.filter.provider);
    if (compare.language) q.set('language', compare.language);
    if (compare.source.kind === 'live') q.set('source', 'live');
    else q.set('version', String(compare.source.version));
    q.set('format', format);
    q.set('lang', lang);
    q.set('measure', measure);
    // Finnish and Swedish spreadsheets read a decimal comma and split CSV on semicolons.
    if (format === 'csv') q.set('delimiter', lang === 'en' ? 'comma' : 'semicolon');
    return `/api/reports/rounds/${compare.round.slug}/compare/export?${q}`;
  };
  return (
    <div className="report-controls compare-controls no-print">
      <fieldset className="report-control compare-radios">
        <legend>{c('measure')}</legend>
        {(['mean', 'agree'] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name={`${id}-measure`}
              value={m}
              checked={state.measure === m}
              onChange={() => go({ measure: m }, true)}
            />{' '}
            {m === 'mean' ? c('measureMean') : c('measureAgree')}
          </label>
        ))}
      </fieldset>
      {signedIn && unitsFor.length > 0 && (
        <fieldset className="report-control compare-radios">
          <legend>{c('level')}</legend>
          <label>
            <input
              type="radio"
              name={`${id}-level`}
              checked={state.level === 'municipalities'}
              onChange={() => go({ level: 'municipalities', municipality: null })}
            />{' '}
            {c('levelMunicipalities')}
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-level`}
              checked={state.level === 'units'}
              onChange={() => go({ level: 'units', group: null, language: null, sort: null })}
            />{' '}
            {c('levelUnits')}
          </label>
        </fieldset>
      )}
      {signedIn && state.level === 'units' && unitsFor.length > 0 && (
        <SelectControl
          label={c('municipality')}
          value={state.municipality ?? ''}
          onChange={(m) => go({ municipality: m, sort: null })}
        >
          {unitsFor.map((m) => (
            <option key={m.code} value={m.code}>
              {tr(m.names, lang)}
            </option>
          ))}
        </SelectControl>
      )}
      {signedIn && state.level === 'municipalities' && detail.groups.length > 0 && (
        <GroupSelect
          groups={detail.groups}
          value={state.group}
          onChange={(g) => go({ group: g, sort: null })}
          t={t}
          lang={lang}
        />
      )}
      {(unitFilters.kind || unitFilters.provider || unitFilters.language) && (
        <UnitFilterSelects
          kinds={detail.unitKinds ?? []}
          languages={compare?.languages ?? detail.languages ?? []}
          value={{ kind: state.kind, provider: state.provider, language: state.language }}
          onChange={(f) => go({ ...f, sort: null })}
          u={u}
          show={unitFilters}
        />
      )}
      {detail.versions.length > 0 && detail.live && (
        <SourceLinks
          current={source}
          publishedHref={`/reports/${detail.round.slug}/compare${compareSearch({ ...state, source: null })}`}
          liveHref={`/reports/${detail.round.slug}/compare${compareSearch({ ...state, source: 'live', version: null })}`}
          t={t}
        />
      )}
      {compare?.source.kind === 'published' && detail.versions.length > 1 && (
        <VersionSelect
          versions={detail.versions}
          value={compare.source.version}
          onChange={(v) => go({ version: Number(v), source: null })}
          t={t}
          lang={lang}
        />
      )}
      {compare && (
        <Downloads
          links={[
            { href: exportHref('csv', 'mean'), text: c('csvMean') },
            { href: exportHref('csv', 'agree'), text: c('csvAgree') },
            { href: exportHref('xlsx', state.measure), text: c('xlsx') },
          ]}
          t={t}
        />
      )}
      <PrintButton t={t} />
    </div>
  );
}

function SortBar({
  compare,
  state,
  go,
  t,
  c,
  lang,
}: {
  compare: Compare;
  state: CompareState;
  go: (next: Partial<CompareState>, replace?: boolean) => void;
  t: ReportT;
  c: CompareT;
  lang: Lang;
}) {
  const col = state.sort
    ? compare.columns.find((x) => x.scope === state.sort?.scope || x.scope.startsWith(`${state.sort?.scope}/`))
    : null;
  const regionSorted = state.sort?.scope === 'region' ? compare.columns[0] : null;
  const sorted = col ?? regionSorted;
  const name = sorted ? (sorted.kind === 'region' ? t('region') : tr(sorted.names, lang)) : null;
  return (
    <div className="compare-sortbar">
      <p role="status">
        {state.sort && name ? (
          c('sortedBy', { name, dir: state.sort.dir === 'asc' ? c('asc') : c('desc') })
        ) : (
          <span className="no-print">
            {c('sortHint')} {c('scrollHint')}
          </span>
        )}
      </p>
      <button
        type="button"
        className="secondary no-print"
        aria-disabled={state.sort ? undefined : 'true'}
        onClick={() => {
          if (state.sort) go({ sort: null }, true);
        }}
      >
        {c('themeOrder')}
      </button>
    </div>
  );
}

/** One round side by side: every municipality (or one municipality's units) against the region, item by item. */
export function ComparePage({ slug, search }: { slug: string; search: string }) {
  const { t, lang } = useReportT();
  const { c } = useCompareT();
  const { u } = useUnitFilterT();
  const session = useSession();
  const state = parseCompareSearch(search);
  const ready = session !== undefined;
  const base = `/api/reports/rounds/${encodeURIComponent(slug)}`;
  const detail = useJson<ReportRoundDetail>(ready ? base : null);
  const waiting = state.level === 'units' && !state.municipality;
  const compare = useJson<Compare>(ready && !waiting ? `${base}/compare${compareApiSearch(state)}` : null);

  const go = (next: Partial<CompareState>, replace = false) => {
    const to = `/reports/${slug}/compare${compareSearch({ ...state, ...next })}`;
    if (replace) replaceLocation(to);
    else navigate(to);
  };

  // A units view without a municipality (a link, or the level switch): fill in the reader's first one.
  const fallback = detail.state === 'ok' && waiting ? defaultMunicipality(detail.data, session ?? null) : null;
  useEffect(() => {
    if (!fallback) return;
    replaceLocation(
      `/reports/${slug}/compare${compareSearch({ ...parseCompareSearch(search), municipality: fallback })}`,
    );
  }, [fallback, slug, search]);

  const round = detail.state === 'ok' ? detail.data.round : compare.state === 'ok' ? compare.data.round : null;
  const data = compare.state === 'ok' ? compare.data : null;
  const roundName = round ? `${tr(round.title, lang)} ${round.year}` : '';
  const title =
    state.level === 'units'
      ? c('titleUnits', {
          m: data?.parent
            ? tr(data.parent.names, lang)
            : (detail.state === 'ok' &&
                tr(detail.data.municipalities.find((m) => m.code === state.municipality)?.names, lang)) ||
              '',
        })
      : c('titleMunicipalities');
  useEffect(() => {
    if (round) document.title = `${title} – ${roundName}`;
  }, [round, title, roundName]);

  if (!ready || detail.state === 'loading') {
    return <p className="report-status">{t('loading')}</p>;
  }
  const signedIn = session !== null;
  if (detail.state === 'error') {
    return (
      <FailureSection id="compare-failure" title={c('titleMunicipalities')} text={failureText(detail, t, signedIn)}>
        <a href="/reports" onClick={onLinkClick}>
          {t('allRounds')}
        </a>
      </FailureSection>
    );
  }
  const d = detail.data;
  const sourceLine = data ? sourceText(data.source, t, lang) : '';
  const links = data ? columnLinks(data, state, slug) : [];
  const regionTrend = trendHref(d.round.family, {
    scope: 'region',
    group: data?.group?.key ?? null,
    kind: state.kind,
    provider: state.provider,
    language: state.language,
  });
  const filterText = data?.filter ? unitFilterText(data.filter, u) : '';
  const languageLine = languageText(data?.language, u);
  // Columns the filter cannot be shown for; when it is every one, the page says so instead of a table of dashes.
  const withheld = new Set(data?.filterWithheld ?? []);
  const allWithheld =
    data !== null &&
    withheld.size > 0 &&
    !data.sections.some((sec) => sec.items.some((i) => i.cells.some((x) => !x.suppressed)));
  const withheldNames = data
    ? data.columns
        .filter((col) => withheld.has(col.scope))
        .map((col) => (col.kind === 'region' ? t('region') : tr(col.names, lang)))
    : [];

  return (
    <article className="report compare" aria-labelledby="compare-title">
      <nav aria-label={t('breadcrumb')} className="report-breadcrumb no-print">
        <ol>
          <li>
            <a href="/reports" onClick={onLinkClick}>
              {t('results')}
            </a>
          </li>
          <li>
            <a href={`/reports/${slug}`} onClick={onLinkClick}>
              {d.round.year} {tr(d.round.familyNames, lang)}
            </a>
          </li>
          <li>
            <span aria-current="page">{c('pageTitle')}</span>
          </li>
        </ol>
      </nav>
      <header className="report-header">
        <p className="report-kicker">{roundName}</p>
        <h1 id="compare-title">{title}</h1>
        {data?.group && <p className="report-group-line">{t('groupLine', { g: tr(data.group.label, lang) })}</p>}
        {filterText && <p className="report-group-line">{u.t('line', { f: filterText })}</p>}
        {languageLine && <p className="report-group-line">{languageLine}</p>}
        {data && <SourceLine source={data.source} text={sourceLine} t={t} />}
        <ImportedRoundNote imported={d?.round.imported} lang={lang} />
      </header>
      <Controls state={state} detail={d} compare={data} signedIn={signedIn} go={go} t={t} c={c} u={u} lang={lang} />
      {waiting && !fallback && <Status text={signedIn ? c('noUnits') : c('signInNeeded')} role="alert" />}
      {compare.state === 'loading' && !(waiting && !fallback) && <Status text={t('loading')} />}
      {compare.state === 'error' && (
        <Failure loaded={compare} state={state} slug={slug} session={session ?? null} t={t} c={c} />
      )}
      {data && allWithheld && <Status text={data.language || data.group ? u.t('withheldFine') : u.t('withheldAll')} />}
      {data && !allWithheld && withheldNames.length > 0 && (
        <p className="report-note" role="status">
          {u.t('withheldSome', { list: withheldNames.join(', ') })}
        </p>
      )}
      {data && !allWithheld && (data.filterRegionWithout ?? []).length > 0 && (
        <p className="report-note">
          {u.t('regionWithout', {
            list: (data.filterRegionWithout ?? [])
              .map((code) => tr(d.municipalities.find((m) => m.code === code)?.names, lang) || code)
              .join(', '),
          })}
        </p>
      )}
      {data && !allWithheld && (
        <>
          {filterText && <p className="report-note">{u.t('noUnitsNote')}</p>}
          <CompareLegend compare={data} measure={state.measure} t={t} c={c} lang={lang} />
          <SortBar compare={data} state={state} go={go} t={t} c={c} lang={lang} />
          <CompareTable
            compare={data}
            measure={state.measure}
            sort={state.sort}
            onSort={(sort) => go({ sort }, true)}
            t={t}
            c={c}
            lang={lang}
          />
          <section className="compare-links no-print" aria-labelledby="compare-links-title">
            <h2 id="compare-links-title">{data.level === 'units' ? c('linksUnits') : c('linksMunicipalities')}</h2>
            <ul className="compare-links-main">
              <li>
                <a
                  href={
                    data.level === 'units' && data.parent
                      ? `/reports/${slug}/${data.parent.code}${queryOf(keepOf(state))}`
                      : `/reports/${slug}${queryOf({ ...keepOf(state), group: data.group?.key ?? null })}`
                  }
                  onClick={onLinkClick}
                >
                  {data.level === 'units' && data.parent ? tr(data.parent.names, lang) : c('regionReport')}
                </a>
              </li>
              <li>
                <a
                  href={
                    data.level === 'units' && data.parent
                      ? trendHref(d.round.family, { scope: `municipality:${data.parent.code}` })
                      : regionTrend
                  }
                  onClick={onLinkClick}
                >
                  {data.level === 'units' && data.parent
                    ? `${tr(data.parent.names, lang)}: ${c('trend')}`
                    : c('regionTrend')}
                </a>
              </li>
            </ul>
            <ul className="compare-links-list">
              {links.map((l) => (
                <li key={l.key}>
                  <span className="compare-link-name">{tr(l.names, lang)}</span>{' '}
                  <a href={l.report} onClick={onLinkClick}>
                    {c('report')}
                    <span className="visually-hidden"> {tr(l.names, lang)}</span>
                  </a>{' '}
                  ·{' '}
                  <a href={l.trend} onClick={onLinkClick}>
                    {c('trend')}
                    <span className="visually-hidden"> {tr(l.names, lang)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <footer className="report-footer">
            <p>{t('thresholdNote', { n: data.threshold })}</p>
            <p className="print-only">
              {roundName} · {title} · {sourceLine}
            </p>
          </footer>
        </>
      )}
    </article>
  );
}
