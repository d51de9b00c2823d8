import type { ResponseIssue } from '@gs/schema';
import { type Translator, createTranslator, languagesOf } from '@gs/messages';
import { type SurveyKey, survey } from '@gs/messages/survey';

/** The survey's interface languages: those with a message file (packages/messages/src/survey/<lang>.json). */
export const UI_LANGS: readonly string[] = languagesOf(survey);

/** Each language named in itself, for the language switch: the `languageName` message of its own file. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  UI_LANGS.map((lang) => [lang, createTranslator(survey, lang).t('languageName')]),
);

export type UiStrings = Translator<SurveyKey>;

export function isUiLang(lang: string): boolean {
  return UI_LANGS.includes(lang);
}

/** The survey's interface text for a language; a language without a message file gets English. */
export function uiStrings(lang: string): UiStrings {
  return createTranslator(survey, lang);
}

/** A date of the calendar (`2026-03-01`) as a Date at local midnight, for formatting in messages. */
export function calendarDate(iso: string): Date {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** The guardian-facing message for a validation issue (messages `issue.<code>`). */
export function issueText(ui: UiStrings, issue: Pick<ResponseIssue, 'code' | 'field' | 'params'>): string {
  if (issue.code === 'required' && issue.field === 'unitId') return ui.t('issue.requiredUnit');
  if (issue.code === 'required' && issue.field === 'municipality') return ui.t('issue.requiredMunicipality');
  if (issue.code === 'too_long') {
    const { length = 0, limit = 0 } = issue.params ?? {};
    return ui.t('issue.too_long', { length: Number(length), limit: Number(limit) });
  }
  const key = `issue.${issue.code}`;
  return ui.has(key) ? ui.t(key) : ui.t('issue.required');
}

/** The preferred UI language from an Accept-Language header (fi when none fits). */
export function languageFromHeader(header: string | undefined, offered: readonly string[]): string {
  const wanted = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { lang: tag.slice(0, 2).toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((w) => w.lang && !Number.isNaN(w.q))
    .sort((a, b) => b.q - a.q);
  return wanted.find((w) => offered.includes(w.lang))?.lang ?? 'fi';
}
