import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type InstrumentDefinition, completeLanguages, mapTexts, textSlots } from '@gs/schema';
import { json } from '../json.ts';
import { type TestDatabase, openTestDatabase, testEngine } from '../testing.ts';
import { copyLatestInstrumentVersion, updateDraftInstrumentVersion } from './console-instruments.ts';
import { getInstrumentVersion, installDefaultInstruments } from './instruments.ts';
import { exportTranslation, importTranslation, previewTranslationImport } from './translations.ts';

let t: TestDatabase;
let ecec: number;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  ecec = (await installDefaultInstruments(t.db)).ecec.id;
  await withoutEstonian(ecec);
});

/**
 * The default questionnaires are complete in every home language (issue 13.3); these tests need a
 * version that still lacks one, as a questionnaire is before its translation is imported.
 */
async function withoutEstonian(id: number) {
  const def = mapTexts(await definition(id), (_key, { et: _et, ...rest }) => rest);
  await t.db
    .updateTable('instrument_version')
    .set({ definition: json(def) })
    .where('id', '=', id)
    .execute();
}

const file = (text: string, name = 'et.csv') => ({ file: { name, data: Buffer.from(text).toString('base64') } });

/** The exported CSV with every target filled in as `fn(key, source)`. */
async function filledCsv(id: number, fn: (key: string, fi: string) => string = (_k, fi) => `ET ${fi}`) {
  const { body } = await exportTranslation(t.db, id, 'et', 'csv');
  const [head, ...rows] = body
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  const out = rows.map((line) => {
    const cells = [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => (m[1] as string).replaceAll('""', '"'));
    const [key, fi] = cells as [string, string];
    cells[4] = fn(key, fi);
    return cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(';');
  });
  return [head, ...out].join('\r\n');
}

async function definition(id: number): Promise<InstrumentDefinition> {
  return (await getInstrumentVersion(t.db, id))!.definition;
}
async function revision(id: number) {
  return (
    await t.db.selectFrom('instrument_version').select('texts_revision').where('id', '=', id).executeTakeFirstOrThrow()
  ).texts_revision;
}
const audits = async () =>
  t.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'instrument.%').execute();

async function useInRound(versionId: number) {
  await t.db
    .insertInto('round')
    .values({
      slug: '2027-ecec',
      family_key: 'ecec',
      instrument_version_id: versionId,
      year: 2027,
      opens_on: '2027-03-01',
      closes_on: '2027-03-14',
    })
    .execute();
}

