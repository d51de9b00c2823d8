// Two API instances and a read replica (issue 10.8): a PostgreSQL primary and a streaming
// hot standby on loopback (scripts/pg-cluster.sh start / replica), two API processes
// (`node --import tsx src/main.ts`) behind a round-robin proxy written here, then one
// instance killed with SIGKILL while submissions run through the proxy. Starts and stops
// everything itself (temporary directories, free ports), whatever TEST_DATABASE_URL says.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { Agent, type Server, createServer, request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Connection, connect, moveInbox } from '@gs/db';
import { DEMO_USERS } from '@gs/db/demo';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLUSTER = join(ROOT, 'scripts/pg-cluster.sh');
const ROUND = '2026-basic';
const LOAD = { submissions: 300, parallel: 20, killAfter: 100 };

function serverBinaries(): boolean {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
  if (versions.some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_basebackup`))) return true;
  try {
    execFileSync('sh', ['-c', 'command -v pg_basebackup'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = serverBinaries();
if (!available) {
  console.warn('two-instances.test.ts skipped: no PostgreSQL server binaries (apt-get install -y postgresql)');
}

async function freePort(): Promise<number> {
  const s = createNetServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  s.close();
  await once(s, 'close');
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Instance {
  name: string;
  port: number;
  base: string;
  child: ChildProcess;
}

async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(ROOT, 'apps/api'),
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`instance ${name} exited: ${stderr}`);
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error(`instance ${name} did not start: ${stderr}`);
    await sleep(100);
  }
  return { name, port, base, child };
}

/**
 * A round-robin HTTP proxy: each request goes to the next instance that is up. A refused
 * connection marks the instance down for 2 s and the request goes to the next one (nothing
 * was sent); a connection lost mid-request answers 502, as a real load balancer would.
 */
async function startProxy(instances: Instance[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const downUntil = new Map<string, number>();
  let next = 0;
  const counts = { forwarded: 0, refused: 0, lost: 0 };
  const pick = () => {
    for (let i = 0; i < instances.length; i++) {
      const inst = instances[next++ % instances.length] as Instance;
      if ((downUntil.get(inst.name) ?? 0) <= Date.now()) return inst;
    }
    return undefined;
  };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    for (let attempt = 0; attempt < instances.length; attempt++) {
      const target = pick();
      if (!target) break;
      const outcome = await new Promise<'done' | 'refused'>((done) => {
        const out = request(
          {
            agent,
            host: '127.0.0.1',
            port: target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, 'x-forwarded-for': forwarded, 'content-length': String(body.length) },
          },
          (upstream) => {
            res.writeHead(upstream.statusCode ?? 502, upstream.headers);
            upstream.pipe(res);
            upstream.on('error', () => res.destroy());
            upstream.on('end', () => done('done'));
          },
        );
        out.on('error', (err: NodeJS.ErrnoException) => {
          downUntil.set(target.name, Date.now() + 2_000);
          if (err.code === 'ECONNREFUSED') return done('refused');
          counts.lost++;
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"bad_gateway","message":"instance lost"}}');
          done('done');
        });
        out.end(body);
      });
      if (outcome === 'done') {
        counts.forwarded++;
        return;
      }
      counts.refused++;
    }
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"error":{"code":"unavailable","message":"no instance up"}}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    counts,
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const started = Date.now();
let dir = '';
let clusters: string[] = [];
let instances: Instance[] = [];
let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
let db: Connection | undefined;
let A: Instance;
let B: Instance;
let roundId = 0;
let replicaUrl = '';
let survey: { unitId: number; statements: string[]; grade: string; open: string };

const coordinator = DEMO_USERS.find((u) => u.role === 'coordinator')!;

async function signIn(base: string, email: string, password: string) {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const body = (await res.json()) as { csrfToken?: string };
  return { status: res.status, cookie, csrfToken: body.csrfToken ?? '' };
}

/** A complete basic-education response; submission `n` is written into four statements (base 6) to find it again. */
function responseBody(n: number, extra: Record<string, unknown> = {}) {
  const answers: Record<string, number> = {};
  survey.statements.forEach((key, i) => {
    answers[key] = i < 4 ? Math.floor(n / 6 ** i) % 6 : (i % 5) + 1;
  });
  answers[survey.grade] = 8;
  return {
    municipality: 'lahti',
    unitId: survey.unitId,
    groupKey: 'grades_3_6',
    language: 'fi',
    answers,
    openAnswers: { [survey.open]: `Vastaus ${n}` },
    ...extra,
  };
}

function submit(base: string, key: string, body: unknown, client = '10.9.9.9') {
  return fetch(`${base}/api/survey/rounds/${ROUND}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-forwarded-for': client },
    body: JSON.stringify(body),
  });
}

