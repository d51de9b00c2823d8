import * as z from 'zod';
import { CONTENT_LANGUAGES, REQUIRED_LANGUAGES, Translations } from './common.ts';

export const FAMILY_KEYS = ['ecec', 'basic'] as const;
export const FamilyKey = z.enum(FAMILY_KEYS);
export type FamilyKey = z.infer<typeof FamilyKey>;

export const UNIT_KINDS = ['ecec', 'pre_primary', 'school'] as const;
export const UnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKind>;

/** The answer scales an item may use. `cantSay` is stored as 0 and left out of means. */
export const SCALES = {
  agree5: { min: 1, max: 5, cantSay: true },
  grade4_10: { min: 4, max: 10, cantSay: false },
} as const;
export type ScaleKey = keyof typeof SCALES;
export const CANT_SAY = 0;

const ItemKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,47}$/, 'an item key is lower-case letters, digits and _, starting with a letter');

const scaleField = (expected: ScaleKey) =>
  z
    .string()
    .refine((s) => s in SCALES, { message: 'unknown scale' })
    .refine((s) => s === expected, {
      message: `this item type needs the ${expected} scale`,
    });

export const StatementItem = z.object({
  key: ItemKey,
  type: z.literal('statement'),
  scale: scaleField('agree5'),
  text: Translations,
  required: z.boolean().default(false),
});
export const GradeItem = z.object({
  key: ItemKey,
  type: z.literal('grade'),
  scale: scaleField('grade4_10'),
  text: Translations,
  required: z.boolean().default(false),
});
export const OpenItem = z.object({
  key: ItemKey,
  type: z.literal('open'),
  text: Translations,
  maxLength: z.number().int().min(50).max(4000).default(1000),
});
export const Item = z.discriminatedUnion('type', [StatementItem, GradeItem, OpenItem]);
export type Item = z.infer<typeof Item>;

export const Section = z.object({
  key: ItemKey,
  title: Translations,
  description: Translations.optional(),
  items: z.array(Item).min(1),
});
export type Section = z.infer<typeof Section>;

/** The background question that splits children by age group or grade band. */
export const GroupQuestion = z.object({
  key: z.enum(['age_group', 'grade_band']),
  label: Translations,
  options: z.array(z.object({ key: ItemKey, label: Translations })).min(2),
});
export type GroupQuestion = z.infer<typeof GroupQuestion>;

export const Lineage = z.enum(['same', 'changed', 'new']);
export type Lineage = z.infer<typeof Lineage>;

/**
 * One immutable instrument version. Item keys are stable across versions;
 * `lineage` says how each item relates to the previous version, so years
 * compare only where the item is the same.
 */
export const InstrumentDefinition = z
  .object({
    family: FamilyKey,
    version: z.number().int().min(1),
    title: Translations,
    intro: Translations,
    estimatedMinutes: z.number().int().min(1).max(60),
    unitKinds: z.array(UnitKind).min(1),
    group: GroupQuestion,
    sections: z.array(Section).min(1),
    lineage: z.record(z.string(), Lineage).default({}),
    removed: z.array(z.string()).default([]),
  })
  .superRefine((def, ctx) => {
    const seen = new Map<string, string>();
    def.sections.forEach((section, s) => {
      if (seen.has(section.key)) {
        ctx.addIssue({ code: 'custom', path: ['sections', s, 'key'], message: `duplicate key '${section.key}'` });
      }
      seen.set(section.key, `sections.${s}`);
      section.items.forEach((item, i) => {
        if (seen.has(item.key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sections', s, 'items', i, 'key'],
            message: `duplicate item key '${item.key}' (also at ${seen.get(item.key)})`,
          });
        }
        seen.set(item.key, `sections.${s}.items.${i}`);
      });
    });
    for (const key of Object.keys(def.lineage)) {
      if (!seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['lineage', key], message: `lineage names unknown item '${key}'` });
      }
    }
    for (const [i, key] of def.removed.entries()) {
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['removed', i], message: `item '${key}' is both present and removed` });
      }
    }
  });
export type InstrumentDefinition = z.infer<typeof InstrumentDefinition>;
export type InstrumentDefinitionInput = z.input<typeof InstrumentDefinition>;

/** Every item of a definition in display order. */
export function itemsOf(def: InstrumentDefinition): Item[] {
  return def.sections.flatMap((s) => s.items);
}

/** Languages in which every text of the definition is translated (always includes fi, sv, en). */
export function completeLanguages(def: InstrumentDefinition): string[] {
  const texts: Translations[] = [def.title, def.intro, def.group.label, ...def.group.options.map((o) => o.label)];
  for (const s of def.sections) {
    texts.push(s.title);
    if (s.description) texts.push(s.description);
    for (const item of s.items) texts.push(item.text);
  }
  return CONTENT_LANGUAGES.filter(
    (lang) =>
      (REQUIRED_LANGUAGES as readonly string[]).includes(lang) ||
      texts.every((t) => (t as Record<string, string | undefined>)[lang] !== undefined),
  );
}

/** The lineage of an item against the previous version (`new` when none is recorded). */
export function lineageOf(def: InstrumentDefinition, key: string): Lineage {
  return def.lineage[key] ?? 'new';
}
