import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import type { ImprovementAreaList } from '@gs/schema';
import { ok, reportHarness } from './report-testing.ts';

let h: Awaited<ReturnType<typeof reportHarness>>;
const target = { scope: 'region', kind: 'item', key: 'safety_feels_safe', note: 'Turvallisuus' };

beforeAll(async () => {
  h = await reportHarness();
  // Targets of the open 2026 round (as if set when it closes): the region's, Lahti's and Hartola's.
  const row = (municipality_id: number | null, note: string) => ({
    round_id: h.seed.rounds.r2026,
    municipality_id,
    kind: 'item' as const,
    key: 'overall_grade',
    note,
    decided_by: null,
    decided_by_name: 'Ohjausryhmä',
  });
  await h.t.db
    .insertInto('improvement_area')
    .values([
      row(null, 'region'),
      row(h.seed.municipalities.lahti, 'lahti'),
      row(h.seed.municipalities.hartola, 'hartola'),
    ])
    .execute();
});
afterAll(async () => h?.t.close());

describe(`improvement areas: security (${testEngine})`, () => {
  it('lets only coordinators and the steering group change targets, and only with the CSRF token', async () => {
    expect((await h.call(null, 'POST', '/api/reports/rounds/2025-ecec/improvement-areas', target)).status).toBe(401);
    expect((await h.call('lahti', 'POST', '/api/reports/rounds/2025-ecec/improvement-areas', target)).status).toBe(403);
    const signIn = await h.app.request('/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'steering@test.fi', password: 'correct horse battery staple' }),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const forged = await h.app.request('/api/reports/rounds/2025-ecec/improvement-areas', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(target),
    });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    const list: ImprovementAreaList = await ok(await h.get(null, '/api/reports/rounds/2025-ecec/improvement-areas'));
    expect(list.areas).toEqual([]);
  });

  it("keeps an unpublished round's targets from the public, and a contact to the region's and their own", async () => {
    expect((await h.get(null, '/api/reports/rounds/2026-basic/improvement-areas')).status).toBe(401);
    const lahti: ImprovementAreaList = await ok(
      await h.get('lahti', '/api/reports/rounds/2026-basic/improvement-areas'),
    );
    expect(lahti.areas.map((a) => a.note)).toEqual(['region', 'lahti']);
    expect(lahti.editable).toBe(false);
    const other: ImprovementAreaList = await ok(
      await h.get('hartola', '/api/reports/rounds/2026-basic/improvement-areas?scope=municipality:398'),
    );
    expect(other.areas).toEqual([]);
    const steering: ImprovementAreaList = await ok(
      await h.get('steering', '/api/reports/rounds/2026-basic/improvement-areas'),
    );
    expect(steering.areas.map((a) => a.note)).toEqual(['region', 'hartola', 'lahti']);
  });

  it('stores a note as plain text and never sends the public who decided', async () => {
    const note = '<img src=x onerror=alert(1)> "=HYPERLINK()"';
    const res = await h.call('steering', 'POST', '/api/reports/rounds/2025-ecec/improvement-areas', {
      ...target,
      note,
    });
    expect(res.status).toBe(201);
    const list: ImprovementAreaList = await ok(await h.get(null, '/api/reports/rounds/2025-ecec/improvement-areas'));
    expect(list.areas[0]).toMatchObject({ note, decidedBy: null });
    expect(JSON.stringify(list)).not.toContain('steering@test.fi');
  });
});
