// The set-up the national-scale report benchmarks share (report.ts, compare.ts): a throwaway
// PostgreSQL 15 cluster (scripts/pg-cluster.sh), ~300 municipalities with Zipf-like sizes and their
// units, rounds whose responses and answers are loaded with COPY, the API as its own process with a
// signed-in coordinator, and the measurements both make (the raw scan, timed requests, medians).
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import postgres from 'postgres';
import {
  type Connection,
  DEFAULT_SETTINGS,
  connect,
  createRound,
  createUser,
  hashPassword,
  installDefaultInstruments,
  migrateToLatest,
  publishRound,
  replaceBaseCounts,
  saveSettings,
  transitionRound,
} from '@gs/db';
import { type FamilyKey, InstrumentDefinition, type Item, familyForYear, itemsOf } from '@gs/schema';

const ROOT = resolve(import.meta.dirname, '../..');
const CLUSTER = join(ROOT, 'scripts/pg-cluster.sh');
const COORDINATOR = { email: 'coordinator@bench.test', password: 'bench-coordinator-password' };
const DAY_MS = 86_400_000;

/** Requests per median (`BENCH_RUNS`, default 9). */
export const RUNS = Number(process.env.BENCH_RUNS ?? 9);

export const log = (line: string) => process.stderr.write(`${line}\n`);

/** The value after `--name` on the command line. */
export const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

export const round1 = (x: number) => Math.round(x * 10) / 10;

const ms = (xs: number[]) => xs.map((x) => (x < 20 ? x.toFixed(1) : String(Math.round(x)))).join(', ');

/** A small deterministic generator, so runs load the same data. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Bench {
  url: string;
  db: Connection['db'];
  sql: postgres.Sql;
  /** Starts the API on this database and signs the coordinator in; it is stopped when the benchmark ends. */
  startApi(): Promise<Api>;
}

export interface Api {
  /** Milliseconds for one GET with its body read whole, as the public or the signed-in coordinator; fails unless 200. */
  timed(path: string, signedIn?: boolean): Promise<number>;
  /** One GET's JSON body, as the public or the signed-in coordinator; fails unless 200. */
  json(path: string, signedIn?: boolean): Promise<unknown>;
  /** The body size of the last response to each path, in bytes. */
  bytes: Map<string, number>;
  /** The API process's peak resident memory so far (VmHWM). */
  rssMb(): number;
}

/**
 * Runs `body` on a fresh, migrated cluster, then stops the API and the cluster (`BENCH_KEEP=1`
 * leaves the cluster running for a look afterwards). `BENCH_PG_PORT` and `BENCH_API_PORT` move the ports.
 */
