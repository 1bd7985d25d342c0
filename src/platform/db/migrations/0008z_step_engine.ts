import { sql, type Kysely } from 'kysely'

/**
 * The step engine's one-time keys: every step form and API call may send a submission key; the first use
 * claims it and stores the step's answer, so the same form sent twice writes once and answers the same again.
 * Named 0008z so it sorts after 0008 and before the modules' own migrations (0009 onwards).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE step_submission (
      submission_key text PRIMARY KEY CHECK (length(submission_key) BETWEEN 1 AND 200),
      operation_id text NOT NULL,
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      submitted_at timestamptz NOT NULL,
      output jsonb NOT NULL
    );
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
