import type {
  ImprovementArea,
  ImprovementAreaList,
  ImprovementItemProgress,
  ImprovementProgress,
  MeanCell,
  ScopeReport,
} from '@gs/schema';
import { IMPROVEMENT_NOTE_MAX } from '@gs/schema/limits';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import { type Lang, tr } from '../../lib/i18n.ts';
import { useJson } from './report-data.ts';
import { formatBound, formatChange, formatDate, formatNumber, formatP, formatPercent } from './report-format.ts';
import type { ReportT } from './report-i18n.ts';
import { type ImprovementT, useImprovementT } from './improvement-i18n.ts';

/** The scope a report's targets belong to: the region or a municipality (none for units and filtered views). */
export function targetScopeOf(report: ScopeReport): string | null {
  // A filtered report (by group, answer language, ...) has no targets of its own.
  if (report.group || report.filter) return null;
  if (report.scope.kind === 'region') return 'region';
  return report.scope.kind === 'municipality' ? `municipality:${report.scope.code}` : null;
}

function scopeLabel(area: ImprovementArea, i: ImprovementT, lang: Lang) {
  return area.scope === 'region' ? i('regionTarget') : i('municipalityTarget', { m: tr(area.scopeNames, lang) });
}

function Figure({
  cell,
  year,
  i,
  fewer,
  lang,
}: {
  cell: MeanCell | null;
  year: number;
  i: ImprovementT;
  fewer: string;
  lang: Lang;
}) {
  let text: string;
  if (cell === null) text = i('notInPrevious');
  else if (cell.suppressed) text = fewer;
  else {
    const agree = cell.agreeShare === null ? '' : ` · ${i('agree')} ${formatPercent(cell.agreeShare, lang)}`;
    text = `${i('mean')} ${formatNumber(cell.mean, lang)}${agree}`;
  }
  return (
    <div>
      <dt>{year}</dt>
      <dd className={cell === null || cell.suppressed ? 'report-hidden' : undefined}>{text}</dd>
    </div>
  );
}

function ChangeText({
  item,
  years,
  t,
  lang,
}: {
  item: ImprovementItemProgress;
  years: [number, number];
  t: ReportT;
  lang: Lang;
}) {
  const d = item.change;
  if (!d) return null;
  if (d.significant) {
    const text = t(d.diff > 0 ? 'changeUp' : 'changeDown', {
      d: formatNumber(Math.abs(d.diff), lang),
      y: years[0],
      p: formatP(d.p, lang, ' '),
    });
    return (
      <p className="report-change report-clear">
        <strong className={d.diff > 0 ? 'report-up' : 'report-down'}>{text}</strong>
      </p>
    );
  }
  return (
    <p className="report-change">
      {t('changeNone', {
        y: years[0],
        d: formatChange(d.diff, lang),
        lo: formatBound(d.lo, lang),
        hi: formatBound(d.hi, lang),
      })}
    </p>
  );
}

function ItemProgress(props: {
  item: ImprovementItemProgress;
  years: [number, number];
  showText: boolean;
  t: ReportT;
  i: ImprovementT;
  fewer: string;
  lang: Lang;
}) {
  const { item, years, t, i, fewer, lang } = props;
  return (
    <li className="improvement-item">
      {props.showText && <p className="improvement-item-text">{tr(item.text, lang)}</p>}
      {item.status === 'not_asked' ? (
        <p className="report-change">{i('notAsked', { y: years[1] })}</p>
      ) : (
        <>
          <dl className="improvement-figures">
            {item.status === 'compared' && (
              <Figure cell={item.previous} year={years[0]} i={i} fewer={fewer} lang={lang} />
            )}
            <Figure cell={item.current} year={years[1]} i={i} fewer={fewer} lang={lang} />
          </dl>
          {item.status === 'not_comparable' ? (
            <p className="report-change">{t('notComparable')}</p>
          ) : (
            <ChangeText item={item} years={years} t={t} lang={lang} />
          )}
        </>
      )}
    </li>
  );
}

/**
 * The first section of a report: the development targets picked from the previous round of the
 * family and how each moved (then, now, the change and whether it is larger than chance, the note).
 */
