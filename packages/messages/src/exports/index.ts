import { defineArea } from '../index.ts';
import en from './en.json' with { type: 'json' };
import fi from './fi.json' with { type: 'json' };
import sv from './sv.json' with { type: 'json' };

/** The CSV and XLSX exports' headings and notes (written by the API): Finnish is the source, sv and en have the same keys. */
export const exportsArea = defineArea('exports', { lang: 'fi', messages: fi }, { sv, en });

export type ExportsKey = keyof typeof fi;
