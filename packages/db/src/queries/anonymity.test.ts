import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Submission } from '@gs/schema';
import { type TestDatabase, openTestDatabase, testEngine } from '../testing.ts';
import { createAccessCodes, hashCode } from './access-codes.ts';
import { foldResponses, moveInbox } from './aggregates.ts';
import { createDraft } from './drafts.ts';
import { seedSurveyFixture } from './responses.fixture.ts';
import { submitResponse } from './responses.ts';

// Someone who can read every table (and holds the codes CSV a coordinator downloaded) tries to
// link a code, an idempotency key or a draft to the response it submitted, and to order the
// day's responses in time: by transaction ids (xmin, and their order), by ids, by physical
// order (ctid) and by timestamps. docs/privacy.md, "Who can link what", gives the argument.

let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedSurveyFixture>>;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  f = await seedSurveyFixture(t.db);
});

const N = 20;

/** Submits N responses in order: even ones with a one-time code, every third after a saved draft. */
async function submitDay() {
  const { codes } = await createAccessCodes(t.db, { roundId: f.roundId, municipalityId: null, unitId: null, count: N });
  const sent: { marker: string; code?: string; key: string }[] = [];
  for (let i = 0; i < N; i++) {
    const marker = `marker-${String(i).padStart(2, '0')}`;
    const code = i % 2 === 0 ? codes[i] : undefined;
    const key = `anon-key-${i}-${Math.random().toString(36).slice(2)}`;
    const draft = i % 3 === 0 ? (await createDraft(t.db, f.roundId, { note: marker })).token : undefined;
    await submitResponse(t.db, {
      roundSlug: f.roundSlug,
      idempotencyKey: key,
      draftToken: draft,
      submission: Submission.parse({
        municipality: 'lahti',
        unitId: f.units.kivimaa,
        groupKey: 'grades_3_6',
        language: 'fi',
        accessCode: code,
        answers: { interaction_staff_friendly: (i % 5) + 1 },
        openAnswers: { open_went_well: marker },
      }),
    });
    sent.push({ marker, code, key });
  }
  return sent;
}

const xid = (column: string) => sql.raw(`${column}::text::bigint`);

/** What the reader sees of the used codes and idempotency keys: hash or key with its transaction id. */
async function secrets() {
  const { rows: codes } = await sql<{ code_hash: string; x: string }>`
    select code_hash, ${xid('xmin')} as x from access_code where used`.execute(t.db);
  const { rows: keys } = await sql<{ key: string; x: string }>`
    select key, ${xid('xmin')} as x from idempotency_key`.execute(t.db);
  return { codes, keys };
}

/** For every stored response (inbox or moved): its marker, transaction id, id and physical place. */
async function stored() {
  const { rows: inbox } = await sql<{ marker: string; x: string; id: string; page: number; tuple: number }>`
    select open_answers->0->>'t' as marker, ${xid('xmin')} as x, id::text as id,
      (ctid::text::point)[0]::int as page, (ctid::text::point)[1]::int as tuple
    from response_inbox`.execute(t.db);
  const { rows: moved } = await sql<{ marker: string; x: string; id: string; page: number; tuple: number }>`
    select o.text as marker, ${xid('r.xmin')} as x, r.id::text as id,
      (r.ctid::text::point)[0]::int as page, (r.ctid::text::point)[1]::int as tuple
    from response r join open_answer o on o.response_id = r.id`.execute(t.db);
  return [...inbox, ...moved];
}

/** Rows of the response tables whose transaction id is the one of exactly one code, key or draft's submission. */
async function xminLinks() {
  const { codes, keys } = await secrets();
  const rows = await stored();
  const { rows: answerXids } = await sql<{ x: string }>`
    select ${xid('xmin')} as x from answer union all select ${xid('xmin')} as x from open_answer`.execute(t.db);
  const byX = new Map<string, number>();
  for (const r of [...rows.map((r) => r.x), ...answerXids.map((a) => a.x)]) byX.set(r, (byX.get(r) ?? 0) + 1);
  // A link: a secret's transaction id shared with fewer rows than the whole day's responses.
  const narrowed = (x: string) => (byX.get(x) ?? 0) > 0 && (byX.get(x) ?? 0) < N;
  return codes.filter((c) => narrowed(c.x)).length + keys.filter((k) => narrowed(k.x)).length;
}

/** Whether the submission order can be read from a column: sorted by it, the markers come out in order (or reversed). */
function orders<R extends { marker: string }>(rows: R[], by: (r: R) => number | string) {
  const sorted = [...rows].sort((a, b) => (by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : 0)).map((r) => r.marker);
  const inOrder = [...sorted].sort();
  const same = (a: string[], b: string[]) => a.every((m, i) => m === b[i]);
  const distinct = new Set(rows.map(by)).size > 1;
  return distinct && (same(sorted, inOrder) || same(sorted, [...inOrder].reverse()));
}

