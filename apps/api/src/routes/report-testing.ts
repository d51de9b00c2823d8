import { sql } from 'kysely';
import {
  type Db,
  createRound,
  createUser,
  getSettings,
  hashPassword,
  publishRound,
  replaceBaseCounts,
  transitionRound,
  upsertMunicipality,
  upsertUnit,
  installDefaultInstruments,
} from '@gs/db';
import { openTestDatabase } from '@gs/db/testing';
import type { Role } from '@gs/schema';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';

const PASSWORD = 'correct horse battery staple';

const USERS = {
  coordinator: { role: 'coordinator', municipalityCode: null },
  steering: { role: 'steering_group', municipalityCode: null },
  lahti: { role: 'municipality_contact', municipalityCode: '398' },
  hartola: { role: 'municipality_contact', municipalityCode: '081' },
} as const satisfies Record<string, { role: Role; municipalityCode: string | null }>;
export type Reader = keyof typeof USERS | null;

/** A response whose JSON body the tests read without declaring its type. */
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

/** The JSON body of a 200 response; any other status fails the test with the body. */
export async function ok(res: TestResponse) {
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** `count` identical responses (answered in Finnish unless `language` says otherwise). */
export async function addResponses(
  db: Db,
  roundId: number,
  s: {
    municipalityId: number;
    unitId: number | null;
    groupKey: string;
    answers: Record<string, number>;
    count: number;
    language?: string;
  },
) {
  const answers = Object.entries(s.answers).map(([k, v]) => ({ k, v }));
  await sql`
    with r as (
      insert into response (round_id, municipality_id, unit_id, group_key, language)
      select ${roundId}::int, ${s.municipalityId}::int, ${s.unitId}::int, ${s.groupKey}, ${s.language ?? 'fi'}
      from generate_series(1, ${s.count}::int) returning id
    )
    insert into answer (response_id, item_key, value)
    select r.id, x.k, x.v from r, json_to_recordset(cast(${JSON.stringify(answers)}::text as json)) as x(k text, v smallint)`.execute(
    db,
  );
}

/**
 * Lahti (units "=1+2 Päiväkoti" 12 responses, Kuu 8, Pikku 3), Hollola 10 and Hartola 3
 * in the ECEC round 2025, compared with 2023; both published. An open 2026 basic round
 * with live responses. An approved open answer with a name, which must never show.
 */
export async function seedReports(db: Db) {
  await getSettings(db);
  const { ecec, basic } = await installDefaultInstruments(db);
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
    formula: await unit('398', 'E1', '=1+2 Päiväkoti'),
    kuu: await unit('398', 'E2', 'Kuunsäteen päiväkoti'),
    pikku: await unit('398', 'E3', 'Pikkumetsän päiväkoti'),
    hollola: await unit('098', 'E1', 'Hollolan päiväkoti'),
    hartola: await unit('081', 'E1', 'Hartolan päiväkoti'),
  };
  const round = async (family: 'ecec' | 'basic', year: number, versionId: number) => {
    const r = await createRound(
      db,
      {
        family,
        instrumentVersionId: versionId,
        year,
        opensOn: `${year}-03-10`,
        closesOn: `${year}-03-23`,
        municipalityCodes: ['398', '098', '081'],
      },
      null,
    );
    await transitionRound(db, r.id, 'open', null);
    return r.id;
  };
  const r2023 = await round('ecec', 2023, ecec.id);
  const r2025 = await round('ecec', 2025, ecec.id);
  const r2026 = await round('basic', 2026, basic.id);
  await replaceBaseCounts(db, r2025, [
    { municipalityId: lahti, unitId: units.formula, groupKey: 'age_3_5', enrolled: 40 },
    { municipalityId: lahti, unitId: units.kuu, groupKey: 'under_3', enrolled: 20 },
    { municipalityId: hollola, unitId: units.hollola, groupKey: 'age_3_5', enrolled: 30 },
    { municipalityId: hartola, unitId: units.hartola, groupKey: 'pre_primary', enrolled: 6 },
  ]);
  const add = (
    roundId: number,
    municipalityId: number,
    unitId: number | null,
    groupKey: string,
    answers: Record<string, number>,
    count: number,
  ) => addResponses(db, roundId, { municipalityId, unitId, groupKey, answers, count });
  await add(r2023, lahti, units.formula, 'age_3_5', { interaction_staff_friendly: 3, overall_grade: 8 }, 10);
  await add(r2023, hollola, units.hollola, 'age_3_5', { interaction_staff_friendly: 4, overall_grade: 8 }, 10);
  await add(r2025, lahti, units.formula, 'age_3_5', { interaction_staff_friendly: 5, overall_grade: 9 }, 6);
  await add(r2025, lahti, units.formula, 'age_3_5', { interaction_staff_friendly: 4, overall_grade: 9 }, 4);
  await add(r2025, lahti, units.formula, 'age_3_5', { interaction_staff_friendly: 0, overall_grade: 9 }, 2);
  await add(r2025, lahti, units.kuu, 'under_3', { interaction_staff_friendly: 2, overall_grade: 7 }, 8);
  await add(r2025, lahti, units.pikku, 'age_3_5', { interaction_staff_friendly: 1, overall_grade: 5 }, 3);
  await add(r2025, hollola, units.hollola, 'age_3_5', { interaction_staff_friendly: 3, overall_grade: 8 }, 10);
  await add(r2025, hartola, units.hartola, 'pre_primary', { interaction_staff_friendly: 1, overall_grade: 4 }, 3);
  await add(r2026, lahti, null, 'grades_3_6', { interaction_staff_friendly: 4, overall_grade: 8 }, 20);
  await add(r2026, hartola, null, 'grades_3_6', { interaction_staff_friendly: 2, overall_grade: 7 }, 6);
  const someResponse = await db.selectFrom('response').select('id').where('round_id', '=', r2025).executeTakeFirst();
  await db
    .insertInto('open_answer')
    .values({
      response_id: someResponse!.id,
      round_id: r2025,
      municipality_id: lahti,
      unit_id: units.formula,
      item_key: 'open_went_well',
      text: 'Opettaja Maija Meikäläinen on ihana',
      state: 'approved',
    })
    .execute();
  for (const id of [r2023, r2025]) {
    await transitionRound(db, id, 'closed', null);
    await publishRound(db, id, { userId: null });
  }
  const passwordHash = await hashPassword(PASSWORD);
  for (const [who, u] of Object.entries(USERS)) {
    await createUser(db, { email: `${who}@test.fi`, name: who, ...u, passwordHash }, null);
  }
  return { municipalities: { lahti, hollola, hartola }, units, rounds: { r2023, r2025, r2026 } };
}
export type ReportSeed = Awaited<ReturnType<typeof seedReports>>;

