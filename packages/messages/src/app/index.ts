import { defineArea } from '../index.ts';
import en from './en.json' with { type: 'json' };
import fi from './fi.json' with { type: 'json' };
import sv from './sv.json' with { type: 'json' };

/** The web app's frame (title, navigation, language select, loading): Finnish is the source, sv and en have the same keys. */
export const app = defineArea('app', { lang: 'fi', messages: fi }, { sv, en });

export type AppKey = keyof typeof fi;
