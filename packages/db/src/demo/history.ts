import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { FamilyKey, HistoryMapping } from '@gs/schema';
import type { Database } from '../database.ts';
import { importHistory } from '../queries/history.ts';

/**
 * The rounds the network ran before this platform, as the earlier tool exported them: the demo
 * imports these files through the same path a coordinator uses (docs/console.md, "Importing
 * history"), with the mapping a coordinator would have confirmed. The figures are invented. A few
 * question texts differ from our questionnaire's (the mapping has real work), and one question of
 * each family has no counterpart and stays unmapped. basic-2020.csv is Windows-1252, basic-2022 an
 * Excel workbook, the others UTF-8 with semicolons.
 */
const ECEC_MAPPING: HistoryMapping = {
  'Henkilöstö kohtaa lapseni ystävällisesti ja lämpimästi.': 'interaction_staff_friendly',
  'Lapseni tuntee olonsa turvalliseksi ryhmässään.': 'safety_feels_safe',
  'Lapsi viihtyy päiväkodissa': 'safety_enjoys_attending',
  'Saan päivittäin riittävästi tietoa lapseni päivästä': 'cooperation_daily_info',
  'Henkilökuntaan on helppo ottaa yhteyttä': 'cooperation_easy_contact',
  'Lastani kohdellaan reilusti.': 'equality_treated_fairly',
  'Toimintaa on monipuolisesti: leikkiä, liikuntaa ja taidetta': 'learning_varied_activities',
  'Ryhmässä on tarpeeksi aikuisia': 'environment_enough_adults',
  'Olen tyytyväinen päiväkodin ruokailuun': null,
};
const BASIC_MAPPING: HistoryMapping = {
  'Opettajat ja muu henkilökunta kohtaavat lapseni ystävällisesti.': 'interaction_staff_friendly',
  'Lapseni tuntee olonsa turvalliseksi koulussa.': 'safety_feels_safe',
  'Lapsi viihtyy koulussa hyvin': 'safety_enjoys_school',
  'Koulu puuttuu kiusaamiseen': 'safety_bullying_addressed',
  'Opetus on monipuolista ja laadukasta.': 'teaching_quality',
  'Saan tarpeeksi tietoa lapseni koulunkäynnistä': 'cooperation_information',
  'Wilma-viestit ovat selkeitä': 'cooperation_wilma_messages',
  'Kouluruoka on hyvää': 'environment_meals',
  'Koulussa on riittävästi kerhoja': null,
};

export interface DemoHistoryFile {
  file: string;
  family: FamilyKey;
  year: number;
  source: string;
  mapping: HistoryMapping;
  /** When the results came out (the import's and snapshot's date). */
  importedOn: string;
}

export const DEMO_HISTORY: DemoHistoryFile[] = [
  {
    file: 'ecec-2019.csv',
    family: 'ecec',
    year: 2019,
    source: 'Webropol-kysely 2019, Päijät-Hämeen varhaiskasvatuksen huoltajakysely',
    mapping: ECEC_MAPPING,
    importedOn: '2020-01-20',
  },
  {
    file: 'basic-2020.csv',
    family: 'basic',
    year: 2020,
    source: 'Webropol-kysely 2020, esi- ja perusopetuksen huoltajakysely',
    mapping: BASIC_MAPPING,
    importedOn: '2020-03-30',
  },
  {
    file: 'ecec-2021.csv',
    family: 'ecec',
    year: 2021,
    source: 'Webropol-kysely 2021, Päijät-Hämeen varhaiskasvatuksen huoltajakysely',
    mapping: ECEC_MAPPING,
    importedOn: '2022-01-24',
  },
  {
    file: 'basic-2022.xlsx',
    family: 'basic',
    year: 2022,
    source: 'Webropol-kysely 2022, esi- ja perusopetuksen huoltajakysely',
    mapping: BASIC_MAPPING,
    importedOn: '2022-03-28',
  },
];

/**
 * The folder of the history files: beside this module when run from the sources, else found from
 * the bundle's place in the checkout (apps/api/dist → packages/db/src/demo/history).
 */
export function demoHistoryDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'history')];
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    candidates.push(join(dir, 'packages/db/src/demo/history'));
  }
  const found = candidates.find((d) => existsSync(join(d, DEMO_HISTORY[0]!.file)));
  if (!found) throw new Error('the demo history files (packages/db/src/demo/history) are missing');
  return found;
}

/** The request a coordinator would send for one demo history file. */
export function demoHistoryInput(h: DemoHistoryFile) {
  return {
    family: h.family,
    year: h.year,
    source: h.source,
    file: { name: h.file, data: readFileSync(join(demoHistoryDir(), h.file)).toString('base64') },
    mapping: h.mapping,
  };
}

/** Imports every demo history file; throws (and the caller's transaction rolls back) if any has an issue. */
export async function importDemoHistory(tx: Kysely<Database>): Promise<number> {
  for (const h of DEMO_HISTORY) {
    const r = await importHistory(tx, demoHistoryInput(h), {
      userId: null,
      importedAt: new Date(`${h.importedOn}T12:00:00Z`),
    });
    if (!r.ok) throw new Error(`demo history ${h.file}: ${JSON.stringify(r.issues.slice(0, 5))}`);
  }
  return DEMO_HISTORY.length;
}
