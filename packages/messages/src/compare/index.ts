import { defineArea } from '../index.ts';
import en from './en.json' with { type: 'json' };
import fi from './fi.json' with { type: 'json' };
import sv from './sv.json' with { type: 'json' };

/** The side-by-side (compare) page's own interface texts: Finnish is the source, sv and en have the same keys. */
export const compare = defineArea('compare', { lang: 'fi', messages: fi }, { sv, en });

export type CompareKey = keyof typeof fi;
