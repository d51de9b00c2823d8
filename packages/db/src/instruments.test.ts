import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_INSTRUMENTS, FAMILY_NAMES } from '@gs/instruments';
import type { InstrumentDefinitionInput } from '@gs/schema';
import {
  createInstrumentVersion,
  installDefaultInstruments,
  latestInstrumentVersion,
  upsertFamily,
} from './queries/instruments.ts';
import { type TestDatabase, openTestDatabase, testEngine } from './testing.ts';

let t: TestDatabase;
const [ecec] = DEFAULT_INSTRUMENTS as [InstrumentDefinitionInput, InstrumentDefinitionInput];
const copy = (): InstrumentDefinitionInput => structuredClone(ecec);

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  for (const [key, names] of Object.entries(FAMILY_NAMES)) await upsertFamily(t.db, key, names);
});

async function nothingWritten() {
  expect(await t.db.selectFrom('instrument_version').selectAll().execute()).toHaveLength(0);
  expect(await t.db.selectFrom('instrument_item').selectAll().execute()).toHaveLength(0);
}

describe(`instrument versions (${testEngine})`, () => {
  it('stores a valid version with one item row per item and its lineage', async () => {
    const { id } = await createInstrumentVersion(t.db, ecec);
    const items = await t.db.selectFrom('instrument_item').selectAll().where('version_id', '=', id).execute();
    const count = ecec.sections.reduce((n, s) => n + s.items.length, 0);
    expect(items).toHaveLength(count);
    expect(new Set(items.map((i) => i.lineage))).toEqual(new Set(['new']));
    expect((await latestInstrumentVersion(t.db, 'ecec'))?.version).toBe(1);
  });

  it('rejects a duplicate item key, naming the field, and writes nothing', async () => {
    const def = copy();
    def.sections[1]!.items[0]!.key = def.sections[0]!.items[0]!.key;
    await expect(createInstrumentVersion(t.db, def)).rejects.toMatchObject({
      code: 'validation_failed',
      field: 'sections.1.items.0.key',
      message: expect.stringMatching(/duplicate item key/),
    });
    await nothingWritten();
  });

  it('rejects an unknown scale, naming the field', async () => {
    const def = copy();
    (def.sections[0]!.items[0] as { scale: string }).scale = 'agree7';
    await expect(createInstrumentVersion(t.db, def)).rejects.toMatchObject({
      field: 'sections.0.items.0.scale',
      message: 'unknown scale',
    });
    await nothingWritten();
  });

  it('rejects a missing Swedish translation, naming the field', async () => {
    const def = copy();
    delete (def.sections[2]!.items[1]!.text as { sv?: string }).sv;
    await expect(createInstrumentVersion(t.db, def)).rejects.toMatchObject({ field: 'sections.2.items.1.text.sv' });
    await nothingWritten();
  });

  it('refuses a version number that does not follow the latest', async () => {
    await expect(createInstrumentVersion(t.db, { ...copy(), version: 3 })).rejects.toMatchObject({ field: 'version' });
    await nothingWritten();
  });

  it('installs the default instruments once, however often start-up asks', async () => {
    await t.reset();
    const first = await installDefaultInstruments(t.db);
    const second = await installDefaultInstruments(t.db);
    expect(second.ecec.id).toBe(first.ecec.id);
    expect(second.basic.id).toBe(first.basic.id);
    expect(await t.db.selectFrom('instrument_version').select('family_key').orderBy('family_key').execute()).toEqual([
      { family_key: 'basic' },
      { family_key: 'ecec' },
    ]);
  });
});
