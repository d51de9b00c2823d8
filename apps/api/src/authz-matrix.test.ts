import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishRound } from '@gs/db';
import { testEngine } from '@gs/db/testing';
import { PASSWORD, type Seeded, USERS, type Who, consoleHarness } from './routes/console-testing.ts';

/**
 * Every API route, called as nobody and as every role, against the expectations
 * below. `lahti` is the contact of the municipality that owns the resource in the
 * call, `hartola` a contact of another one. A route added without an expectation
 * fails the coverage test. "Allowed" means the request got past authorization
 * (any status but 401 and 403); "denied" means exactly 401 (nobody) or 403.
 */
type Caller = 'nobody' | Who;
const CALLERS: Caller[] = ['nobody', 'coordinator', 'lahti', 'hartola', 'steering'];

const ALL: Caller[] = CALLERS;
const SIGNED_IN: Caller[] = ['coordinator', 'lahti', 'hartola', 'steering'];
const COORDINATOR: Caller[] = ['coordinator'];
const READERS: Caller[] = ['coordinator', 'steering'];
/** Coordinators and both contacts: the answer is limited to the contact's own municipality. */
const MANAGERS: Caller[] = ['coordinator', 'lahti', 'hartola'];
/** Coordinators and the contact of the municipality the call names. */
const OWN_MANAGERS: Caller[] = ['coordinator', 'lahti'];
/** Everyone signed in but a contact of another municipality. */
const OWN_READERS: Caller[] = ['coordinator', 'lahti', 'steering'];

interface Case {
  route: string;
  url: string;
  body?: unknown;
  allowed: Caller[];
  /** What makes a second case of the same route different. */
  note?: string;
}

const basicDraft = (ids: Seeded) => ({
  family: 'ecec',
  instrumentVersionId: ids.instruments.ecec,
  year: 2027,
  opensOn: '2027-03-10',
  closesOn: '2027-03-23',
  municipalityCodes: ['398'],
});

