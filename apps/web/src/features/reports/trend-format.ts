import type { Difference, TrendRound } from '@gs/schema';
import type { Lang } from '../../lib/i18n.ts';
import { formatChange, formatNumber, formatP } from './report-format.ts';
import type { TrendT } from './trend-i18n.ts';

/** A significant change as "▲ up 0,21 (p = 0,003)"; otherwise "no clear change" with the difference's interval. */
export function changeText(c: Difference, t: TrendT, lang: Lang): { clear: boolean; text: string; detail: string } {
  if (c.significant) {
    const d = formatNumber(Math.abs(c.diff), lang);
    return { clear: true, text: t(c.diff > 0 ? 'up' : 'down', { d }), detail: formatP(c.p, lang) };
  }
  return {
    clear: false,
    text: t('noClearChange'),
    detail: t('differenceInterval', {
      d: formatChange(c.diff, lang),
      lo: formatChange(c.lo, lang),
      hi: formatChange(c.hi, lang),
    }),
  };
}

/** How a round's figures came to be: "published, version 2" or "live, survey open". */
export function roundStatus(round: TrendRound, t: TrendT): string {
  if (round.source === 'published') return t('statusPublished', { v: round.version ?? 1 });
  return round.status === 'open' ? t('statusOpen') : t('statusClosed');
}
