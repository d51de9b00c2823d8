import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessCodes, foldResponses, rebuildAggregates } from '@gs/db';
import { aggregateSnapshot, testEngine } from '@gs/db/testing';
import { ErrorBody, isStorableText, itemsOf } from '@gs/schema';
import { type Seeded, type Session, type Who, consoleHarness } from './routes/console-testing.ts';
import { isGuardianPage } from './survey/render.tsx';

/**
 * Hostile input, reproducibly: at least FUZZ_REQUESTS requests through app.request() to every
 * operation of the OpenAPI document and every guardian page, as each role and as nobody, with
 * ids beyond the integer range, NUL bytes, odd Unicode, broken JSON and multipart bodies, wrong
 * content types, huge numbers and arrays where objects belong. No answer may be a 5xx; every
 * error is the one error shape (JSON under /api, a page under /s/). Then the database must still
 * hold together.
 */
const FUZZ_REQUESTS = 10_000;
const SEED = 20_261_116;
const CHUNK = 25;

/** mulberry32: a small seeded generator, so a failing run can be repeated exactly. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}

/** Values for a path segment or query parameter, already percent-encoded where needed. */
const HOSTILE_SEGMENTS = [
  '2147483648',
  '99999999999999999999',
  '-1',
  '0',
  '1e309',
  '0x10',
  '1.5',
  'NaN',
  '%00',
  'a%00b',
  '%ED%A0%80', // a lone surrogate as (invalid) UTF-8
  '%C0%AF', // an overlong encoding
  '%FF',
  '%E2%80%AE%E2%80%8B', // right-to-left override, zero-width space
  '%F0%9F%98%80%CC%81', // emoji with a combining accent
  encodeURIComponent('Ääkkösiä ja ߷'),
  '%25',
  '%',
  '..',
  '%2F..%2F',
  'null',
  '[]',
  '%7B%7D',
  encodeURIComponent("'; drop table response; --"),
  'x'.repeat(3000),
];
/** Strings inside JSON or form bodies (raw; JSON.stringify escapes NUL and lone surrogates as \u0000, \ud800). */
const HOSTILE_STRINGS = [
  '\u0000',
  'vastaus\u0000jatkuu',
  '\uD800',
  'loppu\uDFFF',
  '\uDBFF\uDBFF',
  '\u202E\u200B\uFEFF',
  '😀\u0301',
  'Z̸̢͓̈́a̵l̶g̷o̴',
  '',
  ' ',
  'x'.repeat(25_000),
  '2147483648',
  '1e309',
  '<script>alert(1)</script>',
];
const HUGE_NUMBERS = ['2147483648', '99999999999999999999', '-1', '1e309', '-1e309', '1.5', '0'];

interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/console/rounds/{id} */
  path: string;
  query: string[];
  body?: JsonSchema;
}
type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};

/** The guardian's pages and the survey's script endpoints (not in the OpenAPI document). */
const GUARDIAN: Operation[] = [
  ...['/s', '/s/privacy', '/s/code', '/s/resume', '/s/resume/{token}', '/s/{round}', '/s/{round}/thanks'].map(
    (path) => ({ method: 'get', path, query: ['lang', 'code', 'm', 'u'] }),
  ),
  { method: 'get', path: '/s/{round}/units', query: ['municipality', 'lang'] },
  { method: 'get', path: '/s/{round}/step/{step}', query: ['from', 'resume', 'lang'] },
  { method: 'get', path: '/s/{round}/{municipality}', query: ['lang'] },
  ...['/s/code', '/s/resume', '/s/{round}/another', '/s/{round}/step/{step}', '/s/{round}/{municipality}'].map(
    (path) => ({ method: 'post', path, query: ['from', 'lang'] }),
  ),
  { method: 'post', path: '/s/{round}/autosave', query: [] },
];

function operationsOf(doc: { paths: Record<string, Record<string, any>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const query = (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name);
      ops.push({ method, path, query, body: op.requestBody?.content?.['application/json']?.schema });
    }
  }
  return ops;
}

