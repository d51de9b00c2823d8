// tsx scripts/build-demo.ts OUT_DIR [SEED]: writes the prebuilt demo database (a PGlite data directory
// archive) that `pnpm start` unpacks into an empty DATA_DIR instead of generating the demo on start.
// Run by scripts/build.mjs when its inputs change; the file is a build output, never committed.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildDemoArchive, demoArchiveName } from '../packages/db/src/demo/index.ts';

const outDir = resolve(process.argv[2] ?? 'apps/api/dist');
const seed = Number(process.argv[3] ?? 2026);
const started = performance.now();
const { archive, summary } = await buildDemoArchive(seed);
mkdirSync(outDir, { recursive: true });
const path = join(outDir, demoArchiveName(seed));
writeFileSync(`${path}.tmp`, archive);
renameSync(`${path}.tmp`, path);
console.log(
  `demo database (seed ${seed}, ${summary.responses} responses): ${path}, ${(archive.length / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
