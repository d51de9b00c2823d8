// pnpm audit:protection [--seed N] — how much small-group protection hides on the demo data.
// Loads the deterministic demo network (DEMO_SEED, default 2026) into an in-memory PGlite, computes
// every round's reports live with the real report code (the same cells the pages, exports and
// snapshots get), and counts per round and reader the cells at municipality and unit level: visible,
// hidden, hidden because the cell itself has fewer answers than the threshold ("below"), and hidden
// only to protect another cell ("complementary"). A cell is one measure of one scope: each item
// (statement or grade) and the response count. Readers: the coordinator and the steering group (every
// municipality and unit), the public (municipalities of published rounds, no units) and each
// municipality contact (their own municipality and its units). Also counts units with at least
// 4 × the threshold responses that are hidden on every item. Last line: JSON.
import { type ScopeRequest, allScopeReports, liveReport, reportContext } from '@gs/db';
import type { ReportSource, ScopeReport } from '@gs/schema';
import { type Leaf, protectLeaves } from '@gs/stats/protect';
import { DEMO_ROUNDS, loadDemoData } from '@gs/db/demo';
import { openTestDatabase } from '@gs/db/testing';
import { sql } from 'kysely';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const seed = Number(arg('seed') ?? process.env.DEMO_SEED ?? 2026);
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Tally {
  visible: number;
  hidden: number;
  below: number;
  complementary: number;
}
const tally = (): Tally => ({ visible: 0, hidden: 0, below: 0, complementary: 0 });
const add = (t: Tally, hidden: boolean, small: boolean) => {
  if (!hidden) t.visible++;
  else {
    t.hidden++;
    if (small) t.below++;
    else t.complementary++;
  }
};

const started = Date.now();
const db = await openTestDatabase();
await loadDemoData(db.db, { seed });
log(`demo data loaded (seed ${seed}) in ${Date.now() - started} ms`);

