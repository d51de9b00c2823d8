import * as z from 'zod';
import { CONTENT_LANGUAGES, FreeText, Id, REQUIRED_LANGUAGES, type Translations } from './common.ts';
import { HistoryFile } from './history.ts';
import { type InstrumentDefinition, type Lineage, lineageOf } from './instrument.ts';

/**
 * The translation workflow of a questionnaire version (issue 13.2, docs/console.md "Translating a
 * questionnaire"): every text of a version has a stable key, a file of one language is exported with
 * the Finnish source, filled in by a translator and imported back.
 */

/** The languages a translation file may bring: the content languages beyond the required fi, sv and en. */
export const TRANSLATION_LANGUAGES = CONTENT_LANGUAGES.filter(
  (l) => !(REQUIRED_LANGUAGES as readonly string[]).includes(l),
) as unknown as readonly ['uk', 'ru', 'ar', 'so', 'et'];
export const TranslationLanguage = z.enum(TRANSLATION_LANGUAGES);
export type TranslationLanguage = z.infer<typeof TranslationLanguage>;

export const TRANSLATION_FORMATS = ['xliff', 'csv'] as const;
export const TranslationFormat = z.enum(TRANSLATION_FORMATS);
export type TranslationFormat = z.infer<typeof TranslationFormat>;

export const TranslationParams = z.object({
  id: Id,
  language: TranslationLanguage,
});
export const TranslationExportQuery = z.object({ format: TranslationFormat.default('xliff') });

/** A translation file (XLIFF 2.0 or CSV, found by its content) as base64, like a history file. */
export const TranslationImportInput = z.object({ file: HistoryFile });
export type TranslationImportInput = z.infer<typeof TranslationImportInput>;

export type TextKind = 'title' | 'intro' | 'group' | 'option' | 'section' | 'description' | 'item';

/** One translatable text of a version: its key (the CSV `key`, the XLIFF unit id), what it is and its texts. */
export interface TextSlot {
  key: string;
  kind: TextKind;
  text: Translations;
  /** The item's lineage against the earlier version (items only). */
  lineage?: Lineage;
}

/** Longest text a translation may have, per kind of text. */
export const TEXT_MAX_LENGTH: Record<TextKind, number> = {
  title: 200,
  intro: 4000,
  group: 200,
  option: 200,
  section: 200,
  description: 2000,
  item: 1000,
};

/**
 * Every text of a definition in display order, with its key: `survey.title`, `survey.intro`,
 * `group.label`, `group.option.<key>`, `section.<key>.title`, `section.<key>.description`, `item.<key>`.
 * The same texts `completeLanguages` requires.
 */
export function textSlots(def: InstrumentDefinition): TextSlot[] {
  const slots: TextSlot[] = [
    { key: 'survey.title', kind: 'title', text: def.title },
    { key: 'survey.intro', kind: 'intro', text: def.intro },
    { key: 'group.label', kind: 'group', text: def.group.label },
    ...def.group.options.map((o) => ({ key: `group.option.${o.key}`, kind: 'option' as const, text: o.label })),
  ];
  for (const s of def.sections) {
    slots.push({ key: `section.${s.key}.title`, kind: 'section', text: s.title });
    if (s.description) slots.push({ key: `section.${s.key}.description`, kind: 'description', text: s.description });
    for (const item of s.items) {
      slots.push({ key: `item.${item.key}`, kind: 'item', text: item.text, lineage: lineageOf(def, item.key) });
    }
  }
  return slots;
}

/** The definition with every text replaced by `fn(key, text)` (same shape, same order). */
export function mapTexts(
  def: InstrumentDefinition,
  fn: (key: string, text: Translations) => Translations,
): InstrumentDefinition {
  return {
    ...def,
    title: fn('survey.title', def.title),
    intro: fn('survey.intro', def.intro),
    group: {
      ...def.group,
      label: fn('group.label', def.group.label),
      options: def.group.options.map((o) => ({ ...o, label: fn(`group.option.${o.key}`, o.label) })),
    },
    sections: def.sections.map((s) => ({
      ...s,
      title: fn(`section.${s.key}.title`, s.title),
      ...(s.description ? { description: fn(`section.${s.key}.description`, s.description) } : {}),
      items: s.items.map((item) => ({ ...item, text: fn(`item.${item.key}`, item.text) })),
    })),
  };
}

const textOf = (t: Translations | undefined, lang: string) =>
  t ? (t as Record<string, string | undefined>)[lang] : undefined;

