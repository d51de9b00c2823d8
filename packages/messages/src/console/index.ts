import { defineArea } from '../index.ts';
import en from './en.json' with { type: 'json' };
import fi from './fi.json' with { type: 'json' };
import sv from './sv.json' with { type: 'json' };

/**
 * The console's interface texts (navigation, rounds, codes, imports, moderation, users, and the
 * messages for API errors by code): Finnish is the source, sv and en have the same keys.
 */
export const consoleMessages = defineArea('console', { lang: 'fi', messages: fi }, { sv, en });

export type ConsoleKey = keyof typeof fi;
