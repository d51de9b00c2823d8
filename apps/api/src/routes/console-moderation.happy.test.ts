import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED } from '@gs/schema';
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

const NAMED = 'Opettaja Maija Meikäläinen on ihana, soita 040 123 4567.';

describe(`the moderation queue (${testEngine})`, () => {
  it('lists pending open answers with suggested redactions of names and phone numbers', async () => {
    const res = await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.open}/open-answers?state=pending`);
    expect(res.status).toBe(200);
    const q = await res.json();
    expect(q.counts).toEqual({ pending: 3, approved: 0, hidden: 0 });
    const named = q.answers.find((a: { id: number }) => a.id === ids.openAnswers.lahtiNamed);
    expect(named.text).toBe(NAMED);
    expect(named.suggestions.map((s: { kind: string; text: string }) => [s.kind, s.text])).toEqual([
      ['name', 'Maija Meikäläinen'],
      ['phone', '040 123 4567'],
    ]);
  });

  it('pages a long queue (Lahti had 442 pending) with the total of every answer the filters match', async () => {
    const model = await h.t.db
      .selectFrom('open_answer')
      .selectAll()
      .where('id', '=', ids.openAnswers.lahtiPlain)
      .executeTakeFirstOrThrow();
    const { id: _id, ...copy } = model;
    await h.t.db
      .insertInto('open_answer')
      .values(Array.from({ length: 440 }, (_, i) => ({ ...copy, text: `Vastaus ${i + 1}` })))
      .execute();
    const page = async (query: string) => {
      const res = await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.open}/open-answers?${query}`);
      expect(res.status).toBe(200);
      return res.json();
    };
    const first = await page('state=pending&municipality=398');
    expect(first).toMatchObject({ total: 442, offset: 0, limit: 50, counts: { pending: 442 } });
    expect(first.answers).toHaveLength(50);
    const seen: number[] = [];
    for (let offset = 0; offset < 442; offset += 200) {
      const p = await page(`state=pending&municipality=398&offset=${offset}&limit=200`);
      expect(p.total).toBe(442);
      seen.push(...p.answers.map((a: { id: number }) => a.id));
    }
    expect(seen).toHaveLength(442);
    expect(new Set(seen).size).toBe(442);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[0]).toBe(ids.openAnswers.lahtiNamed);
    const last = await page('state=pending&offset=400&limit=200');
    expect(last).toMatchObject({ total: 443, offset: 400, limit: 200 });
    expect(last.answers).toHaveLength(43);
    expect((await page('offset=500')).answers).toEqual([]);
    for (const bad of ['limit=201', 'limit=0', 'offset=-1', 'offset=x']) {
      const res = await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.open}/open-answers?${bad}`);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
  });

  it('filters by municipality', async () => {
    const q = await (
      await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.open}/open-answers?municipality=081`)
    ).json();
    expect(q.answers.map((a: { id: number }) => a.id)).toEqual([ids.openAnswers.hartola]);
    expect(q.counts.pending).toBe(1);
  });

  it('approving with redactions stores the redacted text; the audit line has no text', async () => {
    const start = NAMED.indexOf('Maija');
    const phone = NAMED.indexOf('040');
    const res = await h.call('coordinator', 'POST', `/api/console/open-answers/${ids.openAnswers.lahtiNamed}/approve`, {
      redactions: [
        { start, end: start + 'Maija Meikäläinen'.length },
        { start: phone, end: phone + '040 123 4567'.length },
      ],
    });
    expect(res.status).toBe(200);
    expect((await res.json()).redacted_text).toBe(`Opettaja ${REDACTED} on ihana, soita ${REDACTED}.`);
    const audit = await h.t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'details', 'user_id'])
      .where('entity', '=', 'open_answer')
      .execute();
    expect(audit).toEqual([
      {
        action: 'open_answer.approve',
        entity_id: String(ids.openAnswers.lahtiNamed),
        user_id: ids.users.coordinator,
        details: { from: 'pending', roundId: ids.rounds.open, municipalityId: ids.municipalities.lahti, redactions: 2 },
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain('Maija');
  });

  it('approved answers reach the municipality’s own contact in redacted form; pending and hidden ones do not', async () => {
    const start = NAMED.indexOf('Maija');
    await h.call('coordinator', 'POST', `/api/console/open-answers/${ids.openAnswers.lahtiNamed}/approve`, {
      redactions: [{ start, end: NAMED.length }],
    });
    await h.call('coordinator', 'POST', `/api/console/open-answers/${ids.openAnswers.lahtiPlain}/hide`, {
      reason: 'off topic',
    });
    await h.call('coordinator', 'POST', `/api/console/open-answers/${ids.openAnswers.hartola}/approve`, {});
    const lahti = await (
      await h.call('lahti', 'GET', `/api/console/rounds/${ids.rounds.open}/open-answers/approved`)
    ).json();
    expect(lahti.map((a: { text: string }) => a.text)).toEqual([`Opettaja ${REDACTED}`]);
    const hartola = await (
      await h.call('hartola', 'GET', `/api/console/rounds/${ids.rounds.open}/open-answers/approved`)
    ).json();
    expect(hartola.map((a: { text: string }) => a.text)).toEqual(['Hartolassa kiva koulu.']);
    const all = await (
      await h.call('coordinator', 'GET', `/api/console/rounds/${ids.rounds.open}/open-answers/approved`)
    ).json();
    expect(all).toHaveLength(2);
  });

  it('hiding is recorded with its reason and can be reversed by approving', async () => {
    await h.call('coordinator', 'POST', `/api/console/open-answers/${ids.openAnswers.lahtiPlain}/hide`, {
      reason: 'off topic',
    });
    const again = await h.call(
      'coordinator',
      'POST',
      `/api/console/open-answers/${ids.openAnswers.lahtiPlain}/approve`,
      {
        redactions: [],
      },
    );
    expect(again.status).toBe(200);
    const audit = await h.t.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('entity', '=', 'open_answer')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.details.from, a.details.reason])).toEqual([
      ['open_answer.hide', 'pending', 'off topic'],
      ['open_answer.approve', 'hidden', undefined],
    ]);
  });
});
