import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import { type Reader, reportHarness } from './report-testing.ts';

let h: Awaited<ReturnType<typeof reportHarness>>;
beforeAll(async () => {
  h = await reportHarness();
});
afterAll(async () => h?.t.close());

const status = async (who: Reader, path: string) => (await h.get(who, path)).status;

/** Every object with `suppressed: true` anywhere in a body, checked to carry nothing else. */
function hiddenCells(value: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const v of value) hiddenCells(v, out);
  else if (value && typeof value === 'object') {
    if ((value as { suppressed?: unknown }).suppressed === true) out.push(value);
    for (const v of Object.values(value)) hiddenCells(v, out);
  }
  return out;
}

describe(`report access (${testEngine})`, () => {
  it('the public gets no live figures, and no report of an unpublished round', async () => {
    expect(await status(null, '/api/reports/rounds/2025-ecec/region?source=live')).toBe(401);
    expect(await status(null, '/api/reports/rounds/2026-basic/region')).toBe(404);
    expect(await status(null, '/api/reports/rounds/2026-basic')).toBe(404);
    expect(await status(null, '/api/reports/rounds/2026-basic/export?scope=region')).toBe(404);
    expect(await status(null, '/api/reports/rounds/2025-ecec/export?scope=region&source=live')).toBe(401);
  });

  it('the public sees no unit, in a report or an export', async () => {
    const unit = h.seed.units.formula;
    expect(await status(null, `/api/reports/rounds/2025-ecec/units/${unit}`)).toBe(401);
    expect(await status(null, `/api/reports/rounds/2025-ecec/export?scope=unit:${unit}`)).toBe(401);
    const m = await (await h.get(null, '/api/reports/rounds/2025-ecec/municipalities/398')).json();
    expect(m.children).toEqual([]);
    const csv = await (
      await h.get(null, '/api/reports/rounds/2025-ecec/export?scope=municipality:398&table=children')
    ).text();
    expect(csv).not.toContain('Päiväkoti');
  });

  it('a municipality contact: live figures and units of their own municipality only', async () => {
    expect(await status('lahti', '/api/reports/rounds/2026-basic/municipalities/398')).toBe(200);
    expect(await status('lahti', '/api/reports/rounds/2026-basic/municipalities/081')).toBe(403);
    expect(await status('lahti', '/api/reports/rounds/2026-basic/region')).toBe(403);
    expect(await status('hartola', `/api/reports/rounds/2025-ecec/units/${h.seed.units.formula}`)).toBe(403);
    const other = await (await h.get('hartola', '/api/reports/rounds/2025-ecec/municipalities/398')).json();
    expect(other.children).toEqual([]);
    const own = await (await h.get('lahti', '/api/reports/rounds/2025-ecec/municipalities/398')).json();
    expect(own.children).toHaveLength(3);
  });

  it('no open answer reaches any report or export, for any reader', async () => {
    const bodies: string[] = [];
    for (const who of [null, 'coordinator', 'lahti'] as const) {
      for (const path of [
        '/api/reports/rounds/2025-ecec/region',
        '/api/reports/rounds/2025-ecec/municipalities/398',
        '/api/reports/rounds/2025-ecec/region?source=live',
        '/api/reports/rounds/2025-ecec/export?scope=municipality:398',
        '/api/reports/rounds/2025-ecec/export?scope=municipality:398&format=xlsx',
      ]) {
        const res = await h.get(who, path);
        bodies.push(res.status === 200 ? Buffer.from(await res.arrayBuffer()).toString('latin1') : '');
      }
    }
    expect(bodies.filter((b) => b.length > 0).length).toBeGreaterThan(8);
    for (const b of bodies) {
      expect(b).not.toContain('Meik');
      expect(b).not.toContain('open_went_well');
    }
  });

  it('a hidden cell carries nothing but the flag, in published and live reports alike', async () => {
    for (const path of [
      '/api/reports/rounds/2025-ecec/region',
      '/api/reports/rounds/2025-ecec/municipalities/098',
      '/api/reports/rounds/2025-ecec/region?source=live',
      '/api/reports/rounds/2025-ecec/region?group=pre_primary',
    ]) {
      const cells = hiddenCells(await (await h.get('coordinator', path)).json());
      expect(cells.length, path).toBeGreaterThan(0);
      for (const c of cells) expect(c).toEqual({ suppressed: true });
    }
  });

  it('rejects malformed input naming the field', async () => {
    const res = await h.get(null, '/api/reports/rounds/2025-ecec/export?format=pdf');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'validation_failed', field: 'format' });
    expect(await status(null, '/api/reports/rounds/2025-ecec/municipalities/999')).toBe(404);
    expect(await status(null, '/api/reports/rounds/2025-ecec/region?group=nope')).toBe(404);
    expect(await status(null, '/api/reports/rounds/2025-ecec/export?scope=city:1')).toBe(400);
  });
});
