import { sql } from 'kysely';
import { connect } from '../connection.ts';
import { migrateToLatest } from '../migrate.ts';
import { openTestDatabase, testEngine } from '../testing.ts';
import { loadDemoData } from './index.ts';

// npx tsx packages/db/src/demo/measure-load.ts [seed] [pglite-dir]: in-memory PGlite, PostgreSQL when
// TEST_DATABASE_URL is set, or PGlite stored in an (empty) directory as `pnpm start` uses it.
const seed = Number(process.argv[2] ?? 1);
const dir = process.argv[3];
const opened = performance.now();
const t = dir ? await connect({ kind: 'pglite', dataDir: dir }) : await openTestDatabase();
if (dir) await migrateToLatest(t.db);
const migrated = performance.now();
const summary = await loadDemoData(t.db, { seed });
const loaded = performance.now();
const { rows } = await sql<{ slug: string; status: string; responses: number; answers: number; open_answers: number }>`
  select r.slug, r.status,
    (select count(*) from response x where x.round_id = r.id)::int as responses,
    (select count(*) from answer a join response x on x.id = a.response_id where x.round_id = r.id)::int as answers,
    (select count(*) from open_answer o where o.round_id = r.id)::int as open_answers
  from round r order by r.year`.execute(t.db);
await t.close();
console.log(`engine ${dir ? `pglite in ${dir}` : testEngine}, seed ${seed}`);
console.log(`open + migrate ${Math.round(migrated - opened)} ms, loadDemoData ${Math.round(loaded - migrated)} ms`);
console.log(summary);
console.table(rows);
