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

/** Text in every required language; further content languages optional. */
export const Translations = z
  .object({
    fi: z.string().trim().min(1, 'Finnish text is required'),
    sv: z.string().trim().min(1, 'Swedish text is required'),
    en: z.string().trim().min(1, 'English text is required'),
    uk: z.string().trim().min(1).optional(),
    ru: z.string().trim().min(1).optional(),
    ar: z.string().trim().min(1).optional(),
    so: z.string().trim().min(1).optional(),
    et: z.string().trim().min(1).optional(),
  })
  .strict();
export type Translations = z.infer<typeof Translations>;

/** Picks the text for a language, falling back to Finnish. */
export function translate(t: Translations, lang: string): string {
  return (t as Record<string, string | undefined>)[lang] ?? t.fi;
}

export const IsoDate = z.iso.date();
export const MunicipalityCode = z.string().regex(/^\d{3}$/, 'a municipality code is three digits, e.g. 398');
export const Id = z.coerce.number().int().positive();

export const ROLES = ['coordinator', 'municipality_contact', 'steering_group'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
