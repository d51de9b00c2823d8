import {
  checkTranslation,
  completeLanguages,
  InstrumentDefinition,
  type InstrumentDefinitionInput,
  itemsOf,
  type Translations,
  textSlots,
} from '@gs/schema';
import { describe, expect, it } from 'vitest';
import { basicV1 } from './basic-v1.ts';
import { ececV1 } from './ecec-v1.ts';
import { DEFAULT_INSTRUMENTS, FAMILY_NAMES } from './index.ts';

/** The default instruments are complete in every content language (issue 13.3), in this order. */
const ALL_LANGUAGES = ['fi', 'sv', 'en', 'uk', 'ru', 'ar', 'so', 'et'];
/** The guardians' home languages beyond the required fi, sv and en. */
const HOME_LANGUAGES = ['uk', 'ru', 'ar', 'so', 'et'];

const SHARED_SECTIONS = ['interaction', 'safety', 'cooperation', 'participation', 'equality', 'environment', 'overall'];

function statements(def: InstrumentDefinition) {
  return itemsOf(def).filter((item) => item.type === 'statement');
}

function itemAt(def: InstrumentDefinitionInput, section: number, index: number) {
  const item = def.sections[section]?.items[index];
  if (!item) throw new Error(`no item at sections.${section}.items.${index}`);
  return item;
}

