// pnpm bench:submit — complete responses over HTTP against a real PostgreSQL, and the ceiling:
// the same rows inserted straight into PostgreSQL with postgres.js, no HTTP; and what mixing the
// day's inbox (docs/privacy.md) costs at the size reached. Starts its own
// throwaway cluster (scripts/pg-cluster.sh), the API with the demo data, and wrk (Debian) with
// 32 connections for 30 s posting responses with unique idempotency keys. Last line: JSON.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { loadConfig } from '@gs/api/config';
import { startServer } from '@gs/api/server';
import { foldResponses } from '@gs/db';

const ROOT = resolve(import.meta.dirname, '../..');
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54351);
const API_PORT = Number(process.env.BENCH_API_PORT ?? 8791);
const ROUND = '2026-basic';

const pgDir = mkdtempSync(join(tmpdir(), 'gs-bench-pg-'));
const cluster = join(ROOT, 'scripts/pg-cluster.sh');
const url = execFileSync(cluster, ['start', pgDir, String(PG_PORT)], { encoding: 'utf8' }).trim();
let stop = async () => {};
try {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    PORT: String(API_PORT),
    DEMO_DATA: '1',
    NODE_ENV: 'production',
    // Each request comes "through a proxy" from its own address, so the per-client burst limit of open links
    // (docs/privacy.md) does not hold back a benchmark that stands for thousands of guardians.
    TRUSTED_PROXIES: '1',
  });
  const server = await startServer(config, () => {});
  stop = server.close;
  const base = `http://127.0.0.1:${API_PORT}`;
  const survey = (await (await fetch(`${base}/api/survey/rounds/${ROUND}/municipalities/lahti?lang=fi`)).json()) as {
    units: { id: number }[];
    sections: { items: { key: string; type: string }[] }[];
  };
  const items = survey.sections.flatMap((s) => s.items);
  const body = {
    municipality: 'lahti',
    unitId: survey.units[0]!.id,
    groupKey: 'grades_3_6',
    language: 'fi',
    answers: Object.fromEntries(
      items.filter((i) => i.type !== 'open').map((i, n) => [i.key, i.type === 'grade' ? 8 : n % 6]),
    ),
    openAnswers: { [items.find((i) => i.type === 'open')!.key]: 'Hyvä koulu, kiitos opettajille.' },
  };

  const sql = postgres(url, { max: CONNECTIONS, onnotice: () => {} });
  const countResponses = async () => (await sql`select count(*)::int as n from stored_response`)[0]!.n as number;
  const before = await countResponses();

  const lua = join(pgDir, 'submit.lua');
  writeFileSync(
    lua,
    `local counter = 0
local threads = 0
tid = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[${JSON.stringify(body)}]]
function request()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = string.format("bench-${randomBytes(4).toString('hex')}-%d-%09d", tid, counter)
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", tid, math.floor(counter / 256) % 256, counter % 256)
  return wrk.format(nil, "/api/survey/rounds/${ROUND}/responses")
end
`,
  );
  // The API runs in this process, so wrk must run beside it, not block it.
  const wrk = await new Promise<{ stdout: string }>((ok, fail) => {
    const child = spawn('wrk', [
      '-t2',
      `-c${CONNECTIONS}`,
      `-d${SECONDS}s`,
      '--latency',
      '--timeout',
      '5s',
      '-s',
      lua,
      base,
    ]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok({ stdout }) : fail(new Error(`wrk failed: ${stderr}`))));
  });
  console.log(wrk.stdout);
  const stored = (await countResponses()) - before;
  const seconds = Number(/requests in ([\d.]+)s/.exec(wrk.stdout)?.[1] ?? SECONDS);
  const ms = (label: string) => {
    const m = new RegExp(`^\\s+${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(wrk.stdout);
    if (!m) throw new Error(`no ${label}% latency in wrk output`);
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(wrk.stdout)?.[1] ?? 0);
  const requests = Number(/(\d+) requests in/.exec(wrk.stdout)?.[1] ?? 0);
  console.log(`wrk: ${requests} requests, ${non2xx} non-2xx; ${stored} responses stored`);
  if (stored < requests - non2xx) throw new Error(`only ${stored} of ${requests - non2xx} accepted responses stored`);
  const responsesPerS = (requests - non2xx) / seconds;

  // Mixing the day's inbox (at most once a minute per round, docs/privacy.md): what it costs at this size.
  const round = (await sql`select id from round where slug = ${ROUND}`)[0]!.id as number;
  const mixRows = (await sql`select count(*)::int as n from response_inbox where round_id = ${round}`)[0]!.n as number;
  const mixStarted = performance.now();
  await foldResponses(server.db, round, { mix: true });
  const mixMs = performance.now() - mixStarted;
  console.log(`mix: ${mixRows} inbox rows rewritten with the day's codes and keys in ${Math.round(mixMs)} ms`);
  // The API (and its background fold) stops before the ceiling, which would otherwise fold what the ceiling inserts.
  await stop();
  stop = async () => {};

  // The ceiling: the same rows (idempotency key, response, answers, open answer), no HTTP, no checks.
  const municipality = (
    await sql`select m.id from municipality m join round_municipality rm on rm.municipality_id = m.id
      where rm.round_id = ${round} and m.names->>'fi' = 'Lahti'`
  )[0]!.id as number;
  const answers = JSON.stringify(Object.entries(body.answers).map(([k, v]) => ({ k, v })));
  const open = JSON.stringify(Object.entries(body.openAnswers).map(([k, t]) => ({ k, t })));
  let inserted = 0;
  let seq = 0;
  const prefix = randomBytes(4).toString('hex');
  const deadline = performance.now() + SECONDS * 1000;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const key = `ceiling-${prefix}-${++seq}`;
        // The same statement the API runs for an open-link response: one statement, one transaction.
        await sql`with k as (
            insert into idempotency_key (key, round_id, result)
            values (${key}, ${round}, json_build_object('accepted', true, 'round', ${ROUND}::text,
              'submittedOn', current_date::text)::jsonb)
            on conflict (key) do nothing returning result
          ), resp as (
            insert into response_inbox (round_id, municipality_id, unit_id, group_key, language, held, answers,
              open_answers)
            select ${round}, ${municipality}, ${body.unitId}::int, ${body.groupKey}::text, ${body.language}, false,
              cast(${answers}::text as jsonb), cast(${open}::text as jsonb)
            from k
          )
          select result from k`;
        inserted++;
      }
    }),
  );
  const ceiling = inserted / ((performance.now() - startedAt) / 1000);
  await sql.end();
  console.log(`ceiling: ${inserted} responses straight into PostgreSQL`);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify({
      responses_per_s: r1(responsesPerS),
      p50_ms: r1(ms('50')),
      p99_ms: r1(ms('99')),
      ceiling_responses_per_s: r1(ceiling),
      ratio: Math.round((responsesPerS / ceiling) * 100) / 100,
      mix_rows: mixRows,
      mix_ms: r1(mixMs),
    }),
  );
} finally {
  await stop();
  execFileSync(cluster, ['stop', pgDir], { stdio: 'ignore' });
  rmSync(pgDir, { recursive: true, force: true });
}
