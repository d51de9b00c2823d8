import { useEffect, useRef, useState } from 'react';
import { applyRedactions, mergeRanges } from '@gs/schema/redaction';
import { api } from '../../lib/api.ts';
import { useConsoleT } from './console-i18n.ts';
import type { Municipality, ModerationQueue, QueueAnswer, RoundRow } from './console-types.ts';
import { ErrorNote, Field, Loading, PageTitle, useAction, useName, useResource, useSession } from './console-ui.tsx';

type Range = { start: number; end: number };
type State = 'pending' | 'approved' | 'hidden';
/** Answers per page of the queue (the API gives one page at a time). */
const PAGE = 50;

export function ModerationPage() {
  const { t } = useConsoleT();
  const name = useName();
  const rounds = useResource<RoundRow[]>('/api/console/rounds');
  const municipalities = useResource<Municipality[]>('/api/console/municipalities');
  const [roundId, setRoundId] = useState<number | null>(null);
  const [municipality, setMunicipality] = useState('');
  const [state, setState] = useState<State>('pending');
  const [offset, setOffset] = useState(0);
  const rangeRef = useRef<HTMLHeadingElement>(null);
  const focusRange = useRef(false);
  const chosen = roundId ?? rounds.data?.find((r) => r.status === 'open')?.id ?? rounds.data?.[0]?.id ?? null;
  const params = new URLSearchParams({
    state,
    ...(municipality ? { municipality } : {}),
    offset: String(offset),
    limit: String(PAGE),
  });
  const queue = useResource<ModerationQueue>(chosen ? `/api/console/rounds/${chosen}/open-answers?${params}` : null);
  const total = queue.data?.total ?? 0;
  const page = queue.data && queue.data.offset === offset ? queue.data : null;

  // A page emptied by moderating its last answers (or by the others' work) steps back to the last page.
  useEffect(() => {
    if (page && page.answers.length === 0 && offset > 0) setOffset(Math.max(0, Math.ceil(total / PAGE) - 1) * PAGE);
  }, [page, offset, total]);
  // After "previous" or "next", the keyboard continues from the new page's heading.
  useEffect(() => {
    if (page && focusRange.current) {
      focusRange.current = false;
      rangeRef.current?.focus();
    }
  }, [page]);
  const goTo = (next: number) => {
    focusRange.current = true;
    setOffset(next);
  };
  const filter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setOffset(0);
    };

  return (
    <section>
      <PageTitle>{t('moderation.title')}</PageTitle>
      <p className="muted">{t('moderation.help')}</p>
      <p className="muted">{t('moderation.dayLate')}</p>
      <ErrorNote error={rounds.error} />
      {rounds.data && municipalities.data ? (
        <div className="console-form-row console-filters">
          <Field label={t('moderation.round')}>
            {(p) => (
              <select {...p} value={chosen ?? ''} onChange={(e) => filter(setRoundId)(Number(e.target.value))}>
                {rounds.data?.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.slug} ({t(`status.${r.status}`)})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('municipality')}>
            {(p) => (
              <select {...p} value={municipality} onChange={(e) => filter(setMunicipality)(e.target.value)}>
                <option value="">{t('allMunicipalities')}</option>
                {municipalities.data?.map((m) => (
                  <option key={m.code} value={m.code}>
                    {name(m.names)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('moderation.show')}>
            {(p) => (
              <select {...p} value={state} onChange={(e) => filter(setState)(e.target.value as State)}>
                <option value="pending">{t('moderation.states.pending')}</option>
                <option value="approved">{t('moderation.states.approved')}</option>
                <option value="hidden">{t('moderation.states.hidden')}</option>
              </select>
            )}
          </Field>
        </div>
      ) : (
        <Loading />
      )}
      <ErrorNote error={queue.error} />
      {page ? (
        <>
          <p role="status">
            {t('moderation.counts', {
              pending: page.counts.pending,
              approved: page.counts.approved,
              hidden: page.counts.hidden,
            })}
          </p>
          {page.answers.length === 0 ? (
            <p>{t('moderation.empty')}</p>
          ) : (
            <h2 className="console-queue-range" ref={rangeRef} tabIndex={-1}>
              {t('moderation.range', { from: offset + 1, to: offset + page.answers.length, total })}
            </h2>
          )}
          <ol className="console-queue" start={offset + 1}>
            {page.answers.map((a, i) => (
              <AnswerCard
                key={a.id}
                answer={a}
                index={offset + i}
                onDone={() => {
                  queue.setData((q) =>
                    q ? { ...q, answers: q.answers.filter((x) => x.id !== a.id || state !== 'pending') } : q,
                  );
                  queue.reload();
                }}
              />
            ))}
          </ol>
          {total > PAGE ? (
            <nav className="console-actions" aria-label={t('moderation.pages')}>
              <button
                type="button"
                className="secondary"
                disabled={offset === 0}
                onClick={() => goTo(Math.max(0, offset - PAGE))}
              >
                {t('moderation.previous')}
              </button>
              <span>{t('moderation.pageOf', { n: Math.floor(offset / PAGE) + 1, of: Math.ceil(total / PAGE) })}</span>
              <button
                type="button"
                className="secondary"
                disabled={offset + PAGE >= total}
                onClick={() => goTo(offset + PAGE)}
              >
                {t('moderation.next')}
              </button>
            </nav>
          ) : null}
        </>
      ) : chosen ? (
        <Loading />
      ) : null}
    </section>
  );
}

function AnswerCard({ answer: a, index, onDone }: { answer: QueueAnswer; index: number; onDone: () => void }) {
  const { t } = useConsoleT();
  const name = useName();
  const { announce } = useSession();
  const [ranges, setRanges] = useState<Range[]>(() => a.suggestions.map((s) => ({ start: s.start, end: s.end })));
  const [reason, setReason] = useState('');
  const textRef = useRef<HTMLParagraphElement>(null);
  const { busy, error, run } = useAction();
  const merged = mergeRanges(ranges);
  const isOn = (r: Range) => ranges.some((x) => x.start === r.start && x.end === r.end);
  const toggle = (r: Range) =>
    setRanges((old) => (isOn(r) ? old.filter((x) => !(x.start === r.start && x.end === r.end)) : [...old, r]));

  function addSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !textRef.current) return;
    const offset = (node: Node, at: number) => {
      const el = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node) as HTMLElement | null;
      const seg = el?.closest<HTMLElement>('[data-start]');
      if (!seg || !textRef.current?.contains(seg)) return null;
      return Number(seg.dataset.start) + (node.nodeType === Node.TEXT_NODE ? at : 0);
    };
    const range = sel.getRangeAt(0);
    const start = offset(range.startContainer, range.startOffset);
    const end = offset(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    setRanges((old) => [...old, { start, end }]);
    sel.removeAllRanges();
    announce(t('moderation.added', { text: a.text.slice(start, end) }));
  }

  async function act(kind: 'approve' | 'hide') {
    const body = kind === 'approve' ? { redactions: merged } : reason.trim() ? { reason } : {};
    const ok = await run(() =>
      api(`/api/console/open-answers/${a.id}/${kind}`, { method: 'POST', body }).then(() => true),
    );
    if (ok) {
      announce(kind === 'approve' ? t('moderation.approved') : t('moderation.hidden'));
      onDone();
    }
  }

  const segments: { start: number; end: number; redacted: boolean }[] = [];
  let at = 0;
  for (const r of merged) {
    if (r.start > at) segments.push({ start: at, end: r.start, redacted: false });
    segments.push({ start: r.start, end: r.end, redacted: true });
    at = r.end;
  }
  if (at < a.text.length) segments.push({ start: at, end: a.text.length, redacted: false });
  const headingId = `answer-${a.id}`;

  return (
    <li className="console-answer" aria-labelledby={headingId}>
      <h2 id={headingId} className="console-answer-meta">
        {t('moderation.answerNo', { n: index + 1 })} · {name(a.municipality_names)}
        {a.unit_names ? ` · ${name(a.unit_names)}` : ''} ·{' '}
        <span className="muted">{name(a.item_text) || a.item_key}</span>
      </h2>
      {a.state !== 'pending' ? <p className="muted console-small">{t(`moderation.states.${a.state}`)}</p> : null}
      <p className="console-answer-text" ref={textRef}>
        {segments.map((s) =>
          s.redacted ? (
            <mark key={s.start} data-start={s.start} className="console-redacted">
              {a.text.slice(s.start, s.end)}
            </mark>
          ) : (
            <span key={s.start} data-start={s.start}>
              {a.text.slice(s.start, s.end)}
            </span>
          ),
        )}
      </p>
      {a.suggestions.length ? (
        <fieldset className="console-suggestions">
          <legend>{t('moderation.suggestions')}</legend>
          {a.suggestions.map((s) => (
            <label key={`${s.start}-${s.end}`}>
              <input type="checkbox" checked={isOn(s)} onChange={() => toggle(s)} /> {t('moderation.remove')}{' '}
              <q>{s.text}</q> <span className="muted">({t(`moderation.kinds.${s.kind}`)})</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {merged.length ? (
        <p className="console-preview">
          <span className="muted">{t('moderation.willRead')}</span> {applyRedactions(a.text, merged)}
        </p>
      ) : null}
      <ErrorNote error={error} />
      <div className="console-actions">
        <button type="button" disabled={busy} onClick={() => void act('approve')}>
          {merged.length ? t('moderation.approveWith', { n: merged.length }) : t('moderation.approve')}
        </button>
        <button type="button" className="secondary" onClick={addSelection}>
          {t('moderation.removeSelection')}
        </button>
        {ranges.length ? (
          <button type="button" className="secondary" onClick={() => setRanges([])}>
            {t('moderation.clear')}
          </button>
        ) : null}
        <span className="console-hide">
          <Field label={t('moderation.hideReason')}>
            {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <button type="button" className="danger" disabled={busy} onClick={() => void act('hide')}>
            {t('moderation.hide')}
          </button>
        </span>
      </div>
    </li>
  );
}
