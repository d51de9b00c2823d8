import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json } from '@gs/db';
import { testEngine } from '@gs/db/testing';
import { InstrumentDefinition, mapTexts } from '@gs/schema';
import { type Seeded, consoleHarness } from './console-testing.ts';

let h: Awaited<ReturnType<typeof consoleHarness>>;
let ids: Seeded;

beforeAll(async () => {
  h = await consoleHarness();
});
afterAll(async () => h?.t.close());
beforeEach(async () => {
  ids = await h.reseed();
  for (const id of Object.values(ids.instruments)) await withoutEstonian(id);
});

let revision = 1_000_000;
/**
 * The default questionnaires are complete in every home language (issue 13.3); these tests need a
 * version that still lacks one, as a questionnaire is before its translation is imported. The seeded
 * version loses its Estonian texts, with a texts revision of its own so that no definition the survey
 * cached in an earlier test (ids restart with every reseed) is reused.
 */
async function withoutEstonian(id: number) {
  const db = h.t.db;
  const row = await db
    .selectFrom('instrument_version')
    .select('definition')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const def = mapTexts(InstrumentDefinition.parse(row.definition), (_key, { et: _et, ...rest }) => rest);
  revision += 1;
  await db
    .updateTable('instrument_version')
    .set({ definition: json(def), texts_revision: revision })
    .where('id', '=', id)
    .execute();
}

const base = (id: number, lang = 'et') => `/api/console/instruments/${id}/translations/${lang}`;
const upload = (text: string, name = 'et.csv') => ({ file: { name, data: Buffer.from(text).toString('base64') } });

/** Splits the exported CSV (every field quoted, `;`, CRLF) into cells. */
function cellsOf(csv: string): string[][] {
  return csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] as string).replaceAll('""', '"')));
}
const toCsv = (rows: string[][]) =>
  rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(';')).join('\r\n');

async function exported(id: number, format = 'csv', who: 'coordinator' | 'steering' = 'coordinator') {
  const res = await h.call(who, 'GET', `${base(id)}/export?format=${format}`);
  expect(res.status).toBe(200);
  return res;
}

/** The export with every Estonian text filled in as "EE " + the Finnish text. */
async function filled(id: number) {
  const [head, ...rows] = cellsOf(await (await exported(id)).text());
  return [head!, ...rows.map((r) => [r[0]!, r[1]!, r[2]!, r[3]!, `EE ${r[1]}`])];
}

async function detail(id: number) {
  return (await h.call('coordinator', 'GET', `/api/console/instruments/${id}`)).json();
}

