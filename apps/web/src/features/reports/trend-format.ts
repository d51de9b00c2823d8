import type { Difference, Interval, TrendRound } from '@gs/schema';
import type { Lang } from '../../lib/i18n.ts';
import { formatChange, formatNumber } from './report-format.ts';
import { fill } from './report-i18n.ts';
import type { TrendStrings } from './trend-i18n.ts';

/** A two-sided p-value as "p = 0,003", or "p < 0,001" below what three decimals show; it never wraps. */
export function formatP(p: number, lang: Lang): string {
  if (p < 0.001) return `p\u00a0<\u00a0${formatNumber(0.001, lang, 3)}`;
  return `p\u00a0=\u00a0${formatNumber(p, lang, 3)}`;
}

/** A mean's interval as "4,12–4,20". */
export function formatInterval(i: Interval, lang: Lang): string {
  return `${formatNumber(i.lo, lang)}–${formatNumber(i.hi, lang)}`;
}

/** A significant change as "▲ up 0,21 (p = 0,003)"; otherwise "no clear change" with the difference's interval. */
export function changeText(
  c: Difference,
  t: TrendStrings,
  lang: Lang,
): { clear: boolean; text: string; detail: string } {
  if (c.significant) {
    const d = formatNumber(Math.abs(c.diff), lang);
    return { clear: true, text: fill(c.diff > 0 ? t.up : t.down, { d }), detail: formatP(c.p, lang) };
  }
  return {
    clear: false,
    text: t.noClearChange,
    detail: fill(t.differenceInterval, {
      d: formatChange(c.diff, lang),
      lo: formatChange(c.lo, lang),
      hi: formatChange(c.hi, lang),
    }),
  };
}

/** How a round's figures came to be: "published, version 2" or "live, survey open". */
export function roundStatus(round: TrendRound, t: TrendStrings): string {
  if (round.source === 'published') return fill(t.statusPublished, { v: round.version ?? 1 });
  return round.status === 'open' ? t.statusOpen : t.statusClosed;
}
