import { type Kysely, sql } from 'kysely';
import { DomainError, type InstrumentDefinition, type Role, itemsOf } from '@gs/schema';
import type { Database } from '../database.ts';
import { installDefaultInstruments } from '../queries/instruments.ts';
import { hashPassword } from '../passwords.ts';
import { inTransaction } from '../transaction.ts';
import { replaceBaseCounts, upsertMunicipality, upsertUnit } from '../queries/organisation.ts';
import { createRound, transitionRound } from '../queries/rounds.ts';
import { publishRound } from '../queries/snapshots.ts';
import { DEFAULT_SETTINGS, saveSettings } from '../queries/settings.ts';
import { insertAnswers, insertOpenAnswers, insertResponses, withoutForeignKeys } from './bulk.ts';
import { importDemoHistory } from './history.ts';
import { insertDemoImprovementAreas } from './improvement-areas.ts';
import { DEMO_MUNICIPALITIES } from './municipalities.ts';
import { openTexts } from './open-texts.ts';
import {
  DEMO_ROUNDS,
  type DemoRound,
  type Enrolment,
  type PlacedUnit,
  enrolmentFor,
  itemParamsFor,
  plannedResponses,
  slugOf,
} from './plan.ts';
import { demoUnits } from './units.ts';

export { buildDemoArchive, demoArchiveName, unpackDemoArchive } from './archive.ts';
export { DEMO_HISTORY, demoHistoryDir, demoHistoryInput } from './history.ts';
export { DEMO_IMPROVEMENT_AREAS } from './improvement-areas.ts';
export { DEMO_MUNICIPALITIES } from './municipalities.ts';
export { DEMO_ROUNDS, DEMO_TODAY } from './plan.ts';

export interface DemoUser {
  email: string;
  password: string;
  role: Role;
  name: string;
  municipalityCode?: string;
}

/** Sign-ins created with the demo data; the passwords are public, so never load the demo into production. */
export const DEMO_USERS: DemoUser[] = [
  { email: 'coordinator@demo.test', password: 'demo-coordinator-2026', role: 'coordinator', name: 'Kaisa Laaksonen' },
  {
    email: 'lahti@demo.test',
    password: 'demo-lahti-2026',
    role: 'municipality_contact',
    name: 'Mikko Nieminen',
    municipalityCode: '398',
  },
  {
    email: 'hartola@demo.test',
    password: 'demo-hartola-2026',
    role: 'municipality_contact',
    name: 'Sari Heinonen',
    municipalityCode: '081',
  },
  { email: 'steering@demo.test', password: 'demo-steering-2026', role: 'steering_group', name: 'Jukka Salonen' },
];

export interface DemoSummary {
  municipalities: number;
  units: number;
  rounds: number;
  responses: number;
}

