import { type MessageFormatElement, TYPE, parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { compare } from './compare/index.ts';
import { improvement } from './improvement/index.ts';
import { type Area, type Messages, createTranslator, defineArea } from './index.ts';
import { reports } from './reports/index.ts';
import { trends } from './trends/index.ts';

/** The web app's report areas: each has the web's three interface languages, no more, no fewer. */
const WEB_AREAS: Area<string>[] = [reports, compare, trends, improvement];
const WEB_LANGUAGES = ['fi', 'sv', 'en'];

/**
 * Each placeholder of a message with what it takes: a count (`number`, `plural`: a number is passed),
 * a date, or text. Placeholders inside plural branches count too.
 */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.argument) found.add(`${el.value} text`);
      else if (el.type === TYPE.number || el.type === TYPE.plural) found.add(`${el.value} number`);
      else if (el.type === TYPE.date || el.type === TYPE.time) found.add(`${el.value} date`);
      else if (el.type === TYPE.select) found.add(`${el.value} select`);
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) walk(o.value);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...found].sort();
}

for (const area of WEB_AREAS) {
  describe(`web messages of ${area.name}`, () => {
    const source: Record<string, string> = area.files.fi ?? {};

    it('has a file for fi, sv and en', () => {
      expect(Object.keys(area.files).sort()).toEqual([...WEB_LANGUAGES].sort());
    });

    for (const lang of WEB_LANGUAGES) {
      const file: Record<string, string> = area.files[lang] ?? {};

      it(`${lang}: the same keys as the Finnish file, each parsing, non-empty, with its placeholders`, () => {
        expect(Object.keys(file).sort()).toEqual(Object.keys(source).sort());
        for (const [key, message] of Object.entries(file)) {
          expect(message.trim(), `${lang} ${key}`).not.toBe('');
          expect(() => parse(message, { ignoreTag: true }), `${lang} ${key}`).not.toThrow();
          expect(placeholders(message), `${lang} ${key}`).toEqual(placeholders(source[key] ?? ''));
        }
      });
    }
  });
}

describe('report texts', () => {
  it('say a count in the singular where the language has one', () => {
    const en = createTranslator(trends, 'en');
    expect(en.t('aboveBelow', { above: 1, below: 3, compared: 40 })).toBe(
      'Clearly above the rest of the region in 1 question and clearly below in 3 (40 compared)',
    );
    expect(createTranslator(reports, 'en').t('fewer', { n: 5 })).toBe('fewer than 5 answers');
    expect(createTranslator(reports, 'fi').t('fewer', { n: 5 })).toBe('alle 5 vastausta');
  });

  it('format the same from ASTs parsed at build time (the web bundle has no parser)', () => {
    const parsed = (file: Messages) =>
      Object.fromEntries(
        Object.entries(file).map(([k, m]) => [k, parse(m, { ignoreTag: true })]),
      ) as unknown as Messages;
    const files = reports.files as Readonly<Record<string, Messages>>;
    const precompiled = defineArea(
      'reports-ast',
      { lang: 'fi', messages: parsed(files.fi ?? {}) },
      { en: parsed(files.en ?? {}) },
    );
    for (const lang of ['fi', 'en']) {
      const values = { n: 5, later: 3, first: 10 };
      expect(createTranslator(precompiled, lang).t('liveSteppedNote', values)).toBe(
        createTranslator(reports, lang).t('liveSteppedNote', values),
      );
    }
  });
});
