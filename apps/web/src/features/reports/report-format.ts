import type { Lang } from '../../lib/i18n.ts';

const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** A number with fixed decimals in the language's style (4,21 in Finnish and Swedish). */
export function formatNumber(x: number, lang: Lang, digits = 2): string {
  return new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    x,
  );
}

export function formatInteger(x: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang]).format(x);
}

/** A share 0..1 as a percentage. */
export function formatPercent(share: number, lang: Lang, digits = 0): string {
  return new Intl.NumberFormat(LOCALES[lang], {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

/** A change with its sign (a true minus sign), e.g. +0,12 or −0,30. */
export function formatChange(x: number, lang: Lang): string {
  const text = formatNumber(Math.abs(x), lang);
  if (Math.round(x * 100) === 0) return `±${text}`;
  return `${x > 0 ? '+' : '−'}${text}`;
}

export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'numeric', year: 'numeric' }).format(
    new Date(iso),
  );
}