/** True when the database has neither municipalities nor rounds, i.e. nothing the demo would clash with. */
export async function databaseIsEmpty(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select ((select count(*) from municipality) + (select count(*) from round))::int as n`.execute(db);
  return rows[0]?.n === 0;
}

/**
 * Loads a complete demo network into an empty database in one transaction: settings, the
 * default instruments, the ten Päijät-Häme municipalities with units, four rounds
 * (2023-2025 published, 2026 open) with base counts and synthetic responses, and DEMO_USERS.
 * The same seed gives the same data in a fresh database (answers are hashed from response ids).
 * Throws, leaving the database untouched, when it is not empty or any step fails.
 *
 * @example
 * if (await databaseIsEmpty(db)) await loadDemoData(db, { seed: 1 });
 */
export async function loadDemoData(db: Kysely<Database>, { seed }: { seed: number }): Promise<DemoSummary> {
  const passwordHashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));
  return inTransaction(db, async (tx) => {
    if (!(await databaseIsEmpty(tx))) {
      throw new DomainError('conflict', 'demo data can only be loaded into an empty database', undefined, 409);
    }
    await saveSettings(tx, DEFAULT_SETTINGS);
    const installed = await installDefaultInstruments(tx);

    const municipalityIds = new Map<string, number>();
    for (const m of DEMO_MUNICIPALITIES) {
      const row = await upsertMunicipality(tx, {
        code: m.code,
        names: { fi: m.fi, sv: m.sv, en: m.fi },
        population: m.population,
      });
      municipalityIds.set(m.code, row.id);
    }
    const units: PlacedUnit[] = [];
    for (const unit of demoUnits()) {
      const { id } = await upsertUnit(tx, unit);
      units.push({ ...unit, id, municipalityId: municipalityIds.get(unit.municipalityCode)! });
    }

    const rounds: { plan: DemoRound; id: number; definition: InstrumentDefinition; enrolment: Enrolment[] }[] = [];
    for (const plan of DEMO_ROUNDS) {
      const version = installed[plan.family];
      if (!version) throw new Error(`no default instrument for family '${plan.family}'`);
      const round = await createRound(
        tx,
        {
          slug: slugOf(plan),
          family: plan.family,
          instrumentVersionId: version.id,
          year: plan.year,
          opensOn: plan.opensOn,
          closesOn: plan.closesOn,
          municipalityCodes: DEMO_MUNICIPALITIES.map((m) => m.code),
        },
        null,
      );
      await transitionRound(tx, round.id, 'open', null, { demo: true });
      const enrolment = enrolmentFor(plan, version.definition, units);
      await replaceBaseCounts(
        tx,
        round.id,
        enrolment.map((e) => ({
          municipalityId: e.unit.municipalityId,
          unitId: e.unit.id,
          groupKey: e.groupKey,
          enrolled: e.enrolled,
        })),
      );
      rounds.push({ plan, id: round.id, definition: version.definition, enrolment });
    }

    await withoutForeignKeys(tx, ['response', 'answer'], async () => {
      for (const { plan, id, definition, enrolment } of rounds) {
        const responses = plannedResponses(seed, plan, definition, enrolment);
        await insertResponses(tx, id, responses);
        const answering = new Set(responses.map((r) => r.u));
        await insertAnswers(
          tx,
          id,
          seed,
          itemParamsFor(
            seed,
            plan,
            definition,
            units.filter((u) => answering.has(u.id)),
          ),
        );
        await insertOpenAnswers(tx, id, {
          seed,
          items: itemsOf(definition)
            .filter((i) => i.type === 'open')
            .map((i, n) => ({ key: i.key, pool: n === 0 ? 'went_well' : 'improve' })),
          texts: openTexts(plan.family),
          moderatedAt: plan.status === 'open' ? null : `${plan.closesOn}T12:00:00Z`,
        });
      }
    });

    // The rounds run before this platform, imported as a coordinator would, before our own are
    // published so that 2023 and 2024 compare with 2021 and 2022.
    await importDemoHistory(tx);

    for (const { plan, id } of rounds) {
      if (plan.status !== 'published') continue;
      await transitionRound(tx, id, 'closed', null, { demo: true });
      // A demo round was published when its results came out (a month after it closed unless the plan
      // says), not on the day the demo loads.
      const publishedAt = plan.publishedOn
        ? new Date(`${plan.publishedOn}T12:00:00Z`)
        : new Date(Date.parse(`${plan.closesOn}T12:00:00Z`) + 30 * 86_400_000);
      await publishRound(tx, id, { userId: null, publishedAt });
    }

    const users = await tx
      .insertInto('app_user')
      .values(
        DEMO_USERS.map((u, i) => ({
          email: u.email,
          name: u.name,
          password_hash: passwordHashes[i]!,
          role: u.role,
          municipality_id: u.municipalityCode ? (municipalityIds.get(u.municipalityCode) ?? null) : null,
        })),
      )
      .returning(['id', 'name', 'role'])
      .execute();
    const steering = users.find((u) => u.role === 'steering_group')!;
    await insertDemoImprovementAreas(tx, {
      rounds: new Map(rounds.map((r) => [slugOf(r.plan), r.id])),
      municipalities: municipalityIds,
      decider: { id: steering.id, name: steering.name },
    });

    const { rows } = await sql<{ n: number }>`select count(*)::int as n from response`.execute(tx);
    return {
      municipalities: municipalityIds.size,
      units: units.length,
      rounds: rounds.length,
      responses: rows[0]?.n ?? 0,
    };
  });
}
