import type { HistoryMapping, HistoryReport, ImportedRoundSummary } from '@gs/schema';
import { useRef, useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import { tr, useLang } from '../../lib/i18n.ts';
import { type ConsoleKey, isConsoleKey, useConsoleT } from './console-i18n.ts';
import { ErrorNote, Field, Loading, PageTitle, useAction, useFormat, useResource, useSession } from './console-ui.tsx';

/** The bytes of a chosen file as base64 (the API takes the file inside JSON). */
async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const UNMAPPED = '__unmapped';

function IssueTable({ report }: { report: HistoryReport }) {
  const { t } = useConsoleT();
  return (
    <div className="console-import-report">
      <h3>{t('history.issuesTitle')}</h3>
      <p className="console-error">{t('history.nothing', { n: report.issues.length })}</p>
      <div className="console-scroll">
        <table className="console-table console-small">
          <thead>
            <tr>
              <th scope="col">{t('history.line')}</th>
              <th scope="col">{t('history.column')}</th>
              <th scope="col">{t('history.problem')}</th>
            </tr>
          </thead>
          <tbody>
            {report.issues.map((i) => (
              <tr key={`${i.line}/${i.column ?? ''}/${i.message}`}>
                <td>{i.line}</td>
                <td>{i.column ?? '–'}</td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** One of their questions: the item it maps to, with suggestions and their scores first. */
function MappingRow({
  question,
  report,
  value,
  onChange,
}: {
  question: HistoryReport['questions'][number];
  report: HistoryReport;
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useConsoleT();
  const { lang } = useLang();
  const text = (key: string) => {
    const item = report.items.find((i) => i.key === key);
    return item ? tr(item.text, lang) : key;
  };
  const suggested = new Set(question.suggestions.map((s) => s.key));
  const best = question.suggestions[0];
  return (
    <li className="history-question">
      <p className="history-their">
        <span className="muted console-small">{t('history.theirQuestion')}: </span>
        <q>{question.text}</q>{' '}
        <span className="muted console-small">({t('history.rowsOf', { n: question.rows })})</span>
      </p>
      <Field label={t('history.ourItem', { q: question.text })}>
        {(p) => (
          <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
            <option value="">{t('history.choose')}</option>
            <option value={UNMAPPED}>{t('history.unmapped')}</option>
            <optgroup label={t('history.suggested')}>
              {question.suggestions.map((s) => (
                <option key={s.key} value={s.key}>
                  {`${t('history.score', { s: s.score })} – ${text(s.key)}`}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('history.others')}>
              {report.items
                .filter((i) => !suggested.has(i.key))
                .map((i) => (
                  <option key={i.key} value={i.key}>
                    {tr(i.text, lang)}
                  </option>
                ))}
            </optgroup>
          </select>
        )}
      </Field>
      {best && value === '' ? (
        <button type="button" className="secondary" onClick={() => onChange(best.key)}>
          {t('history.useSuggestion', { item: text(best.key), score: t('history.score', { s: best.score }) })}
        </button>
      ) : null}
    </li>
  );
}

export function HistoryPage() {
  const { t } = useConsoleT();
  const f = useFormat();
  const { lang } = useLang();
  const { announce } = useSession();
  const list = useResource<{ rounds: ImportedRoundSummary[] }>('/api/console/history');
  const [family, setFamily] = useState<'ecec' | 'basic'>('ecec');
  const [year, setYear] = useState(String(new Date().getFullYear() - 4));
  const [source, setSource] = useState('');
  const [file, setFile] = useState<{ name: string; data: string } | null>(null);
  const [report, setReport] = useState<HistoryReport | null>(null);
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<HistoryReport | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, fieldError } = useAction();
  const resultRef = useRef<HTMLDivElement>(null);

  const body = (mapping?: HistoryMapping) => ({
    family,
    year: Number(year),
    source,
    file: file ?? { name: '', data: '' },
    ...(mapping ? { mapping } : {}),
  });
  const mapping = (): HistoryMapping =>
    Object.fromEntries(
      Object.entries(choices)
        .filter(([, v]) => v !== '')
        .map(([q, v]) => [q, v === UNMAPPED ? null : v]),
    );
  const undecided = report ? report.questions.filter((q) => !choices[q.text]).length : 0;
  const focusResult = () => setTimeout(() => resultRef.current?.focus(), 0);

  async function check() {
    setPreview(null);
    setDone(null);
    const r = await run(() =>
      api<HistoryReport>('/api/console/history/import/preview', { method: 'POST', body: body() }),
    );
    if (!r) return;
    setReport(r);
    setChoices(Object.fromEntries(r.questions.map((q) => [q.text, ''])));
    announce(
      r.issues.length
        ? t('history.nothing', { n: r.issues.length })
        : t('history.undecided', { n: r.questions.length }),
    );
    focusResult();
  }

  async function showPreview() {
    const r = await run(() =>
      api<HistoryReport>('/api/console/history/import/preview', { method: 'POST', body: body(mapping()) }),
    );
    if (!r) return;
    setPreview(r);
    announce(
      r.ok
        ? t(r.counts.unmapped ? 'history.summaryUnmapped' : 'history.summary', {
            rows: r.counts.rows,
            m: r.counts.municipalities,
            items: r.counts.items,
            unmapped: r.counts.unmapped,
          })
        : t('history.nothing', { n: r.issues.length }),
    );
    focusResult();
  }

  async function doImport() {
    const r = await run(async () => {
      try {
        return await api<HistoryReport>('/api/console/history/import', { method: 'POST', body: body(mapping()) });
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) {
          setPreview(
            await api<HistoryReport>('/api/console/history/import/preview', { method: 'POST', body: body(mapping()) }),
          );
          return undefined;
        }
        throw e;
      }
    });
    if (!r?.round) return;
    const message = r.round.unchanged
      ? t('history.unchanged', { slug: r.round.slug })
      : t('history.imported', { slug: r.round.slug });
    setDone(message);
    announce(message);
    setReport(null);
    setPreview(null);
    list.reload();
  }

  async function remove(round: ImportedRoundSummary) {
    if (!window.confirm(t('history.confirmRemove', { slug: round.slug }))) return;
    const ok = await run(async () => {
      await api(`/api/console/history/${round.id}`, { method: 'DELETE' });
      return true;
    });
    if (!ok) return;
    setDone(t('history.removed', { slug: round.slug }));
    announce(t('history.removed', { slug: round.slug }));
    list.reload();
  }

  return (
    <section>
      <PageTitle>{t('history.title')}</PageTitle>
      <p className="muted">{t('history.intro')}</p>
      <h2>{t('history.listTitle')}</h2>
      <ErrorNote error={list.error} />
      {!list.data ? <Loading /> : null}
      {list.data && list.data.rounds.length === 0 ? <p>{t('history.none')}</p> : null}
      {list.data && list.data.rounds.length > 0 ? (
        <div className="console-scroll">
          <table className="console-table console-small">
            <thead>
              <tr>
                <th scope="col">{t('history.year')}</th>
                <th scope="col">{t('history.family')}</th>
                <th scope="col">{t('history.source')}</th>
                <th scope="col">{t('history.file')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.rounds.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.year}</th>
                  <td>
                    {isConsoleKey(`history.families.${r.family}`)
                      ? t(`history.families.${r.family}` as ConsoleKey)
                      : r.family}
                  </td>
                  <td>{r.source}</td>
                  <td>
                    {r.fileName} ({f.number(r.rows)})
                  </td>
                  <td>
                    <button type="button" className="secondary" disabled={busy} onClick={() => void remove(r)}>
                      {t('history.remove', { slug: r.slug })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {done ? (
        <p className="console-success" role="status">
          {done}
        </p>
      ) : null}

      <h2>{t('history.newTitle')}</h2>
      <form
        className="console-form"
        onSubmit={(e) => {
          e.preventDefault();
          void check();
        }}
      >
        <Field label={t('history.family')} error={fieldError('family')}>
          {(p) => (
            <select {...p} value={family} onChange={(e) => setFamily(e.target.value as 'ecec' | 'basic')}>
              <option value="ecec">{t('history.families.ecec')}</option>
              <option value="basic">{t('history.families.basic')}</option>
            </select>
          )}
        </Field>
        <Field label={t('history.year')} error={fieldError('year')}>
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={1990}
              max={2100}
              value={year}
              onChange={(e) => setYear(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('history.source')} hint={t('history.sourceHint')} error={fieldError('source')}>
          {(p) => <input {...p} value={source} maxLength={500} onChange={(e) => setSource(e.target.value)} />}
        </Field>
        <Field label={t('history.fileLabel')} hint={t('history.fileHint')} error={fieldError('file')}>
          {(p) => (
            <input
              {...p}
              type="file"
              accept=".csv,.txt,.tsv,.xlsx,text/csv,text/plain"
              onChange={async (e) => {
                const chosen = e.target.files?.[0];
                setReport(null);
                setPreview(null);
                setFile(chosen ? { name: chosen.name, data: await fileBase64(chosen) } : null);
              }}
            />
          )}
        </Field>
        <div className="console-actions">
          <button type="submit" disabled={busy || !file}>
            {t('history.check')}
          </button>
        </div>
      </form>
      <ErrorNote error={error} />

      <div ref={resultRef} tabIndex={-1}>
        {report && report.issues.length > 0 ? <IssueTable report={report} /> : null}
        {report && report.issues.length === 0 ? (
          <div className="history-mapping">
            <h2>{t('history.mappingTitle')}</h2>
            <p className="muted console-small">
              {t('history.read', {
                encoding: report.encoding,
                format: report.format ? t(`history.formats.${report.format}`) : '',
              })}{' '}
              {t('history.mappingHelp')}
            </p>
            {report.note ? <p className="console-notice">{t('history.meansOnly')}</p> : null}
            <ol className="history-questions">
              {report.questions.map((q) => (
                <MappingRow
                  key={q.text}
                  question={q}
                  report={report}
                  value={choices[q.text] ?? ''}
                  onChange={(v) => {
                    setPreview(null);
                    setChoices({ ...choices, [q.text]: v });
                  }}
                />
              ))}
            </ol>
            <p role="status" className="console-small">
              {undecided ? t('history.undecided', { n: undecided }) : null}
            </p>
            <div className="console-actions">
              <button type="button" disabled={busy || undecided > 0} onClick={() => void showPreview()}>
                {t('history.preview')}
              </button>
            </div>
          </div>
        ) : null}
        {preview && preview.issues.length > 0 ? <IssueTable report={preview} /> : null}
        {preview?.ok ? (
          <div className="console-import-report">
            <h2>{t('history.previewTitle')}</h2>
            <p>
              {t(preview.counts.unmapped ? 'history.summaryUnmapped' : 'history.summary', {
                rows: preview.counts.rows,
                m: preview.counts.municipalities,
                items: preview.counts.items,
                unmapped: preview.counts.unmapped,
              })}
            </p>
            {preview.note ? <p className="console-notice">{t('history.meansOnly')}</p> : null}
            <div className="console-scroll">
              <table className="console-table console-small">
                <thead>
                  <tr>
                    <th scope="col">{t('history.line')}</th>
                    <th scope="col">{t('history.municipality')}</th>
                    <th scope="col">{t('history.unit')}</th>
                    <th scope="col">{t('history.item')}</th>
                    <th scope="col">{t('history.n')}</th>
                    <th scope="col">{t('history.mean')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => {
                    const item = preview.items.find((i) => i.key === r.itemKey);
                    return (
                      <tr key={r.line}>
                        <td>{r.line}</td>
                        <td>{r.municipality}</td>
                        <td>{r.unit ?? '–'}</td>
                        <td>{item ? tr(item.text, lang) : r.itemKey}</td>
                        <td>{f.number(r.n)}</td>
                        <td>{r.mean === null ? '–' : r.mean.toLocaleString(lang)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="console-actions">
              <button type="button" disabled={busy} onClick={() => void doImport()}>
                {t('history.importNow', { n: preview.counts.rows })}
              </button>
            </div>
          </div>
        ) : null}
      </div>
    </section>
  );
}
