// pnpm bench:compare [--responses N] [--history-responses M] [--rounds R] [--municipalities K] [--units U]
// — trends and side-by-side tables over a family's rounds, national scale, in a real PostgreSQL.
// On the network of bench:report (~300 municipalities, ~3,000 units) it creates R rounds (default 10) of
// one family every other year up to this year, as the alternating cycle runs them (year−18, …, year):
// the R−1 older ones with M responses each (default 200,000), closed and published with publishRound
// (which folds them first), and the newest open with N (default 1,000,000). The older rounds are
// smaller because what a published view reads does not grow with responses (a snapshot holds one
// frozen report per scope, whatever the round's size), while loading 10 × 1,000,000 responses would
// take ~15 minutes and ~15 GB. The API starts before the older rounds are published, so the published
// region trend is timed after 2, 5 and R published rounds (it should stay flat). Then in one run: the
// scan (bench:report's GROUP BY over the open round's raw answers); live, with new responses arriving
// between requests, the region's trend, the largest municipality's trend and the compare table
// (source=live); then the open round is closed and published and the same views are timed from the
// snapshots, as the public. Times are medians of BENCH_RUNS (9). Last line: JSON.
import {
  type BenchRound,
  addRound,
  arg,
  closeAndPublish,
  createNetwork,
  liveThenPublished,
  loadRounds,
  log,
  logTableSizes,
  median,
  round1,
  runBench,
  scanRound,
  timeViews,
} from './national-data.ts';

const RESPONSES = Number(arg('responses') ?? 1_000_000);
const HISTORY_RESPONSES = Number(arg('history-responses') ?? 200_000);
const ROUNDS = Math.max(2, Number(arg('rounds') ?? 10));

await runBench('compare', { pg: 54353, api: 8794 }, async (bench) => {
  const year = new Date().getUTCFullYear();
  const net = await createNetwork(bench, year);
  const rounds: BenchRound[] = [];
  for (let back = ROUNDS - 1; back >= 0; back--) {
    const open = back === 0;
    rounds.push(
      await addRound(bench, net, {
        year: year - 2 * back,
        responses: open ? RESPONSES : HISTORY_RESPONSES,
        status: open ? 'open' : 'closed',
      }),
    );
  }
  await loadRounds(bench, net, rounds);
  const open = rounds[rounds.length - 1] as BenchRound;
  const scans = await scanRound(bench, open);

  const api = await bench.startApi();
  const paths = {
    trend_region: `/api/reports/trends/${net.family}?scope=region`,
    trend_municipality: `/api/reports/trends/${net.family}?scope=municipality:${net.municipalities[0]!.code}`,
    compare: `/api/reports/rounds/${open.slug}/compare`,
  };
  // The public region trend as the older rounds are published one by one (from their snapshots only).
  const checkpoints = new Set([2, 5]);
  const byRounds: Record<string, number> = {};
  const publishMs: number[] = [];
  for (const [i, round] of rounds.slice(0, -1).entries()) {
    publishMs.push(await closeAndPublish(bench, round));
    if (!checkpoints.has(i + 1)) continue;
    await api.timed(paths.trend_region);
    const { trend_region } = await timeViews(api, `after ${i + 1} published rounds:`, {
      trend_region: paths.trend_region,
    });
    byRounds[i + 1] = round1(trend_region);
  }

  const { live, published, ...newest } = await liveThenPublished(bench, api, net, open, {
    live: { ...paths, compare: `${paths.compare}?source=live` },
    published: paths,
  });
  publishMs.push(newest.publishMs);
  log(`publishing: ${publishMs.map(Math.round).join(', ')} ms`);
  // The last checkpoint: every round published, newest included.
  byRounds[ROUNDS] = round1(published.trend_region);

  await logTableSizes(bench);
  const [snapshots] = await bench.sql<{ reports: number; mean_kb: number; max_kb: number }[]>`
    select count(*)::int as reports, round(avg(pg_column_size(report)) / 1024.0, 1)::float8 as mean_kb,
      round(max(pg_column_size(report)) / 1024.0, 1)::float8 as max_kb
    from snapshot_report`;
  log(`snapshot_report: ${snapshots?.reports} reports, ${snapshots?.mean_kb} kB mean, ${snapshots?.max_kb} kB max`);
  const scanMs = median(scans);
  const views = {
    trend_region_live_ms: round1(live.trend_region),
    trend_municipality_live_ms: round1(live.trend_municipality),
    compare_live_ms: round1(live.compare),
    trend_region_published_ms: round1(published.trend_region),
    trend_municipality_published_ms: round1(published.trend_municipality),
    compare_published_ms: round1(published.compare),
  };
  for (const [name, value] of Object.entries(views)) log(`${name}: ${(value / scanMs).toFixed(3)} × scan`);
  console.log(
    JSON.stringify({
      rounds: ROUNDS,
      responses: RESPONSES,
      history_responses: HISTORY_RESPONSES,
      scan_ms: round1(scanMs),
      ...views,
      trend_published_by_rounds: byRounds,
      worst_ratio: Math.round((Math.max(...Object.values(views)) / scanMs) * 1000) / 1000,
      rss_mb: api.rssMb(),
    }),
  );
});
