import { type Lang, useLang } from '../../lib/i18n.ts';
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

const fi = {
  kind: 'Yksikön tyyppi',
  provider: 'Järjestäjä',
  allKinds: 'Kaikki yksiköt',
  allProviders: 'Kunnalliset ja yksityiset',
  kinds: { ecec: 'Varhaiskasvatus', pre_primary: 'Esiopetus', school: 'Koulu' } as Record<string, string>,
  providers: { municipal: 'Kunnallinen', private: 'Yksityinen' } as Record<string, string>,
  line: 'Vain yksiköt: {f}',
  language: 'Vastauskieli',
  allLanguages: 'Kaikki kielet',
  languages: {
    fi: 'suomi',
    sv: 'ruotsi',
    en: 'englanti',
    uk: 'ukraina',
    ru: 'venäjä',
    ar: 'arabia',
    so: 'somali',
    et: 'viro',
  } as Record<string, string>,
  languageLine: 'Vastauskieli: {f}',
  withheldAll:
    'Tällä rajauksella ei voi näyttää lukuja: vastauksia on alle kynnyksen, tai jonkin yksikkötyypin tai järjestäjän piilotetuissa yksiköissä on niin vähän vastauksia, että ne paljastuisivat vähentämällä. Valitse toinen rajaus tai kaikki yksiköt.',
  withheldFine:
    'Tällä rajauksella ei voi näyttää lukuja: vastauksia on alle kynnyksen, tai jokin pieni vastaajaryhmä paljastuisi, kun luvut vähennetään toisistaan. Valitse toinen rajaus.',
  withheldSome: 'Rajausta ei voi näyttää näille: {list}. Niiden sarakkeet ovat tyhjiä samasta syystä.',
  withheldRounds: 'Rajausta ei voi näyttää näiltä vuosilta: {list}.',
  regionWithout: 'Koko alueen luvuissa ovat mukana muut kunnat; ilman: {list}.',
  noUnitsNote: 'Vastaukset, joissa yksikköä ei ole kerrottu, eivät kuulu mihinkään yksikkötyyppiin.',
};
type Strings = typeof fi;
const sv: Strings = {
  kind: 'Typ av enhet',
  provider: 'Huvudman',
  allKinds: 'Alla enheter',
  allProviders: 'Kommunala och privata',
  kinds: { ecec: 'Småbarnspedagogik', pre_primary: 'Förskoleundervisning', school: 'Skola' },
  providers: { municipal: 'Kommunal', private: 'Privat' },
  line: 'Endast enheter: {f}',
  language: 'Svarsspråk',
  allLanguages: 'Alla språk',
  languages: {
    fi: 'finska',
    sv: 'svenska',
    en: 'engelska',
    uk: 'ukrainska',
    ru: 'ryska',
    ar: 'arabiska',
    so: 'somaliska',
    et: 'estniska',
  },
  languageLine: 'Svarsspråk: {f}',
  withheldAll:
    'Inga siffror kan visas med det här urvalet: svaren är för få, eller de dolda enheterna av någon typ eller huvudman har så få svar att de skulle avslöjas genom subtraktion. Välj ett annat urval eller alla enheter.',
  withheldFine:
    'Inga siffror kan visas med det här urvalet: svaren är för få, eller någon liten grupp av svarande skulle avslöjas genom subtraktion. Välj ett annat urval.',
  withheldSome: 'Urvalet kan inte visas för: {list}. Deras kolumner är tomma av samma skäl.',
  withheldRounds: 'Urvalet kan inte visas för åren: {list}.',
  regionWithout: 'Hela regionens siffror räknar ihop de övriga kommunerna; utan: {list}.',
  noUnitsNote: 'Svar där enheten inte angetts hör inte till någon typ av enhet.',
};
const en: Strings = {
  kind: 'Unit kind',
  provider: 'Provider',
  allKinds: 'All units',
  allProviders: 'Municipal and private',
  kinds: { ecec: 'Early childhood education', pre_primary: 'Pre-primary', school: 'School' },
  providers: { municipal: 'Municipal', private: 'Private' },
  line: 'Units only: {f}',
  language: 'Answer language',
  allLanguages: 'All languages',
  languages: {
    fi: 'Finnish',
    sv: 'Swedish',
    en: 'English',
    uk: 'Ukrainian',
    ru: 'Russian',
    ar: 'Arabic',
    so: 'Somali',
    et: 'Estonian',
  },
  languageLine: 'Answer language: {f}',
  withheldAll:
    'No figures can be shown with this filter: there are too few answers, or the hidden units of some kind or provider have so few answers that subtraction would reveal them. Choose another filter or all units.',
  withheldFine:
    'No figures can be shown with this filter: there are too few answers, or some small group of respondents would be revealed by subtraction. Choose another filter.',
  withheldSome: 'The filter cannot be shown for: {list}. Their columns are empty for the same reason.',
  withheldRounds: 'The filter cannot be shown for these years: {list}.',
  regionWithout: 'The whole region’s figures add up the other municipalities; without: {list}.',
  noUnitsNote: 'Answers that name no unit belong to no unit kind.',
};
const STRINGS: Record<Lang, Strings> = { fi, sv, en };

/** Fills the `{name}` placeholders of the texts above (not yet in the message files of @gs/messages). */
export function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function useUnitFilterT() {
  const { lang } = useLang();
  return { u: STRINGS[lang], lang };
}
export type UnitFilterStrings = Strings;

/** "Pre-primary, private": the unit filter in words, or '' when it filters nothing. */
export function unitFilterText(f: Pick<UnitFilterValue, 'kind' | 'provider'>, u: Strings): string {
  return [f.kind ? u.kinds[f.kind] : null, f.provider ? u.providers[f.provider] : null]
    .filter((x): x is string => Boolean(x))
    .join(', ');
}

/** "Answer language: Swedish", or '' when the view is not filtered by language. */
export function languageText(language: string | null | undefined, u: Strings): string {
  return language ? u.languageLine.replace('{f}', u.languages[language] ?? language) : '';
}

/** The unit kind and provider selects of a view's controls (`kinds`: those the round's instrument covers). */
export function UnitFilterSelects(props: {
  kinds: readonly string[];
  value: UnitFilterValue;
  onChange: (next: UnitFilterValue) => void;
  u: Strings;
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
          label={u.kind}
          value={value.kind ?? ''}
          onChange={(kind) => props.onChange({ ...value, kind: kind || null })}
        >
          <option value="">{u.allKinds}</option>
          {props.kinds.map((k) => (
            <option key={k} value={k}>
              {u.kinds[k] ?? k}
            </option>
          ))}
        </SelectControl>
      )}
      {show.provider && (
        <SelectControl
          label={u.provider}
          value={value.provider ?? ''}
          onChange={(provider) => props.onChange({ ...value, provider: provider || null })}
        >
          <option value="">{u.allProviders}</option>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {u.providers[p]}
            </option>
          ))}
        </SelectControl>
      )}
      {show.language !== false && languages.length > 0 && (
        <SelectControl
          label={u.language}
          value={value.language ?? ''}
          onChange={(language) => props.onChange({ ...value, language: language || null })}
        >
          <option value="">{u.allLanguages}</option>
          {languages.map((l) => (
            <option key={l} value={l}>
              {u.languages[l] ?? l}
            </option>
          ))}
        </SelectControl>
      )}
    </>
  );
}
