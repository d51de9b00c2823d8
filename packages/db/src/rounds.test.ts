import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_INSTRUMENTS, FAMILY_NAMES } from '@gs/instruments';
import { type TestDatabase, openTestDatabase, testEngine } from './testing.ts';
import { createInstrumentVersion, upsertFamily } from './queries/instruments.ts';
import { upsertMunicipality } from './queries/organisation.ts';
import { createRound, getRound, transitionRound, updateDraftRound } from './queries/rounds.ts';
import { listAudit } from './queries/audit.ts';

let t: TestDatabase;
let ececId: number;
let basicId: number;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

beforeEach(async () => {
  await t.reset();
  await upsertMunicipality(t.db, {
    code: '398',
    names: { fi: 'Lahti', sv: 'Lahtis', en: 'Lahti' },
    population: 121337,
  });
  await upsertMunicipality(t.db, {
    code: '081',
    names: { fi: 'Hartola', sv: 'Gustav Adolfs', en: 'Hartola' },
    population: 2482,
  });
  for (const [key, names] of Object.entries(FAMILY_NAMES)) await upsertFamily(t.db, key, names);
  const [ecec, basic] = DEFAULT_INSTRUMENTS;
  ececId = (await createInstrumentVersion(t.db, ecec!)).id;
  basicId = (await createInstrumentVersion(t.db, basic!)).id;
});

const round = (over: Record<string, unknown> = {}) => ({
  family: 'basic',
  instrumentVersionId: basicId,
  year: 2026,
  opensOn: '2026-03-02',
  closesOn: '2026-03-15',
  municipalityCodes: ['398', '081'],
  ...over,
});

describe(`rounds (${testEngine})`, () => {
  it('creates a draft round that follows the cycle rule', async () => {
    const r = await createRound(t.db, round(), null);
    expect(r.slug).toBe('2026-basic');
    expect((await getRound(t.db, r.id))?.status).toBe('draft');
  });

  it('rejects a family that breaks the cycle rule without a reason, naming the field', async () => {
    await expect(createRound(t.db, round({ family: 'ecec', instrumentVersionId: ececId }), null)).rejects.toMatchObject(
      {
        field: 'family',
      },
    );
  });

  it('accepts an override with a reason and records it in the audit log', async () => {
    const r = await createRound(
      t.db,
      round({ family: 'ecec', instrumentVersionId: ececId, cycleOverrideReason: 'Pilot of the new ECEC law' }),
      null,
    );
    const audit = await listAudit(t.db);
    const line = audit.find((a) => a.action === 'round.cycle_override');
    expect(line?.entity_id).toBe(String(r.id));
    expect(line?.details).toMatchObject({ expected: 'basic', chosen: 'ecec', reason: 'Pilot of the new ECEC law' });
  });

  it('rejects a round that closes before it opens, and writes nothing', async () => {
    await expect(createRound(t.db, round({ closesOn: '2026-03-01' }), null)).rejects.toMatchObject({
      field: 'closesOn',
    });
    expect(await t.db.selectFrom('round').selectAll().execute()).toHaveLength(0);
  });

  it('rejects an unknown municipality code, naming its position, and writes nothing', async () => {
    await expect(createRound(t.db, round({ municipalityCodes: ['398', '999'] }), null)).rejects.toMatchObject({
      field: 'municipalityCodes.1',
    });
    expect(await t.db.selectFrom('round').selectAll().execute()).toHaveLength(0);
    expect(await t.db.selectFrom('audit_log').selectAll().execute()).toHaveLength(0);
  });

  it('an instrument version of another family is rejected', async () => {
    await expect(createRound(t.db, round({ instrumentVersionId: ececId }), null)).rejects.toMatchObject({
      field: 'instrumentVersionId',
    });
  });

  it('walks draft → open → closed → open → closed → published', async () => {
    const { id } = await createRound(t.db, round(), null);
    for (const to of ['open', 'closed', 'open', 'closed', 'published'] as const) {
      await transitionRound(t.db, id, to, null);
      expect((await getRound(t.db, id))?.status).toBe(to);
    }
    const actions = (await listAudit(t.db)).map((a) => a.action).reverse();
    expect(actions).toEqual([
      'round.create',
      'round.open',
      'round.closed',
      'round.reopen',
      'round.closed',
      'round.published',
    ]);
  });

  it.each([
    ['draft', 'closed'],
    ['draft', 'published'],
    ['open', 'published'],
    ['open', 'draft'],
  ] as const)('refuses %s → %s', async (from, to) => {
    const { id } = await createRound(t.db, round(), null);
    if (from === 'open') await transitionRound(t.db, id, 'open', null);
    await expect(transitionRound(t.db, id, to, null)).rejects.toMatchObject({ code: 'illegal_transition' });
    expect((await getRound(t.db, id))?.status).toBe(from);
  });

  it('refuses to reopen a published round', async () => {
    const { id } = await createRound(t.db, round(), null);
    for (const to of ['open', 'closed', 'published'] as const) await transitionRound(t.db, id, to, null);
    await expect(transitionRound(t.db, id, 'open', null)).rejects.toMatchObject({ code: 'illegal_transition' });
  });

  it('edits only while draft', async () => {
    const { id } = await createRound(t.db, round(), null);
    await updateDraftRound(t.db, id, round({ closesOn: '2026-03-20' }), null);
    expect((await getRound(t.db, id))?.closes_on).toBe('2026-03-20');
    await transitionRound(t.db, id, 'open', null);
    await expect(updateDraftRound(t.db, id, round(), null)).rejects.toMatchObject({ code: 'illegal_transition' });
  });
});
