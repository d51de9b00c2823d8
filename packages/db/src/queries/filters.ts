import { type Kysely, sql } from 'kysely';
import type { CellRow, ClassCountRow, RoundInput } from '@gs/stats';
import type { Database } from '../database.ts';
import { aggregateTable, type FigureSource } from './aggregates.ts';

/**
 * A round's value counts per municipality, unit kind and provider, item and value: the
 * per-unit aggregate (answer_count_unit) summed over each municipality's units of a kind
 * and provider, which is what views filtered by unit kind or provider show. Answers
 * without a unit belong to no kind and are left out.
 */
export async function classCounts(
  db: Kysely<Database>,
  roundId: number,
  source: FigureSource = {},
): Promise<ClassCountRow[]> {
  const { rows } = await sql<ClassCountRow>`
    select c.municipality_id as "municipalityId", u.kind, u.provider, c.item_key as "itemKey", c.value,
      sum(c.n)::int as n
    from ${aggregateTable('answer_count_unit', source, 'c')} join unit u on u.id = c.unit_id
    where c.round_id = ${roundId}::int and c.unit_id is not null
    group by c.municipality_id, u.kind, u.provider, c.item_key, c.value`.execute(db);
  return rows;
}

/**
 * A round's finest aggregates: value counts and responses per municipality, unit, group and
 * answer language (`answer_count_cell`, `response_count_cell`), for views filtered by answer
 * language and by group together with unit kind or provider.
 */
export async function languageCells(
  db: Kysely<Database>,
  roundId: number,
  source: FigureSource = {},
): Promise<NonNullable<RoundInput['cells']>> {
  const [answers, responses] = await Promise.all([
    sql<CellRow>`
      select municipality_id as "municipalityId", unit_id as "unitId", group_key as "groupKey", language,
        item_key as "itemKey", value::int as value, n::int as n
      from ${aggregateTable('answer_count_cell', source)} where round_id = ${roundId}::int and n > 0`.execute(db),
    sql<Omit<CellRow, 'itemKey' | 'value'>>`
      select municipality_id as "municipalityId", unit_id as "unitId", group_key as "groupKey", language, n::int as n
      from ${aggregateTable('response_count_cell', source)} where round_id = ${roundId}::int and n > 0`.execute(db),
  ]);
  return { answers: answers.rows, responses: responses.rows };
}

/** The answer languages a round's responses were given in (the language filter's choices). */
export async function roundLanguages(db: Kysely<Database>, roundId: number): Promise<string[]> {
  const { rows } = await sql<{ language: string }>`
    select distinct language from response_count_cell where round_id = ${roundId}::int and n > 0
    order by language`.execute(db);
  return rows.map((r) => r.language);
}
