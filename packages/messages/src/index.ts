import { IntlMessageFormat } from 'intl-messageformat';

/**
 * The product's one message system: each area (the survey today) keeps its interface texts in one
 * JSON file per language (`src/<area>/<lang>.json`, key → ICU MessageFormat string), Finnish being
 * the source the keys are typed from. Messages are compiled with FormatJS's `intl-messageformat`
 * once per language and key, and format plurals, selects, numbers and dates through `Intl`.
 */

/** One language's file of an area: key → ICU message. */
export type Messages = Readonly<Record<string, string>>;

/** What a message's placeholders take. */
export type Values = Readonly<Record<string, string | number | Date>>;

/** An area's files by language; the source (Finnish) file fixes the keys. */
export interface Area<K extends string> {
  readonly name: string;
  readonly source: string;
  readonly files: Readonly<Record<string, Readonly<Record<K, string>>>>;
}

/** The language whose file stands in for a language that has none. */
export const FALLBACK_LANGUAGE = 'en';

/** The `Intl` locale of a language where it is not the language code itself (British English conventions). */
const LOCALES: Readonly<Record<string, string>> = { en: 'en-GB' };

export function localeOf(lang: string): string {
  return LOCALES[lang] ?? lang;
}

/** An area from its source file (keys typed from it) and the other languages' files. */
export function defineArea<S extends Messages>(
  name: string,
  source: { lang: string; messages: S },
  others: Readonly<Record<string, Messages>>,
): Area<keyof S & string> {
  return {
    name,
    source: source.lang,
    files: { [source.lang]: source.messages, ...others } as Area<keyof S & string>['files'],
  };
}

/** The languages an area has a file for, the source first. */
export function languagesOf(area: Area<string>): string[] {
  return Object.keys(area.files);
}

/** Keys that end in `.1`, `.2`, …: a list, edited by a translator as numbered lines. */
export type ListKey<K extends string> = K extends `${infer P}.${number}` ? P : never;

export interface Translator<K extends string> {
  /** The language of the messages: the one asked for, or the fallback when it has no file. */
  readonly lang: string;
  /** The `Intl` locale numbers, dates and plurals follow. */
  readonly locale: string;
  /** The message of `key` with its placeholders filled in. */
  t(key: K, values?: Values): string;
  /** The messages `prefix.1`, `prefix.2`, … in order. */
  list(prefix: ListKey<K>, values?: Values): string[];
  /** Whether a key built at run time (`issue.${code}`) is one of the area's. */
  has(key: string): key is K;
}

const translators = new WeakMap<Area<string>, Map<string, Translator<string>>>();

/**
 * A translator for one language of an area; created once per area and language, and each of its
 * messages compiled once, on first use. A language without a file gets the English one. Its
 * methods do not use `this`: `const { t } = createTranslator(area, lang)` works.
 */
export function createTranslator<K extends string>(area: Area<K>, lang: string): Translator<K> {
  const byLang = translators.get(area) ?? new Map<string, Translator<string>>();
  translators.set(area, byLang);
  const known = byLang.get(lang);
  if (known) return known as Translator<K>;
  const fileLang = area.files[lang] ? lang : FALLBACK_LANGUAGE;
  const file = area.files[fileLang];
  if (!file) throw new Error(`messages: area ${area.name} has no ${fileLang} file`);
  const locale = localeOf(fileLang);
  const compiled = new Map<string, IntlMessageFormat>();
  const format = (key: string, values?: Values): string => {
    let message = compiled.get(key);
    if (!message) {
      const source = (file as Record<string, string | undefined>)[key];
      if (source === undefined) throw new Error(`messages: ${area.name}/${fileLang}.json has no key ${key}`);
      // In the web bundle `source` is already an AST (apps/web/vite.config.ts parses the files at build
      // time, typed as the JSON's strings); IntlMessageFormat takes either.
      message = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
      compiled.set(key, message);
    }
    return String(message.format(values));
  };
  const translator: Translator<K> = {
    lang: fileLang,
    locale,
    t: format,
    list(prefix, values) {
      const out: string[] = [];
      for (let i = 1; Object.hasOwn(file, `${prefix}.${i}`); i++) out.push(format(`${prefix}.${i}`, values));
      return out;
    },
    has: (key): key is K => Object.hasOwn(area.files[area.source] ?? {}, key),
  };
  byLang.set(lang, translator);
  return translator;
}