const out: Record<string, unknown> = {};
for (const plan of DEMO_ROUNDS) {
  const slug = `${plan.year}-${plan.family}`;
  const ctx = await reportContext(db.db, slug);
  if (!ctx) throw new Error(`no round ${slug}`);
  const t = ctx.threshold;
  await liveReport(db.db, ctx, { kind: 'region' } satisfies ScopeRequest); // folds the round
  // Sizes of every cell from the raw answers: answers on the scale (value > 0) per scope and item.
  const validOf = new Map<string, number>();
  const unitAnswers = await sql<{ u: number; item: string; valid: number }>`
    select r.unit_id as u, a.item_key as item, count(*) filter (where a.value > 0)::int as valid
    from answer a join response r on r.id = a.response_id
    where r.round_id = ${ctx.roundId}::int and r.unit_id is not null group by r.unit_id, a.item_key`.execute(db.db);
  const municipalityAnswers = await sql<{ m: number; item: string; valid: number }>`
    select r.municipality_id as m, a.item_key as item, count(*) filter (where a.value > 0)::int as valid
    from answer a join response r on r.id = a.response_id
    where r.round_id = ${ctx.roundId}::int group by r.municipality_id, a.item_key`.execute(db.db);
  for (const r of unitAnswers.rows) validOf.set(`unit:${r.u}/${r.item}`, r.valid);
  for (const r of municipalityAnswers.rows) validOf.set(`m:${r.m}/${r.item}`, r.valid);
  const unitResponses = await sql<{ u: number; n: number }>`
    select unit_id as u, count(*)::int as n from response where round_id = ${ctx.roundId}::int and unit_id is not null
    group by unit_id`.execute(db.db);
  const municipalityResponses = await sql<{ m: number; n: number }>`
    select municipality_id as m, count(*)::int as n from response where round_id = ${ctx.roundId}::int
    group by municipality_id`.execute(db.db);
  const unitN = new Map(unitResponses.rows.map((r) => [r.u, r.n]));
  const municipalityN = new Map(municipalityResponses.rows.map((r) => [r.m, r.n]));

  const source: ReportSource = { kind: 'live', asOf: new Date().toISOString() };
  const reports = new Map<string, ScopeReport>();
  for await (const [key, report] of allScopeReports(db.db, ctx, source)) reports.set(key, report);

  const idOfCode = new Map(ctx.municipalities.map((m) => [m.code, m.id]));
  const unitOwner = new Map<number, number>();
  const perMunicipality = new Map<number, { municipality: Tally; unit: Tally; largeUnitsAllHidden: number }>();
  for (const m of ctx.municipalities)
    perMunicipality.set(m.id, { municipality: tally(), unit: tally(), largeUnitsAllHidden: 0 });
  for (const [key, report] of reports) {
    if (key.startsWith('municipality:') && !key.includes('/')) {
      const m = idOfCode.get(key.slice('municipality:'.length)) as number;
      for (const c of report.children) unitOwner.set(Number(c.scope.slice('unit:'.length)), m);
    }
  }
  for (const [key, report] of reports) {
    const isMunicipality = key.startsWith('municipality:') && !key.includes('/');
    const isUnit = key.startsWith('unit:');
    if (!isMunicipality && !isUnit) continue;
    const id = isUnit ? Number(key.slice('unit:'.length)) : (idOfCode.get(key.slice('municipality:'.length)) as number);
    const owner = isUnit ? (unitOwner.get(id) as number) : id;
    const sink = perMunicipality.get(owner) as { municipality: Tally; unit: Tally; largeUnitsAllHidden: number };
    const t2 = isUnit ? sink.unit : sink.municipality;
    const n = (isUnit ? unitN.get(id) : municipalityN.get(id)) ?? 0;
    add(t2, report.headline.responses.suppressed, n < t);
    let shownItems = 0;
    for (const s of report.sections) {
      for (const item of s.items) {
        const valid = validOf.get(isUnit ? `unit:${id}/${item.key}` : `m:${id}/${item.key}`) ?? 0;
        add(t2, item.figures.suppressed, valid < t);
        if (!item.figures.suppressed) shownItems++;
      }
    }
    if (isUnit && n >= 4 * t && shownItems === 0) sink.largeUnitsAllHidden++;
  }
  const sum = (ids: number[], level: 'municipality' | 'unit') => {
    const s = tally();
    for (const m of ids) {
      const x = (perMunicipality.get(m) as { municipality: Tally; unit: Tally })[level];
      s.visible += x.visible;
      s.hidden += x.hidden;
      s.below += x.below;
      s.complementary += x.complementary;
    }
    return s;
  };
  // Views filtered by unit kind and provider (rule 8): their cells, and those hidden although the filtered
  // municipality has at least the threshold of answers on the scale ("cost"); scopes withheld whole.
  const classValid = await sql<{ m: number; item: string; kind: string; provider: string; valid: number }>`
    select r.municipality_id as m, a.item_key as item, u.kind, u.provider,
      count(*) filter (where a.value > 0)::int as valid
    from answer a join response r on r.id = a.response_id join unit u on u.id = r.unit_id
    where r.round_id = ${ctx.roundId}::int group by 1, 2, 3, 4`.execute(db.db);
  const filters = {
    cells: { visible: 0, hidden: 0, cost: 0 },
    scopes: 0,
    withheld: 0,
    regionWithout: new Set<string>(),
  };
  for (const [key, report] of reports) {
    if (!report.filter) continue;
    filters.scopes++;
    if (report.filter.withheld) filters.withheld++;
    for (const code of report.filter.regionWithout ?? []) filters.regionWithout.add(code);
    const m = key.startsWith('municipality:')
      ? idOfCode.get(key.slice('municipality:'.length, key.indexOf('/')))
      : null;
    const f = report.filter;
    for (const sec of report.sections) {
      for (const item of sec.items) {
        if (!item.figures.suppressed) {
          filters.cells.visible++;
          continue;
        }
        filters.cells.hidden++;
        if (m === null || m === undefined) continue;
        const valid = classValid.rows
          .filter(
            (r) =>
              r.m === m &&
              r.item === item.key &&
              (f.kind === null || r.kind === f.kind) &&
              (f.provider === null || r.provider === f.provider),
          )
          .reduce((n, r) => n + r.valid, 0);
        if (valid >= t) filters.cells.cost++;
      }
    }
  }
  const all = ctx.municipalities.map((m) => m.id);
  const largeUnitsAllHidden = [...perMunicipality.values()].reduce((a, x) => a + x.largeUnitsAllHidden, 0);
  const contacts = Object.fromEntries(
    ctx.municipalities.map((m) => [m.code, { municipality: sum([m.id], 'municipality'), unit: sum([m.id], 'unit') }]),
  );
  // The same unit-level cells protected region-wide (visibleUnits with otherMunicipalities): what
  // the reports show once protect.ts and report.ts pass it, from the innermost cells of each measure.
  const leafRows = await sql<{
    item: string;
    m: number;
    u: number | null;
    g: string | null;
    answers: number;
    valid: number;
  }>`
    select a.item_key as item, r.municipality_id as m, r.unit_id as u, r.group_key as g,
      count(*)::int as answers, count(*) filter (where a.value > 0)::int as valid
    from answer a join response r on r.id = a.response_id
    where r.round_id = ${ctx.roundId}::int group by 1, 2, 3, 4
    union all
    select '', municipality_id, unit_id, group_key, count(*)::int, count(*)::int
    from response where round_id = ${ctx.roundId}::int group by 2, 3, 4`.execute(db.db);
  const leavesOf = new Map<string, Leaf[]>();
  for (const r of leafRows.rows) {
    const list = leavesOf.get(r.item) ?? [];
    list.push({ municipality: r.m, unit: r.u, group: r.g, size: { answers: r.answers, valid: r.valid } });
    leavesOf.set(r.item, list);
  }
  const groupKeys = ctx.def.group.options.map((o) => o.key);
  const regionWide = tally();
  const shownMeasures = new Map<number, number>();
  for (const [item, leaves] of leavesOf) {
    const shown = protectLeaves(leaves, groupKeys, t);
    const sizes = new Map<number, number>();
    for (const l of leaves) if (l.unit !== null) sizes.set(l.unit, (sizes.get(l.unit) ?? 0) + l.size.valid);
    for (const u of unitN.keys()) {
      add(regionWide, !shown.units.has(u), (sizes.get(u) ?? 0) < t);
      if (item !== '' && shown.units.has(u)) shownMeasures.set(u, (shownMeasures.get(u) ?? 0) + 1);
    }
  }
  const largeRegionWide = [...unitN].filter(([u, n]) => n >= 4 * t && !shownMeasures.get(u)).length;
  out[slug] = {
    threshold: t,
    coordinator: { municipality: sum(all, 'municipality'), unit: sum(all, 'unit'), largeUnitsAllHidden },
    regionWide: { unit: regionWide, largeUnitsAllHidden: largeRegionWide },
    public: plan.status === 'published' ? { municipality: sum(all, 'municipality') } : null,
    contacts,
    filters: { ...filters, regionWithout: [...filters.regionWithout] },
  };
  const c = out[slug] as { coordinator: { municipality: Tally; unit: Tally } };
  log(
    `${slug}: filters by unit kind and provider: ${filters.scopes} scopes (${filters.withheld} withheld), cells ${JSON.stringify(filters.cells)}, region without ${[...filters.regionWithout].join(',') || '-'}`,
  );
  log(
    `${slug}: municipality ${JSON.stringify(c.coordinator.municipality)} unit ${JSON.stringify(c.coordinator.unit)} large units hidden on every item ${largeUnitsAllHidden}; region-wide unit ${JSON.stringify(regionWide)} large ${largeRegionWide}`,
  );
}
const total = (level: 'municipality' | 'unit') => {
  const s = tally();
  for (const r of Object.values(out) as { coordinator: Record<string, Tally> }[]) {
    const x = r.coordinator[level] as Tally;
    s.visible += x.visible;
    s.hidden += x.hidden;
    s.below += x.below;
    s.complementary += x.complementary;
  }
  return s;
};
const regionWideTotal = tally();
for (const r of Object.values(out) as { regionWide: { unit: Tally } }[]) {
  for (const k of ['visible', 'hidden', 'below', 'complementary'] as const) regionWideTotal[k] += r.regionWide.unit[k];
}
out.total = {
  coordinator: { municipality: total('municipality'), unit: total('unit') },
  regionWide: { unit: regionWideTotal },
};
await db.close();
console.log(JSON.stringify(out));
