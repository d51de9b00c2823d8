import { type Values, createTranslator } from '@gs/messages';
import { type ImprovementKey, improvement } from '@gs/messages/improvement';
import { useLang } from '../../lib/i18n.ts';

/** The improvement areas' own texts, from `packages/messages/src/improvement/*.json` (the shared ones are in report-i18n). */
export type ImprovementT = (key: ImprovementKey, values?: Values) => string;

export function useImprovementT() {
  const { lang } = useLang();
  return { i: createTranslator(improvement, lang).t, lang };
}
