import { type Translator, createTranslator } from '@gs/messages';
import { type FiltersKey, filters } from '@gs/messages/filters';
import { useLang } from '../../lib/i18n.ts';
import { SelectControl } from './report-controls.tsx';

/** A view's filter by unit kind, provider and answer language; null does not filter. */
export interface UnitFilterValue {
  kind: string | null;
  provider: string | null;
  language: string | null;
}

export const UNIT_KINDS = ['ecec', 'pre_primary', 'school'] as const;
export const PROVIDERS = ['municipal', 'private'] as const;
/** Answer languages a view can be filtered by (the API takes those of the round's instrument). */
export const ANSWER_LANGUAGES = ['fi', 'sv', 'en', 'uk', 'ru', 'ar', 'so', 'et'] as const;

/** No filter by unit kind, provider or answer language. */
export const NO_UNIT_FILTER: UnitFilterValue = { kind: null, provider: null, language: null };

/** Reads `kind`, `provider` and `language` from a query string; unknown values do not filter. */
export function parseUnitFilter(q: URLSearchParams): UnitFilterValue {
  const kind = q.get('kind');
  const provider = q.get('provider');
  const language = q.get('language');
  return {
    kind: kind && (UNIT_KINDS as readonly string[]).includes(kind) ? kind : null,
    provider: provider && (PROVIDERS as readonly string[]).includes(provider) ? provider : null,
    language: language && (ANSWER_LANGUAGES as readonly string[]).includes(language) ? language : null,
  };
}

/** Writes a filter into a query string. */
export function setUnitFilter(q: URLSearchParams, f: Partial<UnitFilterValue>) {
  if (f.kind) q.set('kind', f.kind);
  if (f.provider) q.set('provider', f.provider);
  if (f.language) q.set('language', f.language);
}

/** The filters' texts: `packages/messages/src/filters/{fi,sv,en}.json` (ICU messages). */
export type UnitFilterT = Translator<FiltersKey>;

export function useUnitFilterT() {
  const { lang } = useLang();
  return { u: createTranslator(filters, lang), lang };
}

/** The name of a unit kind, provider or answer language (`prefix.value`), or the value itself when it has none. */
function named(u: UnitFilterT, prefix: 'kinds' | 'providers' | 'languages', value: string): string {
  const key = `${prefix}.${value}`;
  return u.has(key) ? u.t(key) : value;
}

/** "Pre-primary, private": the unit filter in words, or '' when it filters nothing. */
export function unitFilterText(f: Pick<UnitFilterValue, 'kind' | 'provider'>, u: UnitFilterT): string {
  return [f.kind ? named(u, 'kinds', f.kind) : null, f.provider ? named(u, 'providers', f.provider) : null]
    .filter((x): x is string => Boolean(x))
    .join(', ');
}

/** "Answer language: Swedish", or '' when the view is not filtered by language. */
export function languageText(language: string | null | undefined, u: UnitFilterT): string {
  return language ? u.t('languageLine', { f: named(u, 'languages', language) }) : '';
}

/** An answer language's name in the reader's language. */
export function languageName(language: string, u: UnitFilterT): string {
  return named(u, 'languages', language);
}

/** The unit kind and provider selects of a view's controls (`kinds`: those the round's instrument covers). */
export function UnitFilterSelects(props: {
  kinds: readonly string[];
  value: UnitFilterValue;
  onChange: (next: UnitFilterValue) => void;
  u: UnitFilterT;
  /** Answer languages of the round (the language select's choices; none: no select). */
  languages?: readonly string[];
  /** Which of the selects this reader may use (the public: what the network allows). */
  show?: { kind: boolean; provider: boolean; language?: boolean };
}) {
  const { u, value } = props;
  const show = props.show ?? { kind: true, provider: true, language: true };
  const languages = props.languages ?? [];
  return (
    <>
      {show.kind && (
        <SelectControl
          label={u.t('kind')}
          value={value.kind ?? ''}
          onChange={(kind) => props.onChange({ ...value, kind: kind || null })}
        >
          <option value="">{u.t('allKinds')}</option>
          {props.kinds.map((k) => (
            <option key={k} value={k}>
              {named(u, 'kinds', k)}
            </option>
          ))}
        </SelectControl>
      )}
      {show.provider && (
        <SelectControl
          label={u.t('provider')}
          value={value.provider ?? ''}
          onChange={(provider) => props.onChange({ ...value, provider: provider || null })}
        >
          <option value="">{u.t('allProviders')}</option>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {named(u, 'providers', p)}
            </option>
          ))}
        </SelectControl>
      )}
      {show.language !== false && languages.length > 0 && (
        <SelectControl
          label={u.t('language')}
          value={value.language ?? ''}
          onChange={(language) => props.onChange({ ...value, language: language || null })}
        >
          <option value="">{u.t('allLanguages')}</option>
          {languages.map((l) => (
            <option key={l} value={l}>
              {named(u, 'languages', l)}
            </option>
          ))}
        </SelectControl>
      )}
    </>
  );
}
