import { serve } from '@hono/node-server';
import {
  type Connection,
  closeExpiredRounds,
  foldOpenRounds,
  moveInbox,
  connect,
  deleteStaleDrafts,
  installDefaultInstruments,
  migrateToLatest,
  stepOpenRounds,
  useReplica,
} from '@gs/db';
import { databaseIsEmpty, loadDemoData, unpackDemoArchive } from '@gs/db/demo';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { logError } from './lib/errors.ts';
import { noteBackgroundFold } from './reports/report-cache.ts';

/** Opens the database chosen by the config: PostgreSQL when DATABASE_URL is set, else PGlite on disk. */
export async function openDatabase(config: Config): Promise<Connection> {
  return config.DATABASE_URL
    ? connect({ kind: 'postgres', url: config.DATABASE_URL, maxConnections: config.DATABASE_POOL_SIZE })
    : connect({ kind: 'pglite', dataDir: config.DATA_DIR });
}

const DRAFT_LIFETIME_DAYS = 30;

/** Closes rounds past their close date and drops drafts nobody has touched for a month. */
export async function housekeeping(db: Connection['db'], now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  const stale = new Date(now.getTime() - DRAFT_LIFETIME_DAYS * 86_400_000).toISOString().slice(0, 10);
  await closeExpiredRounds(db, today);
  await deleteStaleDrafts(db, stale);
}

/**
 * Folds and mixes each open round's inbox (at least once a minute even with FOLD_INTERVAL_MS=0,
 * docs/privacy.md), then moves yesterday's inbox (and that of rounds no longer open) into the
 * response tables. Runs in the background: a large backlog never holds up a start.
 */
export async function settleResponses(db: Connection['db']) {
  await foldOpenRounds(db);
  await moveInbox(db);
}

export interface StartOptions {
  /**
   * Where the build left the prebuilt demo database (`scripts/build.mjs`: next to the bundle). An
   * empty embedded DATA_DIR then starts from it instead of generating the demo (the same rows).
   */
  prebuiltDemoDir?: string;
}

/** Migrates, loads demo data into an empty database when enabled, and starts listening. */
export async function startServer(
  config: Config,
  log: (line: string) => void = console.log,
  options: StartOptions = {},
) {
  const started = performance.now();
  let demo = false;
  if (!config.DATABASE_URL && config.DEMO_DATA && options.prebuiltDemoDir) {
    demo = unpackDemoArchive(options.prebuiltDemoDir, config.DEMO_SEED, config.DATA_DIR);
    if (demo) log(`Empty database: started from the prebuilt demo database (seed ${config.DEMO_SEED}).`);
  }
  const connection = await openDatabase(config);
  const { db } = connection;
  await migrateToLatest(db);
  if (config.DEMO_DATA && (await databaseIsEmpty(db))) {
    log('Empty database: loading demo data (turn off with DEMO_DATA=0) ...');
    const summary = await loadDemoData(db, { seed: config.DEMO_SEED });
    log(
      `Demo data loaded: ${summary.municipalities} municipalities, ${summary.units} units, ${summary.rounds} rounds, ${summary.responses} responses.`,
    );
    demo = true;
  }
  // Without the demo a fresh database still needs the default instruments before a round can be made.
  await installDefaultInstruments(db);
  await housekeeping(db);
  let settling: Promise<void> | undefined;
  const settle = () => {
    settling ??= settleResponses(db)
      .catch((e) => logError('settling responses', e))
      .finally(() => {
        settling = undefined;
      });
  };
  settle();
  const timer = setInterval(() => {
    housekeeping(db).catch((e) => logError('housekeeping', e));
    settle();
    // Municipality contacts' live figures: steps taken when due, at times no reader picks (issue 12.4).
    stepOpenRounds(db, { minIntervalMs: config.LIVE_STEP_INTERVAL_MS }).catch((e) => logError('live steps', e));
  }, 60_000);
  timer.unref();
  // New responses are folded into the aggregate tables in the background, one folder per round at a time
  // across instances (advisory lock), so a live report seldom has a backlog to fold itself.
  let folding = false;
  const folder =
    config.FOLD_INTERVAL_MS > 0
      ? setInterval(() => {
          if (folding) return;
          folding = true;
          const started = Date.now();
          foldOpenRounds(db)
            // Live reports of open rounds then fold nothing themselves and say the figures are as of this pass.
            .then(() => noteBackgroundFold(db, started, config.FOLD_INTERVAL_MS))
            .catch((e) => logError('background fold', e))
            .finally(() => {
              folding = false;
            });
        }, config.FOLD_INTERVAL_MS)
      : undefined;
  folder?.unref();

  // Reports read from a replica when one is set; everything else (and every write) uses the primary.
  const replica =
    config.DATABASE_URL && config.DATABASE_REPLICA_URL
      ? await connect({ kind: 'postgres', url: config.DATABASE_REPLICA_URL, maxConnections: config.DATABASE_POOL_SIZE })
      : undefined;
  if (replica) useReplica(db, replica.db);

  const app = createApp({ db, config });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  const url = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  return {
    app,
    db,
    url,
    demo,
    readyMs: Math.round(performance.now() - started),
    async close() {
      clearInterval(timer);
      if (folder) clearInterval(folder);
      while (folding) await new Promise((r) => setTimeout(r, 20));
      await settling;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
      await replica?.close();
    },
  };
}
