import { defineArea } from '../index.ts';
import en from './en.json' with { type: 'json' };
import fi from './fi.json' with { type: 'json' };
import sv from './sv.json' with { type: 'json' };

/** The report pages' interface texts (results, a scope's report, the shared words of the other report views): Finnish is the source, sv and en have the same keys. */
export const reports = defineArea('reports', { lang: 'fi', messages: fi }, { sv, en });

export type ReportKey = keyof typeof fi;
