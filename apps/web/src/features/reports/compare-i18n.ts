import { type Values, createTranslator } from '@gs/messages';
import { type CompareKey, compare } from '@gs/messages/compare';
import { useLang } from '../../lib/i18n.ts';

/** The side-by-side page's own texts, from `packages/messages/src/compare/*.json` (the shared ones are in report-i18n). */
export type CompareT = (key: CompareKey, values?: Values) => string;

export function useCompareT() {
  const { lang } = useLang();
  return { c: createTranslator(compare, lang).t, lang };
}
