// pnpm bench:report [--responses N] — reports on a national-scale round in a real PostgreSQL.
// Starts a throwaway cluster (scripts/pg-cluster.sh), creates ~300 municipalities and ~3,000 units,
// loads N responses (default 1,000,000) and their ~33 answers each with COPY, then measures in one
// run: a plain GROUP BY over the raw answers for the region (the scan), the region and a
// municipality report through the API while the round is open (live, with new responses arriving
// between requests), the same from the published snapshot, and the API's peak RSS (VmHWM of its
// process). Times are medians. Last line: JSON.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import postgres from 'postgres';
import {
  installDefaultInstruments,
  connect,
  createRound,
  createUser,
  hashPassword,
  migrateToLatest,
  publishRound,
  replaceBaseCounts,
  saveSettings,
  DEFAULT_SETTINGS,
  transitionRound,
} from '@gs/db';
import { familyForYear, itemsOf, InstrumentDefinition } from '@gs/schema';

const ROOT = resolve(import.meta.dirname, '../..');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const RESPONSES = Number(arg('responses') ?? 1_000_000);
const MUNICIPALITIES = Number(arg('municipalities') ?? 300);
const UNITS = Number(arg('units') ?? 3000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54352);
const API_PORT = Number(process.env.BENCH_API_PORT ?? 8793);
const PASSWORD = 'bench-coordinator-password';

const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

