import { sql, type Kysely } from 'kysely'

/**
 * Caseloads and the child protection plan check.
 *
 * - Police and health professionals who check for a child protection plan need to know whom to call at the local
 *   authority: an organisation may now carry a contact phone number and email (for a local authority, its front
 *   door).
 * - Each check keeps what it showed (outcome) and which local authorities were told about it, so the person who
 *   checked can see the answer again and the local authority can list the checks made about its area.
 * - Caseload pages list open episodes by lead practitioner, team manager or conference chair, sorted by the due
 *   date of each one's next open statutory deadline, and count them by it. Reading that from the deadline table
 *   for 30,000 episodes on every page view cost 30–60 ms; so the episode carries it (next_due_on), kept by the
 *   database from the deadline table in the same statement that registers, completes or moves a deadline. The
 *   clock engine stays the only source of due dates: nothing writes next_due_on but these triggers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE organisation
      ADD COLUMN contact_phone text,
      ADD COLUMN contact_email text;

    ALTER TABLE protection_check
      ADD COLUMN outcome jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN notified_organisation_ids uuid[] NOT NULL DEFAULT '{}';
    CREATE INDEX protection_check_notified ON protection_check USING gin (notified_organisation_ids);
    CREATE INDEX protection_check_checked_by ON protection_check (checked_by, checked_at);

    -- The next open deadline of one episode: an index range read, earliest first.
    CREATE INDEX deadline_open_subject ON deadline (subject_type, subject_id, due_on, id) WHERE completed_at IS NULL;

    ALTER TABLE episode ADD COLUMN next_due_on date;
    CREATE FUNCTION episode_next_due_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE episode e
         SET next_due_on = n.due_on
        FROM (
          SELECT s.subject_id::uuid AS episode_id,
                 (SELECT min(d.due_on) FROM deadline d
                   WHERE d.subject_type = 'episode' AND d.subject_id = s.subject_id AND d.completed_at IS NULL) AS due_on
            FROM (SELECT DISTINCT subject_id FROM changed
                   WHERE subject_type = 'episode'
                     AND subject_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') s
        ) n
       WHERE e.id = n.episode_id AND e.next_due_on IS DISTINCT FROM n.due_on;
      RETURN NULL;
    END $$;
    -- Statement-level, so recomputing thousands of deadlines (a local timescale changed) is one UPDATE here.
    CREATE TRIGGER deadline_episode_next_due_insert AFTER INSERT ON deadline
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION episode_next_due_refresh();
    CREATE TRIGGER deadline_episode_next_due_update AFTER UPDATE ON deadline
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION episode_next_due_refresh();
    UPDATE episode e
       SET next_due_on = n.due_on
      FROM (SELECT subject_id, min(due_on) AS due_on FROM deadline
             WHERE subject_type = 'episode' AND completed_at IS NULL GROUP BY subject_id) n
     WHERE n.subject_id = e.id::text;

    -- Caseloads: a local authority's open episodes by next due date (or referral date); one worker's (or the
    -- unallocated) by next due date, which also counts them by worker from the index alone; and a manager's or
    -- chair's own.
    CREATE INDEX episode_open_la_next_due ON episode (local_authority_id, next_due_on, referral_date, id) WHERE closed_on IS NULL;
    CREATE INDEX episode_open_la_referral ON episode (local_authority_id, referral_date, id) WHERE closed_on IS NULL;
    CREATE INDEX episode_open_la_lead_next_due ON episode (local_authority_id, lead_user_id, next_due_on) WHERE closed_on IS NULL;
    CREATE INDEX episode_open_manager ON episode (team_manager_user_id) WHERE closed_on IS NULL;
    CREATE INDEX conference_chair ON conference (chair_user_id, episode_id);
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
