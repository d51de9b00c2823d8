import { type FormEvent, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { api } from '../../lib/api.ts';
import { useLang } from '../../lib/i18n.ts';
import { useConsoleT } from './console-i18n.ts';
import type { CodeBatch, CodeCount, RoundDetail, RoundLink, Unit } from './console-types.ts';
import { ErrorNote, Field, Loading, useAction, useFormat, useName, useResource, useSession } from './console-ui.tsx';

const svgUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function CodesPanel({ round }: { round: RoundDetail }) {
  const { t } = useConsoleT();
  const { session } = useSession();
  const coordinator = session.user.role === 'coordinator';
  const links = useResource<RoundLink[]>(`/api/console/rounds/${round.id}/links`);
  const counts = useResource<CodeCount[]>(`/api/console/rounds/${round.id}/codes`);
  return (
    <div>
      <h2>{t('codes.linksTitle')}</h2>
      <p className="muted">{t('codes.linksHelp')}</p>
      <ErrorNote error={links.error} />
      {links.data ? <LinksTable links={links.data} /> : <Loading />}
      <h2>{t('codes.codesTitle')}</h2>
      <p className="muted">{t('codes.codesHelp')}</p>
      {coordinator && (round.status === 'draft' || round.status === 'open') ? (
        <GenerateCodes round={round} onDone={counts.reload} />
      ) : null}
      <ErrorNote error={counts.error} />
      {counts.data ? <CodeCounts counts={counts.data} /> : <Loading />}
    </div>
  );
}

function LinksTable({ links }: { links: RoundLink[] }) {
  const { t } = useConsoleT();
  const name = useName();
  const { announce } = useSession();
  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      announce(t('codes.copied'));
    } catch {
      announce(t('codes.copyFailed'));
    }
  }
  return (
    <table className="console-table console-links">
      <thead>
        <tr>
          <th scope="col">{t('municipality')}</th>
          <th scope="col">{t('codes.link')}</th>
          <th scope="col">{t('codes.qr')}</th>
        </tr>
      </thead>
      <tbody>
        {links.map((l) => (
          <tr key={l.municipalityCode}>
            <th scope="row">{name(l.names)}</th>
            <td>
              <div className="console-copy">
                <input
                  readOnly
                  value={l.url}
                  aria-label={t('codes.linkOf', { m: name(l.names) })}
                  onFocus={(e) => e.target.select()}
                />
                <button type="button" className="secondary" onClick={() => void copy(l.url)}>
                  {t('codes.copy')}
                  <span className="visually-hidden"> {name(l.names)}</span>
                </button>
              </div>
            </td>
            <td>
              <a href={svgUrl(l.qrSvg)} download={`qr-${l.path.split('/').slice(2).join('-')}.svg`}>
                <img src={svgUrl(l.qrSvg)} alt={t('codes.qrOf', { url: l.url })} width={72} height={72} />
                <span className="console-small">{t('codes.downloadQr')}</span>
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CodeCounts({ counts }: { counts: CodeCount[] }) {
  const { t } = useConsoleT();
  const f = useFormat();
  const name = useName();
  if (counts.length === 0) return <p className="muted">{t('codes.noCodes')}</p>;
  return (
    <table className="console-table">
      <caption className="visually-hidden">{t('codes.countsCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('municipality')}</th>
          <th scope="col">{t('unit')}</th>
          <th scope="col" className="num">
            {t('codes.used')}
          </th>
          <th scope="col" className="num">
            {t('codes.unused')}
          </th>
        </tr>
      </thead>
      <tbody>
        {counts.map((c) => (
          <tr key={`${c.municipalityCode}/${c.unitId}`}>
            <th scope="row">{name(c.municipalityNames) || '–'}</th>
            <td>{c.unitNames ? name(c.unitNames) : t('codes.wholeMunicipality')}</td>
            <td className="num">{f.number(c.used)}</td>
            <td className="num">{f.number(c.unused)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function GenerateCodes({ round, onDone }: { round: RoundDetail; onDone: () => void }) {
  const { t } = useConsoleT();
  const { lang } = useLang();
  const name = useName();
  const { announce } = useSession();
  const [municipality, setMunicipality] = useState(round.municipalities[0]?.code ?? '');
  const [unitId, setUnitId] = useState('');
  const [count, setCount] = useState('30');
  const [batch, setBatch] = useState<CodeBatch | null>(null);
  const [printing, setPrinting] = useState(false);
  const units = useResource<Unit[]>(municipality ? `/api/console/units?municipality=${municipality}` : null);
  const { busy, error, run, fieldError } = useAction();
  const resultRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!printing) return;
    document.body.classList.add('console-printing');
    const done = () => {
      document.body.classList.remove('console-printing');
      setPrinting(false);
    };
    window.addEventListener('afterprint', done, { once: true });
    const timer = setTimeout(() => window.print(), 50);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('afterprint', done);
      document.body.classList.remove('console-printing');
    };
  }, [printing]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const made = await run(() =>
      api<CodeBatch>(`/api/console/rounds/${round.id}/codes?lang=${lang}`, {
        method: 'POST',
        body: { municipalityCode: municipality, unitId: unitId ? Number(unitId) : null, count: Number(count) },
      }),
    );
    if (made) {
      setBatch(made);
      announce(t('codes.made', { n: made.codes.length }));
      onDone();
      setTimeout(() => resultRef.current?.focus(), 0);
    }
  }

  const unitName = batch?.unitNames ? name(batch.unitNames) : '';
  return (
    <div className="console-panel">
      <h3>{t('codes.generate')}</h3>
      <form onSubmit={submit} className="console-form-row" noValidate>
        <Field label={t('municipality')} error={fieldError('municipalityCode')}>
          {(p) => (
            <select
              {...p}
              value={municipality}
              onChange={(e) => {
                setMunicipality(e.target.value);
                setUnitId('');
              }}
            >
              {round.municipalities.map((m) => (
                <option key={m.code} value={m.code}>
                  {name(m.names)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('codes.unitOptional')} error={fieldError('unitId')}>
          {(p) => (
            <select {...p} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
              <option value="">{t('codes.wholeMunicipality')}</option>
              {(units.data ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {name(u.names)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('codes.count')} hint={t('codes.countHint')} error={fieldError('count')}>
          {(p) => (
            <input {...p} type="number" min={1} max={1000} value={count} onChange={(e) => setCount(e.target.value)} />
          )}
        </Field>
        <div className="console-field console-field-button">
          <button type="submit" disabled={busy}>
            {t('codes.make')}
          </button>
        </div>
      </form>
      <ErrorNote
        error={error && !fieldError('count') && !fieldError('unitId') && !fieldError('municipalityCode') ? error : null}
      />
      {batch ? (
        <section className="console-batch" ref={resultRef} tabIndex={-1} aria-labelledby="console-batch-title">
          <h4 id="console-batch-title">{t('codes.batchTitle', { batch: batch.batch, n: batch.codes.length })}</h4>
          <p className="console-warning">{t('codes.onlyOnce')}</p>
          <div className="console-actions">
            <button
              type="button"
              onClick={() =>
                download(
                  `codes-${batch.roundSlug}-${batch.municipalityCode}-batch${batch.batch}.csv`,
                  batch.csv,
                  'text/csv;charset=utf-8',
                )
              }
            >
              {t('codes.downloadCsv')}
            </button>
            <button type="button" onClick={() => setPrinting(true)}>
              {t('codes.print')}
            </button>
            <button type="button" className="secondary" onClick={() => setBatch(null)}>
              {t('codes.forget')}
            </button>
          </div>
          <details>
            <summary>{t('codes.showCodes')}</summary>
            <ul className="console-code-list">
              {batch.codes.map((c) => (
                <li key={c.code}>
                  <code>{c.code}</code>
                </li>
              ))}
            </ul>
          </details>
          {createPortal(<Slips batch={batch} unitName={unitName} />, document.body)}
        </section>
      ) : null}
    </div>
  );
}

/** A4 sheets of slips to cut out: where to go, the code and a QR code that carries both. */
function Slips({ batch, unitName }: { batch: CodeBatch; unitName: string }) {
  const { t } = useConsoleT();
  const name = useName();
  return (
    <div className="console-slips" aria-hidden="true">
      {batch.codes.map((c) => (
        <div className="console-slip" key={c.code}>
          <div className="console-slip-text">
            <p className="console-slip-title">{t('slip.title')}</p>
            <p>
              {name(batch.municipalityNames)}
              {unitName ? ` · ${unitName}` : ''}
            </p>
            <p>{t('slip.go')}</p>
            <p className="console-slip-url">
              {batch.codeUrl.split('/').map((part, i) => (
                // A break opportunity after each slash, so a long address wraps between its parts.
                <span key={`${i}-${part}`}>
                  {i > 0 ? '/' : ''}
                  {i > 0 ? <wbr /> : null}
                  {part}
                </span>
              ))}
            </p>
            <p>{t('slip.code')}</p>
            <p className="console-slip-code">{c.code}</p>
            <p className="console-slip-small">{t('slip.anonymous')}</p>
          </div>
          <img src={svgUrl(c.qrSvg)} alt="" className="console-slip-qr" />
        </div>
      ))}
    </div>
  );
}
