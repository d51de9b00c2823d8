import {
  createUser,
  getSettings,
  hashPassword,
  replaceBaseCounts,
  transitionRound,
  upsertMunicipality,
  upsertUnit,
  createRound,
  installDefaultInstruments,
} from '@gs/db';
import { type TestDatabase, openTestDatabase } from '@gs/db/testing';
import type { Role } from '@gs/schema';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';

export const PASSWORD = 'correct horse battery staple';

export const USERS = {
  coordinator: { email: 'coordinator@test.fi', role: 'coordinator', municipalityCode: null },
  lahti: { email: 'lahti@test.fi', role: 'municipality_contact', municipalityCode: '398' },
  hartola: { email: 'hartola@test.fi', role: 'municipality_contact', municipalityCode: '081' },
  steering: { email: 'steering@test.fi', role: 'steering_group', municipalityCode: null },
} as const satisfies Record<string, { email: string; role: Role; municipalityCode: string | null }>;
export type Who = keyof typeof USERS;

/** A response whose JSON body the tests read without declaring its type. */
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface Session {
  cookie: string;
  csrfToken: string;
}

/** Today and days from it as ISO dates (UTC, as the server counts). */
export function isoDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A small network for console tests: Lahti (398, two units), Hartola (081, one
 * unit), Heinola (111); the default instruments; an open 2026 basic-education
 * round with base counts, responses and pending open answers; a closed 2025 ECEC
 * round; and one user of each role (Lahti and Hartola contacts).
 */
export async function seedConsole(t: TestDatabase) {
  const db = t.db;
  await getSettings(db);
  const { ecec, basic } = await installDefaultInstruments(db);
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
  const heinola = await upsertMunicipality(db, {
    code: '111',
    names: { fi: 'Heinola', sv: 'Heinola', en: 'Heinola' },
    population: 18500,
  });
  const unit = (municipalityCode: string, code: string, fi: string, kind: 'ecec' | 'school') =>
    upsertUnit(db, {
      municipalityCode,
      code,
      names: { fi, sv: fi, en: fi },
      kind,
      provider: 'municipal',
      activeFrom: 2000,
      activeTo: null,
    });
  const lahtiSchool = await unit('398', 'LA-K1', 'Kivimaan koulu', 'school');
  const lahtiDaycare = await unit('398', 'LA-PK1', 'Päiväkoti Aurinko', 'ecec');
  const hartolaSchool = await unit('081', 'HA-K1', 'Hartolan koulu', 'school');

  const open = await createRound(
    db,
    {
      family: 'basic',
      instrumentVersionId: basic.id,
      year: 2026,
      opensOn: '2026-11-16',
      closesOn: '2026-12-06',
      municipalityCodes: ['398', '081', '111'],
    },
    null,
  );
  await transitionRound(db, open.id, 'open', null);
  const closed = await createRound(
    db,
    {
      family: 'ecec',
      instrumentVersionId: ecec.id,
      year: 2025,
      opensOn: '2025-03-10',
      closesOn: '2025-03-23',
      municipalityCodes: ['398', '081'],
    },
    null,
  );
  await transitionRound(db, closed.id, 'open', null);
  await transitionRound(db, closed.id, 'closed', null);

  await replaceBaseCounts(db, open.id, [
    { municipalityId: lahti.id, unitId: lahtiSchool.id, groupKey: 'grades_1_2', enrolled: 40 },
    { municipalityId: lahti.id, unitId: lahtiSchool.id, groupKey: 'grades_3_6', enrolled: 60 },
    { municipalityId: hartola.id, unitId: hartolaSchool.id, groupKey: 'grades_1_2', enrolled: 10 },
  ]);
  const responses = [
    ...Array.from({ length: 12 }, (_, i) => ({ municipality_id: lahti.id, unit_id: lahtiSchool.id, day: i % 3 })),
    ...Array.from({ length: 3 }, () => ({ municipality_id: hartola.id, unit_id: hartolaSchool.id, day: 1 })),
  ];
  const inserted = await db
    .insertInto('response')
    .values(
      responses.map((r) => ({
        round_id: open.id,
        municipality_id: r.municipality_id,
        unit_id: r.unit_id,
        group_key: 'grades_1_2',
        language: 'fi',
        submitted_on: `2026-11-${16 + r.day}`,
      })),
    )
    .returning(['id', 'municipality_id', 'unit_id'])
    .execute();
  const [l1, l2, h1] = [inserted[0]!, inserted[1]!, inserted[12]!];
  const openAnswer = (r: typeof l1, text: string) => ({
    response_id: r.id,
    round_id: open.id,
    municipality_id: r.municipality_id,
    unit_id: r.unit_id,
    item_key: 'open_went_well',
    text,
  });
  const answers = await db
    .insertInto('open_answer')
    .values([
      openAnswer(l1, 'Opettaja Maija Meikäläinen on ihana, soita 040 123 4567.'),
      openAnswer(l2, 'Kaikki hyvin.'),
      openAnswer(h1, 'Hartolassa kiva koulu.'),
    ])
    .returning('id')
    .execute();

  const passwordHash = await hashPassword(PASSWORD);
  const userIds = {} as Record<Who, number>;
  for (const [who, u] of Object.entries(USERS) as [Who, (typeof USERS)[Who]][]) {
    const row = await createUser(db, { ...u, name: `Test ${who}`, passwordHash }, null);
    userIds[who] = row.id;
  }
  return {
    instruments: { ecec: ecec.id, basic: basic.id },
    municipalities: { lahti: lahti.id, hartola: hartola.id, heinola: heinola.id },
    units: { lahtiSchool: lahtiSchool.id, lahtiDaycare: lahtiDaycare.id, hartolaSchool: hartolaSchool.id },
    rounds: { open: open.id, closed: closed.id },
    openAnswers: { lahtiNamed: answers[0]!.id, lahtiPlain: answers[1]!.id, hartola: answers[2]!.id },
    users: userIds,
  };
}
export type Seeded = Awaited<ReturnType<typeof seedConsole>>;

/** The app over a fresh test database, with sign-in and request helpers. */
export async function consoleHarness(env: Record<string, string> = {}) {
  const t = await openTestDatabase();
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', ...env });
  const app = createApp({ db: t.db, config });
  const sessions = new Map<Who, Session>();

  async function signIn(who: Who): Promise<Session> {
    const res = await app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: USERS[who].email, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`sign-in as ${who} failed: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie, csrfToken };
  }

  /** Calls the API as a role (signed in once per harness) or as nobody. */
  async function call(who: Who | null, method: string, path: string, body?: unknown): Promise<TestResponse> {
    const headers: Record<string, string> = {};
    if (who) {
      let s = sessions.get(who);
      if (!s) {
        s = await signIn(who);
        sessions.set(who, s);
      }
      headers.cookie = s.cookie;
      headers['x-csrf-token'] = s.csrfToken;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    return app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  /** app.request with the JSON body typed loosely for tests. */
  const request = (path: string, init?: RequestInit): Promise<TestResponse> => Promise.resolve(app.request(path, init));

  return {
    t,
    app,
    request,
    config,
    signIn,
    call,
    /** Empties the database, forgets sessions and seeds again. */
    async reseed() {
      await t.reset();
      sessions.clear();
      return seedConsole(t);
    },
  };
}
