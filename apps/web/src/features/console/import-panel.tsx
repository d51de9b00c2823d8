import { useId, useRef, useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import { useT } from './console-i18n.ts';
import type { ImportReport } from './console-types.ts';
import { ErrorNote, readCsvFile, useAction, useSession } from './console-ui.tsx';

/**
 * CSV import in two steps: choose a file and see row by row what it would do (or
 * every problem in it), then import. A file with any problem imports nothing.
 */
export function ImportPanel({
  title,
  basePath,
  columns,
  example,
  onImported,
}: {
  title: string;
  basePath: string;
  columns: string;
  example: string;
  onImported: () => void;
}) {
  const t = useT();
  const { announce } = useSession();
  const id = useId();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const { busy, error, setError, run } = useAction();
  const reportRef = useRef<HTMLDivElement>(null);

  async function choose(file: File | undefined) {
    setReport(null);
    setDone(null);
    setError(null);
    if (!file) return;
    const text = await readCsvFile(file);
    setCsv(text);
    setFileName(file.name);
    const r = await run(() => api<ImportReport>(`${basePath}/preview`, { method: 'POST', body: { csv: text } }));
    if (r) {
      setReport(r);
      announce(r.ok ? t.imports.previewOk(r.rows.length) : t.imports.previewBad(r.issues.length));
      setTimeout(() => reportRef.current?.focus(), 0);
    }
  }

  async function doImport() {
    if (!csv) return;
    const r = await run(async () => {
      try {
        return await api<ImportReport>(basePath, { method: 'POST', body: { csv } });
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) {
          const fresh = await api<ImportReport>(`${basePath}/preview`, { method: 'POST', body: { csv } });
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
      announce(t.imports.imported(r.rows.length));
      onImported();
    }
  }

  return (
    <details className="console-import">
      <summary>{title}</summary>
      <p>
        {t.imports.columns} <code>{columns}</code>
      </p>
      <p className="muted console-small">{t.imports.help}</p>
      <p className="console-small">{t.imports.example}:</p>
      <pre className="console-example">{example}</pre>
      <label htmlFor={`${id}-file`}>{t.imports.file}</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".csv,.txt,text/csv,text/plain"
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      <ErrorNote error={error} />
      {done ? (
        <p className="console-success" role="status">
          {t.imports.done(done.counts.create, done.counts.update, done.counts.unchanged, done.counts.removed)}
        </p>
      ) : null}
      {report ? (
        <div ref={reportRef} tabIndex={-1} className="console-import-report">
          <h4>{t.imports.preview(fileName)}</h4>
          {report.ok ? (
            <>
              <p>
                {t.imports.summary(
                  report.counts.create,
                  report.counts.update,
                  report.counts.unchanged,
                  report.counts.removed,
                )}
              </p>
              <table className="console-table console-small">
                <thead>
                  <tr>
                    <th scope="col">{t.imports.line}</th>
                    <th scope="col">{t.imports.row}</th>
                    <th scope="col">{t.imports.action}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((r) => (
                    <tr key={r.line}>
                      <td>{r.line}</td>
                      <td>{r.key}</td>
                      <td>{t.imports.actions[r.action]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="console-actions">
                <button type="button" disabled={busy} onClick={() => void doImport()}>
                  {t.imports.importRows(report.rows.length)}
                </button>
              </div>
            </>
          ) : (
            <>
              <p className="console-error">{t.imports.nothing(report.issues.length)}</p>
              <table className="console-table console-small">
                <thead>
                  <tr>
                    <th scope="col">{t.imports.line}</th>
                    <th scope="col">{t.imports.column}</th>
                    <th scope="col">{t.imports.problem}</th>
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
            </>
          )}
        </div>
      ) : null}
    </details>
  );
}
