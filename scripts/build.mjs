// node scripts/build.mjs [web] [api] [demo] [--force]: the production build, incremental.
//
//   web   apps/web/dist            vite build (console, reports, the survey's script)
//   api   apps/api/dist/main.js    the API bundled with esbuild: our TypeScript (workspace packages
//                                  included) as one ESM file with a source map; npm packages stay
//                                  external and load from node_modules (PGlite finds its wasm there)
//   demo  apps/api/dist/demo-seed-N.tar   the demo database prebuilt as a PGlite data directory,
//                                  which the server unpacks into an empty DATA_DIR (scripts/build-demo.ts)
//
// Each target hashes its inputs (sources without tests, package manifests, lockfile, configs, this
// script) and is skipped when the hash equals the stamp its last build left, so a second
// `pnpm start` builds nothing. The demo is built only when the server will use it: embedded
// database (no DATABASE_URL), DEMO_DATA on and DATA_DIR empty; otherwise a stale one is removed so
// the server generates the demo instead. Plain JavaScript on purpose: it runs before every start.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const API_DIST = join(ROOT, 'apps/api/dist');
const WEB_DIST = join(ROOT, 'apps/web/dist');
const args = process.argv.slice(2);
const force = args.includes('--force');
const wanted = args.filter((a) => !a.startsWith('--'));
const targets = wanted.length > 0 ? wanted : ['web', 'api', 'demo'];

/** Every file under the given repository paths (directories walked), sorted; tests and outputs left out. */
function filesOf(paths) {
  const out = [];
  const walk = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) {
        if (name === 'node_modules' || name === 'dist') continue;
        walk(join(path, name));
      }
    } else if (!/\.test\.tsx?$/.test(path)) out.push(path);
  };
  for (const p of paths) walk(join(ROOT, p));
  return out.sort();
}

function hashOf(paths, extra = '') {
  const hash = createHash('sha256').update(extra);
  for (const file of filesOf(paths)) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

const shared = ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'tsconfig.base.json', 'scripts/build.mjs'];
const packageSources = [
  'packages/db',
  'packages/schema',
  'packages/stats',
  'packages/instruments',
  'packages/messages',
];

function run(command, commandArgs, cwd = ROOT) {
  const result = spawnSync(command, commandArgs, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build failed: ${command} ${commandArgs.join(' ')}`);
    process.exit(result.status ?? 1);
  }
}

/** Runs `build` unless the stamp beside the outputs matches the inputs' hash and every output exists. */
async function target(name, { inputs, extra, stamp, outputs, build }) {
  const hash = hashOf(inputs, extra);
  const upToDate =
    !force && outputs.every((o) => existsSync(o)) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
  if (upToDate) return;
  const started = performance.now();
  rmSync(stamp, { force: true });
  await build();
  writeFileSync(stamp, hash);
  console.log(`built ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function buildApi() {
  const require = createRequire(join(ROOT, 'apps/api/package.json'));
  const esbuild = require('esbuild');
  const outfile = join(API_DIST, 'main.js');
  const result = await esbuild.build({
    entryPoints: [join(ROOT, 'apps/api/src/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    // The map points at the TypeScript files in the checkout; without their text in it, it loads faster.
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [
      {
        // Workspace packages (@gs/*, TypeScript sources) are bundled; npm packages load from node_modules.
        name: 'external-npm-packages',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith('@gs/') || a.path.startsWith('node:') ? undefined : { path: a.path, external: true },
          );
        },
      },
    ],
  });
  // Each external package must resolve from the bundle's own folder (pnpm links only declared dependencies).
  const missing = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const i of output.imports) {
      if (!i.external || i.path.startsWith('node:')) continue;
      const name = i.path.startsWith('@') ? i.path.split('/').slice(0, 2).join('/') : i.path.split('/')[0];
      let dir = API_DIST;
      while (!existsSync(join(dir, 'node_modules', name)) && dirname(dir) !== dir) dir = dirname(dir);
      if (!existsSync(join(dir, 'node_modules', name))) missing.add(name);
    }
  }
  if (missing.size > 0) {
    rmSync(outfile, { force: true });
    throw new Error(`the API bundle imports packages apps/api does not depend on: ${[...missing].join(', ')}`);
  }
}

const env = process.env;
const seed = Number(env.DEMO_SEED ?? 2026);
const dataDir = resolve(ROOT, env.DATA_DIR ?? 'data/pglite');
const demoArchive = join(API_DIST, `demo-seed-${seed}.tar`);
const demoStamp = join(API_DIST, `.stamp-demo-${seed}`);
const demoInputs = [...packageSources, 'scripts/build-demo.ts', ...shared];
const demoWanted =
  !env.DATABASE_URL &&
  !['0', 'false'].includes(env.DEMO_DATA ?? '1') &&
  (!existsSync(dataDir) || readdirSync(dataDir).length === 0);

if (targets.includes('web')) {
  await target('web', {
    inputs: ['apps/web', 'packages/schema', 'packages/messages', ...shared],
    stamp: join(WEB_DIST, '.stamp'),
    outputs: [join(WEB_DIST, 'index.html'), join(WEB_DIST, '.vite/manifest.json')],
    build: () => run('pnpm', ['--filter', '@gs/web', 'build']),
  });
}
if (targets.includes('api')) {
  await target('api', {
    inputs: ['apps/api', ...packageSources, ...shared],
    stamp: join(API_DIST, '.stamp-api'),
    outputs: [join(API_DIST, 'main.js')],
    build: buildApi,
  });
}
if (targets.includes('demo')) {
  if (demoWanted) {
    await target('demo', {
      inputs: demoInputs,
      extra: `seed ${seed}`,
      stamp: demoStamp,
      outputs: [demoArchive],
      build: () => run(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/build-demo.ts', API_DIST, String(seed)]),
    });
  } else if (existsSync(demoArchive)) {
    // Not needed now; keep it only while it still matches its inputs, so it is never used stale.
    const current = existsSync(demoStamp) && readFileSync(demoStamp, 'utf8') === hashOf(demoInputs, `seed ${seed}`);
    if (!current) for (const f of [demoArchive, demoStamp]) rmSync(f, { force: true });
  }
}