describe(`translation export and import (${testEngine})`, () => {
  it('exports XLIFF 2.0 and CSV as files; steering may export, not import', async () => {
    const xliff = await exported(ids.instruments.ecec, 'xliff', 'steering');
    expect(xliff.headers.get('content-type')).toContain('application/xliff+xml');
    expect(xliff.headers.get('content-disposition')).toBe('attachment; filename="ecec-v1-et.xlf"');
    const text = await xliff.text();
    expect(text).toContain('srcLang="fi" trgLang="et"');
    expect(text).toContain('<source>Henkilöstö kohtaa lapseni ystävällisesti ja lämpimästi.</source>');
    const csv = await exported(ids.instruments.ecec);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="ecec-v1-et.csv"');
    expect(cellsOf(await csv.text())[0]).toEqual(['key', 'fi', 'sv', 'en', 'et']);
    const refused = await h.call('steering', 'POST', `${base(ids.instruments.ecec)}/import`, upload('key;fi;et'));
    expect(refused.status).toBe(403);
    expect((await h.call('coordinator', 'GET', `${base(ids.instruments.ecec, 'fi')}/export`)).status).toBe(400);
  });

  it('one bad row: 422 naming the line and column, nothing stored; the good file then imports once', async () => {
    const id = ids.instruments.ecec;
    const rows = await filled(id);
    const bad = rows.map((r) => [...r]);
    bad[7]![0] = 'item.no_such_statement';
    const refused = await h.call('coordinator', 'POST', `${base(id)}/import`, upload(toCsv(bad)));
    expect(refused.status).toBe(422);
    const body = await refused.json();
    expect(body.error).toMatchObject({ code: 'validation_failed', field: 'line.8.key' });
    expect(body.error.message).toMatch(/nothing was imported/);
    expect(body.error.issues).toEqual(
      expect.arrayContaining([
        { field: 'line.8.key', message: "this version has no text 'item.no_such_statement'" },
        { field: `unit.${rows[7]![0]}`, message: expect.stringMatching(/missing from the file/) },
      ]),
    );
    expect((await detail(id)).completeness.et).toEqual({ translated: 0, total: rows.length - 1 });

    const preview = await h.call('coordinator', 'POST', `${base(id)}/import/preview`, upload(toCsv(rows)));
    expect(await preview.json()).toMatchObject({ ok: true, counts: { create: rows.length - 1 } });
    expect((await detail(id)).completeness.et.translated).toBe(0);

    const ok = await h.call('coordinator', 'POST', `${base(id)}/import`, upload(toCsv(rows)));
    expect(ok.status).toBe(200);
    expect((await ok.json()).completeness).toEqual({ translated: rows.length - 1, total: rows.length - 1 });
    const again = await (await h.call('coordinator', 'POST', `${base(id)}/import`, upload(toCsv(rows)))).json();
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: rows.length - 1, removed: 0 });

    const list = await (await h.call('coordinator', 'GET', '/api/console/instruments')).json();
    expect(list.find((v: { id: number }) => v.id === id).completeness.et).toEqual({
      translated: rows.length - 1,
      total: rows.length - 1,
    });
    const audit = await (await h.call('coordinator', 'GET', '/api/console/audit')).json();
    const lines = audit.filter((a: { action: string }) => a.action === 'instrument.translation_import');
    expect(lines).toHaveLength(1);
  });

  it('XLIFF problems name the unit id and field', async () => {
    const id = ids.instruments.ecec;
    const text = await (await exported(id, 'xliff')).text();
    const wrong = text.replace(/(<unit id="group.label">[\s\S]*?<\/source>)/, '$1<target>{child} vanuserühm</target>');
    const res = await h.call('coordinator', 'POST', `${base(id)}/import`, upload(wrong, 'et.xlf'));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.field).toBe('unit.group.label.target');
    expect(body.error.issues[0].message).toMatch(/no placeholders/);
  });

  it('the survey shows an imported translation at once, though its round is open', async () => {
    // The open 2026 round uses basic v1, here without Estonian (withoutEstonian): it is not offered yet.
    const id = ids.instruments.basic;
    const before = await (await h.request('/s/2026-basic/lahti?lang=et')).text();
    expect(before).not.toContain('lang="et"');
    const rows = await filled(id);
    expect((await h.call('coordinator', 'POST', `${base(id)}/import`, upload(toCsv(rows)))).status).toBe(200);
    const after = await (await h.request('/s/2026-basic/lahti?lang=et')).text();
    expect(after).toContain('<html lang="et"');
    const title = rows.find((r) => r[0] === 'survey.title')!;
    expect(after).toContain(title[4]);

    // One statement corrected: the next page view has it.
    rows.find((r) => r[0] === 'survey.title')![4] = 'Küsitlus lapsevanematele';
    const fixed = await h.call('coordinator', 'POST', `${base(id)}/import`, upload(toCsv(rows)));
    expect((await fixed.json()).counts).toMatchObject({ update: 1 });
    expect(await (await h.request('/s/2026-basic/lahti?lang=et')).text()).toContain('Küsitlus lapsevanematele');
  });

  it('a new version copied from a translated one keeps the translations of unchanged items', async () => {
    const id = ids.instruments.ecec;
    await h.call('coordinator', 'POST', `${base(id)}/import`, upload(toCsv(await filled(id))));
    const copy = await (await h.call('coordinator', 'POST', '/api/console/instruments/families/ecec/copy')).json();
    const v2 = await detail(copy.id);
    expect(v2.completeness.et.translated).toBe(v2.completeness.et.total);
    // Mark one item changed (fi/sv/en only, as the editor sends them) and save.
    const strip = (t: Record<string, string>) => ({ fi: t.fi, sv: t.sv, en: t.en });
    const d = v2.definition;
    const draft = {
      title: strip(d.title),
      intro: strip(d.intro),
      estimatedMinutes: d.estimatedMinutes,
      sections: d.sections.map((s: any, si: number) => ({
        key: s.key,
        title: strip(s.title),
        items: s.items.map((item: any, ii: number) => ({
          item: { ...item, text: si === 0 && ii === 0 ? { ...strip(item.text), fi: 'Uusi väite.' } : strip(item.text) },
          lineage: si === 0 && ii === 0 ? 'changed' : 'same',
        })),
      })),
    };
    expect((await h.call('coordinator', 'PUT', `/api/console/instruments/${copy.id}`, draft)).status).toBe(200);
    const saved = await detail(copy.id);
    expect(saved.completeness.et.translated).toBe(saved.completeness.et.total - 1);
    expect(saved.definition.sections[0].items[0].text.et).toBeUndefined();
    expect(saved.definition.sections[0].items[1].text.et).toBe(`EE ${saved.definition.sections[0].items[1].text.fi}`);
  });
});
