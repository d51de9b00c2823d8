import { createContext, useContext } from 'react';

export type Lang = 'fi' | 'sv' | 'en';
export const LANGS: Lang[] = ['fi', 'sv', 'en'];

export const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'fi', setLang: () => {} });

/** The current UI language and a setter (remembered in localStorage). */
export function useLang() {
  return useContext(LangContext);
}

export function initialLang(): Lang {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('lang') : null;
  if (stored === 'fi' || stored === 'sv' || stored === 'en') return stored;
  const nav = typeof navigator !== 'undefined' ? navigator.language.slice(0, 2) : 'fi';
  return nav === 'sv' || nav === 'en' ? nav : 'fi';
}

/** Picks the text for a language from a `{ fi, sv, en }` record. */
export function tr(t: Partial<Record<string, string>> | undefined, lang: string): string {
  return t?.[lang] ?? t?.fi ?? '';
}