describe(`translations of an instrument version (${testEngine})`, () => {
  it('exports every text with the Finnish source, imports a filled CSV, and the same file again changes nothing', async () => {
    const before = await definition(ecec);
    expect(completeLanguages(before)).not.toContain('et');
    const csv = await filledCsv(ecec);
    const preview = await previewTranslationImport(t.db, ecec, 'et', file(csv));
    expect(preview).toMatchObject({ ok: true, format: 'csv', encoding: 'utf-8', issues: [] });
    expect(preview.counts).toEqual({ create: textSlots(before).length, update: 0, unchanged: 0, removed: 0 });
    expect(await revision(ecec)).toBe(0);

    const done = await importTranslation(t.db, ecec, 'et', file(csv), null);
    expect(done.ok).toBe(true);
    const after = await definition(ecec);
    expect(completeLanguages(after)).toContain('et');
    expect(after.sections[0]!.items[0]!.text).toEqual({
      ...before.sections[0]!.items[0]!.text,
      et: `ET ${before.sections[0]!.items[0]!.text.fi}`,
    });
    expect(await revision(ecec)).toBe(1);
    expect(await audits()).toEqual([
      {
        action: 'instrument.translation_import',
        details: expect.objectContaining({ language: 'et', format: 'csv', create: textSlots(before).length }),
      },
    ]);

    const again = await importTranslation(t.db, ecec, 'et', file(csv), null);
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: textSlots(before).length, removed: 0 });
    expect(await revision(ecec)).toBe(1);
    expect(await audits()).toHaveLength(1);
    expect(await definition(ecec)).toEqual(after);
  });

  it('reads the same texts back from its own XLIFF 2.0 export, and updates one', async () => {
    await importTranslation(t.db, ecec, 'et', file(await filledCsv(ecec)), null);
    const { body, name } = await exportTranslation(t.db, ecec, 'et', 'xliff');
    expect(name).toBe('ecec-v1-et.xlf');
    expect(body).toContain(
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fi" trgLang="et">',
    );
    expect(body).toContain('<unit id="item.interaction_staff_friendly">');
    const same = await previewTranslationImport(t.db, ecec, 'et', file(body, 'et.xlf'));
    expect(same).toMatchObject({ ok: true, format: 'xliff' });
    expect(same.counts.unchanged).toBe(same.rows.length);

    const edited = body.replace(
      /(<unit id="item.interaction_staff_friendly">[\s\S]*?<target>)[^<]*(<\/target>)/,
      '$1Töötajad on sõbralikud &amp; soojad.$2',
    );
    const r = await importTranslation(t.db, ecec, 'et', file(edited, 'et.xlf'), null);
    expect(r.counts).toMatchObject({ update: 1, create: 0 });
    expect(r.rows.find((x) => x.action === 'update')).toMatchObject({
      key: 'item.interaction_staff_friendly',
      after: 'Töötajad on sõbralikud & soojad.',
    });
    expect((await definition(ecec)).sections[0]!.items[0]!.text.et).toBe('Töötajad on sõbralikud & soojad.');
  });

  it('a file with one bad row stores nothing and names the line and column of each problem', async () => {
    const good = await filledCsv(ecec);
    const lines = good.split('\r\n');
    lines[3] = lines[3]!.replace(/^"[^"]+"/, '"item.no_such_item"');
    lines[5] = lines[5]!.replace(/"[^"]*"$/, '"{name} liiga"');
    const bad = lines.join('\r\n');
    const r = await importTranslation(t.db, ecec, 'et', file(bad), null);
    expect(r.ok).toBe(false);
    expect(r.rows).toEqual([]);
    expect(r.issues).toEqual(
      expect.arrayContaining([
        { line: 4, column: 'key', message: "this version has no text 'item.no_such_item'" },
        expect.objectContaining({ line: 6, column: 'et', message: expect.stringMatching(/placeholders/) }),
        expect.objectContaining({ unit: expect.any(String), message: expect.stringMatching(/missing from the file/) }),
      ]),
    );
    expect(completeLanguages(await definition(ecec))).not.toContain('et');
    expect(await revision(ecec)).toBe(0);
    expect(await audits()).toEqual([]);
  });

  it('refuses unknown columns, another language, XLIFF with inline markup or not well-formed', async () => {
    const csv = await filledCsv(ecec);
    const extra = csv.split('\r\n');
    extra[2] = `${extra[2]};"x"`;
    expect((await previewTranslationImport(t.db, ecec, 'et', file(extra.join('\r\n')))).issues).toEqual([
      { line: 3, message: '6 fields where the header has 5: a text holding the delimiter must be quoted' },
    ]);
    const ru = await previewTranslationImport(t.db, ecec, 'ru', file(csv));
    expect(ru.issues).toEqual(
      expect.arrayContaining([
        { line: 1, column: 'ru', message: "column 'ru' is missing" },
        expect.objectContaining({ line: 1, column: 'et', message: expect.stringMatching(/unknown column 'et'/) }),
      ]),
    );
    const { body } = await exportTranslation(t.db, ecec, 'et', 'xliff');
    const wrongLang = await previewTranslationImport(t.db, ecec, 'so', file(body, 'x.xlf'));
    expect(wrongLang.issues[0]).toMatchObject({ column: 'trgLang' });
    const inline = body.replace(
      /(<unit id="survey.title">[\s\S]*?<\/source>)/,
      '$1<target>Küsitlus <ph id="1"/></target>',
    );
    expect((await previewTranslationImport(t.db, ecec, 'et', file(inline, 'x.xlf'))).issues).toEqual([
      { unit: 'survey.title', column: 'target', message: expect.stringMatching(/inline markup \(<ph>\)/) },
    ]);
    const broken = await previewTranslationImport(t.db, ecec, 'et', file(body.replace('</file>', ''), 'x.xlf'));
    expect(broken.issues[0]).toMatchObject({ line: expect.any(Number), message: expect.stringMatching(/well-formed/) });
    const doctype = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>${body.slice(body.indexOf('<xliff'))}`;
    expect((await previewTranslationImport(t.db, ecec, 'et', file(doctype, 'x.xlf'))).issues[0]?.message).toMatch(
      /DOCTYPE/,
    );
  });

  it('on a version a round uses, translations may be added and corrected but not removed; fi/sv/en never change', async () => {
    await useInRound(ecec);
    const before = await definition(ecec);
    expect((await importTranslation(t.db, ecec, 'et', file(await filledCsv(ecec)), null)).ok).toBe(true);
    const removing = await filledCsv(ecec, (key, fi) => (key === 'survey.title' ? '' : `ET ${fi}`));
    const r = await importTranslation(t.db, ecec, 'et', file(removing), null);
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([
      expect.objectContaining({ line: 2, column: 'et', message: expect.stringMatching(/not removed/) }),
    ]);
    const after = await definition(ecec);
    expect(after.title.et).toBe(`ET ${before.title.fi}`);
    for (const slot of textSlots(after)) {
      const old = textSlots(before).find((s) => s.key === slot.key)!;
      expect([slot.text.fi, slot.text.sv, slot.text.en]).toEqual([old.text.fi, old.text.sv, old.text.en]);
    }
  });

  it('a new version reuses the translations of items that stay the same and drops those whose meaning changed', async () => {
    await useInRound(ecec);
    await importTranslation(t.db, ecec, 'et', file(await filledCsv(ecec)), null);
    const v1 = await definition(ecec);
    const { id: v2 } = await copyLatestInstrumentVersion(t.db, 'ecec', null);
    expect(completeLanguages(await definition(v2))).toContain('et');

    // The editor sends fi/sv/en only: one item changes its meaning, one keeps it with a typo fix,
    // the introduction gets a new Finnish text.
    const strip = (x: Record<string, string | undefined>) => ({ fi: x.fi!, sv: x.sv!, en: x.en! });
    const [first, second] = v1.sections[0]!.items as [
      InstrumentDefinition['sections'][0]['items'][0],
      InstrumentDefinition['sections'][0]['items'][0],
    ];
    const draft = {
      title: strip(v1.title),
      intro: { ...strip(v1.intro), fi: `${v1.intro.fi} Uusi lause.` },
      estimatedMinutes: v1.estimatedMinutes,
      sections: v1.sections.map((s) => ({
        key: s.key,
        title: strip(s.title),
        items: s.items.map((item) => ({
          item: {
            ...item,
            text:
              item.key === first.key
                ? { ...strip(item.text), fi: 'Henkilöstö on lapselleni tuttu.' }
                : item.key === second.key
                  ? { ...strip(item.text), fi: `${item.text.fi} ` }
                  : strip(item.text),
          },
          lineage: item.key === first.key ? ('changed' as const) : ('same' as const),
        })),
      })),
    };
    await updateDraftInstrumentVersion(t.db, v2, draft as never, null);
    const saved = await definition(v2);
    expect(saved.sections[0]!.items[0]!.text.et).toBeUndefined();
    expect(saved.sections[0]!.items[1]!.text.et).toBe(second.text.et);
    expect(saved.title.et).toBe(v1.title.et);
    expect(saved.intro.et).toBeUndefined();
    expect(completeLanguages(saved)).not.toContain('et');
    // Exported again, only the changed texts are untranslated.
    const csv = (await exportTranslation(t.db, v2, 'et', 'csv')).body;
    expect(csv.split('\r\n').filter((l) => l.endsWith(';""'))).toHaveLength(2);
  });
});
