import { type Kysely, sql } from 'kysely';
import type { ProgressLine, RoundProgress, Translations } from '@gs/schema';
import { bandLines } from '@gs/stats';
import type { Database } from '../database.ts';
import { type Scope, roundInScope } from './console-rounds.ts';
import { getSettings } from './settings.ts';

export type { ProgressLine, RoundProgress };

/**
 * How exactly a reader sees unit counts: `exact` (the coordinator, who runs the
 * round) or `banded` (the steering group and municipality contacts: a unit count
 * below the network's threshold becomes "fewer than N", with complementary bands).
 */
export type ProgressView = 'exact' | 'banded';

const line = (responses: number, enrolled: number) => ({
  responses,
  enrolled,
  rate: enrolled > 0 ? responses / enrolled : null,
});

/**
 * Responses against base counts per municipality and unit of a round, and
 * responses per day, within the scope. Counts of participation, not answers, so
 * the report rules do not apply; but in the `banded` view each municipality's unit
 * lines (the no-unit line, id null, among them) are banded by `bandLines`: a count
 * below the threshold becomes null with `below`, and so does the next-smallest
 * while the municipality total minus the exact lines would be 1..threshold−1.
 * Municipality and round totals stay exact, and days are summed over the whole
 * scope, never per unit (docs/reports.md, "What is protected from whom").
 * Units with neither a base count nor a response are left out.
 */
export async function roundProgress(
  db: Kysely<Database>,
  roundId: number,
  scope: Scope,
  view: ProgressView = 'banded',
): Promise<RoundProgress> {
  const round = await roundInScope(db, roundId, scope);
  const threshold = view === 'banded' ? (await getSettings(db)).suppressionThreshold : null;
  const only = scope.municipalityId !== null;
  const mid = scope.municipalityId as number;

  const [municipalities, units, responses, enrolment, days] = await Promise.all([
    db
      .selectFrom('round_municipality')
      .innerJoin('municipality', 'municipality.id', 'round_municipality.municipality_id')
      .select(['municipality.id', 'municipality.code', 'municipality.names'])
      .where('round_municipality.round_id', '=', roundId)
      .orderBy('municipality.code')
      .$if(only, (q) => q.where('municipality.id', '=', mid))
      .execute(),
    db
      .selectFrom('unit')
      .innerJoin('round_municipality', 'round_municipality.municipality_id', 'unit.municipality_id')
      .select(['unit.id', 'unit.code', 'unit.names', 'unit.municipality_id', 'unit.active_from', 'unit.active_to'])
      .where('round_municipality.round_id', '=', roundId)
      .orderBy('unit.code')
      .$if(only, (q) => q.where('unit.municipality_id', '=', mid))
      .execute(),
    db
      .selectFrom('stored_response')
      .select(['municipality_id', 'unit_id', sql<number>`count(*)::int`.as('n')])
      .where('round_id', '=', roundId)
      // Held responses (a burst from one client) count nowhere until released; the held panel lists them.
      .where('held', '=', false)
      .groupBy(['municipality_id', 'unit_id'])
      .$if(only, (q) => q.where('municipality_id', '=', mid))
      .execute(),
    db
      .selectFrom('base_count')
      .select(['municipality_id', 'unit_id', sql<number>`sum(enrolled)::int`.as('n')])
      .where('round_id', '=', roundId)
      .groupBy(['municipality_id', 'unit_id'])
      .$if(only, (q) => q.where('municipality_id', '=', mid))
      .execute(),
    db
      .selectFrom('stored_response')
      .select([sql<string>`submitted_on::text`.as('day'), sql<number>`count(*)::int`.as('n')])
      .where('round_id', '=', roundId)
      .where('held', '=', false)
      .groupBy('submitted_on')
      .orderBy('submitted_on')
      .$if(only, (q) => q.where('municipality_id', '=', mid))
      .execute(),
  ]);

  const key = (m: number, u: number | null) => `${m}/${u}`;
  const responsesBy = new Map(responses.map((r) => [key(r.municipality_id, r.unit_id), r.n]));
  const enrolledBy = new Map(enrolment.map((r) => [key(r.municipality_id, r.unit_id), r.n]));
  let totalResponses = 0;
  let totalEnrolled = 0;
  const out = municipalities.map((m) => {
    const active = units.filter(
      (u) => u.municipality_id === m.id && (responsesBy.has(key(m.id, u.id)) || enrolledBy.has(key(m.id, u.id))),
    );
    const unitLines = active.map((u) => ({
      id: u.id as number | null,
      code: u.code as string | null,
      names: u.names as Translations | null,
      ...line(responsesBy.get(key(m.id, u.id)) ?? 0, enrolledBy.get(key(m.id, u.id)) ?? 0),
    }));
    const unplaced = line(responsesBy.get(key(m.id, null)) ?? 0, enrolledBy.get(key(m.id, null)) ?? 0);
    if (unplaced.responses > 0 || unplaced.enrolled > 0)
      unitLines.push({ id: null, code: null, names: null, ...unplaced });
    const r = unitLines.reduce((s, u) => s + u.responses, 0);
    const e = unitLines.reduce((s, u) => s + u.enrolled, 0);
    totalResponses += r;
    totalEnrolled += e;
    const shown = threshold === null ? unitLines : bandLines(unitLines, threshold);
    return { id: m.id, code: m.code, names: m.names, ...line(r, e), units: shown };
  });
  return {
    round: {
      id: round.id,
      slug: round.slug,
      status: round.status,
      opens_on: round.opens_on,
      closes_on: round.closes_on,
    },
    total: line(totalResponses, totalEnrolled),
    municipalities: out,
    days: days.map((d) => ({ day: d.day, responses: d.n })),
  };
}