/** Per translation language: how many of the version's texts it has, of how many. */
export function translationCompleteness(
  def: InstrumentDefinition,
): Record<TranslationLanguage, { translated: number; total: number }> {
  const slots = textSlots(def);
  return Object.fromEntries(
    TRANSLATION_LANGUAGES.map((lang) => [
      lang,
      { translated: slots.filter((s) => textOf(s.text, lang) !== undefined).length, total: slots.length },
    ]),
  ) as Record<TranslationLanguage, { translated: number; total: number }>;
}

/**
 * The translations a draft keeps when it is saved (issue 13.2): the home-language texts the editor
 * did not send are kept from the stored draft; against the earlier version, an item whose lineage
 * is `same` reuses the earlier translation it lacks, an item that `changed` drops a translation
 * still equal to the earlier one (it translates the old meaning), and a text without lineage (title,
 * introduction, section and group texts) does the same by its Finnish text: unchanged reuses,
 * changed drops.
 */
export function carryTranslations(
  draft: InstrumentDefinition,
  stored: InstrumentDefinition,
  base: InstrumentDefinition | undefined,
): InstrumentDefinition {
  const storedTexts = new Map(textSlots(stored).map((s) => [s.key, s.text]));
  const baseSlots = new Map(base ? textSlots(base).map((s) => [s.key, s]) : []);
  const lineages = new Map(textSlots(draft).map((s) => [s.key, s.lineage]));
  return mapTexts(draft, (key, text) => {
    const out: Record<string, string | undefined> = { ...text };
    const old = baseSlots.get(key);
    const lineage = lineages.get(key);
    const same = lineage ? lineage === 'same' : old !== undefined && old.text.fi === text.fi;
    for (const lang of TRANSLATION_LANGUAGES) {
      out[lang] ??= textOf(storedTexts.get(key), lang);
      const earlier = textOf(old?.text, lang);
      if (!old || earlier === undefined) continue;
      if (same) out[lang] ??= earlier;
      else if (out[lang] === earlier) delete out[lang];
    }
    for (const lang of TRANSLATION_LANGUAGES) if (out[lang] === undefined) delete out[lang];
    return out as Translations;
  });
}

/** Placeholders a text carries: `{name}` tokens that the software fills in; a translation keeps the same. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{[A-Za-z0-9_]+\}/g)].map((m) => m[0]).sort();
}

/**
 * The problems of one translated text against its Finnish source, as messages (empty when fine):
 * unstorable characters, placeholders that differ, and length (the kind's limit, and more than
 * three times the source and 60 characters longer, which is another text pasted into the wrong row).
 */
export function checkTranslation(slot: TextSlot, target: string): string[] {
  const problems: string[] = [];
  if (!FreeText().safeParse(target).success) problems.push('contains a NUL character or broken Unicode');
  const want = placeholdersOf(slot.text.fi);
  const got = placeholdersOf(target);
  if (want.join(' ') !== got.join(' ')) {
    problems.push(
      want.length
        ? `the placeholders must be kept as they are: ${want.join(' ')} (the translation has ${got.join(' ') || 'none'})`
        : `the source has no placeholders, the translation has ${got.join(' ')}`,
    );
  }
  const max = TEXT_MAX_LENGTH[slot.kind];
  if (target.length > max) problems.push(`at most ${max} characters (this one has ${target.length})`);
  else if (target.length > slot.text.fi.length * 3 && target.length > slot.text.fi.length + 60) {
    problems.push(
      `${target.length} characters where the Finnish text has ${slot.text.fi.length}: is this the translation of another text?`,
    );
  }
  return problems;
}

/** One problem in a translation file: the line (CSV) or the unit id (XLIFF) and the field. */
export interface TranslationIssue {
  line?: number;
  unit?: string;
  column?: string;
  message: string;
}

export type TranslationAction = 'create' | 'update' | 'unchanged' | 'remove';

/** What an import would do (preview) or did: per text its action with the text before and after. */
export interface TranslationReport {
  ok: boolean;
  format: TranslationFormat | null;
  /** How the bytes were read: utf-8, utf-16le, utf-16be, windows-1252. */
  encoding: string;
  language: TranslationLanguage;
  version: { id: number; family: string; version: number; locked: boolean };
  issues: TranslationIssue[];
  rows: {
    line?: number;
    key: string;
    action: TranslationAction;
    source: string;
    before: string | null;
    after: string | null;
  }[];
  counts: { create: number; update: number; unchanged: number; removed: number };
  /** The version's texts in the language once the file is imported (or now, when it cannot be). */
  completeness: { translated: number; total: number };
}
