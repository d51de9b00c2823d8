import type { Translations, UnitKind } from '@gs/schema';

/** Which grades a school teaches: primary (1-6), lower secondary (7-9) or comprehensive (1-9). */
export type SchoolGrades = '1-6' | '7-9' | '1-9';

interface UnitSpec {
  fi: string;
  sv?: string;
  provider?: 'private';
  from?: number;
  to?: number;
  grades?: SchoolGrades;
}

type Spec = string | UnitSpec;

interface MunicipalityUnits {
  ecec: Spec[];
  prePrimary: Spec[];
  schools: Spec[];
}

export interface DemoUnit {
  municipalityCode: string;
  code: string;
  names: Translations;
  kind: UnitKind;
  provider: 'municipal' | 'private';
  activeFrom: number;
  activeTo: number | null;
  grades: SchoolGrades | null;
  swedish: boolean;
}

const primary = (fi: string): UnitSpec => ({ fi, grades: '1-6' });
const upper = (fi: string): UnitSpec => ({ fi, grades: '7-9' });
const whole = (fi: string): UnitSpec => ({ fi, grades: '1-9' });
const privateUnit = (fi: string): UnitSpec => ({ fi, provider: 'private' });

const CATALOGUE: Record<string, MunicipalityUnits> = {
  '398': {
    ecec: [
      'Päiväkoti Mukkula',
      'Päiväkoti Kivimaa',
      'Päiväkoti Ahtiala',
      'Päiväkoti Jalkaranta',
      'Päiväkoti Liipola',
      'Päiväkoti Renkomäki',
      'Päiväkoti Laune',
      'Päiväkoti Kärpäsenmäki',
      'Päiväkoti Nikkilä',
      'Päiväkoti Ruoriniemi',
      'Päiväkoti Saksala',
      'Päiväkoti Kunnas',
      'Päiväkoti Tonttila',
      'Päiväkoti Kiikkula',
      'Päiväkoti Metsäkangas',
      'Päiväkoti Karisto',
      'Päiväkoti Hennala',
      'Päiväkoti Paavola',
      'Päiväkoti Myllypohja',
      'Päiväkoti Villähde',
      'Päiväkoti Nastola',
      'Päiväkoti Rakokivi',
      'Päiväkoti Uusikylä',
      'Päiväkoti Pirttiharju',
      'Päiväkoti Möysä',
      { fi: 'Päiväkoti Tenava', to: 2024 },
      { fi: 'Päiväkoti Kiveriö', from: 2025 },
      { fi: 'Lahden ruotsinkielinen päiväkoti', sv: 'Svenska daghemmet i Lahtis' },
      privateUnit('Touhula päiväkoti Kasakkamäki'),
      privateUnit('Pilke päiväkoti Joutjärvi'),
      privateUnit('Norlandia päiväkoti Okeroinen'),
      privateUnit('Touhula päiväkoti Harjula'),
      privateUnit('Päiväkoti Satumetsä'),
      privateUnit('Montessori-päiväkoti Lahti'),
      privateUnit('Päiväkoti Leikkitupa'),
    ],
    prePrimary: [
      'Mukkulan esiopetus',
      'Kivimaan esiopetus',
      'Ahtialan esiopetus',
      'Jalkarannan esiopetus',
      'Liipolan esiopetus',
      'Renkomäen esiopetus',
      'Launeen esiopetus',
      'Kärpäsenmäen esiopetus',
      'Nikkilän esiopetus',
      'Saksalan esiopetus',
      'Kariston esiopetus',
      'Hennalan esiopetus',
      'Nastolan esiopetus',
      'Villähteen esiopetus',
      { fi: 'Lahden ruotsinkielinen esiopetus', sv: 'Svenska förskolan i Lahtis' },
    ],
    schools: [
      primary('Mukkulan koulu'),
      primary('Kivimaan koulu'),
      primary('Jalkarannan koulu'),
      primary('Kiveriön koulu'),
      primary('Liipolan koulu'),
      primary('Renkomäen koulu'),
      primary('Launeen koulu'),
      primary('Kärpäsenmäen koulu'),
      primary('Tonttilan koulu'),
      primary('Kunnaksen koulu'),
      primary('Myllypohjan koulu'),
      primary('Ahtialan koulu'),
      primary('Kartanon koulu'),
      primary('Paavolan koulu'),
      primary('Nikkilän koulu'),
      primary('Villähteen koulu'),
      primary('Uudenkylän koulu'),
      upper('Tiirismaan koulu'),
      upper('Kannaksen koulu'),
      upper('Salpausselän koulu'),
      upper('Harjun koulu'),
      whole('Lähteen koulu'),
      whole('Nastolan koulu'),
      whole('Rakokiven koulu'),
      { fi: 'Lahden ruotsalainen yhteiskoulu', sv: 'Svenska samskolan i Lahtis', grades: '1-9' },
    ],
  },
  '098': {
    ecec: [
      'Päiväkoti Salpakangas',
      'Päiväkoti Heinsuo',
      'Päiväkoti Tiilijärvi',
      'Päiväkoti Kukonkoivu',
      'Päiväkoti Herrala',
      'Päiväkoti Hämeenkoski',
      privateUnit('Touhula päiväkoti Hollola'),
    ],
    prePrimary: ['Salpakankaan esiopetus', 'Kirkonkylän esiopetus', 'Hämeenkosken esiopetus'],
    schools: [
      primary('Hollolan kirkonkylän koulu'),
      whole('Salpakankaan koulu'),
      primary('Kalliolan koulu'),
      primary('Nostavan koulu'),
      upper('Pyhäniemen koulu'),
    ],
  },
  '111': {
    ecec: ['Päiväkoti Vuohkallio', 'Päiväkoti Jyränkö', 'Päiväkoti Lusi', 'Päiväkoti Vierumäki', 'Päiväkoti Myllyoja'],
    prePrimary: ['Jyrängön esiopetus', 'Vierumäen esiopetus'],
    schools: [
      primary('Kauppalan koulu'),
      primary('Myllyojan koulu'),
      primary('Vierumäen koulu'),
      upper('Lyseon koulu'),
    ],
  },
  '560': {
    ecec: [
      'Päiväkoti Pennala',
      'Päiväkoti Artjärvi',
      'Päiväkoti Niinikoski',
      'Päiväkoti Heinämaa',
      'Päiväkoti Virenoja',
    ],
    prePrimary: ['Pennalan esiopetus', 'Artjärven esiopetus'],
    schools: [primary('Pennalan koulu'), whole('Artjärven koulu'), upper('Orimattilan yhteiskoulu')],
  },
  '016': {
    ecec: ['Päiväkoti Vääksy', 'Päiväkoti Kalkkinen', 'Päiväkoti Urajärvi'],
    prePrimary: ['Vääksyn esiopetus', 'Kalkkisten esiopetus'],
    schools: [whole('Vääksyn yhtenäiskoulu'), primary('Vesivehmaan koulu')],
  },
  '142': {
    ecec: ['Päiväkoti Kausala', 'Päiväkoti Vuolenkoski', 'Päiväkoti Radansuu'],
    prePrimary: ['Kausalan esiopetus', 'Radansuun esiopetus'],
    schools: [whole('Kausalan koulu'), primary('Iitin kirkonkylän koulu')],
  },
  '316': {
    ecec: ['Päiväkoti Järvelä', 'Päiväkoti Lappila'],
    prePrimary: ['Järvelän esiopetus', 'Lappilan esiopetus'],
    schools: [whole('Järvelän koulu'), primary('Lappilan koulu')],
  },
  '781': {
    ecec: ['Päiväkoti Sysmä', 'Päiväkoti Nuoramoinen'],
    prePrimary: ['Sysmän esiopetus', 'Nuoramoisten esiopetus'],
    schools: [whole('Sysmän yhtenäiskoulu'), primary('Nuoramoisten koulu')],
  },
  '576': {
    ecec: ['Päiväkoti Padasjoki', 'Päiväkoti Auttoinen'],
    prePrimary: ['Padasjoen esiopetus', 'Auttoisten esiopetus'],
    schools: [whole('Padasjoen yhtenäiskoulu'), primary('Auttoisten koulu')],
  },
  '081': {
    ecec: ['Hartolan päiväkoti', 'Päiväkoti Koitti'],
    prePrimary: ['Hartolan esiopetus', 'Putkijärven esiopetus'],
    schools: [whole('Hartolan yhtenäiskoulu'), primary('Putkijärven koulu')],
  },
};

