import { type Kysely, sql } from 'kysely';
import type { Database } from '../database.ts';
import { installDefaultInstruments } from './instruments.ts';
import { replaceBaseCounts, upsertMunicipality, upsertUnit } from './organisation.ts';
import { createRound, transitionRound } from './rounds.ts';

export interface ResponseSpec {
  municipalityId: number;
  unitId: number | null;
  groupKey?: string | null;
  /** Item key → value (0 = can't say). */
  answers: Record<string, number>;
  count?: number;
  day?: string;
}

/** Inserts `count` identical responses with their answers, as a survey submission would (one statement). */
export async function addResponses(db: Kysely<Database>, roundId: number, spec: ResponseSpec) {
  const answers = Object.entries(spec.answers).map(([k, v]) => ({ k, v }));
  await sql`
    with r as (
      insert into response (round_id, municipality_id, unit_id, group_key, language, submitted_on)
      select ${roundId}::int, ${spec.municipalityId}::int, ${spec.unitId}::int, ${spec.groupKey ?? null}::text, 'fi',
        ${spec.day ?? '2025-03-12'}::date
      from generate_series(1, ${spec.count ?? 1}::int)
      returning id
    )
    insert into answer (response_id, item_key, value)
    select r.id, x.k, x.v from r, json_to_recordset(cast(${JSON.stringify(answers)}::text as json)) as x(k text, v smallint)`.execute(
    db,
  );
}

/**
 * A small region for report tests: Lahti (three ECEC units, one of them small),
 * Hollola (one unit) and Hartola (a few answers only), the ECEC rounds 2023
 * (closed) and 2025 (closed), both on the same instrument version.
 */
export async function seedReportFixture(db: Kysely<Database>) {
  const place = async (code: string, fi: string, sv: string) =>
    (await upsertMunicipality(db, { code, names: { fi, sv, en: fi }, population: 1000 })).id;
  const lahti = await place('398', 'Lahti', 'Lahtis');
  const hollola = await place('098', 'Hollola', 'Hollola');
  const hartola = await place('081', 'Hartola', 'Gustav Adolfs');
  const unit = async (municipalityCode: string, code: string, fi: string) =>
    (
      await upsertUnit(db, {
        municipalityCode,
        code,
        names: { fi, sv: fi, en: fi },
        kind: 'ecec',
        provider: 'municipal',
        activeFrom: 2000,
        activeTo: null,
      })
    ).id;
  const units = {
    aurinko: await unit('398', 'E1', 'Aurinkorinteen päiväkoti'),
    kuu: await unit('398', 'E2', 'Kuunsäteen päiväkoti'),
    pikku: await unit('398', 'E3', 'Pikkumetsän päiväkoti'),
    hollola: await unit('098', 'E1', 'Hollolan päiväkoti'),
    hartola: await unit('081', 'E1', 'Hartolan päiväkoti'),
  };
  const { ecec } = await installDefaultInstruments(db);
  const round = async (year: number) => {
    const r = await createRound(
      db,
      {
        family: 'ecec',
        instrumentVersionId: ecec.id,
        year,
        opensOn: `${year}-03-10`,
        closesOn: `${year}-03-23`,
        municipalityCodes: ['398', '098', '081'],
      },
      null,
    );
    await transitionRound(db, r.id, 'open', null);
    return r;
  };
  const r2023 = await round(2023);
  const r2025 = await round(2025);
  for (const r of [r2023, r2025]) {
    await replaceBaseCounts(db, r.id, [
      { municipalityId: lahti, unitId: units.aurinko, groupKey: 'age_3_5', enrolled: 40 },
      { municipalityId: lahti, unitId: units.kuu, groupKey: 'age_3_5', enrolled: 20 },
      { municipalityId: lahti, unitId: units.pikku, groupKey: 'age_3_5', enrolled: 8 },
      { municipalityId: hollola, unitId: units.hollola, groupKey: 'age_3_5', enrolled: 30 },
      { municipalityId: hartola, unitId: units.hartola, groupKey: 'age_3_5', enrolled: 6 },
    ]);
  }
  return { lahti, hollola, hartola, units, r2023, r2025, versionId: ecec.id };
}

/** Closes a round (it was opened by the fixture). */
export async function closeRound(db: Kysely<Database>, roundId: number) {
  await transitionRound(db, roundId, 'closed', null);
}