async function responsesOfRound(): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from stored_response where round_id = ${roundId}`.execute(db!.db);
  return rows[0]!.n;
}

describe.skipIf(!available)('two API instances, one primary and a streaming replica', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gs-two-'));
    chmodSync(dir, 0o755); // the postgres user must reach the clusters inside
    const [pgPort, replicaPort] = [await freePort(), await freePort()];
    const primaryUrl = execFileSync(CLUSTER, ['start', join(dir, 'primary'), String(pgPort)], {
      encoding: 'utf8',
    }).trim();
    clusters.push(join(dir, 'primary'));
    replicaUrl = execFileSync(CLUSTER, ['replica', join(dir, 'replica'), String(replicaPort), String(pgPort)], {
      encoding: 'utf8',
    }).trim();
    clusters.push(join(dir, 'replica'));
    // Forwarded addresses: the load's own (a CDN's view of each guardian), then the proxy's.
    const env = {
      DATABASE_URL: primaryUrl,
      DATABASE_REPLICA_URL: replicaUrl,
      DATABASE_POOL_SIZE: '8',
      TRUSTED_PROXIES: '2',
      CLIENT_KEY_SECRET: 'two-instances-shared-secret',
    };
    // The first instance migrates and loads the demo data; the second finds them there.
    A = await startInstance('A', { ...env, DEMO_DATA: '1' });
    instances.push(A);
    B = await startInstance('B', { ...env, DEMO_DATA: '0' });
    instances.push(B);
    proxy = await startProxy(instances);
    db = await connect({ kind: 'postgres', url: primaryUrl, maxConnections: 2 });
    roundId = (await db.db.selectFrom('round').select('id').where('slug', '=', ROUND).executeTakeFirstOrThrow()).id;
    const form = (await (await fetch(`${A.base}/api/survey/rounds/${ROUND}/municipalities/lahti?lang=fi`)).json()) as {
      units: { id: number }[];
      sections: { items: { key: string; type: string }[] }[];
    };
    const items = form.sections.flatMap((s) => s.items);
    survey = {
      unitId: form.units[0]!.id,
      statements: items.filter((i) => i.type !== 'open' && i.type !== 'grade').map((i) => i.key),
      grade: items.find((i) => i.type === 'grade')!.key,
      open: items.find((i) => i.type === 'open')!.key,
    };
  });

  afterAll(async () => {
    for (const inst of instances) {
      if (inst.child.exitCode === null && inst.child.signalCode === null) {
        inst.child.kill('SIGKILL');
        await once(inst.child, 'exit').catch(() => {});
      }
    }
    await proxy?.close();
    await db?.close();
    for (const c of clusters.reverse()) {
      try {
        execFileSync(CLUSTER, ['stop', c], { stdio: 'ignore' });
      } catch {}
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    clusters = [];
    instances = [];
  });

  it('a session and its CSRF token from instance A work on instance B', async () => {
    const session = await signIn(A.base, coordinator.email, coordinator.password);
    expect(session.status).toBe(200);
    const me = await fetch(`${B.base}/api/auth/me`, { headers: { cookie: session.cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(coordinator.email);
    const path = `${B.base}/api/console/rounds/${roundId}/codes`;
    const body = JSON.stringify({ municipalityCode: '398', count: 2 });
    const headers = { cookie: session.cookie, 'content-type': 'application/json' };
    const without = await fetch(path, { method: 'POST', headers, body });
    expect(without.status).toBe(403);
    const withToken = await fetch(path, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': session.csrfToken },
      body,
    });
    expect(withToken.status).toBe(201);
  });

  it('sign-in failures counted on A and B together lock the address', async () => {
    const email = 'nobody-two-instances@example.fi';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn(i % 2 ? B.base : A.base, email, 'wrong-password')).status);
    // Five failures (three on A, two on B) lock the address on both instances.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    expect((await signIn(A.base, email, 'wrong-password')).status).toBe(429);
  });

  it('a submission retried on the other instance with the same Idempotency-Key is stored once', async () => {
    const before = await responsesOfRound();
    const key = `two-instances-retry-${Date.now()}`;
    const first = await submit(A.base, key, responseBody(9_000));
    expect(first.status).toBe(201);
    const again = await submit(B.base, key, responseBody(9_000));
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(await responsesOfRound()).toBe(before + 1);
  });

  it('a one-time code used on A is refused on B', async () => {
    const session = await signIn(B.base, coordinator.email, coordinator.password);
    const res = await fetch(`${B.base}/api/console/rounds/${roundId}/codes`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ municipalityCode: '398', count: 1 }),
    });
    const code = ((await res.json()) as { codes: { code: string }[] }).codes[0]!.code;
    const used = await submit(A.base, `two-instances-code-a-${Date.now()}`, responseBody(9_001, { accessCode: code }));
    expect(used.status).toBe(201);
    const refused = await submit(
      B.base,
      `two-instances-code-b-${Date.now()}`,
      responseBody(9_002, { accessCode: code }),
    );
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { field: string } }).error.field).toBe('accessCode');
  });

  it('reports are read from the replica, and live figures say how far it lags', async () => {
    const session = await signIn(A.base, coordinator.email, coordinator.password);
    const live = await fetch(`${B.base}/api/reports/rounds/${ROUND}/region?source=live`, {
      headers: { cookie: session.cookie },
    });
    expect(live.status).toBe(200);
    const report = (await live.json()) as { source: { kind: string; asOf: string; replicaLagMs?: number } };
    expect(report.source.kind).toBe('live');
    expect(report.source.replicaLagMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(report.source.asOf)).toBeLessThanOrEqual(Date.now());
    const table = await fetch(`${B.base}/api/reports/rounds/${ROUND}/compare?source=live`, {
      headers: { cookie: session.cookie },
    });
    expect(table.status).toBe(200);
    expect(((await table.json()) as { source: { replicaLagMs?: number } }).source.replicaLagMs).toBeGreaterThanOrEqual(
      0,
    );
    const published = await fetch(`${A.base}/api/reports/rounds/2024-basic/region`);
    expect(published.status).toBe(200);
    expect(((await published.json()) as { source: { kind: string } }).source.kind).toBe('published');
    // The standby refuses writes: what the API read there, it only read.
    const standby = await connect({ kind: 'postgres', url: replicaUrl, maxConnections: 1 });
    try {
      const { rows } = await sql<{ r: boolean }>`select pg_is_in_recovery() as r`.execute(standby.db);
      expect(rows[0]!.r).toBe(true);
    } finally {
      await standby.close();
    }
  });

  it('SIGKILL of one instance under load loses and duplicates nothing; the other keeps serving', async () => {
    const base = proxy!.base;
    await moveInbox(db!.db, { all: true });
    const before = await db!.db
      .selectFrom('response')
      .select(sql<number>`coalesce(max(id), 0)::int`.as('max'))
      .executeTakeFirstOrThrow();
    const prefix = `kill-${Date.now()}`;
    const acknowledged = new Set<number>();
    let attempts = 0;
    let failures = 0;
    let replayed = 0;
    let killedAt = 0;
    let next = 0;
    const t0 = performance.now();
    const deadline = Date.now() + 45_000;
    const worker = async () => {
      for (let n = next++; n < LOAD.submissions; n = next++) {
        // Retried with the same key until acknowledged, as the survey page's script does.
        for (;;) {
          if (Date.now() > deadline) throw new Error(`submission ${n} not acknowledged in time`);
          attempts++;
          const res = await submit(base, `${prefix}-${n}`, responseBody(n), `10.1.${n >> 8}.${n & 255}`).catch(
            () => null,
          );
          if (res?.status === 201) {
            if (res.headers.get('idempotent-replayed') === 'true') replayed++;
            await res.arrayBuffer();
            acknowledged.add(n);
            break;
          }
          failures++;
          await res?.arrayBuffer().catch(() => {});
          await sleep(50);
        }
        if (acknowledged.size >= LOAD.killAfter && !killedAt) {
          killedAt = acknowledged.size;
          A.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: LOAD.parallel }, worker));
    const seconds = (performance.now() - t0) / 1000;
    if (A.child.exitCode === null && A.child.signalCode === null) await once(A.child, 'exit');
    expect(A.child.signalCode).toBe('SIGKILL');

    // Every acknowledged submission is stored exactly once, whole (every answer and the open answer),
    // looked at once the day's inbox has moved into the response tables.
    await moveInbox(db!.db, { all: true });
    const rows = await sql<{ id: number; answers: number; open: number; held: boolean }>`
      select r.id, r.held,
             (select count(*)::int from answer a where a.response_id = r.id) as answers,
             (select count(*)::int from open_answer o where o.response_id = r.id) as open
      from response r where r.round_id = ${roundId} and r.id > ${before.max}`.execute(db!.db);
    const marks = await db!.db
      .selectFrom('answer')
      .select(['response_id', 'item_key', 'value'])
      .where('response_id', '>', before.max)
      .where('item_key', 'in', survey.statements.slice(0, 4))
      .execute();
    const numberOf = new Map<number, number>();
    for (const m of marks) {
      const place = 6 ** survey.statements.indexOf(m.item_key);
      numberOf.set(m.response_id, (numberOf.get(m.response_id) ?? 0) + m.value * place);
    }
    const stored = new Map<number, number>();
    for (const r of rows.rows) {
      const n = numberOf.get(r.id) ?? -1;
      stored.set(n, (stored.get(n) ?? 0) + 1);
    }
    const keys = await db!.db
      .selectFrom('idempotency_key')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('key', 'like', `${prefix}-%`)
      .executeTakeFirstOrThrow();
    const figures = {
      submissions: LOAD.submissions,
      acknowledged: acknowledged.size,
      stored: rows.rows.length,
      lost: [...acknowledged].filter((n) => !stored.has(n)).length,
      duplicated: [...stored.values()].filter((c) => c > 1).length,
      killed_after: killedAt,
      attempts,
      failed_attempts: failures,
      replayed,
      proxy: proxy!.counts,
      seconds: Math.round(seconds * 10) / 10,
    };
    console.log(`two-instances: ${JSON.stringify(figures)}`);
    expect(acknowledged.size).toBe(LOAD.submissions);
    expect(figures.lost).toBe(0);
    expect(figures.duplicated).toBe(0);
    expect(rows.rows.length).toBe(LOAD.submissions);
    expect(keys.n).toBe(LOAD.submissions);
    for (const r of rows.rows) {
      expect(r.answers).toBe(survey.statements.length + 1);
      expect(r.open).toBe(1);
      expect(r.held).toBe(false);
    }

    // The survivor keeps serving through the proxy and on its own.
    for (let i = 0; i < 4; i++) expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect((await fetch(`${B.base}/api/health`)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(90_000);
  }, 90_000);
});
