import { defineArea } from '../index.ts';
import en from './en.json' with { type: 'json' };
import fi from './fi.json' with { type: 'json' };
import sv from './sv.json' with { type: 'json' };

/** The guardian survey's interface texts: Finnish is the source, every other file has the same keys. */
export const survey = defineArea('survey', { lang: 'fi', messages: fi }, { sv, en });

export type SurveyKey = keyof typeof fi;