export function ImprovementProgressSection({ report, t, fewer }: { report: ScopeReport; t: ReportT; fewer: string }) {
  const { i, lang } = useImprovementT();
  const scope = targetScopeOf(report);
  const q = new URLSearchParams(scope ? { scope } : {});
  if (report.source.kind === 'live') q.set('source', 'live');
  else q.set('version', String(report.source.version));
  const path =
    scope && report.round.previous ? `/api/reports/rounds/${report.round.slug}/improvement-progress?${q}` : null;
  const progress = useJson<ImprovementProgress>(path);
  if (progress.state !== 'ok' || !progress.data.previous || progress.data.targets.length === 0) return null;
  const years: [number, number] = [progress.data.previous.year, progress.data.round.year];
  return (
    <section className="report-block improvement" aria-labelledby="improvement-title">
      <h2 id="improvement-title">{i('progressTitle')}</h2>
      <p>
        {i('progressIntro', { y: years[0] })}
        {progress.data.scope !== 'region' && ` ${i('figuresFor', { s: tr(progress.data.scopeNames, lang) })}`}
      </p>
      <ul className="improvement-targets">
        {progress.data.targets.map(({ area, items }) => (
          <li key={area.id} className="improvement-target">
            <p className="improvement-scope">
              {scopeLabel(area, i, lang)}
              {area.kind === 'theme' ? ` · ${i('themeTarget')}` : ''}
            </p>
            <h3>{tr(area.label, lang)}</h3>
            <ul className="improvement-items">
              {items.map((item) => (
                <ItemProgress
                  key={item.key}
                  item={item}
                  years={years}
                  showText={area.kind === 'theme'}
                  t={t}
                  i={i}
                  fewer={fewer}
                  lang={lang}
                />
              ))}
            </ul>
            <p className="improvement-note">
              <span className="improvement-note-label">{i('note')}:</span> {area.note}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function errorText(e: unknown, i: ImprovementT, frozenYear: number | null): string {
  if (!(e instanceof ApiError)) return i('errOther');
  if (e.code === 'frozen') return i('frozen', { y: frozenYear ?? '' });
  if (e.code === 'conflict' && e.field === 'key') return i('errDuplicate');
  if (e.field === 'note') return i('errNote', { n: IMPROVEMENT_NOTE_MAX });
  if (e.field === 'key' || e.field === 'kind') return i('errTarget');
  return i('errOther');
}

function AreaRow(props: {
  area: ImprovementArea;
  editable: boolean;
  slug: string;
  onChanged: (message: string) => void;
  frozenYear: number | null;
  i: ImprovementT;
  lang: Lang;
}) {
  const { area, i, lang } = props;
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(area.note);
  const [error, setError] = useState<string | null>(null);
  const noteId = useId();
  const label = tr(area.label, lang);
  const url = `/api/reports/rounds/${props.slug}/improvement-areas/${area.id}`;
  async function save(e: FormEvent) {
    e.preventDefault();
    try {
      await api(url, { method: 'PATCH', body: { note } });
      setEditing(false);
      props.onChanged(i('saved'));
    } catch (err) {
      setError(errorText(err, i, props.frozenYear));
    }
  }
  async function remove() {
    try {
      await api(url, { method: 'DELETE' });
      props.onChanged(i('removed'));
    } catch (err) {
      setError(errorText(err, i, props.frozenYear));
    }
  }
  return (
    <li className="improvement-target">
      <p className="improvement-scope">{area.kind === 'theme' ? i('themeTarget') : tr(area.theme, lang)}</p>
      <h3>{label}</h3>
      {editing ? (
        <form className="improvement-form" onSubmit={save}>
          <div className="console-field">
            <label htmlFor={noteId}>{i('noteLabel', { n: IMPROVEMENT_NOTE_MAX })}</label>
            <textarea
              id={noteId}
              value={note}
              maxLength={IMPROVEMENT_NOTE_MAX}
              rows={3}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <div className="improvement-actions">
            <button type="submit">{i('save')}</button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setEditing(false);
                setNote(area.note);
                setError(null);
              }}
            >
              {i('cancel')}
            </button>
          </div>
        </form>
      ) : (
        <p className="improvement-note">
          <span className="improvement-note-label">{i('note')}:</span> {area.note}
        </p>
      )}
      {area.decidedBy && (
        <p className="improvement-meta">
          {i('decidedBy', { name: area.decidedBy.name, date: formatDate(area.updatedAt, lang) })}
        </p>
      )}
      {error && (
        <p className="console-error" role="alert">
          {error}
        </p>
      )}
      {props.editable && !editing && (
        <div className="improvement-actions">
          <button
            type="button"
            className="secondary"
            aria-label={i('editLabel', { t: label })}
            onClick={() => setEditing(true)}
          >
            {i('edit')}
          </button>
          <button type="button" className="secondary" aria-label={i('removeLabel', { t: label })} onClick={remove}>
            {i('remove')}
          </button>
        </div>
      )}
    </li>
  );
}

function AddForm(props: {
  report: ScopeReport;
  scope: string;
  onAdded: (message: string) => void;
  frozenYear: number | null;
  i: ImprovementT;
  lang: Lang;
}) {
  const { report, i, lang } = props;
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<{ field: 'target' | 'note' | null; text: string } | null>(null);
  const id = useId();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!target) {
      setError({ field: 'target', text: i('errTarget') });
      return;
    }
    const [kind, key] = target.split(':') as [string, string];
    try {
      await api(`/api/reports/rounds/${report.round.slug}/improvement-areas`, {
        method: 'POST',
        body: { scope: props.scope, kind, key, note },
      });
      setTarget('');
      setNote('');
      setError(null);
      props.onAdded(i('added'));
    } catch (err) {
      const field =
        err instanceof ApiError && err.field === 'note'
          ? 'note'
          : err instanceof ApiError && err.field === 'key'
            ? 'target'
            : null;
      setError({ field, text: errorText(err, i, props.frozenYear) });
    }
  }
  const scopeName = tr(report.scope.names, lang);
  return (
    <details className="improvement-add">
      <summary>{i('add')}</summary>
      <form className="improvement-form" onSubmit={submit} noValidate>
        <p>{i('scopeLine', { s: scopeName })}</p>
        <div className={`console-field${error?.field === 'target' ? ' console-field-invalid' : ''}`}>
          <label htmlFor={`${id}-target`}>{i('target')}</label>
          <select
            id={`${id}-target`}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            aria-invalid={error?.field === 'target' || undefined}
            aria-describedby={error?.field === 'target' ? `${id}-error` : undefined}
          >
            <option value="">{i('choose')}</option>
            {report.sections.map((s) => (
              <optgroup key={s.key} label={tr(s.title, lang)}>
                <option value={`theme:${s.key}`}>{i('wholeTheme', { t: tr(s.title, lang) })}</option>
                {s.items.map((item) => (
                  <option key={item.key} value={`item:${item.key}`}>
                    {tr(item.text, lang)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className={`console-field${error?.field === 'note' ? ' console-field-invalid' : ''}`}>
          <label htmlFor={`${id}-note`}>{i('noteLabel', { n: IMPROVEMENT_NOTE_MAX })}</label>
          <p className="console-hint" id={`${id}-hint`}>
            {i('noteHint')}
          </p>
          <textarea
            id={`${id}-note`}
            value={note}
            rows={3}
            maxLength={IMPROVEMENT_NOTE_MAX}
            onChange={(e) => setNote(e.target.value)}
            aria-invalid={error?.field === 'note' || undefined}
            aria-describedby={`${id}-hint${error?.field === 'note' ? ` ${id}-error` : ''}`}
          />
        </div>
        {error && (
          <p className="console-error" id={`${id}-error`} role="alert">
            {error.text}
          </p>
        )}
        <button type="submit">{i('add')}</button>
      </form>
    </details>
  );
}

/**
 * The development targets picked from this round's results for the page's scope: a list for
 * every reader who may see them, and for coordinators and the steering group a way to add,
 * edit and remove targets until the next round of the family opens.
 */
export function ImprovementAreasSection({ report }: { report: ScopeReport }) {
  const { i, lang } = useImprovementT();
  const scope = targetScopeOf(report);
  const [reload, setReload] = useState(0);
  const [message, setMessage] = useState('');
  const [list, setList] = useState<ImprovementAreaList | null>(null);
  useEffect(() => {
    if (!scope || reload < 0) return;
    const controller = new AbortController();
    api<ImprovementAreaList>(`/api/reports/rounds/${report.round.slug}/improvement-areas?scope=${scope}`, {
      signal: controller.signal,
    })
      .then(setList)
      .catch(() => {
        if (!controller.signal.aborted) setList(null);
      });
    return () => controller.abort();
  }, [report.round.slug, scope, reload]);
  if (!scope || !list || (list.areas.length === 0 && !list.editable)) return null;
  const frozenYear = list.nextRound?.year ?? null;
  const changed = (text: string) => {
    setMessage(text);
    setReload((n) => n + 1);
  };
  return (
    <section className="report-block improvement" aria-labelledby="improvement-set-title">
      <h2 id="improvement-set-title">{i('setTitle')}</h2>
      <p>{i('setIntro')}</p>
      {list.frozen && <p className="report-note">{i('frozen', { y: frozenYear ?? '' })}</p>}
      {list.areas.length === 0 ? (
        <p>{i('none')}</p>
      ) : (
        <ul className="improvement-targets">
          {list.areas.map((a) => (
            <AreaRow
              key={`${a.id}:${a.updatedAt}`}
              area={a}
              editable={list.editable}
              slug={report.round.slug}
              onChanged={changed}
              frozenYear={frozenYear}
              i={i}
              lang={lang}
            />
          ))}
        </ul>
      )}
      <p className="console-success" role="status">
        {message}
      </p>
      {list.editable && (
        <AddForm report={report} scope={scope} onAdded={changed} frozenYear={frozenYear} i={i} lang={lang} />
      )}
    </section>
  );
}
