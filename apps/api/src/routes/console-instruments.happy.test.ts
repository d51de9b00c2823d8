import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testEngine } from '@gs/db/testing';
import { type Seeded, consoleHarness } from './console-testing.ts';

let h: Awaited<ReturnType<typeof consoleHarness>>;
let ids: Seeded;

beforeAll(async () => {
  h = await consoleHarness();
});
afterAll(async () => h?.t.close());
beforeEach(async () => {
  ids = await h.reseed();
});

type DraftSection = {
  key: string;
  title: unknown;
  items: { item: { key: string; type: string; text: Record<string, string> }; lineage: string }[];
};

async function newDraft() {
  const res = await h.call('coordinator', 'POST', '/api/console/instruments/families/ecec/copy');
  expect(res.status).toBe(201);
  const { id } = await res.json();
  const detail = await (await h.call('coordinator', 'GET', `/api/console/instruments/${id}`)).json();
  return { id, detail };
}

function draftOf(detail: { definition: any; lineage: Record<string, string> }) {
  const d = detail.definition;
  return {
    title: d.title,
    intro: d.intro,
    estimatedMinutes: d.estimatedMinutes,
    sections: d.sections.map((s: any) => ({
      ...s,
      items: s.items.map((item: any) => ({ item, lineage: detail.lineage[item.key] })),
    })) as DraftSection[],
  };
}

describe(`instrument versions (${testEngine})`, () => {
  it('GET /api/console/instruments lists versions and marks those used by a round locked', async () => {
    const list = await (await h.call('coordinator', 'GET', '/api/console/instruments')).json();
    expect(
      list.map((v: { family_key: string; version: number; locked: boolean }) => [v.family_key, v.version, v.locked]),
    ).toEqual([
      ['basic', 1, true],
      ['ecec', 1, true],
    ]);
  });

  it('copying the latest version makes version 2 based on it, every item the same', async () => {
    const { detail } = await newDraft();
    expect(detail).toMatchObject({ family: 'ecec', version: 2, locked: false, latest: true, removed: [] });
    expect(detail.basedOn).toMatchObject({ id: ids.instruments.ecec, version: 1 });
    expect(new Set(Object.values(detail.lineage))).toEqual(new Set(['same']));
  });

  it('editing a draft records each item’s lineage: same, changed, new and removed', async () => {
    const { id, detail } = await newDraft();
    const draft = draftOf(detail);
    const section = draft.sections[0]!;
    const [first, second] = section.items;
    const dropped = section.items.slice(2).map((i) => i.item.key);
    first!.item.text = { ...first!.item.text, fi: `${first!.item.text.fi} (uusi muotoilu)` };
    first!.lineage = 'changed';
    second!.item.text = { ...second!.item.text, en: `${second!.item.text.en}`.replace('.', '!') };
    section.items = [
      first!,
      second!,
      {
        item: {
          key: 'interaction_new_question',
          type: 'statement',
          scale: 'agree5',
          text: { fi: 'Uusi', sv: 'Ny', en: 'New' },
        } as any,
        lineage: 'new',
      },
    ];
    const res = await h.call('coordinator', 'PUT', `/api/console/instruments/${id}`, draft);
    expect(res.status).toBe(200);
    const saved = await (await h.call('coordinator', 'GET', `/api/console/instruments/${id}`)).json();
    expect(saved.lineage[first!.item.key]).toBe('changed');
    expect(saved.lineage[second!.item.key]).toBe('same');
    expect(saved.lineage.interaction_new_question).toBe('new');
    expect(dropped.length).toBeGreaterThan(0);
    expect(saved.removed).toEqual(dropped);
    const items = await h.t.db
      .selectFrom('instrument_item')
      .select(['key', 'lineage'])
      .where('version_id', '=', id)
      .execute();
    expect(items.find((i) => i.key === 'interaction_new_question')?.lineage).toBe('new');
  });

  it('a new round can use the new version; after that the version is locked', async () => {
    const { id } = await newDraft();
    const created = await h.call('coordinator', 'POST', '/api/console/rounds', {
      family: 'ecec',
      instrumentVersionId: id,
      year: 2027,
      opensOn: '2027-03-10',
      closesOn: '2027-03-23',
      municipalityCodes: ['398'],
    });
    expect(created.status).toBe(201);
    const detail = await (await h.call('coordinator', 'GET', `/api/console/instruments/${id}`)).json();
    expect(detail.locked).toBe(true);
  });

  it('an unused newest version can be deleted', async () => {
    const { id } = await newDraft();
    expect((await h.call('coordinator', 'DELETE', `/api/console/instruments/${id}`)).status).toBe(204);
    expect((await h.call('coordinator', 'GET', `/api/console/instruments/${id}`)).status).toBe(404);
  });

  it('the steering group may read instruments', async () => {
    expect((await h.call('steering', 'GET', `/api/console/instruments/${ids.instruments.basic}`)).status).toBe(200);
  });
});

describe(`instrument editing rules (${testEngine})`, () => {
  it('a version used by a round cannot be edited (409)', async () => {
    const detail = await (
      await h.call('coordinator', 'GET', `/api/console/instruments/${ids.instruments.ecec}`)
    ).json();
    const res = await h.call('coordinator', 'PUT', `/api/console/instruments/${ids.instruments.ecec}`, draftOf(detail));
    expect(res.status).toBe(409);
  });

  it('copying again while a draft exists is refused (409)', async () => {
    await newDraft();
    expect((await h.call('coordinator', 'POST', '/api/console/instruments/families/ecec/copy')).status).toBe(409);
  });

  it('a new item marked same, or a kept item marked new, is refused naming the field', async () => {
    const { id, detail } = await newDraft();
    const draft = draftOf(detail);
    draft.sections[0]!.items[0]!.lineage = 'new';
    const res = await h.call('coordinator', 'PUT', `/api/console/instruments/${id}`, draft);
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ field: 'sections.0.items.0.lineage' });
  });

  it('an item key in the wrong form answers 400 naming it', async () => {
    const { id, detail } = await newDraft();
    const draft = draftOf(detail);
    draft.sections[0]!.items[0]!.item.key = 'Bad Key';
    const res = await h.call('coordinator', 'PUT', `/api/console/instruments/${id}`, draft);
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe('sections.0.items.0.item.key');
  });

  it('an unknown family answers 400', async () => {
    expect((await h.call('coordinator', 'POST', '/api/console/instruments/families/upper/copy')).status).toBe(400);
  });
});
