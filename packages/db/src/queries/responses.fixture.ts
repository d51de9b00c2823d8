import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { installDefaultInstruments } from './instruments.ts';
import { upsertMunicipality, upsertUnit } from './organisation.ts';
import { createRound, transitionRound } from './rounds.ts';

/** A small world for survey tests: Lahti and Hartola, a few units, the open round '2026-basic'. */
export async function seedSurveyFixture(db: Kysely<Database>) {
  const lahti = await upsertMunicipality(db, {
    code: '398',
    names: { fi: 'Lahti', sv: 'Lahtis', en: 'Lahti' },
    population: 121337,
  });
  const hartola = await upsertMunicipality(db, {
    code: '081',
    names: { fi: 'Hartola', sv: 'Gustav Adolfs', en: 'Hartola' },
    population: 2482,
  });
  await upsertMunicipality(db, { code: '111', names: { fi: 'Heinola', sv: 'Heinola', en: 'Heinola' }, population: 1 });
  const unit = async (
    municipalityCode: string,
    code: string,
    fi: string,
    kind: string,
    activeTo: number | null = null,
  ) =>
    (
      await upsertUnit(db, {
        municipalityCode,
        code,
        names: { fi, sv: fi, en: fi },
        kind: kind as 'school',
        provider: 'municipal',
        activeFrom: 2000,
        activeTo,
      })
    ).id;
  const units = {
    kivimaa: await unit('398', 'S1', 'Kivimaan koulu', 'school'),
    esiopetus: await unit('398', 'P1', 'Mukkulan esiopetus', 'pre_primary'),
    paivakoti: await unit('398', 'E1', 'Ahtialan päiväkoti', 'ecec'),
    closed: await unit('398', 'S9', 'Vanha koulu', 'school', 2020),
    hartolaSchool: await unit('081', 'S1', 'Koskenniemen koulu', 'school'),
  };
  const { basic: basicVersion } = await installDefaultInstruments(db);
  const round = await createRound(
    db,
    {
      family: 'basic',
      instrumentVersionId: basicVersion.id,
      year: 2026,
      opensOn: '2026-11-10',
      closesOn: '2026-12-31',
      municipalityCodes: ['398', '081'],
    },
    null,
  );
  await transitionRound(db, round.id, 'open', null);
  return { roundId: round.id, roundSlug: round.slug, lahtiId: lahti.id, hartolaId: hartola.id, units };
}

/** A second round of the fixture's instrument, still in draft (not public): '2028-basic' in Lahti. */
export async function seedDraftRound(db: Kysely<Database>, fixtureRoundId: number) {
  const { instrument_version_id } = await db
    .selectFrom('round')
    .select('instrument_version_id')
    .where('id', '=', fixtureRoundId)
    .executeTakeFirstOrThrow();
  const input = {
    family: 'basic',
    instrumentVersionId: instrument_version_id,
    year: 2028,
    opensOn: '2028-11-10',
    closesOn: '2028-12-31',
    municipalityCodes: ['398'],
  };
  return createRound(db, input, null);
}
