import type { ReportRoundDetail, ReportSource, Translations } from '@gs/schema';
import { type ReactNode, useId } from 'react';
import { type Lang, tr } from '../../lib/i18n.ts';
import { onLinkClick } from '../../lib/router.ts';
import { formatDate } from './report-format.ts';
import type { ReportT } from './report-i18n.ts';

/** A labelled select in the controls bar; `className` adds to `report-control`. */
export function SelectControl(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className={props.className ? `report-control ${props.className}` : 'report-control'}>
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.children}
      </select>
    </div>
  );
}

/** All respondents or one age group or grade band; null is all. */
export function GroupSelect(props: {
  groups: readonly { key: string; label: Translations }[];
  value: string | null;
  onChange: (group: string | null) => void;
  t: ReportT;
  lang: Lang;
}) {
  return (
    <SelectControl label={props.t('showGroup')} value={props.value ?? ''} onChange={(v) => props.onChange(v || null)}>
      <option value="">{props.t('allGroups')}</option>
      {props.groups.map((g) => (
        <option key={g.key} value={g.key}>
          {tr(g.label, props.lang)}
        </option>
      ))}
    </SelectControl>
  );
}

/** A published version of the round, with its date and the reason it was republished. */
export function VersionSelect(props: {
  versions: ReportRoundDetail['versions'];
  value: number;
  onChange: (version: string) => void;
  t: ReportT;
  lang: Lang;
}) {
  return (
    <SelectControl label={props.t('version')} value={String(props.value)} onChange={props.onChange}>
      {props.versions.map((v) => (
        <option key={v.version} value={v.version}>
          {v.version} – {formatDate(v.publishedAt, props.lang)}
          {v.reason ? ` – ${v.reason}` : ''}
        </option>
      ))}
    </SelectControl>
  );
}

/** Which figures a page shows: "Published version 2, 1.3.2026" (without the version where `versioned` is false), or live with the time of the last fold they include ("figures as of 13:05:12"). */
export function sourceText(source: ReportSource, t: ReportT, lang: Lang, versioned = true): string {
  if (source.kind === 'live')
    return `${t('liveBadge')} · ${t('liveAsOf', { time: new Date(source.asOf).toLocaleTimeString(lang) })}`;
  return t(versioned ? 'publishedVersion' : 'published', {
    v: source.version,
    date: formatDate(source.publishedAt, lang),
  });
}

/** The source line under a page's title, and for live figures the note that they change (in batches, for contacts). */
export function SourceLine({ source, text, t }: { source: ReportSource; text: string; t: ReportT }) {
  return (
    <>
      <p className={source.kind === 'live' ? 'report-source-line report-live' : 'report-source-line'}>{text}</p>
      {source.kind === 'live' && (
        <p className="report-note">
          {source.stepped
            ? t('liveSteppedNote', { first: source.stepped.firstBatch, later: source.stepped.laterBatch })
            : t('liveNote')}
        </p>
      )}
    </>
  );
}

/** Published or live figures: two links, the current one marked. */
export function SourceLinks(props: {
  current: 'published' | 'live';
  publishedHref: string;
  liveHref: string;
  t: ReportT;
}) {
  const { current, t } = props;
  return (
    <fieldset className="report-control report-source">
      <legend>{t('source')}</legend>
      <a href={props.publishedHref} onClick={onLinkClick} aria-current={current === 'published' ? 'true' : undefined}>
        {t('sourcePublished')}
      </a>
      <a href={props.liveHref} onClick={onLinkClick} aria-current={current === 'live' ? 'true' : undefined}>
        {t('sourceLive')}
      </a>
    </fieldset>
  );
}

/** The files a view can be downloaded as (null for one it does not offer). */
export function Downloads({ links, t }: { links: readonly ({ href: string; text: string } | null)[]; t: ReportT }) {
  return (
    <div className="report-control report-downloads">
      <span className="report-control-label">{t('download')}</span>
      <ul>
        {links.map(
          (l) =>
            l && (
              <li key={l.text}>
                <a href={l.href} download>
                  {l.text}
                </a>
              </li>
            ),
        )}
      </ul>
    </div>
  );
}

export function PrintButton({ t }: { t: ReportT }) {
  return (
    <button type="button" className="secondary" onClick={() => window.print()}>
      {t('print')}
    </button>
  );
}