export async function runBench(
  name: string,
  ports: { pg: number; api: number },
  body: (bench: Bench) => Promise<void>,
) {
  const port = Number(process.env.BENCH_PG_PORT ?? ports.pg);
  const dir = mkdtempSync(join(tmpdir(), `gs-bench-${name}-`));
  log(`starting PostgreSQL in ${dir} on port ${port}`);
  const url = execFileSync(CLUSTER, ['start', dir, String(port)], { encoding: 'utf8' }).trim();
  const processes: ReturnType<typeof spawn>[] = [];
  const { db, close } = await connect({ kind: 'postgres', url, maxConnections: 4 });
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  try {
    await migrateToLatest(db);
    await body({
      url,
      db,
      sql,
      startApi: async () => {
        const api = await startApi(db, url, Number(process.env.BENCH_API_PORT ?? ports.api));
        processes.push(api.process);
        return api;
      },
    });
  } finally {
    for (const p of processes) {
      p.kill('SIGTERM');
      await once(p, 'exit').catch(() => {});
    }
    await sql.end();
    await close();
    if (process.env.BENCH_KEEP === '1') {
      log(`kept: ${url} (stop with scripts/pg-cluster.sh stop ${dir})`);
    } else {
      execFileSync(CLUSTER, ['stop', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

async function startApi(
  db: Connection['db'],
  url: string,
  port: number,
): Promise<Api & { process: ReturnType<typeof spawn> }> {
  await createUser(
    db,
    {
      email: COORDINATOR.email,
      name: 'Bench',
      role: 'coordinator',
      municipalityCode: null,
      passwordHash: await hashPassword(COORDINATOR.password),
    },
    null,
  );
  // Its own process, so that its peak RSS can be read from /proc.
  // BENCH_API_NODE_ARGS adds Node options to the API only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: join(ROOT, 'apps/api'),
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), DEMO_DATA: '0', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const spawned = performance.now();
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    // Folding a bulk-loaded round (one long first fold) runs in the background after start-up.
    if (i > 9000) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`API listening after ${Math.round(performance.now() - spawned)} ms`);
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(COORDINATOR),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const bytes = new Map<string, number>();
  return {
    process: child,
    bytes,
    async timed(path, signedIn = false) {
      const t0 = performance.now();
      const res = await fetch(`${base}${path}`, { headers: signedIn ? { cookie } : {} });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      bytes.set(path, body.byteLength);
      return performance.now() - t0;
    },
    async json(path, signedIn = false) {
      const res = await fetch(`${base}${path}`, { headers: signedIn ? { cookie } : {} });
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      return res.json();
    },
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return round1(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
    },
  };
}

/** Municipalities and units of one survey family, with the instrument its rounds use. */
export interface Network {
  family: FamilyKey;
  versionId: number;
  /** The items answered with a number (not the open ones). */
  items: Item[];
  groups: string[];
  codes: string[];
  /** By code: the first is the largest. */
  municipalities: { id: number; code: string }[];
  units: { id: number; municipality_id: number }[];
  /** Relative unit sizes: responses land in units in proportion. */
  unitWeight: number[];
  random: () => number;
}

/**
 * `--municipalities` (default 300) with Zipf-like sizes (the largest about a tenth of the country)
 * and about `--units` (default 3,000) units in proportion, of the family the cycle rule gives `year`.
 */
export async function createNetwork(bench: Bench, year: number): Promise<Network> {
  const opts = { municipalities: Number(arg('municipalities') ?? 300), units: Number(arg('units') ?? 3000) };
  const { db, sql } = bench;
  await saveSettings(db, DEFAULT_SETTINGS);
  const family = familyForYear(DEFAULT_SETTINGS.cycleRule, year);
  const version = (await installDefaultInstruments(db))[family];
  const def = InstrumentDefinition.parse(version.definition);
  const random = rng(2026);
  const weights = Array.from({ length: opts.municipalities }, (_, i) => 1 / (i + 1) ** 0.9);
  const total = weights.reduce((a, b) => a + b, 0);
  const codes = Array.from({ length: opts.municipalities }, (_, i) => String(i + 1).padStart(3, '0'));
  await sql`insert into municipality ${sql(
    codes.map((code, i) => ({
      code,
      names: sql.json({ fi: `Kunta ${code}`, sv: `Kommun ${code}`, en: `Municipality ${code}` }),
      population: Math.round(5_500_000 * ((weights[i] as number) / total)),
    })),
  )}`;
  const municipalities = await sql<{ id: number; code: string }[]>`select id, code from municipality order by code`;
  const unitRows = municipalities.flatMap((m, i) => {
    const n = Math.max(1, Math.round(opts.units * ((weights[i] as number) / total)));
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
  // Unit sizes vary threefold.
  const unitWeight = units.map(() => 0.5 + random());
  return {
    family,
    versionId: version.id,
    items: itemsOf(def).filter((i) => i.type !== 'open'),
    groups: def.group.options.map((o) => o.key),
    codes,
    municipalities: [...municipalities],
    units: [...units],
    unitWeight,
    random,
  };
}

export interface BenchRound {
  id: number;
  slug: string;
  year: number;
  opensOn: string;
  closesOn: string;
  responses: number;
  /** Expected responses per unit (fractional), in the order of the network's units. */
  perUnit: number[];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A round of the network's family in `year`, in every municipality, with base counts sized for
 * `responses`: this year's opened two weeks ago, an earlier year's in February and March.
 */
export async function addRound(
  bench: Bench,
  net: Network,
  opts: { year: number; responses: number; status: 'open' | 'closed' },
): Promise<BenchRound> {
  const today = new Date();
  const { year } = opts;
  const current = year === today.getUTCFullYear();
  const opensOn = current
    ? iso(new Date(Math.max(Date.UTC(year, 0, 1), today.getTime() - 14 * DAY_MS)))
    : `${year}-02-01`;
  const closesOn = current
    ? iso(new Date(Math.min(Date.UTC(year, 11, 31), today.getTime() + 30 * DAY_MS)))
    : `${year}-03-15`;
  const round = await createRound(
    bench.db,
    { family: net.family, instrumentVersionId: net.versionId, year, opensOn, closesOn, municipalityCodes: net.codes },
    null,
  );
  await transitionRound(bench.db, round.id, 'open', null);
  if (opts.status === 'closed') await transitionRound(bench.db, round.id, 'closed', null);
  const unitTotal = net.unitWeight.reduce((a, b) => a + b, 0);
  const perUnit = net.unitWeight.map((w) => (opts.responses * w) / unitTotal);
  await replaceBaseCounts(
    bench.db,
    round.id,
    net.units.flatMap((u, i) =>
      net.groups.map((g) => ({
        municipalityId: u.municipality_id,
        unitId: u.id,
        groupKey: g,
        enrolled: Math.ceil(((perUnit[i] as number) * 2.5) / net.groups.length),
      })),
    ),
  );
  return { id: round.id, slug: round.slug, year, opensOn, closesOn, responses: opts.responses, perUnit };
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

/**
 * Loads each round's responses and their answers (~32 each: statements answered 97 % of the
 * time, 6 % of them "can't say", and the grade) with COPY; the answer table's keys are dropped
 * for the load and rebuilt once at the end, then everything is analysed.
 */
export async function loadRounds(bench: Bench, net: Network, rounds: BenchRound[]) {
  const { sql } = bench;
  const keys = await sql<{ name: string; definition: string }[]>`
    select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
    where conrelid = 'answer'::regclass and contype in ('p', 'f') order by contype desc`;
  for (const k of keys) await sql`alter table answer drop constraint ${sql(k.name)}`;
  for (const round of rounds) await copyRound(bench, net, round);
  const started = performance.now();
  for (const k of [...keys].reverse()) {
    await sql.unsafe(`alter table answer add constraint "${k.name}" ${k.definition}`);
  }
  await sql`analyze`;
  const [counts] = await sql<{ responses: number; answers: number }[]>`
    select (select count(*)::int from response) as responses, (select count(*)::int from answer) as answers`;
  log(
    `keys rebuilt and analysed in ${Math.round(performance.now() - started)} ms: ${counts?.responses} responses, ${counts?.answers} answers`,
  );
}

async function copyRound(bench: Bench, net: Network, round: BenchRound) {
  const { sql } = bench;
  const { random, units, groups, items } = net;
  let started = performance.now();
  const before = (await sql<{ n: number }[]>`select coalesce(max(id), 0)::int as n from response`)[0]!.n;
  const placeOf: number[] = [];
  let carry = 0;
  units.forEach((_, i) => {
    carry += round.perUnit[i] as number;
    const n = Math.floor(carry);
    carry -= n;
    for (let k = 0; k < n && placeOf.length < round.responses; k++) placeOf.push(i);
  });
  while (placeOf.length < round.responses) placeOf.push(Math.floor(random() * units.length));
  const opened = Date.parse(round.opensOn);
  const day = (d: number) => iso(new Date(opened + d * DAY_MS));
  const last = Math.min(Date.now(), Date.parse(round.closesOn));
  const days = Math.max(1, Math.min(14, Math.round((last - opened) / DAY_MS) + 1));
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
  log(`${round.slug}: ${round.responses} responses copied in ${Math.round(performance.now() - started)} ms`);
  started = performance.now();
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
  log(`${round.slug}: answers copied in ${Math.round(performance.now() - started)} ms`);
}

/** 20 new responses in a random unit of an open round, as if submitted between two requests. */
export async function trickle(bench: Bench, net: Network, round: BenchRound) {
  const u = net.units[Math.floor(net.random() * net.units.length)]!;
  const grade = net.items.find((i) => i.type === 'grade')?.key ?? '';
  await bench.sql`
    with r as (
      insert into response (round_id, municipality_id, unit_id, group_key, language)
      select ${round.id}, ${u.municipality_id}, ${u.id}, ${net.groups[0]!}, 'fi' from generate_series(1, 20)
      returning id
    )
    insert into answer (response_id, item_key, value)
    select r.id, i.key, case when i.key = ${grade} then 8 else 4 end
    from r, unnest(${net.items.map((i) => i.key)}::text[]) as i(key)`;
}

/** What a report would cost if it grouped the raw answers on every request: 3 runs of the plain GROUP BY. */
export async function scanRound(bench: Bench, round: BenchRound): Promise<number[]> {
  const scans: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await bench.sql`
      select a.item_key, a.value, count(*)::int as n
      from answer a join response r on r.id = a.response_id
      where r.round_id = ${round.id}
      group by a.item_key, a.value`;
    scans.push(performance.now() - t0);
  }
  log(`scan of ${round.slug}: ${ms(scans)} ms`);
  return scans;
}

/** Closes a round if it is open and publishes it (which folds what is new first); milliseconds taken. */
export async function closeAndPublish(bench: Bench, round: BenchRound): Promise<number> {
  const started = performance.now();
  const { status } = await bench.db
    .selectFrom('round')
    .select('status')
    .where('id', '=', round.id)
    .executeTakeFirstOrThrow();
  if (status === 'open') await transitionRound(bench.db, round.id, 'closed', null);
  const published = await publishRound(bench.db, round.id, { userId: null });
  const took = performance.now() - started;
  log(`published ${round.slug} version ${published.version} (${published.scopes} scopes) in ${Math.round(took)} ms`);
  return took;
}

/** Logs the sizes of the tables reports read, with their indexes. */
export async function logTableSizes(bench: Bench) {
  const sizes = await bench.sql<{ name: string; mb: number }[]>`
    select relname as name, round(pg_total_relation_size(oid) / 1048576.0)::int as mb from pg_class
    where relkind = 'r' and relname in ('response', 'answer', 'snapshot_report', 'answer_count_region',
      'answer_count_municipality', 'answer_count_municipality_group', 'answer_count_unit',
      'answer_size_municipality', 'answer_size_unit', 'response_count', 'response_day')
    order by 1`;
  log(`table sizes (MB, with indexes): ${sizes.map((x) => `${x.name} ${x.mb}`).join(', ')}`);
}

/**
 * Medians of `RUNS` requests to each path, taken in turn, with `between` run before every
 * request (e.g. new responses arriving); logs every time under `label`.
 */
export async function timeViews<K extends string>(
  api: Api,
  label: string,
  paths: Record<K, string>,
  opts: { signedIn?: boolean; between?: () => Promise<void> } = {},
): Promise<Record<K, number>> {
  const keys = Object.keys(paths) as K[];
  const times = new Map<K, number[]>(keys.map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const k of keys) {
      await opts.between?.();
      times.get(k)?.push(await api.timed(paths[k], opts.signedIn));
    }
  }
  for (const k of keys) log(`${label} ${k}: ${ms(times.get(k) ?? [])} ms (${api.bytes.get(paths[k])} bytes)`);
  return Object.fromEntries(keys.map((k) => [k, median(times.get(k) ?? [])])) as Record<K, number>;
}

/**
 * Times views of an open round live as the coordinator, with 20 new responses arriving before
 * every request (after a first request that folds the whole round in, once), then closes and
 * publishes the round and times them again, as the public, from the snapshot.
 */
export async function liveThenPublished<K extends string>(
  bench: Bench,
  api: Api,
  net: Network,
  round: BenchRound,
  paths: { live: Record<K, string>; published: Record<K, string> },
) {
  const first = Object.values<string>(paths.live)[0] as string;
  const t = await api.timed(first, true);
  log(`first live request (folds all ${round.responses} responses): ${Math.round(t)} ms`);
  const live = await timeViews(api, 'live', paths.live, { signedIn: true, between: () => trickle(bench, net, round) });
  const publishMs = await closeAndPublish(bench, round);
  for (const path of Object.values<string>(paths.published)) await api.timed(path);
  const published = await timeViews(api, 'published', paths.published);
  return { live, published, publishMs };
}