function issuePaths(def: InstrumentDefinitionInput): string[] {
  const result = InstrumentDefinition.safeParse(def);
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('default instruments', () => {
  it.each(DEFAULT_INSTRUMENTS.map((def) => [def.family, def] as const))('%s parses', (_family, def) => {
    expect(() => InstrumentDefinition.parse(def)).not.toThrow();
  });

  it('has one instrument per family and a family name for each', () => {
    expect(DEFAULT_INSTRUMENTS.map((def) => def.family)).toEqual(['ecec', 'basic']);
    expect(Object.keys(FAMILY_NAMES).sort()).toEqual(['basic', 'ecec']);
  });

  it('ECEC has 28-32 statements in 7 themes plus the overall section', () => {
    const def = InstrumentDefinition.parse(ececV1);
    const count = statements(def).length;
    expect(count).toBeGreaterThanOrEqual(28);
    expect(count).toBeLessThanOrEqual(32);
    expect(def.sections.filter((s) => s.items.some((item) => item.type === 'statement'))).toHaveLength(7);
    expect(def.unitKinds).toEqual(['ecec', 'pre_primary']);
    expect(def.group.key).toBe('age_group');
    expect(def.group.options.map((o) => o.key)).toEqual(['under_3', 'age_3_5', 'pre_primary']);
  });

  it('basic has 30-34 statements in 8 themes plus the overall section', () => {
    const def = InstrumentDefinition.parse(basicV1);
    const count = statements(def).length;
    expect(count).toBeGreaterThanOrEqual(30);
    expect(count).toBeLessThanOrEqual(34);
    expect(def.sections.filter((s) => s.items.some((item) => item.type === 'statement'))).toHaveLength(8);
    expect(def.unitKinds).toEqual(['pre_primary', 'school']);
    expect(def.group.key).toBe('grade_band');
    expect(def.group.options.map((o) => o.key)).toEqual(['pre_primary', 'grades_1_2', 'grades_3_6', 'grades_7_9']);
  });

  it.each(DEFAULT_INSTRUMENTS.map((def) => [def.family, def] as const))('%s has unique keys', (_family, def) => {
    const parsed = InstrumentDefinition.parse(def);
    const keys = [...parsed.sections.map((s) => s.key), ...itemsOf(parsed).map((item) => item.key)];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(DEFAULT_INSTRUMENTS.map((def) => [def.family, def] as const))(
    '%s prefixes statement keys with their theme',
    (_family, def) => {
      const parsed = InstrumentDefinition.parse(def);
      for (const section of parsed.sections) {
        for (const item of section.items.filter((i) => i.type === 'statement')) {
          expect(item.key.startsWith(`${section.key}_`)).toBe(true);
        }
      }
    },
  );

  it('shares the grade and open item keys between the families', () => {
    const endKeys = (def: InstrumentDefinitionInput) =>
      itemsOf(InstrumentDefinition.parse(def))
        .filter((item) => item.type !== 'statement')
        .map((item) => `${item.type}:${item.key}`);
    expect(endKeys(ececV1)).toEqual(['grade:overall_grade', 'open:open_went_well', 'open:open_improve']);
    expect(endKeys(basicV1)).toEqual(endKeys(ececV1));
  });

  it('uses the same section keys for the shared themes', () => {
    for (const def of DEFAULT_INSTRUMENTS) {
      const keys = def.sections.map((s) => s.key);
      expect(keys).toEqual(expect.arrayContaining(SHARED_SECTIONS));
    }
  });

  it('limits open answers to 1000 characters', () => {
    for (const def of DEFAULT_INSTRUMENTS) {
      for (const item of itemsOf(InstrumentDefinition.parse(def))) {
        if (item.type === 'open') expect(item.maxLength).toBe(1000);
      }
    }
  });

  it('states the estimated minutes in the intro', () => {
    for (const def of DEFAULT_INSTRUMENTS) {
      for (const text of Object.values(def.intro)) expect(text).toContain(String(def.estimatedMinutes));
    }
  });

  it.each(DEFAULT_INSTRUMENTS.map((def) => [def.family, def] as const))(
    '%s is complete in every content language',
    (_family, def) => {
      expect(completeLanguages(InstrumentDefinition.parse(def))).toEqual(ALL_LANGUAGES);
    },
  );

  it.each(DEFAULT_INSTRUMENTS.map((def) => [def.family, def] as const))(
    '%s has no statement left as a copy of the English text',
    (_family, def) => {
      for (const item of statements(InstrumentDefinition.parse(def))) {
        const texts = item.text as Record<string, string>;
        for (const lang of HOME_LANGUAGES) expect(texts[lang], `${item.key} ${lang}`).not.toBe(texts.en);
      }
    },
  );

  it.each(DEFAULT_INSTRUMENTS.map((def) => [def.family, def] as const))(
    '%s has every home-language text its own: no copy of fi, sv or en, and accepted by the translation check',
    (_family, def) => {
      for (const slot of textSlots(InstrumentDefinition.parse(def))) {
        const texts = slot.text as Record<string, string>;
        for (const lang of HOME_LANGUAGES) {
          const text = texts[lang] ?? '';
          expect([texts.fi, texts.sv, texts.en], `${slot.key} ${lang}`).not.toContain(text);
          expect(checkTranslation(slot, text), `${slot.key} ${lang}`).toEqual([]);
        }
      }
    },
  );

  it('names both families in every content language', () => {
    for (const names of Object.values(FAMILY_NAMES))
      expect(Object.keys(names).sort()).toEqual([...ALL_LANGUAGES].sort());
  });
});

describe('instrument validation', () => {
  it('rejects a duplicate item key', () => {
    const def = structuredClone(basicV1);
    itemAt(def, 1, 0).key = itemAt(def, 0, 0).key;
    const paths = issuePaths(def);
    expect(paths).toContain('sections.1.items.0.key');
    expect(paths.every((p) => p.endsWith('key'))).toBe(true);
  });

  it('rejects a missing Swedish text', () => {
    const def = structuredClone(ececV1);
    delete (itemAt(def, 2, 1).text as Partial<Translations>).sv;
    expect(issuePaths(def)).toEqual(['sections.2.items.1.text.sv']);
  });

  it('rejects an unknown scale', () => {
    const def = structuredClone(basicV1);
    const item = itemAt(def, 0, 0);
    if (item.type !== 'statement') throw new Error('expected a statement');
    item.scale = 'agree7';
    const result = InstrumentDefinition.safeParse(def);
    expect(result.success).toBe(false);
    const issues = result.error?.issues ?? [];
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((issue) => issue.path.at(-1) === 'scale')).toBe(true);
    expect(issues.map((issue) => issue.message)).toContain('unknown scale');
  });

  it('leaves the shared data untouched when copies are changed', () => {
    expect(() => InstrumentDefinition.parse(basicV1)).not.toThrow();
    expect(() => InstrumentDefinition.parse(ececV1)).not.toThrow();
  });
});
