import { sql, type Kysely } from 'kysely'

/**
 * Case work after the front door: who was allocated a case and when (Ofsted Annex A asks for allocation
 * history, and deadlines follow the lead practitioner), and one-time keys for forms that are not episode steps
 * (inviting to a conference, an agency's report, scheduling), so that a form sent twice records once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE episode_allocation (
      id uuid PRIMARY KEY,
      episode_id uuid NOT NULL REFERENCES episode(id),
      lead_user_id uuid NOT NULL REFERENCES app_user(id),
      team_manager_user_id uuid NOT NULL REFERENCES app_user(id),
      allocated_by uuid NOT NULL REFERENCES app_user(id),
      allocated_at timestamptz NOT NULL
    );
    CREATE INDEX episode_allocation_episode ON episode_allocation (episode_id, allocated_at);

    CREATE TABLE case_submission (
      submission_key text PRIMARY KEY,
      episode_id uuid NOT NULL REFERENCES episode(id),
      action text NOT NULL,
      submitted_by uuid NOT NULL REFERENCES app_user(id),
      submitted_at timestamptz NOT NULL
    );
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