/** A small deterministic generator, so runs load the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeAll(stream: Writable, rows: () => Generator<string>) {
  let chunk = '';
  for (const line of rows()) {
    chunk += line;
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  if (chunk) stream.write(chunk);
  stream.end();
  await once(stream, 'finish');
}

const pgDir = mkdtempSync(join(tmpdir(), 'gs-bench-report-'));
const cluster = join(ROOT, 'scripts/pg-cluster.sh');
log(`starting PostgreSQL in ${pgDir} on port ${PG_PORT}`);
const url = execFileSync(cluster, ['start', pgDir, String(PG_PORT)], { encoding: 'utf8' }).trim();
let api: ReturnType<typeof spawn> | undefined;
try {
  const { db, close } = await connect({ kind: 'postgres', url, maxConnections: 4 });
  await migrateToLatest(db);
  const sql = postgres(url, { max: 4, onnotice: () => {} });

  // A round that is open today, of the family the cycle rule gives this year.
  const today = new Date();
  const year = today.getUTCFullYear();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const opensOn = iso(new Date(Math.max(Date.UTC(year, 0, 1), today.getTime() - 14 * 86_400_000)));
  const closesOn = iso(new Date(Math.min(Date.UTC(year, 11, 31), today.getTime() + 30 * 86_400_000)));
  await saveSettings(db, DEFAULT_SETTINGS);
  const family = familyForYear(DEFAULT_SETTINGS.cycleRule, year);
  const version = (await installDefaultInstruments(db))[family];
  const def = InstrumentDefinition.parse(version.definition);
  const items = itemsOf(def).filter((i) => i.type !== 'open');
  const groups = def.group.options.map((o) => o.key);

  // ~300 municipalities with Zipf-like sizes (the largest about a tenth of the country), units in proportion.
  const random = rng(2026);
  const weights = Array.from({ length: MUNICIPALITIES }, (_, i) => 1 / (i + 1) ** 0.9);
  const total = weights.reduce((a, b) => a + b, 0);
  const codes = Array.from({ length: MUNICIPALITIES }, (_, i) => String(i + 1).padStart(3, '0'));
  await sql`insert into municipality ${sql(
    codes.map((code, i) => ({
      code,
      names: sql.json({ fi: `Kunta ${code}`, sv: `Kommun ${code}`, en: `Municipality ${code}` }),
      population: Math.round(5_500_000 * ((weights[i] as number) / total)),
    })),
  )}`;
  const municipalities = await sql<{ id: number; code: string }[]>`select id, code from municipality order by code`;
  const unitRows = municipalities.flatMap((m, i) => {
    const n = Math.max(1, Math.round(UNITS * ((weights[i] as number) / total)));
    return Array.from({ length: n }, (_, u) => ({
      municipality_id: m.id,
      code: `U${u + 1}`,
      names: sql.json({
        fi: `Yksikkö ${m.code}-${u + 1}`,
        sv: `Enhet ${m.code}-${u + 1}`,
        en: `Unit ${m.code}-${u + 1}`,
      }),
      kind: family === 'ecec' ? 'ecec' : 'school',
      provider: 'municipal',
      active_from: 2000,
    }));
  });
  for (let i = 0; i < unitRows.length; i += 1000) await sql`insert into unit ${sql(unitRows.slice(i, i + 1000))}`;
  const units = await sql<{ id: number; municipality_id: number }[]>`select id, municipality_id from unit order by id`;
  const round = await createRound(
    db,
    { family, instrumentVersionId: version.id, year, opensOn, closesOn, municipalityCodes: codes },
    null,
  );
  await transitionRound(db, round.id, 'open', null);
  // Unit sizes vary threefold; responses land in units in proportion to their size.
  const unitWeight = units.map(() => 0.5 + random());
  const unitTotal = unitWeight.reduce((a, b) => a + b, 0);
  const perUnit = unitWeight.map((w) => (RESPONSES * w) / unitTotal);
  await replaceBaseCounts(
    db,
    round.id,
    units.flatMap((u, i) =>
      groups.map((g) => ({
        municipalityId: u.municipality_id,
        unitId: u.id,
        groupKey: g,
        enrolled: Math.ceil(((perUnit[i] as number) * 2.5) / groups.length),
      })),
    ),
  );
  await createUser(
    db,
    {
      email: 'coordinator@bench.test',
      name: 'Bench',
      role: 'coordinator',
      municipalityCode: null,
      passwordHash: await hashPassword(PASSWORD),
    },
    null,
  );

  // Responses, then answers, with COPY; the answer table's keys are dropped for the load and re-added.
  let started = performance.now();
  const before = (await sql<{ n: number }[]>`select coalesce(max(id), 0)::int as n from response`)[0]!.n;
  const placeOf: number[] = [];
  let carry = 0;
  units.forEach((_, i) => {
    carry += perUnit[i] as number;
    const n = Math.floor(carry);
    carry -= n;
    for (let k = 0; k < n && placeOf.length < RESPONSES; k++) placeOf.push(i);
  });
  while (placeOf.length < RESPONSES) placeOf.push(Math.floor(random() * units.length));
  const day = (d: number) => iso(new Date(Date.parse(opensOn) + d * 86_400_000));
  const days = Math.max(1, Math.min(14, Math.round((today.getTime() - Date.parse(opensOn)) / 86_400_000) + 1));
  await writeAll(
    await sql`copy response (round_id, municipality_id, unit_id, group_key, language, submitted_on) from stdin`.writable(),
    function* () {
      for (const i of placeOf) {
        const u = units[i]!;
        const g = random() < 0.03 ? '\\N' : groups[Math.floor(random() * groups.length)];
        yield `${round.id}\t${u.municipality_id}\t${u.id}\t${g}\tfi\t${day(Math.floor(random() * days))}\n`;
      }
    },
  );
  log(`responses copied in ${Math.round(performance.now() - started)} ms`);
  started = performance.now();
  const keys = await sql<{ name: string; definition: string }[]>`
    select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
    where conrelid = 'answer'::regclass and contype in ('p', 'f') order by contype desc`;
  for (const k of keys) await sql`alter table answer drop constraint ${sql(k.name)}`;
  const quality = units.map(() => random() * 1.2 - 0.6);
  await writeAll(await sql`copy answer (response_id, item_key, value) from stdin`.writable(), function* () {
    for (let r = 0; r < placeOf.length; r++) {
      const id = before + r + 1;
      const q = quality[placeOf[r] as number] as number;
      let lines = '';
      for (const item of items) {
        if (item.type === 'grade') {
          lines += `${id}\t${item.key}\t${Math.max(4, Math.min(10, Math.round(8 + q + (random() - 0.5) * 3)))}\n`;
        } else if (random() < 0.97) {
          const v = random() < 0.06 ? 0 : Math.max(1, Math.min(5, Math.round(3.9 + q + (random() - 0.5) * 3.2)));
          lines += `${id}\t${item.key}\t${v}\n`;
        }
      }
      yield lines;
    }
  });
  log(`answers copied in ${Math.round(performance.now() - started)} ms`);
  started = performance.now();
  for (const k of [...keys].reverse()) {
    await sql.unsafe(`alter table answer add constraint "${k.name}" ${k.definition}`);
  }
  await sql`analyze`;
  const answers = (await sql<{ n: number }[]>`select count(*)::int as n from answer`)[0]!.n;
  log(
    `keys rebuilt and analysed in ${Math.round(performance.now() - started)} ms: ${RESPONSES} responses, ${answers} answers`,
  );

  // The scan: what a report would cost if it grouped the raw answers on every request.
  const scans: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await sql`
      select a.item_key, a.value, count(*)::int as n
      from answer a join response r on r.id = a.response_id
      where r.round_id = ${round.id}
      group by a.item_key, a.value`;
    scans.push(performance.now() - t0);
  }
  log(`scan: ${scans.map(Math.round).join(', ')} ms`);

  // The API as its own process, so its peak RSS can be read from /proc.
  api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(ROOT, 'apps/api'),
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(API_PORT),
      DEMO_DATA: '0',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${API_PORT}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'coordinator@bench.test', password: PASSWORD }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const largest = municipalities[0]!.code;
  const paths = {
    region: `/api/reports/rounds/${round.slug}/region`,
    municipality: `/api/reports/rounds/${round.slug}/municipalities/${largest}`,
  };
  const timed = async (path: string, headers: Record<string, string> = {}) => {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return performance.now() - t0;
  };

  // Live: the first request folds every answer in (once per round); later ones fold only what is new.
  const first = await timed(paths.region, { cookie });
  log(`first live request (folds all ${RESPONSES} responses): ${Math.round(first)} ms`);
  const trickle = async () => {
    const u = units[Math.floor(random() * units.length)]!;
    await sql`
      with r as (
        insert into response (round_id, municipality_id, unit_id, group_key, language)
        select ${round.id}, ${u.municipality_id}, ${u.id}, ${groups[0]!}, 'fi' from generate_series(1, 20)
        returning id
      )
      insert into answer (response_id, item_key, value)
      select r.id, i.key, case when i.key = ${items.find((i) => i.type === 'grade')?.key ?? ''} then 8 else 4 end
      from r, unnest(${items.map((i) => i.key)}::text[]) as i(key)`;
  };
  const live = { region: [] as number[], municipality: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    await trickle();
    live.region.push(await timed(paths.region, { cookie }));
    await trickle();
    live.municipality.push(await timed(paths.municipality, { cookie }));
  }
  log(`live region: ${live.region.map(Math.round).join(', ')} ms`);
  log(`live municipality ${largest}: ${live.municipality.map(Math.round).join(', ')} ms`);

  started = performance.now();
  await transitionRound(db, round.id, 'closed', null);
  const published = await publishRound(db, round.id, { userId: null });
  log(
    `published version ${published.version} (${published.scopes} scopes) in ${Math.round(performance.now() - started)} ms`,
  );
  const pub = { region: [] as number[], municipality: [] as number[] };
  await timed(paths.region);
  for (let i = 0; i < RUNS; i++) {
    pub.region.push(await timed(paths.region));
    pub.municipality.push(await timed(paths.municipality));
  }
  log(`published region: ${pub.region.map((x) => x.toFixed(1)).join(', ')} ms`);
  log(`published municipality: ${pub.municipality.map((x) => x.toFixed(1)).join(', ')} ms`);

  const sizes = await sql<{ name: string; mb: number }[]>`
    select relname as name, round(pg_total_relation_size(oid) / 1048576.0)::int as mb from pg_class
    where relkind = 'r' and relname in ('response', 'answer', 'snapshot_report', 'answer_count_region',
      'answer_count_municipality', 'answer_count_unit', 'answer_size_municipality', 'answer_size_unit',
      'response_count', 'response_day')
    order by 1`;
  log(`table sizes (MB, with indexes): ${sizes.map((x) => `${x.name} ${x.mb}`).join(', ')}`);
  const status = readFileSync(`/proc/${api.pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  await sql.end();
  await close();
  console.log(
    JSON.stringify({
      responses: RESPONSES,
      scan_ms: round1(median(scans)),
      live_region_ms: round1(median(live.region)),
      live_municipality_ms: round1(median(live.municipality)),
      published_region_ms: round1(median(pub.region)),
      published_municipality_ms: round1(median(pub.municipality)),
      rss_mb: round1(hwm / 1024),
    }),
  );
} finally {
  api?.kill('SIGTERM');
  if (api) await once(api, 'exit').catch(() => {});
  if (process.env.BENCH_KEEP === '1') {
    log(`kept: ${url} (stop with scripts/pg-cluster.sh stop ${pgDir})`);
  } else {
    execFileSync(cluster, ['stop', pgDir], { stdio: 'ignore' });
    rmSync(pgDir, { recursive: true, force: true });
  }
}
