import { type Kysely, sql } from 'kysely';
import type { Translations } from '@gs/schema';
import type { Database } from '../database.ts';
import { type Scope, roundInScope } from './console-rounds.ts';

export interface ProgressLine {
  responses: number;
  enrolled: number;
  /** responses / enrolled, or null without a base count. */
  rate: number | null;
}

export interface RoundProgress {
  round: { id: number; slug: string; status: string; opens_on: string; closes_on: string };
  total: ProgressLine;
  municipalities: (ProgressLine & {
    id: number;
    code: string;
    names: Translations;
    units: (ProgressLine & { id: number | null; code: string | null; names: Translations | null })[];
  })[];
  days: { day: string; responses: number }[];
}

const line = (responses: number, enrolled: number): ProgressLine => ({
  responses,
  enrolled,
  rate: enrolled > 0 ? responses / enrolled : null,
});

/**
 * Responses against base counts per municipality and unit of a round, and
 * responses per day, within the scope. Counts of participation only: no answer
 * content, so no suppression applies. Units with neither a base count nor a
 * response are left out; responses without a unit form a line of their own (id null).
 */
export async function roundProgress(db: Kysely<Database>, roundId: number, scope: Scope): Promise<RoundProgress> {
  const round = await roundInScope(db, roundId, scope);
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
      .selectFrom('response')
      .select(['municipality_id', 'unit_id', sql<number>`count(*)::int`.as('n')])
      .where('round_id', '=', roundId)
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
      .selectFrom('response')
      .select([sql<string>`submitted_on::text`.as('day'), sql<number>`count(*)::int`.as('n')])
      .where('round_id', '=', roundId)
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
    return { id: m.id, code: m.code, names: m.names, ...line(r, e), units: unitLines };
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
