import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import { consoleHarness } from './console-testing.ts';

let h: Awaited<ReturnType<typeof consoleHarness>>;

beforeAll(async () => {
  h = await consoleHarness();
});
afterAll(async () => h?.t.close());
beforeEach(async () => {
  await h.reseed();
});

const QUESTION = 'Lapsi tuntee olonsa turvalliseksi';
const csv = ['municipality;question;n_1;n_2;n_3;n_4;n_5;cant_say;responses', `398;${QUESTION};1;2;3;10;14;0;31`];
const body = (
  text: string,
  mapping: Record<string, string | null> | undefined = { [QUESTION]: 'safety_feels_safe' },
) => ({
  family: 'ecec',
  year: 2021,
  source: 'Earlier tool, 2021 report',
  file: { name: 'ecec-2021.csv', data: Buffer.from(text).toString('base64') },
  ...(mapping ? { mapping } : {}),
});
const rounds = async () => (await h.t.db.selectFrom('round').select('slug').where('year', '=', 2021).execute()).length;

describe(`history import API (${testEngine})`, () => {
  it('previews with suggestions, imports once (201), the same file again is unchanged (200), and deletes as a whole', async () => {
    const preview = await h.call(
      'coordinator',
      'POST',
      '/api/console/history/import/preview',
      body(csv.join('\n'), undefined),
    );
    expect(preview.status).toBe(200);
    const report = await preview.json();
    expect(report.questions[0]).toMatchObject({ text: QUESTION, rows: 1 });
    expect(report.questions[0].suggestions[0].key).toBe('safety_feels_safe');

    const first = await h.call('coordinator', 'POST', '/api/console/history/import', body(csv.join('\n')));
    expect(first.status).toBe(201);
    const { round } = await first.json();
    expect(round).toMatchObject({ slug: '2021-ecec', unchanged: false });
    const again = await h.call('coordinator', 'POST', '/api/console/history/import', body(csv.join('\n')));
    expect(again.status).toBe(200);
    expect((await again.json()).round).toEqual({ ...round, unchanged: true });

    const listed = await (await h.call('coordinator', 'GET', '/api/console/history')).json();
    expect(listed.rounds).toMatchObject([{ slug: '2021-ecec', source: 'Earlier tool, 2021 report', format: 'counts' }]);
    const published = await (await h.request('/api/reports/rounds/2021-ecec')).json();
    expect(published.round.imported).toEqual({ source: 'Earlier tool, 2021 report', meansOnly: false });
    // Listed as imported; no live figures and no splits it cannot have, even for a coordinator.
    const list = await (await h.call('coordinator', 'GET', '/api/reports/rounds')).json();
    expect(list.rounds.find((r: { slug: string }) => r.slug === '2021-ecec')).toMatchObject({
      imported: { source: 'Earlier tool, 2021 report', meansOnly: false },
      live: false,
    });
    const detail = await (await h.call('coordinator', 'GET', '/api/reports/rounds/2021-ecec')).json();
    // …and, its file having no units, no units to compare either.
    expect(detail).toMatchObject({ live: false, groups: [], languages: [], unitKinds: [], unitsVisibleFor: [] });
    // The export says so too, with the source note.
    const csvExport = await h.request('/api/reports/rounds/2021-ecec/export?table=summary&lang=en');
    expect(csvExport.status).toBe(200);
    expect(await csvExport.text()).toContain('Imported from an earlier tool,"Earlier tool, 2021 report"');

    expect((await h.call('coordinator', 'DELETE', `/api/console/history/${round.id}`)).status).toBe(204);
    expect(await rounds()).toBe(0);
    expect((await h.call('coordinator', 'DELETE', `/api/console/history/${round.id}`)).status).toBe(404);
  });

  it('answers 422 naming line and column when a row is bad, and stores nothing', async () => {
    const res = await h.call(
      'coordinator',
      'POST',
      '/api/console/history/import',
      body(`${csv[0]}\n398;${QUESTION};1;2;3;10;14;0;3`),
    );
    expect(res.status).toBe(422);
    const b = await res.json();
    expect(b.error).toMatchObject({ code: 'validation_failed', field: 'line.2.responses' });
    expect(b.report.ok).toBe(false);
    expect(await rounds()).toBe(0);
  });

  it('refuses a 50 MB file at once with 413 naming the body, and a bad request field with 400 naming it', async () => {
    const huge = await h.call('coordinator', 'POST', '/api/console/history/import', {
      ...body('x'),
      file: { name: 'big.csv', data: 'A'.repeat(50 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toMatchObject({ code: 'payload_too_large', field: 'body' });
    const bad = await h.call('coordinator', 'POST', '/api/console/history/import', { ...body('x'), year: 'last' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('year');
    expect(await rounds()).toBe(0);
  });
});
