import { sql, type Kysely } from 'kysely'

/**
 * Working together on one child.
 *
 * - A child may carry a postcode, so that a check that finds a child protection plan can show the checker which
 *   child matched (name, date of birth and postcode district) before anything else.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE child ADD COLUMN postcode text;
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
