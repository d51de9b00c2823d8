import type { FamilyKey, InstrumentDefinitionInput, Translations } from '@gs/schema';
import { basicV1 } from './basic-v1.ts';
import { ececV1 } from './ecec-v1.ts';

export { basicV1, ececV1 };

export const DEFAULT_INSTRUMENTS: InstrumentDefinitionInput[] = [ececV1, basicV1];

export const FAMILY_NAMES: Record<FamilyKey, Translations> = {
  ecec: {
    fi: 'Varhaiskasvatus ja esiopetus',
    sv: 'Småbarnspedagogik och förskoleundervisning',
    en: 'Early childhood education and pre-primary education',
    uk: 'Дошкільне виховання та дошкільна освіта',
    ar: 'التربية والتعليم في مرحلة الطفولة المبكرة والتعليم ما قبل المدرسي',
    ru: 'Дошкольное воспитание и дошкольное обучение',
    so: 'Waxbarashada carruurta yaryar iyo waxbarashada ka horreysa dugsiga',
    et: 'Alusharidus ja eelkooliõpe',
  },
  basic: {
    fi: 'Esi- ja perusopetus',
    sv: 'Förskoleundervisning och grundläggande utbildning',
    en: 'Pre-primary and basic education',
    uk: 'Дошкільна та базова освіта',
    ar: 'التعليم ما قبل المدرسي والتعليم الأساسي',
    ru: 'Дошкольное обучение и основное образование',
    so: 'Waxbarashada ka horreysa dugsiga iyo waxbarashada aasaasiga ah',
    et: 'Eelkooliõpe ja põhiharidus',
  },
};
