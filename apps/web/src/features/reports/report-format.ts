import type { Interval } from '@gs/schema';
import type { Lang } from '../../lib/i18n.ts';

const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

// Making an Intl formatter costs far more than using one, and a report formats a thousand numbers.
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, style: 'decimal' | 'percent', digits: number | null): Intl.NumberFormat {
  const key = `${lang}:${style}:${digits}`;
  let f = formatters.get(key);
  if (!f) {
    const fixed = digits === null ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
    f = new Intl.NumberFormat(LOCALES[lang], { style, ...fixed });
    formatters.set(key, f);
  }
  return f;
}

/** A number with fixed decimals in the language's style (4,21 in Finnish and Swedish). */
export function formatNumber(x: number, lang: Lang, digits = 2): string {
  return numberFormat(lang, 'decimal', digits).format(x);
}

export function formatInteger(x: number, lang: Lang): string {
  return numberFormat(lang, 'decimal', null).format(x);
}

/** A share 0..1 as a percentage. */
export function formatPercent(share: number, lang: Lang, digits = 0): string {
  return numberFormat(lang, 'percent', digits).format(share);
}

/** A change with its sign (a true minus sign), e.g. +0,12 or −0,30. */
export function formatChange(x: number, lang: Lang): string {
  const text = formatNumber(Math.abs(x), lang);
  if (Math.round(x * 100) === 0) return `±${text}`;
  return `${x > 0 ? '+' : '−'}${text}`;
}

/** A bound of an interval, with a true minus sign in every language (English would write a hyphen). */
export function formatBound(x: number, lang: Lang): string {
  return formatNumber(x, lang).replace('-', '−');
}

/** A 95 % interval as "4,13–4,19". */
export function formatInterval(i: Interval, lang: Lang): string {
  return `${formatBound(i.lo, lang)}–${formatBound(i.hi, lang)}`;
}

/**
 * A two-sided p-value as "p = 0,003", or "p < 0,001" below what three decimals show. The spaces are
 * no-break so it never wraps; the report page's sentences pass a plain space.
 */
export function formatP(p: number, lang: Lang, space = '\u00a0'): string {
  const [op, x] = p < 0.001 ? ['<', 0.001] : ['=', p];
  return `p${space}${op}${space}${formatNumber(x, lang, 3)}`;
}

export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'numeric', year: 'numeric' }).format(
    new Date(iso),
  );
}
