import { defineArea } from '../index.ts';
import en from './en.json' with { type: 'json' };
import fi from './fi.json' with { type: 'json' };
import sv from './sv.json' with { type: 'json' };

/** The report views' filters by unit kind, provider and answer language: Finnish is the source, sv and en have the same keys. */
export const filters = defineArea('filters', { lang: 'fi', messages: fi }, { sv, en });

export type FiltersKey = keyof typeof fi;
