import { type MessageFormatElement, TYPE, parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { type Area, createTranslator, defineArea, languagesOf } from './index.ts';
import { app } from './app/index.ts';
import { compare } from './compare/index.ts';
import { exportsArea } from './exports/index.ts';
import { filters } from './filters/index.ts';
import { consoleMessages } from './console/index.ts';
import { improvement } from './improvement/index.ts';
import { reports } from './reports/index.ts';
import { survey } from './survey/index.ts';
import { trends } from './trends/index.ts';

/** Every area and the languages each must have a file for. The web app's areas have its three interface languages; the survey has every questionnaire language. */
const WEB_LANGUAGES = ['fi', 'sv', 'en'];
const AREAS: { area: Area<string>; languages: string[] }[] = [
  { area: survey, languages: ['fi', 'sv', 'en', 'uk', 'ar', 'ru', 'so', 'et'] },
  ...[app, reports, compare, trends, improvement, filters, exportsArea, consoleMessages].map((area) => ({
    area,
    languages: WEB_LANGUAGES,
  })),
];

/** What an argument takes: a number (number, plural), a date (date, time), a select's string, or anything. */
const KIND: Partial<Record<TYPE, string>> = {
  [TYPE.argument]: 'any',
  [TYPE.number]: 'number',
  [TYPE.plural]: 'number',
  [TYPE.date]: 'date',
  [TYPE.time]: 'date',
  [TYPE.select]: 'select',
};

/** The arguments of a parsed message as `name:kind`, nested ones included. */
function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      argumentsOf(el.children, out);
      continue;
    }
    out.add(`${el.value}:${KIND[el.type]}`);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) argumentsOf(option.value, out);
    }
  }
  return out;
}

/** Plural categories a message's plural arguments give, per argument. */
function pluralOptions(elements: MessageFormatElement[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const el of elements) {
    if (el.type === TYPE.plural) out.set(el.value, Object.keys(el.options));
  }
  return out;
}

for (const { area, languages } of AREAS) {
  const source = area.files[area.source] ?? {};
  const keys = Object.keys(source).sort();

  describe(`messages of ${area.name}`, () => {
    it('has a file for every interface language', () => {
      expect(languagesOf(area).sort()).toEqual([...languages].sort());
    });

    for (const lang of languages) {
      const file: Record<string, string> = area.files[lang] ?? {};

      it(`${lang}: has every key of the Finnish file and no other`, () => {
        const have = Object.keys(file);
        const missing = keys.filter((k) => !have.includes(k));
        const extra = have.filter((k) => !keys.includes(k));
        expect({ missing, extra }, `${area.name}/${lang}.json`).toEqual({ missing: [], extra: [] });
      });

      it(`${lang}: every message parses, is not empty and has the Finnish one's placeholders`, () => {
        for (const key of keys) {
          const text = file[key] ?? '';
          expect(text.trim(), `${lang} ${key}`).not.toBe('');
          // No invisible format characters (direction marks, zero-width spaces): the page sets the direction.
          expect(text, `${lang} ${key}`).not.toMatch(/\p{Cf}/u);
          let parsed: MessageFormatElement[] = [];
          expect(() => (parsed = parse(text, { ignoreTag: true })), `${lang} ${key}`).not.toThrow();
          const wanted = [...argumentsOf(parse(source[key] ?? '', { ignoreTag: true }))].sort();
          expect([...argumentsOf(parsed)].sort(), `${lang} ${key}`).toEqual(wanted);
        }
      });

      it(`${lang}: plural messages have exactly the language's categories and format for many numbers`, () => {
        const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
        const { t } = createTranslator(area, lang);
        for (const key of keys) {
          const parsed = parse(file[key] ?? '', { ignoreTag: true });
          const plurals = pluralOptions(parsed);
          for (const [arg, options] of plurals) {
            // Each option is a category of the language (or an exact =n), and `other` is always there.
            for (const o of options)
              expect(o.startsWith('=') || categories.includes(o), `${lang} ${key} ${o}`).toBe(true);
            expect(options, `${lang} ${key}`).toContain('other');
            // …and every category of the language is there: Russian "5 минут" needs `many`, not `other`.
            for (const c of categories) expect(options, `${lang} ${key}: ${c}`).toContain(c);
            for (const n of [0, 1, 2, 3, 5, 11, 21, 22, 100, 101, 1000]) {
              const values = Object.fromEntries(
                [...argumentsOf(parsed)].map((a) => {
                  const [name = '', kind] = a.split(':');
                  return [name, kind === 'date' ? new Date(2026, 2, 1) : name === arg ? n : 7];
                }),
              );
              const out = t(key, values);
              // `one`, `two` and `zero` may say the number in words (Arabic "دقيقتان", two minutes).
              const inWords = ['zero', 'one', 'two'].includes(new Intl.PluralRules(lang).select(n));
              if (!inWords) expect(out, `${lang} ${key} ${n}`).toContain(new Intl.NumberFormat(lang).format(n));
              expect(out).not.toMatch(/[{}#]/);
            }
          }
        }
      });
    }
  });
}

describe('createTranslator', () => {
  const area = defineArea(
    'test',
    {
      lang: 'fi',
      messages: {
        mean: 'Keskiarvo {mean, number}',
        answers: '{n, plural, one {# vastaus} other {# vastausta}}',
        'item.1': 'Yksi',
        'item.2': 'Kaksi',
      },
    },
    {
      en: {
        mean: 'Mean {mean, number}',
        answers: '{n, plural, one {# answer} other {# answers}}',
        'item.1': 'One',
        'item.2': 'Two',
      },
    },
  );

  it('formats numbers with the language’s decimal separator and grouping', () => {
    expect(createTranslator(area, 'fi').t('mean', { mean: 4.21 })).toBe('Keskiarvo 4,21');
    expect(createTranslator(area, 'en').t('mean', { mean: 4.21 })).toBe('Mean 4.21');
    expect(createTranslator(survey, 'fi').t('maxChars', { max: 1000 })).toBe('Enintään 1\u00a0000 merkkiä.');
  });

  it('chooses the plural form', () => {
    const { t } = createTranslator(area, 'fi');
    expect([1, 2].map((n) => t('answers', { n }))).toEqual(['1 vastaus', '2 vastausta']);
  });

  it('gives a list of numbered keys in order', () => {
    expect(createTranslator(area, 'en').list('item')).toEqual(['One', 'Two']);
  });

  it('falls back to English only for a language without a file', () => {
    expect(createTranslator(area, 'xx').lang).toBe('en');
    expect(createTranslator(area, 'xx').t('item.1')).toBe('One');
    expect(createTranslator(survey, 'so').lang).toBe('so');
  });

  it('is created once per area and language', () => {
    expect(createTranslator(area, 'fi')).toBe(createTranslator(area, 'fi'));
  });

  it('knows the area’s keys', () => {
    const tr = createTranslator(area, 'fi');
    expect([tr.has('mean'), tr.has('nope')]).toEqual([true, false]);
  });
});
