import type { Kysely } from 'kysely';
import { DEFAULT_CYCLE_RULE, type NetworkSettings } from '@gs/schema';
import type { Database } from '../database.ts';
import { json } from '../json.ts';

export const DEFAULT_SETTINGS: NetworkSettings = {
  name: 'Päijät-Hämeen huoltajakysely',
  controllerText: {
    fi: 'Rekisterinpitäjä: Päijät-Hämeen kuntien kasvatus- ja opetuspalveluiden arviointiverkosto',
    sv: 'Personuppgiftsansvarig: utvärderingsnätverket för fostran och utbildning i kommunerna i Päijänne-Tavastland',
    en: 'Controller: the evaluation network of the education services of the Päijät-Häme municipalities',
  },
  suppressionThreshold: 5,
  cycleRule: DEFAULT_CYCLE_RULE,
  publicFilters: [],
};

/** The network settings, written with the defaults the first time they are read. */
export async function getSettings(db: Kysely<Database>): Promise<NetworkSettings> {
  const row = await db.selectFrom('network_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) {
    await saveSettings(db, DEFAULT_SETTINGS);
    return DEFAULT_SETTINGS;
  }
  return {
    name: row.name,
    controllerText: row.controller_text,
    suppressionThreshold: row.suppression_threshold,
    cycleRule: row.cycle_rule,
    publicFilters: row.public_filters ?? [],
  };
}

export async function saveSettings(db: Kysely<Database>, s: NetworkSettings): Promise<void> {
  const values = {
    name: s.name,
    controller_text: json(s.controllerText),
    suppression_threshold: s.suppressionThreshold,
    cycle_rule: json(s.cycleRule),
    public_filters: json(s.publicFilters),
    updated_at: new Date(),
  };
  await db
    .insertInto('network_settings')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}
