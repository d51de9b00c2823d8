// pnpm bench:report [--responses N] — reports on a national-scale round in a real PostgreSQL.
// Starts a throwaway cluster (scripts/pg-cluster.sh), creates ~300 municipalities and ~3,000 units,
// loads N responses (default 1,000,000) and their ~33 answers each with COPY, then measures in one
// run: a plain GROUP BY over the raw answers for the region (the scan), the region and a
// municipality report through the API while the round is open (live, with new responses arriving
// between requests), the same from the published snapshot, and the API's peak RSS (VmHWM of its
// process). Times are medians. Last line: JSON.
//
// The API folds new responses in the background (every FOLD_INTERVAL_MS, default 3 s) and caches
// protected live reports per aggregate version (apps/api/src/reports/report-cache.ts). So live
// figures are taken in three ways: cold (20 new responses, wait until the background fold has
// counted them, then the first request for the new version: the whole build, no fold in the
// request), cached (the same request again, before the next fold), and the freshness lag (one new
// response until the live region report counts it, polled every 50 ms). The scan runs before the API
// starts, so the background fold never competes with it.
import { foldResponses, stepLiveFigures } from '@gs/db';
import {
  addRound,
  arg,
  createNetwork,
  type Api,
  type Bench,
  type BenchRound,
  closeAndPublish,
  log,
  loadRounds,
  logTableSizes,
  median,
  type Network,
  RUNS,
  round1,
  runBench,
  scanRound,
  timeViews,
  trickle,
} from './national-data.ts';

const RESPONSES = Number(arg('responses') ?? 1_000_000);

await runBench('report', { pg: 54352, api: 8793 }, async (bench) => {
  // A round that is open today, of the family the cycle rule gives this year.
  const year = new Date().getUTCFullYear();
  const net = await createNetwork(bench, year);
  const round = await addRound(bench, net, { year, responses: RESPONSES, status: 'open' });
  await loadRounds(bench, net, [round]);
  const scans = await scanRound(bench, round);

  // A real round's live step grows batch by batch as responses come in (issue 12.4). The bulk load
  // skips that, and the server's first minute check would then copy every block at once while
  // holding the round's fold lock (here over a minute at 200,000 responses, stalling the background
  // fold). So fold and step once before the API starts: untimed setup, its time logged.
  const setup = performance.now();
  await foldResponses(bench.db, round.id);
  const step = await stepLiveFigures(bench.db, round.id, { threshold: 5 });
  log(
    `setup, untimed: first fold and live step of all ${RESPONSES} responses ${Math.round(performance.now() - setup)} ms (${step.advanced} blocks stepped)`,
  );

  const api = await bench.startApi();
  const paths = {
    region: `/api/reports/rounds/${round.slug}/region`,
    municipality: `/api/reports/rounds/${round.slug}/municipalities/${net.municipalities[0]!.code}`,
  };
  const t = await api.timed(paths.region, true);
  log(`first live request: ${Math.round(t)} ms`);
  const cold: Record<keyof typeof paths, number[]> = { region: [], municipality: [] };
  const cached: Record<keyof typeof paths, number[]> = { region: [], municipality: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const k of ['region', 'municipality'] as const) {
      await foldedTrickle(bench, net, round);
      cold[k].push(await api.timed(paths[k], true));
      cached[k].push(await api.timed(paths[k], true));
    }
  }
  for (const k of ['region', 'municipality'] as const) {
    log(`live ${k}: cold ${cold[k].map(Math.round).join(', ')} ms; cached ${cached[k].map(Math.round).join(', ')} ms`);
  }
  const lags = await freshnessLags(bench, api, net, round, paths.region);
  log(`freshness lag: ${lags.map(Math.round).join(', ')} ms`);
  const publishMs = await closeAndPublish(bench, round);
  for (const path of Object.values(paths)) await api.timed(path);
  const published = await timeViews(api, 'published', paths);

  await logTableSizes(bench);
  console.log(
    JSON.stringify({
      responses: RESPONSES,
      scan_ms: round1(median(scans)),
      live_region_ms: round1(median(cold.region)),
      live_municipality_ms: round1(median(cold.municipality)),
      live_region_cached_ms: round1(median(cached.region)),
      live_municipality_cached_ms: round1(median(cached.municipality)),
      freshness_lag_ms: round1(median(lags)),
      freshness_lag_max_ms: round1(Math.max(...lags)),
      publish_ms: round1(publishMs),
      published_region_ms: round1(published.region),
      published_municipality_ms: round1(published.municipality),
      rss_mb: api.rssMb(),
    }),
  );
});

async function versionOf(bench: Bench, round: BenchRound) {
  const rows = await bench.sql<
    { v: string }[]
  >`select version::text as v from aggregate_state where round_id = ${round.id}`;
  return rows[0]?.v ?? '0';
}

/** 20 new responses, then waits until the background fold has counted them (the round's version moved). */
async function foldedTrickle(bench: Bench, net: Network, round: BenchRound) {
  const before = await versionOf(bench, round);
  await trickle(bench, net, round);
  const t0 = performance.now();
  while ((await versionOf(bench, round)) === before) {
    if (performance.now() - t0 > 60_000) throw new Error('the background fold did not count new responses');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** From 20 new responses until the live report (region, as the coordinator) counts them: RUNS times. */
async function freshnessLags(bench: Bench, api: Api, net: Network, round: BenchRound, path: string) {
  const count = async () => {
    const report = (await api.json(path, true)) as { headline: { responses: { suppressed: boolean; n?: number } } };
    return report.headline.responses.n ?? -1;
  };
  const lags: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const before = await count();
    // Start at a random point of the fold interval, as a family would.
    await new Promise((r) => setTimeout(r, Math.random() * 3000));
    await trickle(bench, net, round);
    const t0 = performance.now();
    while ((await count()) <= before) {
      if (performance.now() - t0 > 60_000) throw new Error('the live report did not count new responses');
      await new Promise((r) => setTimeout(r, 50));
    }
    lags.push(performance.now() - t0);
  }
  return lags;
}