function cases(ids: Seeded): Case[] {
  const open = ids.rounds.open;
  // The closed 2025 round is published and Hartola does not take part in it (see seedMatrix).
  const lahtiOnly = ids.rounds.closed;
  const csvUnits =
    'municipality_code,code,name_fi,name_sv,name_en,kind,provider,active_from\n398,LA-K9,K,K,K,school,municipal,2020';
  const csvCounts = 'municipality_code,unit_code,group_key,enrolled\n398,LA-K1,grades_1_2,41';
  const historyFile = {
    family: 'ecec',
    year: 2019,
    source: 'Earlier tool',
    file: { name: 'h.csv', data: Buffer.from('municipality;question;mean;n\n398;Q;4,2;30').toString('base64') },
    mapping: { Q: 'safety_feels_safe' },
  };
  const translationFile = {
    file: { name: 'et.csv', data: Buffer.from('key;fi;et\nsurvey.title;x;y').toString('base64') },
  };
  return [
    { route: 'GET /api/health', url: '/api/health', allowed: ALL },
    { route: 'GET /api/network', url: '/api/network', allowed: ALL },
    { route: 'GET /api/openapi.json', url: '/api/openapi.json', allowed: ALL },
    {
      route: 'POST /api/auth/sign-in',
      url: '/api/auth/sign-in',
      body: { email: USERS.coordinator.email, password: PASSWORD },
      allowed: ALL,
    },
    { route: 'POST /api/auth/sign-out', url: '/api/auth/sign-out', allowed: SIGNED_IN },
    { route: 'GET /api/auth/me', url: '/api/auth/me', allowed: SIGNED_IN },
    {
      route: 'POST /api/auth/password',
      url: '/api/auth/password',
      body: { currentPassword: PASSWORD, newPassword: 'a brand new long password' },
      allowed: SIGNED_IN,
    },

    { route: 'GET /api/console/rounds', url: '/api/console/rounds', allowed: SIGNED_IN },
    { route: 'GET /api/console/rounds/proposal', url: '/api/console/rounds/proposal', allowed: COORDINATOR },
    { route: 'POST /api/console/rounds', url: '/api/console/rounds', body: basicDraft(ids), allowed: COORDINATOR },
    { route: 'GET /api/console/rounds/:id', url: `/api/console/rounds/${open}`, allowed: SIGNED_IN },
    {
      route: 'GET /api/console/rounds/:id',
      url: `/api/console/rounds/${lahtiOnly}`,
      allowed: OWN_READERS,
      note: 'a round Hartola is not in',
    },
    { route: 'GET /api/console/rounds/:id/held', url: `/api/console/rounds/${open}/held`, allowed: COORDINATOR },
    {
      route: 'POST /api/console/rounds/:id/held/:how',
      url: `/api/console/rounds/${open}/held/release`,
      body: {},
      allowed: COORDINATOR,
    },
    {
      route: 'POST /api/console/rounds/:id/held/:how',
      url: `/api/console/rounds/${open}/held/discard`,
      body: {},
      allowed: COORDINATOR,
    },
    {
      route: 'PUT /api/console/rounds/:id',
      url: `/api/console/rounds/${open}`,
      body: basicDraft(ids),
      allowed: COORDINATOR,
    },
    { route: 'DELETE /api/console/rounds/:id', url: `/api/console/rounds/${open}`, allowed: COORDINATOR },
    {
      route: 'POST /api/console/rounds/:id/open',
      url: `/api/console/rounds/${open}/open`,
      body: {},
      allowed: COORDINATOR,
    },
    { route: 'POST /api/console/rounds/:id/close', url: `/api/console/rounds/${open}/close`, allowed: COORDINATOR },
    {
      route: 'POST /api/console/rounds/:id/publish',
      url: `/api/console/rounds/${lahtiOnly}/publish`,
      body: { reason: 'corrected base counts' },
      allowed: COORDINATOR,
    },
    { route: 'GET /api/console/rounds/:id/progress', url: `/api/console/rounds/${open}/progress`, allowed: SIGNED_IN },
    {
      route: 'GET /api/console/rounds/:id/progress',
      url: `/api/console/rounds/${lahtiOnly}/progress`,
      allowed: OWN_READERS,
      note: 'a round Hartola is not in',
    },

    { route: 'GET /api/console/instruments', url: '/api/console/instruments', allowed: READERS },
    {
      route: 'GET /api/console/instruments/:id',
      url: `/api/console/instruments/${ids.instruments.ecec}`,
      allowed: READERS,
    },
    {
      route: 'POST /api/console/instruments/families/:family/copy',
      url: '/api/console/instruments/families/ecec/copy',
      allowed: COORDINATOR,
    },
    {
      route: 'PUT /api/console/instruments/:id',
      url: `/api/console/instruments/${ids.instruments.ecec}`,
      body: {},
      allowed: COORDINATOR,
    },
    {
      route: 'DELETE /api/console/instruments/:id',
      url: `/api/console/instruments/${ids.instruments.ecec}`,
      allowed: COORDINATOR,
    },
    {
      route: 'GET /api/console/instruments/:id/translations/:language/export',
      url: `/api/console/instruments/${ids.instruments.ecec}/translations/et/export?format=csv`,
      allowed: READERS,
    },
    {
      route: 'POST /api/console/instruments/:id/translations/:language/import/preview',
      url: `/api/console/instruments/${ids.instruments.ecec}/translations/et/import/preview`,
      body: translationFile,
      allowed: COORDINATOR,
    },
    {
      route: 'POST /api/console/instruments/:id/translations/:language/import',
      url: `/api/console/instruments/${ids.instruments.ecec}/translations/et/import`,
      body: translationFile,
      allowed: COORDINATOR,
    },

    { route: 'GET /api/console/municipalities', url: '/api/console/municipalities', allowed: SIGNED_IN },
    {
      route: 'PUT /api/console/municipalities/:code',
      url: '/api/console/municipalities/398',
      body: { names: { fi: 'Lahti', sv: 'Lahtis', en: 'Lahti' }, population: 1 },
      allowed: COORDINATOR,
    },
    {
      route: 'POST /api/console/municipalities/import/preview',
      url: '/api/console/municipalities/import/preview',
      body: { csv: 'code,name_fi,name_sv,name_en,population\n016,A,A,A,1' },
      allowed: COORDINATOR,
    },
    {
      route: 'POST /api/console/municipalities/import',
      url: '/api/console/municipalities/import',
      body: { csv: 'code,name_fi,name_sv,name_en,population\n016,A,A,A,1' },
      allowed: COORDINATOR,
    },
    { route: 'GET /api/console/history', url: '/api/console/history', allowed: COORDINATOR },
    {
      route: 'POST /api/console/history/import/preview',
      url: '/api/console/history/import/preview',
      body: historyFile,
      allowed: COORDINATOR,
    },
    {
      route: 'POST /api/console/history/import',
      url: '/api/console/history/import',
      body: historyFile,
      allowed: COORDINATOR,
    },
    { route: 'DELETE /api/console/history/:id', url: '/api/console/history/999999', allowed: COORDINATOR },
    { route: 'GET /api/console/units', url: '/api/console/units', allowed: SIGNED_IN },
    {
      route: 'GET /api/console/units',
      url: '/api/console/units?municipality=398',
      allowed: OWN_READERS,
      note: 'of Lahti',
    },
    {
      route: 'POST /api/console/units',
      url: '/api/console/units',
      body: {
        municipalityCode: '398',
        code: 'LA-K9',
        names: { fi: 'K', sv: 'K', en: 'K' },
        kind: 'school',
        provider: 'municipal',
        activeFrom: 2020,
      },
      allowed: OWN_MANAGERS,
    },
    // Row by row: another municipality's rows come back as issues, and nothing is imported.
    {
      route: 'POST /api/console/units/import/preview',
      url: '/api/console/units/import/preview',
      body: { csv: csvUnits },
      allowed: MANAGERS,
    },
    {
      route: 'POST /api/console/units/import',
      url: '/api/console/units/import',
      body: { csv: csvUnits },
      allowed: MANAGERS,
    },
    {
      route: 'GET /api/console/rounds/:id/base-counts',
      url: `/api/console/rounds/${open}/base-counts`,
      allowed: SIGNED_IN,
    },
    {
      route: 'GET /api/console/rounds/:id/base-counts',
      url: `/api/console/rounds/${lahtiOnly}/base-counts`,
      allowed: OWN_READERS,
      note: 'a round Hartola is not in',
    },
    {
      route: 'PUT /api/console/rounds/:id/base-counts',
      url: `/api/console/rounds/${open}/base-counts`,
      body: { municipalityCode: '398', rows: [] },
      allowed: OWN_MANAGERS,
    },
    {
      route: 'POST /api/console/rounds/:id/base-counts/import/preview',
      url: `/api/console/rounds/${open}/base-counts/import/preview`,
      body: { csv: csvCounts },
      allowed: MANAGERS,
    },
    {
      route: 'POST /api/console/rounds/:id/base-counts/import',
      url: `/api/console/rounds/${open}/base-counts/import`,
      body: { csv: csvCounts },
      allowed: MANAGERS,
    },

    { route: 'GET /api/console/rounds/:id/links', url: `/api/console/rounds/${open}/links`, allowed: MANAGERS },
    {
      route: 'GET /api/console/rounds/:id/links',
      url: `/api/console/rounds/${lahtiOnly}/links`,
      allowed: OWN_MANAGERS,
      note: 'a round Hartola is not in',
    },
    { route: 'GET /api/console/rounds/:id/codes', url: `/api/console/rounds/${open}/codes`, allowed: MANAGERS },
    {
      route: 'POST /api/console/rounds/:id/codes',
      url: `/api/console/rounds/${open}/codes`,
      body: { municipalityCode: '398', count: 2 },
      allowed: COORDINATOR,
    },

    {
      route: 'GET /api/console/rounds/:id/open-answers',
      url: `/api/console/rounds/${open}/open-answers`,
      allowed: COORDINATOR,
    },
    {
      route: 'GET /api/console/rounds/:id/open-answers/approved',
      url: `/api/console/rounds/${open}/open-answers/approved`,
      allowed: MANAGERS,
    },
    {
      route: 'GET /api/console/rounds/:id/open-answers/approved',
      url: `/api/console/rounds/${open}/open-answers/approved?municipality=398`,
      allowed: OWN_MANAGERS,
      note: 'of Lahti',
    },
    {
      route: 'POST /api/console/open-answers/:id/approve',
      url: `/api/console/open-answers/${ids.openAnswers.lahtiNamed}/approve`,
      body: {},
      allowed: COORDINATOR,
    },
    {
      route: 'POST /api/console/open-answers/:id/hide',
      url: `/api/console/open-answers/${ids.openAnswers.lahtiNamed}/hide`,
      body: {},
      allowed: COORDINATOR,
    },

    { route: 'GET /api/console/audit', url: '/api/console/audit', allowed: COORDINATOR },
    { route: 'GET /api/console/users', url: '/api/console/users', allowed: COORDINATOR },
    {
      route: 'POST /api/console/users',
      url: '/api/console/users',
      body: { email: 'new@test.fi', name: 'New', role: 'steering_group', password: 'a long first password' },
      allowed: COORDINATOR,
    },
    {
      route: 'PATCH /api/console/users/:id',
      url: `/api/console/users/${ids.users.steering}`,
      body: { active: true },
      allowed: COORDINATOR,
    },

    // Published results are public; live figures and units need a role (a contact: their own municipality).
    { route: 'GET /api/reports/rounds', url: '/api/reports/rounds', allowed: ALL },
    { route: 'GET /api/reports/rounds/:slug', url: '/api/reports/rounds/2025-ecec', allowed: ALL },
    { route: 'GET /api/reports/rounds/:slug/region', url: '/api/reports/rounds/2025-ecec/region', allowed: ALL },
    {
      route: 'GET /api/reports/rounds/:slug/municipalities/:code',
      url: '/api/reports/rounds/2025-ecec/municipalities/398',
      allowed: ALL,
    },
    {
      route: 'GET /api/reports/rounds/:slug/municipalities/:code',
      url: '/api/reports/rounds/2026-basic/municipalities/398?source=live',
      allowed: OWN_READERS,
      note: 'live figures of Lahti',
    },
    {
      route: 'GET /api/reports/rounds/:slug/units/:unitId',
      url: `/api/reports/rounds/2025-ecec/units/${ids.units.lahtiDaycare}`,
      allowed: OWN_READERS,
    },
    { route: 'GET /api/reports/rounds/:slug/export', url: '/api/reports/rounds/2025-ecec/export', allowed: ALL },
    {
      route: 'GET /api/reports/rounds/:slug/municipalities/:code',
      url: '/api/reports/rounds/2025-ecec/municipalities/398?group=age_3_5',
      allowed: SIGNED_IN,
      note: 'by group (the network allows the public no filters)',
    },
    { route: 'GET /api/reports/rounds/:slug/compare', url: '/api/reports/rounds/2025-ecec/compare', allowed: ALL },
    {
      route: 'GET /api/reports/rounds/:slug/compare',
      url: '/api/reports/rounds/2025-ecec/compare?group=age_3_5',
      allowed: SIGNED_IN,
      note: 'by group',
    },
    {
      route: 'GET /api/reports/rounds/:slug/compare',
      url: '/api/reports/rounds/2025-ecec/compare?level=units&municipality=398',
      allowed: OWN_READERS,
      note: 'units of Lahti',
    },
    {
      route: 'GET /api/reports/rounds/:slug/compare',
      url: '/api/reports/rounds/2025-ecec/compare?kind=ecec',
      allowed: SIGNED_IN,
      note: 'by unit kind (the network allows the public no filters)',
    },
    {
      route: 'GET /api/reports/rounds/:slug/compare',
      url: '/api/reports/rounds/2025-ecec/compare?provider=municipal',
      allowed: SIGNED_IN,
      note: 'by provider',
    },
    {
      route: 'GET /api/reports/rounds/:slug/compare',
      url: '/api/reports/rounds/2025-ecec/compare?level=units&municipality=398&kind=ecec',
      allowed: OWN_READERS,
      note: 'units of Lahti of one kind',
    },
    {
      route: 'GET /api/reports/rounds/:slug/compare',
      url: '/api/reports/rounds/2026-basic/compare?source=live',
      allowed: READERS,
      note: 'live figures of every municipality',
    },
    {
      route: 'GET /api/reports/rounds/:slug/compare/export',
      url: '/api/reports/rounds/2025-ecec/compare/export?format=csv',
      allowed: ALL,
    },
    {
      route: 'GET /api/reports/rounds/:slug/compare/export',
      url: '/api/reports/rounds/2025-ecec/compare/export?level=units&municipality=398',
      allowed: OWN_READERS,
      note: 'units of Lahti',
    },
    { route: 'GET /api/reports/trends/:family', url: '/api/reports/trends/basic', allowed: ALL },
    {
      route: 'GET /api/reports/trends/:family',
      url: '/api/reports/trends/ecec?kind=ecec&provider=municipal',
      allowed: SIGNED_IN,
      note: 'by unit kind and provider',
    },
    {
      route: 'GET /api/reports/trends/:family',
      url: `/api/reports/trends/ecec?scope=unit:${ids.units.lahtiDaycare}`,
      allowed: OWN_READERS,
      note: 'a unit of Lahti',
    },
    { route: 'GET /api/reports/overview', url: '/api/reports/overview', allowed: SIGNED_IN },

    // Development targets: read like the round's reports; set by coordinators and the steering group only.
    {
      route: 'GET /api/reports/rounds/:slug/improvement-areas',
      url: '/api/reports/rounds/2025-ecec/improvement-areas',
      allowed: ALL,
    },
    {
      route: 'GET /api/reports/rounds/:slug/improvement-areas',
      url: '/api/reports/rounds/2026-basic/improvement-areas',
      allowed: SIGNED_IN,
      note: 'of a round not published yet (a contact: the region and their own)',
    },
    {
      route: 'POST /api/reports/rounds/:slug/improvement-areas',
      url: '/api/reports/rounds/2025-ecec/improvement-areas',
      body: { scope: 'region', kind: 'item', key: 'safety_feels_safe', note: 'A target' },
      allowed: READERS,
    },
    {
      route: 'PATCH /api/reports/rounds/:slug/improvement-areas/:id',
      url: '/api/reports/rounds/2025-ecec/improvement-areas/1',
      body: { note: 'A new note' },
      allowed: READERS,
    },
    {
      route: 'DELETE /api/reports/rounds/:slug/improvement-areas/:id',
      url: '/api/reports/rounds/2025-ecec/improvement-areas/1',
      allowed: READERS,
    },
    {
      route: 'GET /api/reports/rounds/:slug/improvement-progress',
      url: '/api/reports/rounds/2025-ecec/improvement-progress',
      allowed: ALL,
    },

    // The guardian survey is public by design.
    {
      route: 'GET /api/survey/rounds/:round/municipalities/:municipality',
      url: '/api/survey/rounds/2026-basic/municipalities/lahti',
      allowed: ALL,
    },
    {
      route: 'POST /api/survey/rounds/:round/responses',
      url: '/api/survey/rounds/2026-basic/responses',
      body: {},
      allowed: ALL,
    },
    {
      route: 'POST /api/survey/rounds/:round/drafts',
      url: '/api/survey/rounds/2026-basic/drafts',
      body: {},
      allowed: ALL,
    },
  ];
}

