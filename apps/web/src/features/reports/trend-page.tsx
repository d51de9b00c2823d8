import type { ScopeReport, Trend, TrendItem, TrendRound } from '@gs/schema';
import { useEffect, useId } from 'react';
import { ApiError } from '../../lib/api.ts';
import { type Lang, tr } from '../../lib/i18n.ts';
import { onLinkClick, replaceLocation } from '../../lib/router.ts';
import { GroupSelect, SelectControl } from './report-controls.tsx';
import { NO_UNIT_FILTER, UnitFilterSelects, languageName, unitFilterText, useUnitFilterT } from './unit-filter.tsx';
import { useJson, useSession } from './report-data.ts';
import { formatNumber } from './report-format.ts';
import type { ReportT } from './report-i18n.ts';
import { ImportedRoundsNote, importedTick } from './imported-note.tsx';
import { FailureLinks, Status } from './report-status.tsx';
import {
  ChangedIcon,
  LINE_COLOURS,
  POINT_STYLES,
  SeriesIcon,
  TrendChart,
  type TrendSeries,
  WhiskerIcon,
} from './trend-chart.tsx';
import { useJsonKeepingLast } from './trend-data.ts';
import { changeText } from './trend-format.ts';
import { type TrendT, useTrendT } from './trend-i18n.ts';
import { TrendTable, baseOf } from './trend-table.tsx';
import { type TrendParams, parseTrendParams, trendHref } from './trend-url.ts';

const FAMILIES = ['ecec', 'basic'] as const;
type Family = (typeof FAMILIES)[number];
const isFamily = (f: string): f is Family => (FAMILIES as readonly string[]).includes(f);

type Section = Trend['sections'][number];

/**
 * The view the URL asks for, made whole against what the trend has: an unknown key falls back to
 * the first; in a theme view the item (for switching back) is the theme's first unless one of it was asked.
 */
function resolve(trend: Trend, params: TrendParams): { item: TrendItem | null; theme: Section | null } {
  const items = trend.sections.flatMap((s) => s.items);
  const asked = items.find((i) => i.key === params.item);
  const sectionOf = (key: string) => trend.sections.find((s) => s.items.some((i) => i.key === key));
  if (params.view === 'theme') {
    const theme =
      trend.sections.find((s) => s.key === params.theme) ??
      (asked && sectionOf(asked.key)) ??
      trend.sections[0] ??
      null;
    return { item: theme?.items.find((i) => i.key === params.item) ?? theme?.items[0] ?? null, theme };
  }
  const item = asked ?? items[0] ?? null;
  return { item, theme: (item && sectionOf(item.key)) ?? trend.sections[0] ?? null };
}

/**
 * The y axis: fitted to the means and their intervals, but never narrower than one scale point
 * (two on the grade) so chance wobble does not fill the chart, and never outside the scale.
 */
function rangeOf(items: readonly TrendItem[]) {
  const grade = items.some((i) => i.type === 'grade');
  const statement = items.some((i) => i.type === 'statement');
  const [floor, ceiling] = grade && statement ? [1, 10] : grade ? [4, 10] : [1, 5];
  const text = `${floor}–${ceiling}`;
  const values = items.flatMap((i) =>
    i.points.flatMap((p) => (p && !p.suppressed ? [p.mean, p.interval?.lo ?? p.mean, p.interval?.hi ?? p.mean] : [])),
  );
  if (values.length === 0) return { min: floor, max: ceiling, step: grade ? 1 : 0.5, text };
  const grain = grade ? 0.5 : 0.25;
  const minSpan = grade ? 2 : 1;
  let min = Math.max(floor, Math.floor(Math.min(...values) / grain) * grain);
  let max = Math.min(ceiling, Math.ceil(Math.max(...values) / grain) * grain);
  while (max - min < minSpan) {
    if (min > floor) min -= grain;
    if (max - min < minSpan && max < ceiling) max += grain;
  }
  const span = max - min;
  const step = span <= 1.5 ? 0.25 : span <= 3 ? 0.5 : 1;
  return { min, max, step: grade && step < 0.5 ? 0.5 : step, text };
}

