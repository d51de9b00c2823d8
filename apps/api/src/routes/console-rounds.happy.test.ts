import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import { type Seeded, type TestResponse, consoleHarness, isoDay } from './console-testing.ts';

let h: Awaited<ReturnType<typeof consoleHarness>>;
let ids: Seeded;

beforeAll(async () => {
  h = await consoleHarness();
});
afterAll(async () => h?.t.close());
beforeEach(async () => {
  ids = await h.reseed();
});

const json = async (res: TestResponse) => {
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
};

describe(`rounds in the console (${testEngine})`, () => {
  it('GET /api/console/rounds lists rounds newest first with their response counts', async () => {
    const rounds = await json(await h.call('coordinator', 'GET', '/api/console/rounds'));
    expect(
      rounds.map((r: { slug: string; status: string; responses: number }) => [r.slug, r.status, r.responses]),
    ).toEqual([
      ['2026-basic', 'open', 15],
      ['2025-ecec', 'closed', 0],
    ]);
  });

  it('a municipality contact sees the rounds their municipality takes part in, with its own responses only', async () => {
    const rounds = await json(await h.call('hartola', 'GET', '/api/console/rounds'));
    expect(rounds.map((r: { slug: string; responses: number }) => [r.slug, r.responses])).toEqual([
      ['2026-basic', 3],
      ['2025-ecec', 0],
    ]);
  });

  it('GET /api/console/rounds/proposal proposes 2027 ECEC with its latest version, last ECEC dates and last municipalities', async () => {
    const p = await json(await h.call('coordinator', 'GET', '/api/console/rounds/proposal'));
    expect(p).toEqual({
      slug: '2027-ecec',
      family: 'ecec',
      year: 2027,
      instrumentVersionId: ids.instruments.ecec,
      instrumentVersion: 1,
      opensOn: '2027-03-10',
      closesOn: '2027-03-23',
      municipalityCodes: ['081', '111', '398'],
      basedOn: '2025-ecec',
    });
  });

  it('takes the proposed round from draft through edit, open, close, reopen and close again', async () => {
    const p = await json(await h.call('coordinator', 'GET', '/api/console/rounds/proposal'));
    const { basedOn: _b, instrumentVersion: _v, ...input } = p;
    const created = await h.call('coordinator', 'POST', '/api/console/rounds', input);
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const edit = await h.call('coordinator', 'PUT', `/api/console/rounds/${id}`, {
      ...input,
      municipalityCodes: ['398', '081'],
      closesOn: '2027-03-28',
    });
    expect(edit.status).toBe(204);
    const draft = await json(await h.call('coordinator', 'GET', `/api/console/rounds/${id}`));
    expect(draft).toMatchObject({ status: 'draft', closes_on: '2027-03-28', instrument_version: 1 });
    expect(draft.municipalities.map((m: { code: string }) => m.code)).toEqual(['081', '398']);

    expect(await json(await h.call('coordinator', 'POST', `/api/console/rounds/${id}/open`, {}))).toMatchObject({
      from: 'draft',
      to: 'open',
    });
    expect(await json(await h.call('coordinator', 'POST', `/api/console/rounds/${id}/close`))).toMatchObject({
      from: 'open',
      to: 'closed',
    });
    const reopened = await json(
      await h.call('coordinator', 'POST', `/api/console/rounds/${id}/open`, { closesOn: '2027-04-04' }),
    );
    expect(reopened).toMatchObject({ from: 'closed', to: 'open', closesOn: '2027-04-04' });
    await json(await h.call('coordinator', 'POST', `/api/console/rounds/${id}/close`));

    const audit = await h.t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'round')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'round.create',
      'round.update',
      'round.open',
      'round.closed',
      'round.reopen',
      'round.closed',
    ]);
  });

  it('reopening with a new close date moves the date so the automatic close does not shut it at once', async () => {
    await h.t.db
      .updateTable('round')
      .set({ closes_on: isoDay(-3) })
      .where('id', '=', ids.rounds.closed)
      .execute();
    const res = await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.closed}/open`, {
      closesOn: isoDay(7),
    });
    expect(res.status).toBe(200);
    const round = await json(await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.closed}`));
    expect(round).toMatchObject({ status: 'open', closes_on: isoDay(7) });
  });

  it('DELETE /api/console/rounds/:id deletes a draft round', async () => {
    const p = await json(await h.call('coordinator', 'GET', '/api/console/rounds/proposal'));
    const { basedOn: _b, instrumentVersion: _v, ...input } = p;
    const { id } = await json(await h.call('coordinator', 'POST', '/api/console/rounds', input));
    expect((await h.call('coordinator', 'DELETE', `/api/console/rounds/${id}`)).status).toBe(204);
    expect((await h.call('coordinator', 'GET', `/api/console/rounds/${id}`)).status).toBe(404);
  });

  it('GET /api/console/rounds/:id/progress gives response rates per municipality and unit (units with neither left out), and per day', async () => {
    const p = await json(await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.open}/progress`));
    expect(p.total).toEqual({ responses: 15, enrolled: 110, rate: 15 / 110 });
    const lahti = p.municipalities.find((m: { code: string }) => m.code === '398');
    expect(lahti).toMatchObject({ responses: 12, enrolled: 100, rate: 0.12 });
    expect(
      lahti.units.map((u: { code: string; responses: number; enrolled: number }) => [u.code, u.responses, u.enrolled]),
    ).toEqual([['LA-K1', 12, 100]]);
    expect(p.municipalities.find((m: { code: string }) => m.code === '111')).toMatchObject({
      responses: 0,
      rate: null,
    });
    expect(p.days).toEqual([
      { day: '2026-11-16', responses: 4 },
      { day: '2026-11-17', responses: 7 },
      { day: '2026-11-18', responses: 4 },
    ]);
  });

  it('a municipality contact’s progress covers their municipality only', async () => {
    const p = await json(await h.call('lahti', 'GET', `/api/console/rounds/${ids.rounds.open}/progress`));
    expect(p.municipalities.map((m: { code: string }) => m.code)).toEqual(['398']);
    expect(p.total.responses).toBe(12);
    expect(p.days.reduce((s: number, d: { responses: number }) => s + d.responses, 0)).toBe(12);
  });

  it('the steering group reads rounds and progress', async () => {
    expect((await h.call('steering', 'GET', '/api/console/rounds')).status).toBe(200);
    expect((await h.call('steering', 'GET', `/api/console/rounds/${ids.rounds.open}/progress`)).status).toBe(200);
  });
});

type Line = { responses: number | null; below?: number; enrolled: number; rate: number | null };
type Unit = Line & { code: string | null };
type Municipality = Line & { code: string; units: Unit[] };
const progressOf = async (who: 'coordinator' | 'steering' | 'lahti' | 'hartola') => {
  const p = await json(await h.call(who, 'GET', `/api/console/rounds/${ids.rounds.open}/progress`));
  const unitsOf = (code: string) =>
    (p.municipalities as Municipality[])
      .find((m) => m.code === code)
      ?.units.map((u) => [u.code, u.responses, u.below ?? null, u.enrolled, u.rate]);
  return { p, unitsOf };
};
/** Adds responses to the open round: a Lahti unit (null: no unit) on 2026-11-18. */
const addLahtiResponses = async (unitId: number | null, n: number) => {
  await h.t.db
    .insertInto('response')
    .values(
      Array.from({ length: n }, () => ({
        round_id: ids.rounds.open,
        municipality_id: ids.municipalities.lahti,
        unit_id: unitId,
        group_key: 'grades_1_2',
        language: 'fi',
        submitted_on: '2026-11-18',
      })),
    )
    .execute();
};

describe(`progress by reader: exact for the coordinator, banded below the threshold for the others (${testEngine})`, () => {
  it('the coordinator sees a unit’s 3 responses exactly; the steering group sees "fewer than 5" and no rate', async () => {
    const coordinator = await progressOf('coordinator');
    expect(coordinator.unitsOf('081')).toEqual([['HA-K1', 3, null, 10, 0.3]]);
    const steering = await progressOf('steering');
    expect(steering.unitsOf('081')).toEqual([['HA-K1', null, 5, 10, null]]);
    expect(steering.unitsOf('398')).toEqual([['LA-K1', 12, null, 100, 0.12]]);
    // Municipality and round totals, and the days, are the same for both.
    expect(steering.p.total).toEqual(coordinator.p.total);
    expect(steering.p.days).toEqual(coordinator.p.days);
    for (const m of steering.p.municipalities as Municipality[])
      expect(m).toMatchObject({ responses: expect.any(Number), enrolled: expect.any(Number) });
  });

  it('a contact sees their own small unit banded', async () => {
    const { p, unitsOf } = await progressOf('hartola');
    expect(p.municipalities.map((m: Municipality) => [m.code, m.responses])).toEqual([['081', 3]]);
    expect(unitsOf('081')).toEqual([['HA-K1', null, 5, 10, null]]);
  });

  it('bands the next-smallest unit too when the municipality total would give the small one away', async () => {
    await addLahtiResponses(ids.units.lahtiDaycare, 3);
    // Lahti 15 = 12 + 3: showing 12 would reveal the 3 as 15 − 12.
    expect((await progressOf('coordinator')).unitsOf('398')).toEqual([
      ['LA-K1', 12, null, 100, 0.12],
      ['LA-PK1', 3, null, 0, null],
    ]);
    for (const who of ['steering', 'lahti'] as const) {
      const { p, unitsOf } = await progressOf(who);
      expect(unitsOf('398'), who).toEqual([
        ['LA-K1', null, 5, 100, null],
        ['LA-PK1', null, 5, 0, null],
      ]);
      expect(p.municipalities.find((m: Municipality) => m.code === '398').responses, who).toBe(15);
    }
  });

  it('counts the no-unit line like a unit: banded when small, and no more bands when the banded add up to 5', async () => {
    await addLahtiResponses(ids.units.lahtiDaycare, 3);
    await addLahtiResponses(null, 2);
    expect((await progressOf('coordinator')).unitsOf('398')).toEqual([
      ['LA-K1', 12, null, 100, 0.12],
      ['LA-PK1', 3, null, 0, null],
      [null, 2, null, 0, null],
    ]);
    // 17 − 12 = 5 responses between two banded lines: neither is given away.
    expect((await progressOf('lahti')).unitsOf('398')).toEqual([
      ['LA-K1', 12, null, 100, 0.12],
      ['LA-PK1', null, 5, 0, null],
      [null, null, 5, 0, null],
    ]);
  });

  it('uses the network’s threshold', async () => {
    await h.t.db.updateTable('network_settings').set({ suppression_threshold: 13 }).execute();
    expect((await progressOf('steering')).unitsOf('398')).toEqual([['LA-K1', null, 13, 100, null]]);
    expect((await progressOf('coordinator')).unitsOf('398')).toEqual([['LA-K1', 12, null, 100, 0.12]]);
  });
});

describe(`publishing (${testEngine})`, () => {
  it('publishes a closed round as version 1, then republishes with a reason as version 2', async () => {
    await json(await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/close`));
    const first = await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/publish`, {});
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ version: 1 });
    const second = await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/publish`, {
      reason: 'Hartola base counts corrected',
    });
    expect(second.status).toBe(201);
    expect(await second.json()).toMatchObject({ version: 2 });
    const round = await json(await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.open}`));
    expect(round.status).toBe('published');
    expect(
      round.snapshots.map((s: { version: number; reason: string | null; created_by: string }) => [
        s.version,
        s.reason,
        s.created_by,
      ]),
    ).toEqual([
      [2, 'Hartola base counts corrected', 'Test coordinator'],
      [1, null, 'Test coordinator'],
    ]);
    const listed = await json(await h.call('coordinator', 'GET', '/api/console/rounds'));
    expect(listed.find((r: { id: number }) => r.id === ids.rounds.open).snapshots).toBe(2);
  });
});
