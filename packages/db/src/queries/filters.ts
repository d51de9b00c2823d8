import { type Kysely, sql } from 'kysely';
import type { ClassCountRow } from '@gs/stats';
import type { Database } from '../database.ts';

/**
 * A round's value counts per municipality, unit kind and provider, item and value: the
 * per-unit aggregate (answer_count_unit) summed over each municipality's units of a kind
 * and provider, which is what views filtered by unit kind or provider show. Answers
 * without a unit belong to no kind and are left out.
 */
export async function classCounts(db: Kysely<Database>, roundId: number): Promise<ClassCountRow[]> {
  const { rows } = await sql<ClassCountRow>`
    select c.municipality_id as "municipalityId", u.kind, u.provider, c.item_key as "itemKey", c.value,
      sum(c.n)::int as n
    from answer_count_unit c join unit u on u.id = c.unit_id
    where c.round_id = ${roundId}::int and c.unit_id is not null
    group by c.municipality_id, u.kind, u.provider, c.item_key, c.value`.execute(db);
  return rows;
}
