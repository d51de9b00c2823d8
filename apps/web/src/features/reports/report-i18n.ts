import { type Values, createTranslator } from '@gs/messages';
import { type ReportKey, reports } from '@gs/messages/reports';
import { useLang } from '../../lib/i18n.ts';

/**
 * The report pages' texts live in `packages/messages/src/reports/{fi,sv,en}.json` (ICU messages,
 * precompiled at build time); this is the typed way in.
 */
export type ReportT = (key: ReportKey, values?: Values) => string;

/** The report texts in the current language (`t('key', values)`), and the language. */
export function useReportT() {
  const { lang } = useLang();
  return { t: createTranslator(reports, lang).t, lang };
}