/** The app over a fresh test database seeded for reports, with a request helper per reader. */
export async function reportHarness() {
  const t = await openTestDatabase();
  const app = createApp({ db: t.db, config: loadConfig({ ...process.env, NODE_ENV: 'test' }) });
  const seed = await seedReports(t.db);
  const sessions = new Map<string, { cookie: string; csrfToken: string }>();
  async function sessionOf(who: keyof typeof USERS) {
    let session = sessions.get(who);
    if (!session) {
      const res = await app.request('/api/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${who}@test.fi`, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`sign-in as ${who}: ${res.status} ${await res.text()}`);
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      session = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrfToken };
      sessions.set(who, session);
    }
    return session;
  }
  /** GET as a reader (null: the public). */
  async function get(who: Reader, path: string): Promise<TestResponse> {
    const headers: Record<string, string> = who ? { cookie: (await sessionOf(who)).cookie } : {};
    return app.request(path, { headers });
  }
  /** Any method as a reader, with the session's CSRF token (null: the public) and a JSON body. */
  async function call(who: Reader, method: string, path: string, body?: unknown): Promise<TestResponse> {
    const headers: Record<string, string> = {};
    if (who) {
      const s = await sessionOf(who);
      headers.cookie = s.cookie;
      headers['x-csrf-token'] = s.csrfToken;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    return app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }
  return { t, app, seed, get, call };
}