const KINDS: readonly [keyof MunicipalityUnits, UnitKind, string][] = [
  ['ecec', 'ecec', 'PK'],
  ['prePrimary', 'pre_primary', 'EO'],
  ['schools', 'school', 'KO'],
];

/** Every demo unit, in a stable order; codes are unique within a municipality (PK01, EO01, KO01, ...). */
export function demoUnits(): DemoUnit[] {
  const units: DemoUnit[] = [];
  for (const [municipalityCode, lists] of Object.entries(CATALOGUE)) {
    for (const [list, kind, prefix] of KINDS) {
      lists[list].forEach((entry, i) => {
        const spec = typeof entry === 'string' ? { fi: entry } : entry;
        const display = spec.sv ?? spec.fi;
        units.push({
          municipalityCode,
          code: `${prefix}${String(i + 1).padStart(2, '0')}`,
          names: { fi: spec.fi, sv: display, en: display },
          kind,
          provider: spec.provider ?? 'municipal',
          activeFrom: spec.from ?? 2010,
          activeTo: spec.to ?? null,
          grades: kind === 'school' ? (spec.grades ?? '1-9') : null,
          swedish: spec.sv !== undefined,
        });
      });
    }
  }
  return units;
}

/** Whether a unit runs in a given year. */
export function unitActiveIn(unit: DemoUnit, year: number): boolean {
  return unit.activeFrom <= year && (unit.activeTo === null || unit.activeTo >= year);
}
