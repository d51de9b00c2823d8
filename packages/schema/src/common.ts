import * as z from 'zod';

/** The national languages and English: every instrument and page must have these. */
export const REQUIRED_LANGUAGES = ['fi', 'sv', 'en'] as const;
export const UiLanguage = z.enum(REQUIRED_LANGUAGES);
export type UiLanguage = z.infer<typeof UiLanguage>;

/** Content languages accepted beyond the required three (home languages of guardians). */
export const CONTENT_LANGUAGES = ['fi', 'sv', 'en', 'uk', 'ru', 'ar', 'so', 'et'] as const;
export const ContentLanguage = z.enum(CONTENT_LANGUAGES);
export type ContentLanguage = z.infer<typeof ContentLanguage>;

/** Right-to-left content languages. */
export const RTL_LANGUAGES: readonly string[] = ['ar'];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string can be stored as it is: no NUL character and no unpaired surrogate.
 * PostgreSQL refuses both in text and jsonb, and its error would repeat the text into logs.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

export const UNSTORABLE_TEXT_MESSAGE = 'contains a NUL character or broken Unicode (an unpaired surrogate)';

/**
 * A string that comes from outside (answers, names, codes, reasons): refuses NUL and unpaired
 * surrogates with a 400 naming the field, before any of it reaches the database or a log.
 * Chain further checks as on `z.string()`: `FreeText().trim().max(200)`.
 */
export const FreeText = () => z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, abort: true });

/** Text in every required language; further content languages optional. */
export const Translations = z
  .object({
    fi: FreeText().trim().min(1, 'Finnish text is required'),
    sv: FreeText().trim().min(1, 'Swedish text is required'),
    en: FreeText().trim().min(1, 'English text is required'),
    uk: FreeText().trim().min(1).optional(),
    ru: FreeText().trim().min(1).optional(),
    ar: FreeText().trim().min(1).optional(),
    so: FreeText().trim().min(1).optional(),
    et: FreeText().trim().min(1).optional(),
  })
  .strict();
export type Translations = z.infer<typeof Translations>;

/** Picks the text for a language, falling back to Finnish. */
export function translate(t: Translations, lang: string): string {
  return (t as Record<string, string | undefined>)[lang] ?? t.fi;
}

export const IsoDate = z.iso.date();
export const MunicipalityCode = z.string().regex(/^\d{3}$/, 'a municipality code is three digits, e.g. 398');
/** Largest value of a PostgreSQL integer column (int4): ids beyond it are refused with a 400, not sent to the database. */
export const MAX_INT4 = 2_147_483_647;
export const Id = z.coerce.number().int().positive().max(MAX_INT4, 'no such id (too large)');

export const ROLES = ['coordinator', 'municipality_contact', 'steering_group'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