function yearsText(years: number[], lang: Lang) {
  return new Intl.ListFormat(lang === 'en' ? 'en-GB' : `${lang}-FI`, { type: 'conjunction' }).format(years.map(String));
}

/** An item's text without its full stop, to go before a colon. */
const bare = (text: string) => text.replace(/\.$/, '');

/** Why a line breaks or a point is missing, in words under the chart. */
function breakNotes(series: readonly TrendSeries[], trend: Trend, t: TrendT, lang: Lang, prefix: boolean) {
  const notes: { key: string; text: string }[] = [];
  for (const s of series) {
    const lead = prefix ? `${bare(s.label)}: ` : '';
    const hidden: number[] = [];
    trend.rounds.forEach((round, i) => {
      const p = s.item.points[i];
      if (p?.suppressed) hidden.push(round.year);
      if (s.item.links[i] === 'changed') {
        notes.push({ key: `${s.item.key}-c${i}`, text: lead + t('breakChanged', { y: round.year }) });
      }
      if (s.item.links[i] === 'gap') {
        const base = baseOf(s.item, i) ?? -1;
        const missing = trend.rounds.slice(base + 1, i).map((x) => x.year);
        if (missing.length > 0) {
          notes.push({
            key: `${s.item.key}-g${i}`,
            text: lead + t('breakGap', { years: yearsText(missing, lang) }),
          });
        }
      }
    });
    if (hidden.length > 0) {
      notes.push({
        key: `${s.item.key}-h`,
        text: lead + t('breakHidden', { years: yearsText(hidden, lang), n: trend.threshold }),
      });
    }
  }
  return notes;
}

/** The chart's text alternative in one line: each item's means by year, and clear changes. */
function summaryOf(series: readonly TrendSeries[], trend: Trend, scopeName: string, t: TrendT, r: ReportT, lang: Lang) {
  const fewer = r('fewer', { n: trend.threshold });
  const lines = series.map((s) => {
    const points = trend.rounds.flatMap((round, i) => {
      const p = s.item.points[i];
      if (p === null || p === undefined) return [];
      if (p.suppressed) return [`${round.year}: ${fewer}`];
      const change = s.item.changes[i];
      const c = change ? changeText(change, t, lang) : null;
      const brk = s.item.links[i] === 'changed' ? ` (${t('notComparable')})` : '';
      return [
        `${t('summaryPoint', { y: round.year, mean: formatNumber(p.mean, lang) })}${c ? `, ${c.text}${c.clear ? ` ${c.detail}` : ''}` : ''}${brk}`,
      ];
    });
    return `${bare(s.label)}: ${points.join('; ')}`;
  });
  return `${t('trends')}, ${scopeName}. ${lines.join('. ')}.`;
}

function roundLabel(round: TrendRound, t: TrendT, lang: Lang): string | string[] {
  if (round.imported) return [String(round.year), importedTick(lang)];
  return round.source === 'live' ? [String(round.year), t('liveTick')] : String(round.year);
}

