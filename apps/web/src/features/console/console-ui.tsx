import { type ReactNode, createContext, useCallback, useContext, useEffect, useId, useRef, useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import { tr, useLang } from '../../lib/i18n.ts';
import { onLinkClick } from '../../lib/router.ts';
import type { ErrorCode } from '@gs/schema';
import { type ConsoleT, ERROR_MESSAGE, FIELD_LABEL, isConsoleKey, useConsoleT } from './console-i18n.ts';
import type { SessionInfo, Translations } from './console-types.ts';

/** The signed-in user and what the console does when the session turns out to have ended. */
export const SessionContext = createContext<{
  session: SessionInfo;
  expired: () => void;
  announce: (message: string) => void;
} | null>(null);

export function useSession() {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the console');
  return s;
}

/** A name in the current language. */
export function useName() {
  const { lang } = useLang();
  return (names: Translations | null | undefined) => (names ? tr(names, lang) : '');
}

const LOCALES = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

export function useFormat() {
  const { lang } = useLang();
  const locale = LOCALES[lang];
  return {
    date: (iso: string) => new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC' }),
    dateTime: (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }),
    number: (n: number) => n.toLocaleString(locale),
    percent: (r: number | null) =>
      r === null ? '–' : r.toLocaleString(locale, { style: 'percent', maximumFractionDigits: 1 }),
  };
}

/**
 * A message for an API failure in the reader's language, chosen by the error's code (and the field it
 * names, where that is one of the console's form fields); never the server's English text, which stays
 * for API clients and logs. Unknown codes get a general message.
 */
export function errorText(t: ConsoleT, e: unknown): string {
  if (!(e instanceof ApiError)) return t('errors.network');
  if (e.status >= 500) return t('errors.server');
  const message = codeText(t, e);
  const field = e.field?.split('.')[0];
  const label = field && Object.hasOwn(FIELD_LABEL, field) ? FIELD_LABEL[field] : undefined;
  return label ? t('errors.withField', { message, field: t(label) }) : message;
}

/** The message of an API error's code alone (next to the field it names, the label says which). */
function codeText(t: ConsoleT, e: ApiError): string {
  const key = Object.hasOwn(ERROR_MESSAGE, e.code) ? ERROR_MESSAGE[e.code as ErrorCode] : undefined;
  return key ? t(key) : e.status === 403 ? t('errors.forbidden') : t('errors.unknown');
}

/**
 * Loads an API resource; `reload` fetches again, `every` polls (paused while the tab
 * is hidden). A 401 means the session ended: the console goes back to signing in.
 */
export function useResource<T>(path: string | null, opts: { every?: number } = {}) {
  const { expired } = useSession();
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(Boolean(path));
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    if (!path) return;
    void version;
    const controller = new AbortController();
    setLoading(true);
    api<T>(path, { signal: controller.signal })
      .then((d) => {
        setData(d);
        setError(undefined);
      })
      .catch((e) => {
        if (controller.signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) expired();
        else setError(e);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [path, version, expired]);
  useEffect(() => {
    if (!opts.every || !path) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, opts.every);
    return () => clearInterval(timer);
  }, [opts.every, path, reload]);
  return { data, error, loading, reload, setData };
}

/** Runs a state-changing call; keeps its error (with the field it names) and a busy flag. */
export function useAction() {
  const { expired } = useSession();
  const { t } = useConsoleT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const run = useCallback(
    async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await fn();
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) expired();
        else setError(e as Error);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [expired],
  );
  const fieldError = (field: string) =>
    error instanceof ApiError && error.field && (error.field === field || error.field.startsWith(`${field}.`))
      ? error.code === 'validation_failed'
        ? t('errors.fieldInvalid')
        : codeText(t, error)
      : undefined;
  return { busy, error, setError, run, fieldError };
}

/** The page's heading; takes focus when the page opens so screen readers start there. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="console-title">
      {children}
    </h1>
  );
}

export function Loading() {
  const { t } = useConsoleT();
  return (
    <p className="muted" role="status">
      {t('loading')}
    </p>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useConsoleT();
  if (!error) return null;
  return (
    <p className="console-error" role="alert">
      {errorText(t, error)}
    </p>
  );
}

/** A labelled input with its hint and error next to it (aria-describedby, aria-invalid). */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`console-field${error ? ' console-field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span id={hintId} className="console-hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={errorId} className="console-field-error">
          {error}
        </span>
      ) : null}
      {children({ id, 'aria-describedby': describedBy, ...(error ? { 'aria-invalid': true as const } : {}) })}
    </div>
  );
}

/** The three language versions of a text, in one fieldset. */
export function TranslationsField({
  legend,
  value,
  onChange,
  error,
  multiline = false,
}: {
  legend: string;
  value: Translations;
  onChange: (v: Translations) => void;
  error?: (lang: 'fi' | 'sv' | 'en') => string | undefined;
  multiline?: boolean;
}) {
  const { t } = useConsoleT();
  return (
    <fieldset className="console-translations">
      <legend>{legend}</legend>
      {(['fi', 'sv', 'en'] as const).map((l) => (
        <Field key={l} label={t(`languages.${l}`)} error={error?.(l)}>
          {(p) =>
            multiline ? (
              <textarea
                {...p}
                rows={2}
                value={value[l] ?? ''}
                onChange={(e) => onChange({ ...value, [l]: e.target.value })}
              />
            ) : (
              <input {...p} value={value[l] ?? ''} onChange={(e) => onChange({ ...value, [l]: e.target.value })} />
            )
          }
        </Field>
      ))}
    </fieldset>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useConsoleT();
  const key = `status.${status}`;
  return <span className={`console-badge console-badge-${status}`}>{isConsoleKey(key) ? t(key) : status}</span>;
}

export function Link({
  href,
  children,
  className,
  current,
}: {
  href: string;
  children: ReactNode;
  className?: string;
  current?: boolean;
}) {
  return (
    <a href={href} onClick={onLinkClick} className={className} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

/** A horizontal bar for a share, with the figure as text beside it. */
export function RateBar({ rate, label }: { rate: number | null; label: string }) {
  const width = rate === null ? 0 : Math.min(100, Math.round(rate * 1000) / 10);
  return (
    <span className="console-rate">
      <span className="console-rate-track" aria-hidden="true">
        <span className="console-rate-fill" style={{ width: `${width}%` }} />
      </span>
      <span className="console-rate-label">{label}</span>
    </span>
  );
}

/** A CSV file's text: UTF-8, or Windows-1252 when it is not valid UTF-8 (Excel's "CSV (semicolon)" on Windows). */
export async function readCsvFile(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
