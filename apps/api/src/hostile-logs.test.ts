import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccessCodes } from '@gs/db';
import { type Seeded, consoleHarness } from './routes/console-testing.ts';

/**
 * Hostile submissions leave no personal text in any log: the app runs on a throwaway PostgreSQL
 * server of its own (default logging settings), guardians send NUL characters, unpaired
 * surrogates, overlong text and odd Unicode in open answers, drafts and one-time codes, and then
 * neither the API's console output nor the server's log may contain any of it.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const CLUSTER = resolve(ROOT, 'scripts/pg-cluster.sh');

/** Every submitted text carries a marker of its own, so a leak is found whatever escaping the log uses. */
const marker = (n: number) => `LEAKMARK${String(n).padStart(3, '0')}`;
const HOSTILE = [
  (m: string) => `Opettaja ${m} on\u0000 ihana`,
  (m: string) => `${m} soita \uD800 heti`,
  (m: string) => `${m}\uDFFF`,
  (m: string) => `${m} ${'pitkä '.repeat(400)}`,
  (m: string) => `\u202E${m}\u200B😀\u0301 ߷`,
  (m: string) => `${m}\u0000`,
];

/** Percent-encodes for a form or address; a lone surrogate goes as the invalid UTF-8 a careless client would send. */
const enc = (s: string) =>
  Array.from(s, (ch) => (/^[\uD800-\uDFFF]$/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');

describe('hostile input leaves no personal text in the API or PostgreSQL logs', () => {
  const dir = mkdtempSync('/tmp/gs-hostile-pg-');
  const port = 41_000 + Math.floor(Math.random() * 9000);
  let h: Awaited<ReturnType<typeof consoleHarness>>;
  let seed: Seeded;
  const captured: string[] = [];
  const markers: string[] = [];
  const previousUrl = process.env.TEST_DATABASE_URL;

  beforeAll(async () => {
    const url = execFileSync(CLUSTER, ['start', dir, String(port)], { encoding: 'utf8', timeout: 60_000 }).trim();
    process.env.TEST_DATABASE_URL = url;
    h = await consoleHarness();
    seed = await h.reseed();
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured.push(args.map((a) => (a instanceof Error ? `${a.stack}\n${JSON.stringify(a)}` : String(a))).join(' '));
      });
    }
  }, 90_000);

  let closed = false;
  afterAll(async () => {
    vi.restoreAllMocks();
    if (!closed) await h?.t.close();
    if (previousUrl === undefined) delete process.env.TEST_DATABASE_URL;
    else process.env.TEST_DATABASE_URL = previousUrl;
    if (existsSync(join(dir, 'data'))) execFileSync(CLUSTER, ['stop', dir], { timeout: 30_000, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses them with a 4xx naming the field, and no log line holds the text or the codes', async () => {
    const started = performance.now();
    let n = 0;
    const next = () => {
      const m = marker(++n);
      markers.push(m);
      return m;
    };
    const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      h.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const form = (path: string, fields: string, cookie = '') =>
      h.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body: fields,
      });
    const statuses: number[] = [];
    const { codes } = await createAccessCodes(h.t.db, {
      roundId: seed.rounds.open,
      municipalityId: seed.municipalities.lahti,
      unitId: null,
      count: 2,
    });

    for (const make of HOSTILE) {
      // The JSON API: a complete response with the text as an open answer and as its one-time code.
      const text = make(next());
      const submission = {
        municipality: 'lahti',
        groupKey: 'grades_1_2',
        language: 'fi',
        answers: { overall_grade: 8 },
        openAnswers: { open_went_well: text },
      };
      const key = `hostile-key-${n}-abcdefgh`;
      const res = await json('/api/survey/rounds/2026-basic/responses', submission, { 'idempotency-key': key });
      statuses.push(res.status);
      const code = make(next());
      const withCode = { ...submission, openAnswers: {}, accessCode: code };
      const coded = await json('/api/survey/rounds/2026-basic/responses', withCode, { 'idempotency-key': `${key}-c` });
      statuses.push(coded.status);
      // A draft through the JSON API.
      const draft = await json('/api/survey/rounds/2026-basic/drafts', {
        data: { language: 'fi', municipality: 'lahti', openAnswers: { open_improve: make(next()) } },
      });
      statuses.push(draft.status);
      // The guardian's pages: a one-time code, a resume code and an open answer typed into the form.
      statuses.push((await form('/s/code', `code=${enc(make(next()))}%00`)).status);
      statuses.push((await form('/s/resume', `code=${enc(make(next()))}`)).status);
      statuses.push((await h.request(`/s/resume/${enc(make(next()))}%00`)).status);
      const started = await form('/s/2026-basic/lahti', 'lang=fi&go=new');
      const cookie = (started.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const answer = await form('/s/2026-basic/step/open', `t_open_went_well=${enc(make(next()))}%00&go=next`, cookie);
      statuses.push(answer.status);
    }
    // Refused input names the field in the one error shape.
    const nul = await json(
      '/api/survey/rounds/2026-basic/responses',
      { municipality: 'lahti', language: 'fi', openAnswers: { open_went_well: `${next()}\u0000` } },
      { 'idempotency-key': 'hostile-key-field-abcdefgh' },
    );
    expect(nul.status).toBe(400);
    expect((await nul.json()).error).toMatchObject({ code: 'validation_failed', field: 'openAnswers.open_went_well' });
    const lone = await json('/api/survey/rounds/2026-basic/drafts', {
      data: { openAnswers: { open_improve: `${next()}\uD800` } },
    });
    expect(lone.status).toBe(400);
    expect((await lone.json()).error.field).toBe('data.openAnswers.open_improve');
    // A real code with a NUL appended, and the codes themselves, are also refused without a trace.
    markers.push(...codes);
    const withRealCode = await form('/s/code', `code=${encodeURIComponent(codes[0]!)}%00`);
    expect(withRealCode.status).toBe(400);
    expect(withRealCode.headers.get('content-type')).toMatch(/^text\/html/);

    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(markers.length).toBeGreaterThan(40);

    // The control: what PostgreSQL logs when such text does reach it (the jsonb error quotes the JSON).
    const control = sql`select cast(${'{"a": "CONTROLMARK \\u0000"}'}::text as jsonb)`.execute(h.t.db);
    await expect(control).rejects.toThrow();

    // PostgreSQL writes its log as it goes; stopping the server flushes the rest.
    await h.t.close();
    closed = true;
    execFileSync(CLUSTER, ['stop', dir], { timeout: 30_000, stdio: 'ignore' });
    const serverLog = readFileSync(join(dir, 'server.log'), 'utf8');
    expect(serverLog).toContain('database system is ready');
    expect(serverLog).toContain('CONTROLMARK');
    const apiLog = captured.join('\n');
    const leaks = (log: string) => markers.filter((m) => log.includes(m));
    expect(leaks(serverLog)).toEqual([]);
    expect(leaks(apiLog)).toEqual([]);
    expect(serverLog.match(/CONTEXT: {2}JSON data/g) ?? []).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