function Controls(props: {
  trend: Trend;
  params: TrendParams;
  item: TrendItem | null;
  theme: Section | null;
  signedIn: boolean;
  go: (p: Partial<TrendParams>) => void;
  t: TrendT;
  r: ReportT;
  lang: Lang;
}) {
  const { trend, params, go, t, r, lang } = props;
  const { u } = useUnitFilterT();
  const isUnit = params.scope.startsWith('unit:');
  const municipality = params.scope.startsWith('municipality:')
    ? params.scope.slice('municipality:'.length)
    : isUnit
      ? trend.scope.kind === 'unit'
        ? (trend.scope.parent?.code ?? null)
        : trend.scope.kind === 'municipality'
          ? trend.scope.code
          : null
      : null;
  const newest = trend.rounds.at(-1);
  const unitReport = useJson<ScopeReport>(
    props.signedIn && municipality && newest
      ? `/api/reports/rounds/${encodeURIComponent(newest.slug)}/municipalities/${municipality}`
      : null,
  );
  const units =
    unitReport.state === 'ok'
      ? unitReport.data.children.filter((c) => c.kind === 'unit').map((c) => ({ scope: c.scope, names: c.names }))
      : [];
  if (isUnit && trend.scope.kind === 'unit' && !units.some((u) => u.scope === params.scope)) {
    units.push({ scope: trend.scope.key, names: trend.scope.names });
  }
  return (
    <div className="report-controls trend-controls no-print">
      <SelectControl
        label={t('scope')}
        value={municipality ? `municipality:${municipality}` : 'region'}
        onChange={(scope) => go({ scope })}
      >
        <option value="region">{r('region')}</option>
        <optgroup label={r('municipalities')}>
          {trend.municipalities.map((m) => (
            <option key={m.code} value={`municipality:${m.code}`}>
              {tr(m.names, lang)}
            </option>
          ))}
        </optgroup>
      </SelectControl>
      {municipality && units.length > 0 && (
        <SelectControl
          label={t('unit')}
          value={isUnit ? params.scope : ''}
          onChange={(unit) => go({ scope: unit || `municipality:${municipality}`, group: null, ...NO_UNIT_FILTER })}
        >
          <option value="">{t('wholeMunicipality')}</option>
          {units.map((u) => (
            <option key={u.scope} value={u.scope}>
              {tr(u.names, lang)}
            </option>
          ))}
        </SelectControl>
      )}
      {trend.groups.length > 0 &&
        (isUnit ? (
          <p className="report-control trend-control-note">{t('unitsNotByGroup')}</p>
        ) : (
          <GroupSelect
            groups={trend.groups}
            value={params.group}
            onChange={(group) => go({ group })}
            t={r}
            lang={lang}
          />
        ))}
      {!isUnit && ((trend.unitKinds ?? []).length > 0 || (trend.languages ?? []).length > 0) && (
        <UnitFilterSelects
          kinds={trend.unitKinds ?? []}
          languages={trend.languages ?? []}
          value={{ kind: params.kind, provider: params.provider, language: params.language }}
          onChange={(f) => go(f)}
          u={u}
        />
      )}
      <fieldset className="report-control trend-view">
        <legend>{t('view')}</legend>
        {(['item', 'theme'] as const).map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="trend-view"
              value={v}
              checked={params.view === v}
              onChange={() =>
                go(
                  v === 'theme'
                    ? { view: 'theme', theme: props.theme?.key ?? null }
                    : { view: 'item', item: props.item?.key ?? null },
                )
              }
            />{' '}
            {v === 'item' ? t('viewItem') : t('viewTheme')}
          </label>
        ))}
      </fieldset>
      {params.view === 'item' ? (
        <SelectControl
          label={t('item')}
          value={props.item?.key ?? ''}
          onChange={(item) => go({ item })}
          className="trend-pick"
        >
          {trend.sections.map((s) => (
            <optgroup key={s.key} label={tr(s.title, lang)}>
              {s.items.map((i) => (
                <option key={i.key} value={i.key}>
                  {tr(i.text, lang)}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectControl>
      ) : (
        <SelectControl
          label={t('theme')}
          value={props.theme?.key ?? ''}
          onChange={(theme) => {
            const s = trend.sections.find((x) => x.key === theme);
            go({ theme, item: s?.items[0]?.key ?? null });
          }}
          className="trend-pick"
        >
          {trend.sections.map((s) => (
            <option key={s.key} value={s.key}>
              {tr(s.title, lang)}
            </option>
          ))}
        </SelectControl>
      )}
    </div>
  );
}

function Key({ series, theme, t }: { series: readonly TrendSeries[]; theme: boolean; t: TrendT }) {
  const changed = series.some((s) => s.item.links.includes('changed'));
  return (
    <div className="trend-key">
      <p className="trend-key-title">{t('keyTitle')}</p>
      {theme && (
        <ol className="trend-key-series">
          {series.map((s) => (
            <li key={s.item.key}>
              <SeriesIcon colour={s.colour} shape={s.shape} />
              <span>{s.label}</span>
            </li>
          ))}
        </ol>
      )}
      <ul className="trend-key-marks">
        <li>
          <WhiskerIcon colour="#4a5360" />
          <span>{t('keyInterval')}</span>
        </li>
        <li>
          <SeriesIcon colour="#4a5360" shape="none" />
          <span>{t('keyClear')}</span>
        </li>
        <li>
          <SeriesIcon colour="#4a5360" shape="none" dashed />
          <span>{t('keyUnclear')}</span>
        </li>
        {changed && (
          <li>
            <ChangedIcon colour="#4a5360" />
            <span>{t('keyChanged')}</span>
          </li>
        )}
      </ul>
    </div>
  );
}

function scopeTitle(trend: Trend, lang: Lang, filterText = '') {
  const name = tr(trend.scope.names, lang);
  const parent = trend.scope.parent ? ` (${tr(trend.scope.parent.names, lang)})` : '';
  const group = trend.group ? ` – ${tr(trend.group.label, lang)}` : '';
  const filter = filterText ? ` – ${filterText}` : '';
  return `${name}${parent}${group}${filter}`;
}

/** The newest round's report of the same scope. */
function roundReportHref(trend: Trend, round: TrendRound) {
  const s = trend.scope;
  const base = `/reports/${encodeURIComponent(round.slug)}`;
  if (s.kind === 'unit') return `${base}/units/${s.key.slice('unit:'.length)}`;
  if (s.kind === 'municipality' && s.code) return `${base}/${s.code}`;
  return trend.group ? `${base}?group=${encodeURIComponent(trend.group.key)}` : base;
}

function Results(props: {
  trend: Trend;
  item: TrendItem | null;
  theme: Section | null;
  view: TrendParams['view'];
  filterText: string;
  t: TrendT;
  r: ReportT;
  lang: Lang;
}) {
  const { trend, t, r, lang } = props;
  const headingId = useId();
  const theme = props.view === 'theme';
  const items = theme ? (props.theme?.items ?? []) : props.item ? [props.item] : [];
  if (items.length === 0) return <p>{r('notFound')}</p>;
  const series: TrendSeries[] = items.map((item, k) => ({
    item,
    label: tr(item.text, lang),
    colour: LINE_COLOURS[k % LINE_COLOURS.length] ?? '#0072B2',
    shape: POINT_STYLES[k % POINT_STYLES.length] ?? 'circle',
  }));
  const range = rangeOf(items);
  const scopeName = scopeTitle(trend, lang, props.filterText);
  const notes = breakNotes(series, trend, t, lang, theme);
  return (
    <section className="trend-results" aria-labelledby={headingId}>
      {!theme && props.theme && <p className="report-kicker">{tr(props.theme.title, lang)}</p>}
      <h2 id={headingId} className="trend-heading">
        {theme && props.theme ? tr(props.theme.title, lang) : series[0]?.label}
      </h2>
      <TrendChart
        labels={trend.rounds.map((round) => roundLabel(round, t, lang))}
        series={series}
        range={range}
        yTitle={t('meanAxis', { range: range.text })}
        lang={lang}
        summary={summaryOf(series, trend, scopeName, t, r, lang)}
        theme={theme}
      />
      <Key series={series} theme={theme} t={t} />
      {notes.length > 0 && (
        <ul className="trend-notes">
          {notes.map((n) => (
            <li key={n.key}>{n.text}</li>
          ))}
        </ul>
      )}
      <div className="trend-tables">
        {series.map((s) => (
          <TrendTable
            key={s.item.key}
            item={s.item}
            rounds={trend.rounds}
            threshold={trend.threshold}
            caption={t('tableCaption', { item: s.label })}
            icon={theme ? <SeriesIcon colour={s.colour} shape={s.shape} /> : null}
            t={t}
            r={r}
            lang={lang}
          />
        ))}
      </div>
    </section>
  );
}

/** Why the trend could not be shown, and where to go instead: sign in, drop the group, or the whole region. */
function TrendError(props: { family: string; error: ApiError; params: TrendParams; t: TrendT; r: ReportT }) {
  const { family, error, params, t, r } = props;
  const byGroup =
    (error.field === 'group' && params.group !== null) ||
    (error.field === 'kind' && params.kind !== null) ||
    (error.field === 'provider' && params.provider !== null) ||
    (error.field === 'language' && params.language !== null);
  const text =
    error.status === 401
      ? byGroup
        ? t('signInForGroups')
        : t('signInForUnits')
      : error.status === 404 || error.status === 400
        ? r('notFound')
        : r('error');
  return (
    <div className="report-status trend-error">
      <p role="alert">{text}</p>
      <FailureLinks
        links={[
          error.status === 401 ? { href: '/console', text: t('signIn') } : null,
          isFamily(family) && byGroup
            ? { href: trendHref(family, { ...params, group: null, ...NO_UNIT_FILTER }), text: t('withoutGroup') }
            : null,
          isFamily(family) ? { href: trendHref(family, {}), text: t('toRegion') } : null,
        ]}
        t={r}
      />
    </div>
  );
}

/**
 * Trends of a family across its rounds for the region, a municipality or a unit: one item or a
 * whole theme as lines with 95 % intervals, and the same figures as tables. Everything shown is
 * in the URL (scope, group, view, item or theme); each control replaces it.
 */
export function TrendPage({ family, search }: { family: string; search: string }) {
  const { t, r, lang } = useTrendT();
  const { u } = useUnitFilterT();
  const session = useSession();
  const params = parseTrendParams(search);
  const unitScope = params.scope.startsWith('unit:');
  const q = new URLSearchParams({ scope: params.scope });
  if (params.group && !unitScope) q.set('group', params.group);
  if (params.kind && !unitScope) q.set('kind', params.kind);
  if (params.provider && !unitScope) q.set('provider', params.provider);
  if (params.language && !unitScope) q.set('language', params.language);
  const loaded = useJsonKeepingLast<Trend>(isFamily(family) ? `/api/reports/trends/${family}?${q}` : null);
  const trend = loaded.data;
  const resolved = trend ? resolve(trend, params) : { item: null, theme: null };
  const current: TrendParams = {
    scope: params.scope,
    group: unitScope ? null : params.group,
    kind: unitScope ? null : params.kind,
    provider: unitScope ? null : params.provider,
    language: unitScope ? null : params.language,
    view: params.view,
    item: resolved.item?.key ?? params.item,
    theme: resolved.theme?.key ?? params.theme,
  };
  const canonical = isFamily(family) ? trendHref(family, current) : null;
  const settled = trend !== null && !loaded.loading && loaded.error === null;
  useEffect(() => {
    if (settled && canonical) replaceLocation(canonical);
  }, [settled, canonical]);
  const filterText = [
    trend?.filter ? unitFilterText(trend.filter, u) : '',
    trend?.language ? languageName(trend.language, u) : '',
  ]
    .filter(Boolean)
    .join(', ');
  const fine = Boolean(trend?.language || (trend?.group && trend.filter));
  const scopeName = trend ? scopeTitle(trend, lang, filterText) : '';
  const withheldYears = trend
    ? trend.rounds.filter((_, i) => trend.filterWithheld?.[i]).map((round) => String(round.year))
    : [];
  const allWithheld = trend !== null && withheldYears.length > 0 && withheldYears.length === trend.rounds.length;
  const without = [...new Set((trend?.filterRegionWithout ?? []).flat())].map(
    (code) => tr(trend?.municipalities.find((m) => m.code === code)?.names, lang) || code,
  );
  const familyName = isFamily(family) ? t(`families.${family}` as const) : '';
  useEffect(() => {
    document.title = scopeName ? `${t('trends')} – ${scopeName} – ${familyName}` : t('trends');
  }, [t, scopeName, familyName]);

  const failure = !isFamily(family) ? new ApiError(404, 'not_found', family) : trend ? null : loaded.error;
  if (failure) {
    return (
      <section aria-labelledby="trend-failure" className="trend-page">
        <h1 id="trend-failure">{t('trends')}</h1>
        <TrendError family={family} error={failure} params={params} t={t} r={r} />
      </section>
    );
  }
  if (!trend) {
    return <Status text={r('loading')} />;
  }
  const go = (p: Partial<TrendParams>) => replaceLocation(trendHref(family, { ...current, ...p }));
  const newest = trend.rounds.at(-1);
  const familyScope = params.scope.startsWith('municipality:')
    ? params.scope
    : trend.scope.kind === 'unit' && trend.scope.parent
      ? `municipality:${trend.scope.parent.code}`
      : 'region';
  return (
    <article className="trend-page" aria-labelledby="trend-title">
      <nav aria-label={r('breadcrumb')} className="report-breadcrumb no-print">
        <ol>
          <li>
            <a href="/reports" onClick={onLinkClick}>
              {r('results')}
            </a>
          </li>
          <li>
            <span aria-current="page">{t('trends')}</span>
          </li>
        </ol>
      </nav>
      <header className="report-header">
        <p className="report-kicker">
          {t('trends')} · {familyName}
        </p>
        <h1 id="trend-title">{scopeName}</h1>
        <p className="report-note">{t('trendsIntro')}</p>
        <ImportedRoundsNote rounds={trend.rounds} lang={lang} />
      </header>
      <nav aria-label={t('familyNav')} className="trend-families no-print">
        <ul>
          {FAMILIES.map((f) => (
            <li key={f}>
              <a
                href={trendHref(f, {
                  scope: familyScope,
                  view: current.view,
                  item: current.item,
                  theme: current.theme,
                })}
                onClick={onLinkClick}
                aria-current={f === family ? 'page' : undefined}
              >
                {t(`families.${f}` as const)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Controls
        trend={trend}
        params={params}
        item={resolved.item}
        theme={resolved.theme}
        signedIn={Boolean(session)}
        go={go}
        t={t}
        r={r}
        lang={lang}
      />
      {withheldYears.length > 0 && (
        <p className="report-note" role="status">
          {allWithheld
            ? fine
              ? u.t('withheldFine')
              : u.t('withheldAll')
            : u.t('withheldRounds', { list: withheldYears.join(', ') })}
        </p>
      )}
      {without.length > 0 && !allWithheld && (
        <p className="report-note">{u.t('regionWithout', { list: without.join(', ') })}</p>
      )}
      <p className="trend-updating" aria-live="polite">
        {loaded.loading ? t('updating') : ''}
      </p>
      {loaded.error ? (
        <TrendError family={family} error={loaded.error} params={params} t={t} r={r} />
      ) : allWithheld ? null : (
        <div className={loaded.loading ? 'trend-body trend-stale' : 'trend-body'} aria-busy={loaded.loading}>
          <Results
            trend={trend}
            item={resolved.item}
            theme={resolved.theme}
            view={params.view}
            filterText={filterText}
            t={t}
            r={r}
            lang={lang}
          />
        </div>
      )}
      {newest && (
        <ul className="trend-links no-print">
          <li>
            <a href={`/reports/${encodeURIComponent(newest.slug)}/compare`} onClick={onLinkClick}>
              {t('compare', { y: newest.year })}
            </a>
          </li>
          <li>
            <a href={roundReportHref(trend, newest)} onClick={onLinkClick}>
              {t('roundReport', { y: newest.year, scope: scopeTitle(trend, lang) })}
            </a>
          </li>
        </ul>
      )}
      <footer className="report-footer">
        <p>{t('clearMeans')}</p>
        <p>{r('thresholdNote', { n: trend.threshold })}</p>
        {!session && <p>{r('signInForLive')}</p>}
      </footer>
    </article>
  );
}