let h: Awaited<ReturnType<typeof consoleHarness>>;
let ids: Seeded;

/** The console seed, with the 2025 round published and without Hartola, so "another municipality" has meaning. */
async function seedMatrix() {
  const seeded = await h.reseed();
  await h.t.db
    .deleteFrom('round_municipality')
    .where('round_id', '=', seeded.rounds.closed)
    .where('municipality_id', '=', seeded.municipalities.hartola)
    .execute();
  await publishRound(h.t.db, seeded.rounds.closed, { userId: null });
  return seeded;
}

function apiRoutes() {
  const routes = new Set<string>();
  for (const r of h.app.routes) {
    if (r.method !== 'ALL' && r.path.startsWith('/api/')) routes.add(`${r.method} ${r.path}`);
  }
  return routes;
}

beforeAll(async () => {
  h = await consoleHarness();
  ids = await seedMatrix();
});
afterAll(async () => h?.t.close());

describe(`authorization matrix (${testEngine})`, () => {
  it('has an expectation for every API route, and no expectation for a route that does not exist', () => {
    const expected = new Set(cases(ids).map((c) => c.route));
    const actual = apiRoutes();
    expect([...actual].filter((r) => !expected.has(r)).sort(), 'routes without an expectation').toEqual([]);
    expect([...expected].filter((r) => !actual.has(r)).sort(), 'expectations without a route').toEqual([]);
  });

  it('declares the session cookie in the OpenAPI document for every route nobody may call', async () => {
    const doc = (await (await h.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security: unknown[]; 'x-roles'?: string[] }>>;
    };
    // A route that the public may call with some parameters (published reports) is not protected as a whole.
    const publicRoutes = new Set(
      cases(ids)
        .filter((c) => c.allowed.includes('nobody'))
        .map((c) => c.route),
    );
    const protectedRoutes = new Set(
      cases(ids)
        .filter((c) => !publicRoutes.has(c.route))
        .map((c) => c.route),
    );
    for (const route of protectedRoutes) {
      const [method, path] = route.split(' ') as [string, string];
      const op = doc.paths[path.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[method.toLowerCase()];
      expect(op?.security, route).toEqual([{ sessionCookie: [] }]);
    }
  });

  for (const c of cases({
    instruments: { ecec: 0, basic: 0 },
    municipalities: { lahti: 0, hartola: 0, heinola: 0 },
    units: { lahtiSchool: 0, lahtiDaycare: 0, hartolaSchool: 0 },
    rounds: { open: 0, closed: 0 },
    openAnswers: { lahtiNamed: 0, lahtiPlain: 0, hartola: 0 },
    users: { coordinator: 0, lahti: 0, hartola: 0, steering: 0 },
  }).map((x, i) => ({ ...x, i }))) {
    const label = `${c.route}${c.note ? ` (${c.note})` : ''} allows exactly ${c.allowed.join(', ')}`;
    it(label, async () => {
      const real = cases(ids)[c.i] as Case;
      const [method] = real.route.split(' ') as [string];
      const got: Record<string, number> = {};
      for (const who of CALLERS) {
        // A state-changing call that may succeed gets a fresh database, so calls do not affect each other.
        if (method !== 'GET' && real.allowed.includes(who)) ids = await seedMatrix();
        const res = await h.call(who === 'nobody' ? null : who, method, real.url, real.body);
        got[who] = res.status;
      }
      const verdict = Object.fromEntries(
        CALLERS.map((who) => {
          const s = got[who] as number;
          return [
            who,
            s === 401 || s === 403
              ? s === (who === 'nobody' ? 401 : 403)
                ? 'denied'
                : `wrong ${s}`
              : s >= 500
                ? `error ${s}`
                : 'allowed',
          ];
        }),
      );
      const expected = Object.fromEntries(
        CALLERS.map((who) => [who, real.allowed.includes(who) ? 'allowed' : 'denied']),
      );
      expect(verdict, JSON.stringify(got)).toEqual(expected);
      if (method !== 'GET') ids = await seedMatrix();
    });
  }
});
