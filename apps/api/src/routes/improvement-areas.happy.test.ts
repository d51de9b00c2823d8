import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import type { ImprovementAreaList, ImprovementProgress, ScopeReport } from '@gs/schema';
import { ok, reportHarness } from './report-testing.ts';

let h: Awaited<ReturnType<typeof reportHarness>>;

/**
 * Targets of 2023 as the steering group set them in 2023, before 2025 opened (the seed has
 * both rounds published already, so 2023's targets are frozen and are written directly).
 */
async function targets2023() {
  const steering = await h.t.db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', 'steering@test.fi')
    .executeTakeFirstOrThrow();
  const target = (municipalityId: number | null, kind: 'item' | 'theme', key: string, note: string) => ({
    round_id: h.seed.rounds.r2023,
    municipality_id: municipalityId,
    kind,
    key,
    note,
    decided_by: steering.id,
    decided_by_name: 'steering',
  });
  await h.t.db
    .insertInto('improvement_area')
    .values([
      target(null, 'item', 'interaction_staff_friendly', 'Ystävällisyys kaikissa yksiköissä'),
      target(null, 'theme', 'safety', 'Turvallisuus'),
      target(h.seed.municipalities.lahti, 'item', 'overall_grade', 'Lahden kouluarvosana ylös'),
      target(h.seed.municipalities.hartola, 'item', 'interaction_staff_friendly', 'Hartolan oma'),
    ])
    .execute();
}

beforeAll(async () => {
  h = await reportHarness();
  await targets2023();
});
afterAll(async () => h?.t.close());

