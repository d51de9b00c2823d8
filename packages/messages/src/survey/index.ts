import { defineArea } from '../index.ts';
import ar from './ar.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import et from './et.json' with { type: 'json' };
import fi from './fi.json' with { type: 'json' };
import ru from './ru.json' with { type: 'json' };
import so from './so.json' with { type: 'json' };
import sv from './sv.json' with { type: 'json' };
import uk from './uk.json' with { type: 'json' };

/** The guardian survey's interface texts: Finnish is the source, every other file has the same keys. */
export const survey = defineArea('survey', { lang: 'fi', messages: fi }, { sv, en, uk, ar, ru, so, et });

export type SurveyKey = keyof typeof fi;
