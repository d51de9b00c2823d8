import { describe, expect, it } from 'vitest';
import { InstrumentDefinition, completeLanguages } from './instrument.ts';
import { carryTranslations, checkTranslation, mapTexts, textSlots, translationCompleteness } from './translation.ts';

const t = (fi: string, more: Record<string, string> = {}) => ({ fi, sv: `sv ${fi}`, en: `en ${fi}`, ...more });

const def = InstrumentDefinition.parse({
  family: 'ecec',
  version: 1,
  title: t('Kysely', { et: 'Küsitlus' }),
  intro: t('Johdanto', { et: 'Sissejuhatus' }),
  estimatedMinutes: 5,
  unitKinds: ['ecec'],
  group: {
    key: 'age_group',
    label: t('Ikä', { et: 'Vanus' }),
    options: [
      { key: 'small', label: t('Pieni', { et: 'Väike' }) },
      { key: 'big', label: t('Iso', { et: 'Suur' }) },
    ],
  },
  sections: [
    {
      key: 'safety',
      title: t('Turvallisuus', { et: 'Turvalisus' }),
      description: t('Kuvaus'),
      items: [
        { key: 'safe', type: 'statement', scale: 'agree5', text: t('Lapsi on turvassa.', { et: 'Laps on turvas.' }) },
        { key: 'grade', type: 'grade', scale: 'grade4_10', text: t('Arvosana {year}', { et: 'Hinne {year}' }) },
      ],
    },
  ],
});

describe('the texts of a version', () => {
  it('has one key per text, the same texts completeLanguages asks for', () => {
    const keys = textSlots(def).map((s) => s.key);
    expect(keys).toEqual([
      'survey.title',
      'survey.intro',
      'group.label',
      'group.option.small',
      'group.option.big',
      'section.safety.title',
      'section.safety.description',
      'item.safe',
      'item.grade',
    ]);
    expect(translationCompleteness(def).et).toEqual({ translated: 8, total: 9 });
    expect(completeLanguages(def)).not.toContain('et');
    const done = mapTexts(def, (key, text) =>
      key === 'section.safety.description' ? { ...text, et: 'Kirjeldus' } : text,
    );
    expect(translationCompleteness(done).et).toEqual({ translated: 9, total: 9 });
    expect(completeLanguages(done)).toContain('et');
  });

  it('checks placeholders and length against the Finnish source', () => {
    const [, , , , , title, , safe, grade] = textSlots(def);
    expect(checkTranslation(grade!, 'Hinne {year}')).toEqual([]);
    expect(checkTranslation(grade!, 'Hinne')[0]).toMatch(/placeholders must be kept as they are: \{year\}/);
    expect(checkTranslation(safe!, 'Laps {name} on turvas.')[0]).toMatch(/source has no placeholders/);
    expect(checkTranslation(title!, 'x'.repeat(201))[0]).toBe('at most 200 characters (this one has 201)');
    expect(checkTranslation(safe!, 'Laps on turvas. '.repeat(10))[0]).toMatch(/translation of another text/);
    expect(checkTranslation(safe!, 'Laps on turvas, ja tal on hea olla igal päeval.')).toEqual([]);
  });

  it('a new version keeps translations of same items, drops those of changed ones', () => {
    const strip = mapTexts(def, (_k, x) => ({ fi: x.fi, sv: x.sv, en: x.en }));
    const draft = {
      ...mapTexts(strip, (key, x) =>
        key === 'item.safe' || key === 'survey.intro' ? { ...x, fi: `${x.fi} Uusi.` } : x,
      ),
      version: 2,
      lineage: { safe: 'changed' as const, grade: 'same' as const },
    };
    const stored = { ...def, version: 2 };
    const out = carryTranslations(draft, stored, def);
    expect(out.sections[0]!.items[0]!.text.et).toBeUndefined();
    expect(out.sections[0]!.items[1]!.text.et).toBe('Hinne {year}');
    expect(out.intro.et).toBeUndefined();
    expect(out.title.et).toBe('Küsitlus');
    // A translation made for the draft itself survives a changed lineage.
    const own = mapTexts(stored, (key, x) => (key === 'item.safe' ? { ...x, et: 'Uus tekst.' } : x));
    expect(carryTranslations(draft, own, def).sections[0]!.items[0]!.text.et).toBe('Uus tekst.');
  });
});
