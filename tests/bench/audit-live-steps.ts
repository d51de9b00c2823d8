// pnpm exec tsx tests/bench/audit-live-steps.ts [--seed N] [--chunks 150] — what the live step costs
// municipality contacts (issue 12.4, docs/reports.md "Live figures and differencing"). Loads the
// deterministic demo network into an in-memory PGlite, then for each demo round replays its responses
// in a random order in `chunks` equal parts, checking the live step after each (as a contact's read
// would every LIVE_STEP_INTERVAL_MS), and compares at the end, per municipality, what its contact sees
// (stepped) with the current figures (coordinators): responses counted, units with at least the
// threshold of responses shown with their response count and with at least one item, and steps
// taken, and what a check costs. Last line: JSON.
import { type ReportContext, liveReport, moveInbox, rebuildAggregates, reportContext, stepLiveFigures } from '@gs/db';
import { DEMO_ROUNDS, loadDemoData } from '@gs/db/demo';
import { openTestDatabase } from '@gs/db/testing';
import type { ScopeReport } from '@gs/schema';
import { sql } from 'kysely';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const seed = Number(arg('seed') ?? process.env.DEMO_SEED ?? 2026);
const chunks = Number(arg('chunks') ?? 150);
const log = (line: string) => process.stderr.write(`${line}\n`);

const t = await openTestDatabase();
const db = t.db;
await loadDemoData(db, { seed });
await moveInbox(db, { all: true });
log(`demo data loaded (seed ${seed})`);

interface View {
  responses: number | null;
  units: number;
  unitsShown: number;
  unitsWithItems: number;
}

/**
 * The last step against the final figures (what publishing shows): the municipality's and each unit's
 * responses not yet stepped ("tail") where both show a count; a tail of 1 … threshold − 1 is a small
 * group an attacker who kept the last step could isolate once the round is published.
 */
function tails(current: ScopeReport, contact: ScopeReport, threshold: number) {
  const n = (c: ScopeReport['headline']['responses']) => (c.suppressed ? null : c.n);
  const small = (a: number | null, b: number | null) => a !== null && b !== null && a - b > 0 && a - b < threshold;
  const units = current.children.filter((c) => {
    const other = contact.children.find((x) => x.scope === c.scope);
    return other ? small(n(c.responses), n(other.responses)) : false;
  }).length;
  return {
    municipalityTail: (n(current.headline.responses) ?? 0) - (n(contact.headline.responses) ?? 0),
    municipalitySmall: small(n(current.headline.responses), n(contact.headline.responses)),
    unitsSmallTail: units,
  };
}

/** A municipality's report with units as a reader sees it, against the raw response counts of its units. */
function viewOf(report: ScopeReport, unitN: Map<number, number>, threshold: number): View {
  const enough = report.children.filter((c) => (unitN.get(Number(c.scope.slice(5))) ?? 0) >= threshold);
  return {
    responses: report.headline.responses.suppressed ? null : report.headline.responses.n,
    units: enough.length,
    unitsShown: enough.filter((c) => !c.responses.suppressed).length,
    unitsWithItems: enough.filter((c) => !c.grade.suppressed).length,
  };
}

const out: Record<string, unknown> = {};
for (const plan of DEMO_ROUNDS) {
  const slug = `${plan.year}-${plan.family}`;
  const ctx = (await reportContext(db, slug)) as ReportContext;
  const r = ctx.roundId;
  const unitRows = await sql<{ u: number; n: number }>`
    select unit_id as u, count(*)::int as n from response where round_id = ${r}::int and unit_id is not null
    group by unit_id`.execute(db);
  const unitN = new Map(unitRows.rows.map((x) => [x.u, x.n]));
  // Stash the round's responses, empty it, and replay them in a random order.
  await sql`create temp table stash_r as
    select r.*, row_number() over (order by md5(r.id::text || ${seed}::text)) as k
    from response r where round_id = ${r}::int`.execute(db);
  await sql`create temp table stash_a as
    select a.* from answer a join stash_r s on s.id = a.response_id`.execute(db);
  await sql`delete from response where round_id = ${r}::int`.execute(db);
  await rebuildAggregates(db, r);
  const total = Number((await sql<{ n: number }>`select count(*)::int as n from stash_r`.execute(db)).rows[0]?.n);
  let steps = 0;
  // What a check costs (it folds the part first, as a contact's read would): mean and slowest, ms.
  const stepMs = { total: 0, max: 0 };
  for (let c = 0; c < chunks; c++) {
    const lo = Math.floor((c * total) / chunks);
    const hi = Math.floor(((c + 1) * total) / chunks);
    await sql`
      with src as materialized (
        select s.*, nextval(pg_get_serial_sequence('response', 'id'))::int as new_id
        from stash_r s where s.k > ${lo}::int and s.k <= ${hi}::int
      ),
      ins as (
        insert into response (id, round_id, municipality_id, unit_id, group_key, language, submitted_on)
        overriding system value
        select new_id, round_id, municipality_id, unit_id, group_key, language, submitted_on from src order by new_id
        returning id
      )
      insert into answer (response_id, item_key, value)
      select src.new_id, a.item_key, a.value from src join stash_a a on a.response_id = src.id`.execute(db);
    const began = performance.now();
    const s = await stepLiveFigures(db, r, { threshold: ctx.threshold, minIntervalMs: 0 });
    const ms = performance.now() - began;
    stepMs.total += ms;
    stepMs.max = Math.max(stepMs.max, ms);
    if (s.advanced > 0) steps++;
  }
  await sql`drop table stash_a`.execute(db);
  await sql`drop table stash_r`.execute(db);
  const perMunicipality: Record<string, { current: View; contact: View; tails: ReturnType<typeof tails> }> = {};
  for (const m of ctx.municipalities) {
    const scope = { kind: 'municipality' as const, code: m.code, units: true };
    const current = await liveReport(db, ctx, scope);
    const contact = await liveReport(db, { ...ctx, stepped: true }, scope);
    perMunicipality[m.names.fi] = {
      current: viewOf(current, unitN, ctx.threshold),
      contact: viewOf(contact, unitN, ctx.threshold),
      tails: tails(current, contact, ctx.threshold),
    };
    const p = perMunicipality[m.names.fi] as { current: View; contact: View; tails: ReturnType<typeof tails> };
    log(
      `${slug} ${m.names.fi.padEnd(10)} responses ${p.current.responses ?? '-'} / contact ${p.contact.responses ?? '-'}; ` +
        `units with ≥ ${ctx.threshold}: ${p.current.units}, shown ${p.current.unitsShown} / contact ${p.contact.unitsShown}, ` +
        `grade shown ${p.current.unitsWithItems} / contact ${p.contact.unitsWithItems}; ` +
        `tail ${p.tails.municipalityTail}${p.tails.municipalitySmall ? ' (small)' : ''}, units with a small tail ${p.tails.unitsSmallTail}`,
    );
  }
  const checkMs = { mean: Math.round(stepMs.total / chunks), max: Math.round(stepMs.max) };
  log(
    `${slug}: ${chunks} checks, ${steps} copied something; a check took ${checkMs.mean} ms on average, ${checkMs.max} ms at most`,
  );
  out[slug] = { responses: total, chunks, steps, checkMs, municipalities: perMunicipality };
}
console.log(JSON.stringify(out));
await t.close();
