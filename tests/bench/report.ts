// pnpm bench:report [--responses N] — reports on a national-scale round in a real PostgreSQL.
// Starts a throwaway cluster (scripts/pg-cluster.sh), creates ~300 municipalities and ~3,000 units,
// loads N responses (default 1,000,000) and their ~33 answers each with COPY, then measures in one
// run: a plain GROUP BY over the raw answers for the region (the scan), the region and a
// municipality report through the API while the round is open (live, with new responses arriving
// between requests), the same from the published snapshot, and the API's peak RSS (VmHWM of its
// process). Times are medians. Last line: JSON.
import {
  addRound,
  arg,
  createNetwork,
  liveThenPublished,
  loadRounds,
  logTableSizes,
  median,
  round1,
  runBench,
  scanRound,
} from './national-data.ts';

const RESPONSES = Number(arg('responses') ?? 1_000_000);

await runBench('report', { pg: 54352, api: 8793 }, async (bench) => {
  // A round that is open today, of the family the cycle rule gives this year.
  const year = new Date().getUTCFullYear();
  const net = await createNetwork(bench, year);
  const round = await addRound(bench, net, { year, responses: RESPONSES, status: 'open' });
  await loadRounds(bench, net, [round]);
  const scans = await scanRound(bench, round);

  const api = await bench.startApi();
  const paths = {
    region: `/api/reports/rounds/${round.slug}/region`,
    municipality: `/api/reports/rounds/${round.slug}/municipalities/${net.municipalities[0]!.code}`,
  };
  const { live, published } = await liveThenPublished(bench, api, net, round, { live: paths, published: paths });

  await logTableSizes(bench);
  console.log(
    JSON.stringify({
      responses: RESPONSES,
      scan_ms: round1(median(scans)),
      live_region_ms: round1(live.region),
      live_municipality_ms: round1(live.municipality),
      published_region_ms: round1(published.region),
      published_municipality_ms: round1(published.municipality),
      rss_mb: api.rssMb(),
    }),
  );
});
