import { type Values, createTranslator } from '@gs/messages';
import { type TrendKey, trends } from '@gs/messages/trends';
import { type Lang, useLang } from '../../lib/i18n.ts';
import { type ReportT, useReportT } from './report-i18n.ts';

/** The trend and overview pages' own texts, from `packages/messages/src/trends/*.json`. */
export type TrendT = (key: TrendKey, values?: Values) => string;

/** The trend and overview texts (`t`), the report texts they share (`r`), and the language. */
export function useTrendT(): { t: TrendT; r: ReportT; lang: Lang } {
  const { lang } = useLang();
  const { t: r } = useReportT();
  return { t: createTranslator(trends, lang).t, r, lang };
}
