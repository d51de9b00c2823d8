import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, openTestDatabase, testEngine } from '../testing.ts';
import { listAudit } from './audit.ts';
import {
  createImprovementArea,
  deleteImprovementArea,
  listImprovementAreas,
  targetRound,
  updateImprovementArea,
} from './improvement-areas.ts';
import { closeRound, seedReportFixture } from './reports.fixture.ts';
import { transitionRound } from './rounds.ts';
import { createUser } from './users.ts';

let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedReportFixture>>;
let steering: { id: number; name: string };

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

/** 2023 closed with results; 2025 not opened yet (a draft), so 2023's targets may still change. */
beforeEach(async () => {
  await t.reset();
  f = await seedReportFixture(t.db);
  await closeRound(t.db, f.r2023.id);
  await sql`update round set status = 'draft' where id = ${f.r2025.id}::int`.execute(t.db);
  const user = await createUser(
    t.db,
    {
      email: 'ohjaus@test.fi',
      name: 'Outi Ohjausryhmä',
      role: 'steering_group',
      municipalityCode: null,
      passwordHash: 'x',
    },
    null,
  );
  steering = { id: user.id, name: 'Outi Ohjausryhmä' };
});

const safety = { scope: 'region', kind: 'item', key: 'safety_feels_safe', note: 'Turvallisuus kaikissa yksiköissä' };

async function refusal(p: Promise<unknown>) {
  const e = (await p.then(
    () => null,
    (x: unknown) => x,
  )) as { code: string; field?: string; status: number } | null;
  expect(e, 'expected a refusal').not.toBeNull();
  return { code: e?.code, field: e?.field, status: e?.status };
}

