// The report areas' keys, parsing, placeholders and plurals are checked with every area in messages.test.ts.
import { parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { type Messages, createTranslator, defineArea } from './index.ts';
import { reports } from './reports/index.ts';
import { trends } from './trends/index.ts';

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
