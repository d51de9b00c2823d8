// pnpm bench:start: how fast `pnpm start` serves and how much memory the idle server holds.
//
// Builds first (untimed, `node scripts/build.mjs` for an empty data directory, so the timed runs
// measure starting, not building; each run still includes the build's up-to-date check), then:
//   first_start_s   `pnpm start` on an empty DATA_DIR until the "ready" line (demo data included)
//   second_start_s  `pnpm start` again on that data directory
//   rss_mb, heap_mb the server process's resident memory (VmRSS) and V8 heap in use, 5 s after each
//                   start (idle); `*_first_*` after the first start, the others after the second
// and prints them as the last line, JSON. BENCH_ROOT=/path/to/checkout measures another checkout
// (e.g. an older commit in a worktree); BENCH_PORT moves the port (default 8799).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(process.env.BENCH_ROOT ?? join(import.meta.dirname, '../..'));
const port = process.env.BENCH_PORT ?? '8799';
const dataDir = join(mkdtempSync(join(tmpdir(), 'gs-bench-start-')), 'pglite');
const heapFile = `${dataDir}.heap.json`;
// A preload that writes the process's memory use when sent SIGUSR2 (only the server is sent it).
const preload = `data:text/javascript,${encodeURIComponent(
  `import { writeFileSync } from 'node:fs'; process.on('SIGUSR2', () => { globalThis.gc?.(); writeFileSync(${JSON.stringify(heapFile)}, JSON.stringify(process.memoryUsage())); });`,
)}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: port,
  DEMO_DATA: '1',
  NODE_OPTIONS: `--import=${preload}`,
};
delete env.DATABASE_URL;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (existsBuildScript()) {
  console.error('building (untimed) ...');
  execFileSync('node', ['scripts/build.mjs'], { cwd: root, env: { ...env, NODE_OPTIONS: '' }, stdio: 'inherit' });
}

function existsBuildScript() {
  try {
    readFileSync(join(root, 'scripts/build.mjs'));
    return true;
  } catch {
    return false;
  }
}

/** The server: the process in the start command's group whose command line names main.ts/main.js, largest RSS. */
function serverPid(group: number): number {
  let best = { pid: 0, rss: -1 };
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (pgid !== group || !/main\.(ts|js)/.test(cmd) || !/(^|\/)node$/.test(cmd.split('\0')[0]!)) continue;
      const rss = rssMb(Number(name));
      if (rss > best.rss) best = { pid: Number(name), rss };
    } catch {}
  }
  if (!best.pid) throw new Error('server process not found');
  return best.pid;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function start(): Promise<{ seconds: number; rssMb: number; heapMb: number; stop(): Promise<void> }> {
  const started = performance.now();
  const child: ChildProcess = spawn('pnpm', ['start'], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/ready in/.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`pnpm start exited (${code}):\n${output}`)));
  });
  await ready;
  const seconds = (performance.now() - started) / 1000;
  if (/^built /m.test(output)) console.error('note: the timed start rebuilt something (sources changed meanwhile)');
  const health = await fetch(`http://localhost:${port}/api/health`);
  if (!health.ok) throw new Error(`health check answered ${health.status}`);
  await sleep(5000);
  const pid = serverPid(child.pid!);
  const rss = rssMb(pid);
  rmSync(heapFile, { force: true });
  process.kill(pid, 'SIGUSR2');
  let heapMb = Number.NaN;
  for (let i = 0; i < 50 && Number.isNaN(heapMb); i++) {
    await sleep(100);
    try {
      heapMb = JSON.parse(readFileSync(heapFile, 'utf8')).heapUsed / 1024 / 1024;
    } catch {}
  }
  return {
    seconds,
    rssMb: rss,
    heapMb,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
      await sleep(500);
    },
  };
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
try {
  const first = await start();
  await first.stop();
  const second = await start();
  await second.stop();
  const result = {
    first_start_s: round(first.seconds, 2),
    second_start_s: round(second.seconds, 2),
    rss_mb: round(second.rssMb),
    heap_mb: round(second.heapMb),
    rss_first_mb: round(first.rssMb),
    heap_first_mb: round(first.heapMb),
  };
  console.log(JSON.stringify(result));
} finally {
  rmSync(resolve(dataDir, '..'), { recursive: true, force: true });
  rmSync(heapFile, { force: true });
}