describe(`improvement areas: happy paths (${testEngine})`, () => {
  it('lets the steering group mark an item and a theme of the newest round, edit a note and remove one', async () => {
    const created = await h.call('steering', 'POST', '/api/reports/rounds/2025-ecec/improvement-areas', {
      scope: 'region',
      kind: 'item',
      key: 'interaction_staff_friendly',
      note: 'Henkilöstön ystävällisyys',
    });
    expect(created.status).toBe(201);
    const area = await created.json();
    expect(area).toMatchObject({
      round: '2025-ecec',
      scope: 'region',
      scopeNames: { fi: 'Koko alue' },
      label: { fi: expect.stringMatching(/ystävällis/i) },
      theme: { fi: expect.any(String) },
      decidedBy: { name: 'steering' },
    });
    const theme = await h.call('coordinator', 'POST', '/api/reports/rounds/2025-ecec/improvement-areas', {
      scope: 'municipality:398',
      kind: 'theme',
      key: 'cooperation',
      note: 'Yhteistyö kotien kanssa',
    });
    expect(theme.status).toBe(201);
    const edited = await h.call('steering', 'PATCH', `/api/reports/rounds/2025-ecec/improvement-areas/${area.id}`, {
      note: 'Tarkennettu',
    });
    expect(await ok(edited)).toMatchObject({ id: area.id, note: 'Tarkennettu' });
    const list: ImprovementAreaList = await ok(
      await h.get('steering', '/api/reports/rounds/2025-ecec/improvement-areas'),
    );
    expect(list).toMatchObject({ frozen: false, editable: true, nextRound: null });
    expect(list.areas.map((a) => [a.scope, a.kind, a.key, a.note])).toEqual([
      ['region', 'item', 'interaction_staff_friendly', 'Tarkennettu'],
      ['municipality:398', 'theme', 'cooperation', 'Yhteistyö kotien kanssa'],
    ]);
    const removed = await h.call('steering', 'DELETE', `/api/reports/rounds/2025-ecec/improvement-areas/${area.id}`);
    expect(removed.status).toBe(204);
    const after: ImprovementAreaList = await ok(
      await h.get(null, '/api/reports/rounds/2025-ecec/improvement-areas?scope=municipality:398'),
    );
    expect(after.areas.map((a) => a.key)).toEqual(['cooperation']);
    // The public sees the decision, not who made it, and may not edit.
    expect(after).toMatchObject({ editable: false, areas: [{ decidedBy: null }] });
  });

  it("shows the public a published round's targets, frozen once the next round of the family opened", async () => {
    const list: ImprovementAreaList = await ok(await h.get(null, '/api/reports/rounds/2023-ecec/improvement-areas'));
    expect(list).toMatchObject({
      frozen: true,
      editable: false,
      nextRound: { slug: '2025-ecec', status: 'published' },
    });
    expect(list.areas.map((a) => [a.scope, a.key])).toEqual([
      ['region', 'safety'],
      ['region', 'interaction_staff_friendly'],
      ['municipality:081', 'interaction_staff_friendly'],
      ['municipality:398', 'overall_grade'],
    ]);
  });

  it("follows the region's targets up on the 2025 region report with the report's own figures and change test", async () => {
    const progress: ImprovementProgress = await ok(
      await h.get(null, '/api/reports/rounds/2025-ecec/improvement-progress'),
    );
    const report: ScopeReport = await ok(await h.get(null, '/api/reports/rounds/2025-ecec/region'));
    expect(progress).toMatchObject({ round: { year: 2025 }, previous: { year: 2023 }, scope: 'region' });
    expect(progress.source).toEqual(report.source);
    expect(progress.targets.map((t) => [t.area.key, t.items.length])).toEqual([
      ['safety', 4],
      ['interaction_staff_friendly', 1],
    ]);
    const item = report.sections.flatMap((s) => s.items).find((i) => i.key === 'interaction_staff_friendly')!;
    const followed = progress.targets[1]!.items[0]!;
    expect(followed).toMatchObject({
      status: 'compared',
      current: { n: (item.figures as { n: number }).n, mean: (item.figures as { mean: number }).mean },
      previous: { n: (item.previous as { n: number }).n, mean: (item.previous as { mean: number }).mean },
    });
    expect(followed.change).toEqual(item.changeTest);
    expect(followed.change).not.toBeNull();
    // Nobody answered the safety statements: hidden in both rounds, and no change.
    for (const s of progress.targets[0]!.items) {
      expect(s).toMatchObject({ previous: { suppressed: true }, current: { suppressed: true }, change: null });
    }
  });

  it("puts a municipality's own targets first on its report, and keeps a small group's figures hidden", async () => {
    const lahti: ImprovementProgress = await ok(
      await h.get(null, '/api/reports/rounds/2025-ecec/improvement-progress?scope=municipality:398'),
    );
    expect(lahti.targets.map((t) => [t.area.scope, t.area.key])).toEqual([
      ['municipality:398', 'overall_grade'],
      ['region', 'safety'],
      ['region', 'interaction_staff_friendly'],
    ]);
    const grade = lahti.targets[0]!.items[0]!;
    expect(grade).toMatchObject({ key: 'overall_grade', status: 'compared', current: { suppressed: false } });
    // Hartola has 3 answers in 2025 and none in 2023: hidden, with nothing else in the cell.
    const hartola: ImprovementProgress = await ok(
      await h.get(null, '/api/reports/rounds/2025-ecec/improvement-progress?scope=municipality:081'),
    );
    const own = hartola.targets.find((t) => t.area.scope === 'municipality:081')!.items[0]!;
    expect(own).toMatchObject({ status: 'compared', change: null });
    expect(own.current).toEqual({ suppressed: true });
    expect(own.previous).toEqual({ suppressed: true });
  });

  it('follows targets up on live figures for the steering group', async () => {
    const live: ImprovementProgress = await ok(
      await h.get('steering', '/api/reports/rounds/2025-ecec/improvement-progress?source=live'),
    );
    expect(live.source.kind).toBe('live');
    expect(live.targets).toHaveLength(2);
  });

  it('lists the operations in the OpenAPI document', async () => {
    const doc = await ok(await h.get(null, '/api/openapi.json'));
    expect(Object.keys(doc.paths['/api/reports/rounds/{slug}/improvement-areas'])).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/reports/rounds/{slug}/improvement-areas/{id}'])).toEqual(['patch', 'delete']);
    expect(doc.paths['/api/reports/rounds/{slug}/improvement-areas'].post['x-roles']).toEqual([
      'coordinator',
      'steering_group',
    ]);
    expect(doc.paths['/api/reports/rounds/{slug}/improvement-progress'].get.responses['200']).toBeDefined();
  });
});
