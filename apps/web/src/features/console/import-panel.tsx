import { useId, useRef, useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import { useConsoleT } from './console-i18n.ts';
import { ErrorNote, readCsvFile, useAction, useSession } from './console-ui.tsx';

/**
 * What a preview or an import answers: per row its action (with the text before and after, for
 * translations), or every problem, by line (CSV) or unit id (XLIFF) and column. The CSV imports'
 * `ImportReport` and the translation import's `TranslationReport` both fit.
 */
export interface PanelReport {
  ok: boolean;
  issues: { line?: number; unit?: string; column?: string; message: string }[];
  rows: {
    line?: number;
    key: string;
    action: 'create' | 'update' | 'unchanged' | 'remove';
    before?: string | null;
    after?: string | null;
  }[];
  counts: { create: number; update: number; unchanged: number; removed: number };
}

const csvBody = async (file: File) => ({ csv: await readCsvFile(file) });

/**
 * A file import in two steps: choose a file and see row by row what it would do (or
 * every problem in it), then import. A file with any problem imports nothing.
 * CSV text by default; `upload` builds another body (the translation files go as base64),
 * and `showTexts` lists the changed texts with their old and new wording.
 */
export function ImportPanel({
  title,
  basePath,
  columns,
  example,
  onImported,
  accept = '.csv,.txt,text/csv,text/plain',
  fileLabel,
  help,
  upload = csvBody,
  showTexts = false,
}: {
  title: string;
  basePath: string;
  columns: string;
  example: string;
  onImported: () => void;
  accept?: string;
  fileLabel?: string;
  help?: string;
  upload?: (file: File) => Promise<unknown>;
  showTexts?: boolean;
}) {
  const { t } = useConsoleT();
  const { announce } = useSession();
  const id = useId();
  const [csv, setCsv] = useState<unknown>(null);
  const [fileName, setFileName] = useState('');
  const [report, setReport] = useState<PanelReport | null>(null);
  const [done, setDone] = useState<PanelReport | null>(null);
  const { busy, error, setError, run } = useAction();
  const reportRef = useRef<HTMLDivElement>(null);

  async function choose(file: File | undefined) {
    setReport(null);
    setDone(null);
    setError(null);
    if (!file) return;
    const body = await upload(file);
    setCsv(body);
    setFileName(file.name);
    const r = await run(() => api<PanelReport>(`${basePath}/preview`, { method: 'POST', body }));
    if (r) {
      setReport(r);
      announce(r.ok ? t('imports.previewOk', { n: r.rows.length }) : t('imports.previewBad', { n: r.issues.length }));
      setTimeout(() => reportRef.current?.focus(), 0);
    }
  }

  async function doImport() {
    if (!csv) return;
    const r = await run(async () => {
      try {
        return await api<PanelReport>(basePath, { method: 'POST', body: csv });
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) {
          const fresh = await api<PanelReport>(`${basePath}/preview`, { method: 'POST', body: csv });
          setReport(fresh);
          return undefined;
        }
        throw e;
      }
    });
    if (r) {
      setDone(r);
      setReport(null);
      setCsv(null);
      announce(t('imports.imported', { n: r.rows.length }));
      onImported();
    }
  }

  return (
    <details className="console-import">
      <summary>{title}</summary>
      <p>
        {t('imports.columns')} <code>{columns}</code>
      </p>
      <p className="muted console-small">{help ?? t('imports.help')}</p>
      <p className="console-small">{t('imports.example')}:</p>
      <pre className="console-example">{example}</pre>
      <label htmlFor={`${id}-file`}>{fileLabel ?? t('imports.file')}</label>
      <input id={`${id}-file`} type="file" accept={accept} onChange={(e) => void choose(e.target.files?.[0])} />
      <ErrorNote error={error} />
      {done ? (
        <p className="console-success" role="status">
          {t(done.counts.removed ? 'imports.doneRemoved' : 'imports.done', {
            create: done.counts.create,
            update: done.counts.update,
            unchanged: done.counts.unchanged,
            removed: done.counts.removed,
          })}
        </p>
      ) : null}
      {report ? (
        <div ref={reportRef} tabIndex={-1} className="console-import-report">
          <h4>{t('imports.preview', { name: fileName })}</h4>
          {report.ok ? (
            <>
              <p>
                {t(report.counts.removed ? 'imports.summaryRemoved' : 'imports.summary', {
                  create: report.counts.create,
                  update: report.counts.update,
                  unchanged: report.counts.unchanged,
                  removed: report.counts.removed,
                })}
              </p>
              <table className="console-table console-small">
                <thead>
                  <tr>
                    <th scope="col">{t('imports.line')}</th>
                    <th scope="col">{t('imports.row')}</th>
                    <th scope="col">{t('imports.action')}</th>
                    {showTexts ? (
                      <>
                        <th scope="col">{t('imports.before')}</th>
                        <th scope="col">{t('imports.after')}</th>
                      </>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {report.rows
                    .filter((r) => !showTexts || r.action !== 'unchanged')
                    .map((r) => (
                      <tr key={`${r.line ?? ''}/${r.key}`}>
                        <td>{r.line ?? '–'}</td>
                        <td>{r.key}</td>
                        <td>{t(`imports.actions.${r.action}`)}</td>
                        {showTexts ? (
                          <>
                            <td>{r.before ?? '–'}</td>
                            <td>{r.after ?? '–'}</td>
                          </>
                        ) : null}
                      </tr>
                    ))}
                </tbody>
              </table>
              <div className="console-actions">
                <button type="button" disabled={busy} onClick={() => void doImport()}>
                  {t('imports.importRows', { n: report.rows.length })}
                </button>
              </div>
            </>
          ) : (
            <>
              <p className="console-error">{t('imports.nothing', { n: report.issues.length })}</p>
              <table className="console-table console-small">
                <thead>
                  <tr>
                    <th scope="col">
                      {report.issues.every((i) => i.line !== undefined) ? t('imports.line') : t('imports.where')}
                    </th>
                    <th scope="col">{t('imports.column')}</th>
                    <th scope="col">{t('imports.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.issues.map((i) => (
                    <tr key={`${i.line ?? i.unit}/${i.column ?? ''}/${i.message}`}>
                      <td>{i.line ?? i.unit ?? '–'}</td>
                      <td>{i.column ?? '–'}</td>
                      <td>{i.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      ) : null}
    </details>
  );
}