/** Kendall's tau between the submission order and a column's order (1: the column is the order). */
function tau<R extends { marker: string }>(rows: R[], by: (r: R) => number | string) {
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i]!;
      const b = rows[j]!;
      const s = Math.sign(a.marker.localeCompare(b.marker)) * Math.sign(by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : 0);
      if (s > 0) concordant++;
      if (s < 0) discordant++;
    }
  }
  return (concordant - discordant) / ((rows.length * (rows.length - 1)) / 2);
}

describe(`anonymity at rest (${testEngine})`, () => {
  it('the joins work on a submission just stored (the attack has teeth)', async () => {
    await submitDay();
    // Between a submission and the next fold (a few seconds) its inbox row still shares the code's xmin.
    expect(await xminLinks()).toBeGreaterThanOrEqual(N);
    const rows = await stored();
    expect(orders(rows, (r) => Number(r.x))).toBe(true);
  });

  it('after the fold nothing links a code or key to a response, and the day has no order', async () => {
    const sent = await submitDay();
    await foldResponses(t.db, f.roundId, { mix: true });
    expect(await xminLinks()).toBe(0);
    const rows = await stored();
    expect(rows).toHaveLength(N);
    // One transaction id for the whole day, codes and keys included.
    expect(new Set(rows.map((r) => r.x)).size).toBe(1);
    const { codes, keys } = await secrets();
    expect(new Set([...codes.map((c) => c.x), ...keys.map((k) => k.x)])).toEqual(new Set([rows[0]!.x]));
    // Random ids; physical order shuffled.
    expect(orders(rows, (r) => r.id)).toBe(false);
    expect(orders(rows, (r) => r.page * 10_000 + r.tuple)).toBe(false);
    // The codes of the CSV are found, but point at the day, not at a response.
    const used = new Set(codes.map((c) => c.code_hash));
    expect(sent.filter((s) => s.code && used.has(hashCode(s.code)))).toHaveLength(N / 2);
    // Drafts of submitted responses are gone.
    expect(await t.db.selectFrom('response_draft').selectAll().execute()).toEqual([]);
  });

  it('a fold between mixes counts new responses at once; the next mix hides them in the day', async () => {
    await submitDay();
    await foldResponses(t.db, f.roundId, { mix: true });
    await submitResponse(t.db, {
      roundSlug: f.roundSlug,
      idempotencyKey: 'late-key',
      submission: Submission.parse({
        municipality: 'lahti',
        unitId: null,
        groupKey: 'grades_3_6',
        language: 'fi',
        answers: { interaction_staff_friendly: 3 },
        openAnswers: { open_went_well: 'marker-99' },
      }),
    });
    const counted = async () =>
      (await sql<{ n: number }>`select sum(n)::int as n from response_count`.execute(t.db)).rows[0]!.n;
    // Within the mix interval: counted, not yet mixed.
    expect((await foldResponses(t.db, f.roundId)).folded).toBe(1);
    expect(await counted()).toBe(N + 1);
    const unmixed = await t.db.selectFrom('response_inbox').select('id').where('mixed', '=', false).execute();
    expect(unmixed).toHaveLength(1);
    await foldResponses(t.db, f.roundId, { mix: true });
    expect(await counted()).toBe(N + 1);
    expect(new Set((await stored()).map((r) => r.x)).size).toBe(1);
  });

  it('moved into the response tables, ids, xmin and physical order say only the day', async () => {
    await submitDay();
    await foldResponses(t.db, f.roundId, { mix: true });
    await moveInbox(t.db, { all: true });
    expect(await t.db.selectFrom('response_inbox').selectAll().execute()).toEqual([]);
    expect(await xminLinks()).toBe(0);
    const rows = await stored();
    expect(rows).toHaveLength(N);
    expect(new Set(rows.map((r) => r.x)).size).toBe(1);
    // Ids are a random permutation of the day: neither they nor the physical order follow the submissions.
    expect(orders(rows, (r) => Number(r.id))).toBe(false);
    expect(orders(rows, (r) => r.page * 10_000 + r.tuple)).toBe(false);
    expect(Math.abs(tau(rows, (r) => Number(r.id)))).toBeLessThan(0.75);
    // Answers and open answers carry the move's transaction id too.
    const { rows: xs } = await sql<{ x: string }>`
      select distinct ${xid('xmin')} as x from answer union select distinct ${xid('xmin')} as x from open_answer`.execute(
      t.db,
    );
    expect(xs.map((r) => r.x)).toEqual([rows[0]!.x]);
  });

  it('no column of a response, code, key or draft holds a time of day', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = current_schema()
        and table_name in ('response', 'response_inbox', 'answer', 'open_answer', 'access_code', 'idempotency_key',
          'response_draft', 'response_count', 'response_day')
        and (data_type like 'timestamp%' or data_type like 'time %' or data_type = 'time')
      order by table_name, column_name`.execute(t.db);
    // Moderation's own time (when a coordinator acted), not the guardian's.
    expect(rows.map((r) => `${r.table_name}.${r.column_name}`)).toEqual(['open_answer.moderated_at']);
  });
});
