import type { SelectQueryBuilder } from 'kysely'
import type { DB } from './schema.js'

/**
 * How many rows a query's tables and filters give, as a number: PostgreSQL counts in bigint, which the driver hands
 * over as text. The query is given without a select list (`db.selectFrom('t').where(…)`).
 */
export async function countRows<TB extends keyof DB>(query: SelectQueryBuilder<DB, TB, object>): Promise<number> {
  const row: { readonly n: string } = await query
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