describe(`development targets (${testEngine})`, () => {
  it('marks an item for the region and a theme for a municipality, lists them region first, and audits both', async () => {
    await createImprovementArea(t.db, '2023-ecec', safety, steering);
    await createImprovementArea(
      t.db,
      '2023-ecec',
      { scope: 'municipality:398', kind: 'theme', key: 'cooperation', note: '  Yhteistyö kotien kanssa  ' },
      steering,
    );
    const rows = await listImprovementAreas(t.db, f.r2023.id);
    expect(rows.map((r) => [r.municipality_code, r.kind, r.key, r.note, r.decided_by_name])).toEqual([
      [null, 'item', 'safety_feels_safe', 'Turvallisuus kaikissa yksiköissä', 'Outi Ohjausryhmä'],
      ['398', 'theme', 'cooperation', 'Yhteistyö kotien kanssa', 'Outi Ohjausryhmä'],
    ]);
    expect(rows[1]?.municipality_names).toMatchObject({ fi: 'Lahti' });
    const audit = await listAudit(t.db);
    expect(audit.filter((a) => a.action === 'improvement_area.create').map((a) => a.details)).toEqual([
      expect.objectContaining({ scope: 'municipality:398', kind: 'theme', key: 'cooperation' }),
      expect.objectContaining({ round: '2023-ecec', scope: 'region', kind: 'item', key: 'safety_feels_safe' }),
    ]);
  });

  it("lists only the region's and the given municipalities' targets when asked", async () => {
    await createImprovementArea(t.db, '2023-ecec', safety, steering);
    await createImprovementArea(t.db, '2023-ecec', { ...safety, scope: 'municipality:398' }, steering);
    await createImprovementArea(t.db, '2023-ecec', { ...safety, scope: 'municipality:081' }, steering);
    const lahti = await listImprovementAreas(t.db, f.r2023.id, { municipalityIds: [null, f.lahti] });
    expect(lahti.map((r) => r.municipality_code)).toEqual([null, '398']);
    const hartolaOnly = await listImprovementAreas(t.db, f.r2023.id, { municipalityIds: [f.hartola] });
    expect(hartolaOnly.map((r) => r.municipality_code)).toEqual(['081']);
  });

  it('edits a note and deletes a target, recording who and what in the audit log', async () => {
    const { id } = await createImprovementArea(t.db, '2023-ecec', safety, steering);
    await updateImprovementArea(t.db, '2023-ecec', id, { note: 'Uusi muotoilu' }, { id: steering.id, name: 'Outi O.' });
    const [row] = await listImprovementAreas(t.db, f.r2023.id);
    expect(row).toMatchObject({ note: 'Uusi muotoilu', decided_by: steering.id, decided_by_name: 'Outi O.' });
    expect(new Date(row!.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(row!.created_at).getTime());
    await deleteImprovementArea(t.db, '2023-ecec', id, steering);
    expect(await listImprovementAreas(t.db, f.r2023.id)).toEqual([]);
    const actions = (await listAudit(t.db)).filter((a) => a.entity === 'improvement_area');
    expect(actions.map((a) => [a.action, a.entity_id])).toEqual([
      ['improvement_area.delete', String(id)],
      ['improvement_area.update', String(id)],
      ['improvement_area.create', String(id)],
    ]);
    expect(actions[1]?.details).toMatchObject({ from: safety.note, to: 'Uusi muotoilu' });
    expect(actions[0]?.details).toMatchObject({ key: 'safety_feels_safe', note: 'Uusi muotoilu' });
  });

  it('refuses what the questionnaire or the round does not have, naming the field', async () => {
    const cases = [
      [{ ...safety, key: 'no_such_item' }, 'key'],
      [{ ...safety, key: 'open_improve' }, 'key'],
      [{ ...safety, kind: 'theme', key: 'safety_feels_safe' }, 'key'],
      [{ ...safety, scope: 'municipality:111' }, 'scope'],
      [{ ...safety, scope: 'lahti' }, 'scope'],
      [{ ...safety, note: ' ' }, 'note'],
      [{ ...safety, note: 'x'.repeat(501) }, 'note'],
      [{ ...safety, note: 'a\u0000b' }, 'note'],
      [{ ...safety, extra: 1 }, '(root)'],
    ] as const;
    for (const [input, field] of cases) {
      expect(await refusal(createImprovementArea(t.db, '2023-ecec', input, steering)), JSON.stringify(input)).toEqual({
        code: 'validation_failed',
        field,
        status: 422,
      });
    }
    expect(await refusal(createImprovementArea(t.db, 'no-such-round', safety, steering))).toMatchObject({
      status: 404,
    });
    expect(await listImprovementAreas(t.db, f.r2023.id)).toEqual([]);
  });

  it('refuses the same target twice, and a round without results yet', async () => {
    await createImprovementArea(t.db, '2023-ecec', safety, steering);
    expect(await refusal(createImprovementArea(t.db, '2023-ecec', safety, steering))).toEqual({
      code: 'conflict',
      field: 'key',
      status: 409,
    });
    // The same item for a municipality is another target.
    await createImprovementArea(t.db, '2023-ecec', { ...safety, scope: 'municipality:398' }, steering);
    expect(await refusal(createImprovementArea(t.db, '2025-ecec', safety, steering))).toEqual({
      code: 'conflict',
      field: 'round',
      status: 409,
    });
  });

  it('freezes the targets once the next round of the family opens', async () => {
    const { id } = await createImprovementArea(t.db, '2023-ecec', safety, steering);
    expect(await targetRound(t.db, '2023-ecec')).toMatchObject({ frozen: false, next: { slug: '2025-ecec' } });
    await transitionRound(t.db, f.r2025.id, 'open', null);
    expect(await targetRound(t.db, '2023-ecec')).toMatchObject({ frozen: true, next: { status: 'open' } });
    const frozen = { code: 'frozen', field: 'round', status: 409 };
    expect(
      await refusal(createImprovementArea(t.db, '2023-ecec', { ...safety, key: 'safety_daily_rhythm' }, steering)),
    ).toEqual(frozen);
    expect(await refusal(updateImprovementArea(t.db, '2023-ecec', id, { note: 'muutos' }, steering))).toEqual(frozen);
    expect(await refusal(deleteImprovementArea(t.db, '2023-ecec', id, steering))).toEqual(frozen);
    const [row] = await listImprovementAreas(t.db, f.r2023.id);
    expect(row?.note).toBe(safety.note);
    // The newest round of a family has no next round: its targets stay open for the next cycle.
    expect(await targetRound(t.db, '2025-ecec')).toMatchObject({ next: null, frozen: false });
  });

  it('keeps a target and the name of who decided it when the user is removed', async () => {
    await createImprovementArea(t.db, '2023-ecec', safety, steering);
    await t.db.deleteFrom('audit_log').execute();
    await t.db.deleteFrom('app_user').where('id', '=', steering.id).execute();
    const [row] = await listImprovementAreas(t.db, f.r2023.id);
    expect(row).toMatchObject({ decided_by: null, decided_by_name: 'Outi Ohjausryhmä' });
  });
});
