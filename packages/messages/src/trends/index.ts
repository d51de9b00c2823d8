import { defineArea } from '../index.ts';
import en from './en.json' with { type: 'json' };
import fi from './fi.json' with { type: 'json' };
import sv from './sv.json' with { type: 'json' };

/** The trend and overview pages' own interface texts: Finnish is the source, sv and en have the same keys. */
export const trends = defineArea('trends', { lang: 'fi', messages: fi }, { sv, en });

export type TrendKey = keyof typeof fi;
