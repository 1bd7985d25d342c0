import { sql, type Kysely } from 'kysely'

/**
 * A submission key claimed by someone not signed in: a public step (the report of a concern by a member of the
 * public) has no user to name, so `actor_user_id` is NULL for it. Such a key is a secret its sender alone holds
 * (the public report's draft id, in a signed cookie), which is what lets the engine answer it again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE step_submission ALTER COLUMN actor_user_id DROP NOT NULL`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