describe(`hostile input: ${FUZZ_REQUESTS} fuzzed requests (${testEngine})`, () => {
  let h: Awaited<ReturnType<typeof consoleHarness>>;
  let seed: Seeded;
  let items: string[];
  let codes: string[];
  const drafts: string[] = [];

  beforeAll(async () => {
    // A web build of its own, so paths that climb out of /s/ (/s/../x) reach the app's index page whether or not
    // apps/web has been built.
    const webDist = mkdtempSync(join(tmpdir(), 'gs-fuzz-web-'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>console</title>');
    h = await consoleHarness({ WEB_DIST: webDist });
    seed = await h.reseed();
    const version = await h.t.db
      .selectFrom('instrument_version')
      .select('definition')
      .where('id', '=', seed.instruments.basic)
      .executeTakeFirstOrThrow();
    items = itemsOf(version.definition as never).map((i) => i.key);
    const made = await createAccessCodes(h.t.db, {
      roundId: seed.rounds.open,
      municipalityId: seed.municipalities.lahti,
      unitId: null,
      count: 20,
    });
    codes = made.codes;
    for (let i = 0; i < 3; i++) {
      const res = await h.request('/s/2026-basic/lahti', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'lang=fi&go=new',
      });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      if (cookie) drafts.push(cookie);
    }
  });
  afterAll(async () => h?.t.close());

  it('answers every request with 2xx, 3xx or 4xx in the one error shape, and the data stays whole', async () => {
    const rng = generator(SEED);
    const doc = (await (await h.request('/api/openapi.json')).json()) as { paths: Record<string, any> };
    const operations = [...operationsOf(doc), ...GUARDIAN];
    expect(operations.length).toBeGreaterThan(40);

    const roles: (Who | null)[] = [null, 'coordinator', 'lahti', 'steering'];
    const sessions = new Map<Who, Session>();
    /** Signs in again whoever a fuzzed sign-out, password change or deactivation has thrown out. */
    async function refreshSessions() {
      await sql`update app_user set active = true`.execute(h.t.db);
      for (const who of roles) {
        if (!who) continue;
        const s = sessions.get(who);
        const alive = s && (await h.request('/api/auth/me', { headers: { cookie: s.cookie } })).status === 200;
        if (!alive) sessions.set(who, await h.signIn(who));
      }
    }
    await refreshSessions();

    const valid: Record<string, () => string> = {
      id: () => String(rng.pick([seed.rounds.open, seed.rounds.closed, seed.openAnswers.lahtiNamed, 1, 2, 3])),
      code: () => rng.pick(['398', '081', '111']),
      round: () => rng.pick(['2026-basic', '2025-ecec']),
      slug: () => rng.pick(['2026-basic', '2025-ecec']),
      municipality: () => rng.pick(['lahti', 'hartola', 'heinola', '398']),
      family: () => rng.pick(['basic', 'ecec']),
      step: () => rng.pick(['intro', 'background', 'review', 'section-1', 'safety']),
      token: () => rng.pick(codes.length ? codes : ['ABCD-EFGH']),
      lang: () => rng.pick(['fi', 'sv', 'en', 'ar']),
    };
    const segment = (name: string) =>
      rng.chance(0.4) && valid[name]
        ? valid[name]()
        : rng.chance(0.15)
          ? String(rng.int(50))
          : rng.pick(HOSTILE_SEGMENTS);

    function sample(s: JsonSchema | undefined, depth: number): unknown {
      if (!s || depth > 6) return rng.pick([null, 1, 'x', [], {}]);
      if (rng.chance(0.08)) {
        return rng.pick<unknown>([rng.pick(HOSTILE_STRINGS), Number(rng.pick(HUGE_NUMBERS)), [], [{}], null, {}, true]);
      }
      const alts = s.anyOf ?? s.oneOf;
      if (alts?.length) return sample(rng.pick(alts), depth);
      if (s.allOf?.length) return sample(s.allOf[0], depth);
      if (s.enum) return rng.pick(s.enum);
      if (s.nullable && rng.chance(0.1)) return null;
      const type = Array.isArray(s.type) ? rng.pick(s.type) : s.type;
      switch (type) {
        case 'object': {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(s.properties ?? {})) if (rng.chance(0.85)) out[k] = sample(v, depth + 1);
          if (s.additionalProperties && typeof s.additionalProperties === 'object') {
            const keys = [...items.slice(0, 3), rng.pick(items), 'no_such_item', rng.pick(HOSTILE_STRINGS)];
            for (let i = rng.int(4); i > 0; i--) out[rng.pick(keys)] = sample(s.additionalProperties, depth + 1);
          }
          return out;
        }
        case 'array':
          return Array.from({ length: rng.int(4) }, () => sample(s.items, depth + 1));
        case 'integer':
        case 'number':
          return rng.chance(0.7)
            ? (s.minimum ?? 0) + rng.int(Math.min(20, (s.maximum ?? 20) - (s.minimum ?? 0) + 1))
            : Number(rng.pick(HUGE_NUMBERS));
        case 'boolean':
          return rng.chance(0.5);
        case 'string':
          return rng.chance(0.5)
            ? rng.pick(HOSTILE_STRINGS)
            : rng.pick(['lahti', '398', 'basic', 'fi', 'Hyvä', '2026-11-20']);
        default:
          return rng.pick([null, 1, 'x']);
      }
    }

    /** A body: schema-shaped with hostile leaves, or broken in one of many ways. */
    function body(op: Operation): { contentType?: string; payload?: string } {
      const guardianForm = op.path.startsWith('/s') && op.method === 'post' && !op.path.endsWith('/autosave');
      const roll = rng.int(10);
      if (roll === 0)
        return {
          contentType: 'application/json',
          payload: rng.pick(['{"a":', '{', '[1,', '"\\ud800', '{"a":1}}', 'nul', '\u0000']),
        };
      if (roll === 1) {
        return {
          contentType: rng.pick([
            'multipart/form-data; boundary=xyz',
            'multipart/form-data',
            'multipart/form-data; boundary=',
          ]),
          payload: rng.pick([
            '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
            '--xyz--',
            'garbage',
            '--xyz\r\n\r\n\u0000',
          ]),
        };
      }
      if (roll === 2)
        return {
          contentType: rng.pick(['text/plain', 'application/xml', 'image/png', '', 'application/json; charset=latin1']),
          payload: '{"a":1}',
        };
      if (roll === 3)
        return {
          contentType: 'application/json',
          payload: rng.pick([
            '[]',
            '[{}]',
            'null',
            '"text"',
            '1e309',
            '99999999999999999999',
            `${'['.repeat(5000)}${']'.repeat(5000)}`,
          ]),
        };
      if (guardianForm) {
        const fields: [string, string][] = [];
        const names = [
          'code',
          'lang',
          'go',
          'token',
          'municipality',
          'unit',
          'group',
          'idem',
          `q_${rng.pick(items)}`,
          `t_${rng.pick(items)}`,
          'q_no_such',
        ];
        for (let i = 1 + rng.int(6); i > 0; i--) {
          const name = rng.pick(names);
          const value = rng.chance(0.5)
            ? rng.pick(HOSTILE_STRINGS)
            : rng.pick([
                'submit',
                'next',
                'back',
                'review',
                'lang:sv',
                'new',
                'continue',
                'lahti',
                '1',
                '2147483648',
                ...HUGE_NUMBERS,
                ...codes.slice(0, 2),
              ]);
          fields.push([name, value]);
        }
        if (rng.chance(0.3)) {
          const boundary = 'fuzzBoundary';
          const parts = fields.map(
            ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
          );
          return {
            contentType: `multipart/form-data; boundary=${boundary}`,
            payload: `${parts.join('')}--${boundary}--\r\n`,
          };
        }
        // URLSearchParams encodes a lone surrogate as U+FFFD; %00 goes through as NUL.
        const encoded = fields.map(
          ([k, v]) =>
            `${encodeURIComponent(k)}=${isStorableText(v.replace(/\0/g, '')) ? encodeURIComponent(v) : '%ED%A0%80'}`,
        );
        return { contentType: 'application/x-www-form-urlencoded', payload: encoded.join('&') };
      }
      const shape =
        op.body ??
        (op.path.endsWith('/autosave')
          ? {
              type: 'object',
              properties: {
                token: { type: 'string' },
                step: { type: 'string' },
                fields: { type: 'object', additionalProperties: { type: 'string' } },
              },
            }
          : undefined);
      if (!shape && rng.chance(0.5)) return {};
      return { contentType: 'application/json', payload: JSON.stringify(sample(shape, 0)) };
    }

    async function one(op: Operation) {
      let path = op.path.replace(/\{([A-Za-z_]+)\}/g, (_m, name: string) => segment(name));
      const query = op.query.filter(() => rng.chance(0.5)).map((q) => `${q}=${segment(q)}`);
      if (rng.chance(0.1)) query.push(`${rng.pick(['%00', 'x%00', 'lang'])}=${rng.pick(HOSTILE_SEGMENTS)}`);
      if (query.length) path += `?${query.join('&')}`;
      const headers: Record<string, string> = {};
      const who = rng.pick(roles);
      if (who && !op.path.endsWith('/sign-out') && !op.path.endsWith('/password')) {
        const s = sessions.get(who)!;
        headers.cookie = s.cookie;
        if (rng.chance(0.9)) headers['x-csrf-token'] = s.csrfToken;
      }
      if (op.path.startsWith('/s/{round}') && drafts.length && rng.chance(0.5)) {
        headers.cookie = [headers.cookie, rng.pick(drafts)].filter(Boolean).join('; ');
      }
      if (rng.chance(0.05))
        headers['idempotency-key'] = rng.pick(['short', 'k'.repeat(40), `fuzz-key-${rng.int(1e9)}-abcdefgh`]);
      if (rng.chance(0.05)) headers['accept-language'] = rng.pick(['ar', '*', 'x'.repeat(500), 'fi;q=2']);
      const method = op.method.toUpperCase();
      const { contentType, payload } = method === 'GET' ? {} : body(op);
      if (contentType !== undefined) headers['content-type'] = contentType;
      const res = await h.request(path, { method, headers, body: payload });
      const text = await res.text();
      return { method, path, route: op.path, status: res.status, type: res.headers.get('content-type') ?? '', text };
    }

    const problems: string[] = [];
    let sent = 0;
    let fiveXX = 0;
    const byClass: Record<string, number> = {};
    const started = performance.now();
    while (sent < FUZZ_REQUESTS) {
      const chunk = Array.from({ length: CHUNK }, () => rng.pick(operations));
      const results = await Promise.all(chunk.map((op) => one(op)));
      sent += chunk.length;
      for (const r of results) {
        byClass[`${String(r.status)[0]}xx`] = (byClass[`${String(r.status)[0]}xx`] ?? 0) + 1;
        const where = `${r.method} ${r.route} (${r.path.slice(0, 120)})`;
        if (r.status >= 500) {
          fiveXX++;
          problems.push(`${r.status} ${where}: ${r.text.slice(0, 200)}`);
        } else if (r.status >= 400) {
          if (isGuardianPage(new URL(r.path, 'http://localhost').pathname)) {
            if (!r.type.startsWith('text/html')) problems.push(`${r.status} not HTML: ${where}`);
          } else {
            let parsed: unknown;
            try {
              parsed = JSON.parse(r.text);
            } catch {
              parsed = undefined;
            }
            if (!r.type.startsWith('application/json') || !ErrorBody.safeParse(parsed).success) {
              problems.push(`${r.status} not the error shape: ${where}: ${r.text.slice(0, 200)}`);
            }
          }
        } else if (r.status < 200) {
          problems.push(`${r.status} ${where}`);
        }
      }
      if (sent % (CHUNK * 20) === 0) await refreshSessions();
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(`fuzz (${testEngine}): ${sent} requests, ${fiveXX} 5xx, ${seconds.toFixed(1)} s`, byClass);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect([...new Set(problems)].slice(0, 30)).toEqual([]);

    // The data holds together after the storm.
    const db = h.t.db;
    const answersOutsideTheQuestionnaire = await sql<{ n: number }>`
      select count(*)::int as n from answer a
      join response r on r.id = a.response_id
      join round ro on ro.id = r.round_id
      where not exists (
        select 1 from instrument_item i where i.version_id = ro.instrument_version_id and i.key = a.item_key and i.type <> 'open')`.execute(
      db,
    );
    expect(answersOutsideTheQuestionnaire.rows[0]?.n).toBe(0);
    const openOutside = await sql<{ n: number }>`
      select count(*)::int as n from open_answer o
      join response r on r.id = o.response_id
      join round ro on ro.id = r.round_id
      where o.round_id <> r.round_id or o.municipality_id <> r.municipality_id
        or not exists (select 1 from instrument_item i where i.version_id = ro.instrument_version_id and i.key = o.item_key and i.type = 'open')`.execute(
      db,
    );
    expect(openOutside.rows[0]?.n).toBe(0);
    const outOfScale = await sql<{ n: number }>`
      select count(*)::int as n from answer where value < 0 or value > 10`.execute(db);
    expect(outOfScale.rows[0]?.n).toBe(0);
    const orphans = await sql<{ n: number }>`
      select count(*)::int as n from response r
      where not exists (select 1 from round_municipality rm where rm.round_id = r.round_id and rm.municipality_id = r.municipality_id)
        or r.round_id not in (select id from round)`.execute(db);
    expect(orphans.rows[0]?.n).toBe(0);
    const badText = await sql<{ n: number }>`
      select count(*)::int as n from open_answer where length(text) > 20000`.execute(db);
    expect(badText.rows[0]?.n).toBe(0);
    for (const roundId of [seed.rounds.open, seed.rounds.closed]) {
      await foldResponses(db, roundId);
      const folded = await aggregateSnapshot(db, roundId);
      await rebuildAggregates(db, roundId);
      expect(await aggregateSnapshot(db, roundId)).toEqual(folded);
    }
  }, 240_000);
});
