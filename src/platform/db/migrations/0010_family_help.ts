import { sql, type Kysely } from 'kysely'

/**
 * Family help (early help across agencies): one episode per family, its members (children with records, and the
 * adults and family network by name), the team around the family, and every step taken, appended in order. The
 * episode's phase changes only through the transition table in src/modules/family-help/domain/episode.ts, with a
 * family_help_step row in the same transaction. Nothing is updated in place except the episode's current phase
 * and lead (history is in the steps), a member's leaving date, and next_due_on (kept by triggers from the
 * deadline register, as episode.next_due_on is).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE SEQUENCE family_help_reference_seq;
    CREATE TABLE family_help_episode (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      -- The local authority of the area: its early help coordinators oversee the episode.
      coordinating_organisation_id uuid NOT NULL REFERENCES organisation(id),
      level text NOT NULL,
      -- dsl_early_help_decision | front_door_decision | step_down | direct
      origin text NOT NULL,
      -- CIN census ReferralSource of the request for help.
      request_source text NOT NULL,
      opened_on date NOT NULL,
      opened_by_user_id uuid NOT NULL REFERENCES app_user(id),
      opened_by_organisation_id uuid NOT NULL REFERENCES organisation(id),
      concern_id uuid REFERENCES concern(id),
      referral_id uuid REFERENCES referral(id),
      social_care_episode_id uuid REFERENCES episode(id),
      previous_episode_id uuid REFERENCES family_help_episode(id),
      phase text NOT NULL,
      phase_changed_at timestamptz NOT NULL,
      lead_user_id uuid REFERENCES app_user(id),
      lead_organisation_id uuid REFERENCES organisation(id),
      consent_withdrawn_at timestamptz,
      step_up_referral_ids uuid[] NOT NULL DEFAULT '{}',
      closed_on date,
      closure_reason text,
      next_due_on date,
      next_review_due_on date,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX family_help_open_lead ON family_help_episode (lead_user_id, next_due_on) WHERE closed_on IS NULL;
    CREATE INDEX family_help_open_area ON family_help_episode (coordinating_organisation_id, phase, next_due_on, id)
      WHERE closed_on IS NULL;
    CREATE INDEX family_help_open_area_review ON family_help_episode (coordinating_organisation_id, next_review_due_on)
      WHERE closed_on IS NULL;
    CREATE INDEX family_help_open_area_lead_org ON family_help_episode (coordinating_organisation_id, lead_organisation_id)
      WHERE closed_on IS NULL;
    CREATE INDEX family_help_area_changed ON family_help_episode (coordinating_organisation_id, phase_changed_at);
    CREATE INDEX family_help_previous ON family_help_episode (previous_episode_id);

    -- The family is the unit: children (with their record) and adults and network (by name), with relationships.
    CREATE TABLE family_help_member (
      id uuid PRIMARY KEY,
      episode_id uuid NOT NULL REFERENCES family_help_episode(id),
      child_id uuid REFERENCES child(id),
      name text NOT NULL,
      -- For an adult: their relationship to the children (mother, grandfather, family friend...).
      relationship text NOT NULL,
      in_household boolean NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX family_help_member_episode ON family_help_member (episode_id);
    CREATE INDEX family_help_member_child ON family_help_member (child_id) WHERE child_id IS NOT NULL;

    -- The team around the family: agencies (and named practitioners) by role; joined and left.
    CREATE TABLE family_help_team_member (
      id uuid PRIMARY KEY,
      episode_id uuid NOT NULL REFERENCES family_help_episode(id),
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      user_id uuid REFERENCES app_user(id),
      practitioner_role text NOT NULL,
      joined_on date NOT NULL,
      left_on date,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX family_help_team_episode ON family_help_team_member (episode_id);
    CREATE INDEX family_help_team_user ON family_help_team_member (user_id) WHERE user_id IS NOT NULL;

    -- Every step taken, in order. Append-only; submission_key makes a form sent twice write once.
    CREATE TABLE family_help_step (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      episode_id uuid NOT NULL REFERENCES family_help_episode(id),
      step text NOT NULL,
      outcome text NOT NULL,
      from_phase text NOT NULL,
      to_phase text NOT NULL,
      occurred_on date NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      actor_organisation_id uuid NOT NULL REFERENCES organisation(id),
      submission_key text UNIQUE,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX family_help_step_episode ON family_help_step (episode_id, seq);
    CREATE INDEX family_help_step_kind ON family_help_step (step, occurred_on);

    CREATE FUNCTION family_help_step_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'family_help_step is append-only: record a new step instead';
    END $$;
    CREATE TRIGGER family_help_step_append_only BEFORE UPDATE OR DELETE ON family_help_step
      FOR EACH ROW EXECUTE FUNCTION family_help_step_is_append_only();

    -- The episode's earliest open deadline, and its earliest open review, kept from the deadline register.
    CREATE FUNCTION family_help_next_due_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE family_help_episode e
         SET next_due_on = n.due_on, next_review_due_on = n.review_due_on
        FROM (
          SELECT s.subject_id::uuid AS episode_id,
                 (SELECT min(d.due_on) FROM deadline d
                   WHERE d.subject_type = 'family_help_episode' AND d.subject_id = s.subject_id
                     AND d.completed_at IS NULL) AS due_on,
                 (SELECT min(d.due_on) FROM deadline d
                   WHERE d.subject_type = 'family_help_episode' AND d.subject_id = s.subject_id
                     AND d.rule_id IN ('family-help-first-review', 'family-help-next-review')
                     AND d.completed_at IS NULL) AS review_due_on
            FROM (SELECT DISTINCT subject_id FROM changed
                   WHERE subject_type = 'family_help_episode'
                     AND subject_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') s
        ) n
       WHERE e.id = n.episode_id
         AND (e.next_due_on IS DISTINCT FROM n.due_on OR e.next_review_due_on IS DISTINCT FROM n.review_due_on);
      RETURN NULL;
    END $$;
    CREATE TRIGGER deadline_family_help_next_due_insert AFTER INSERT ON deadline
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION family_help_next_due_refresh();
    CREATE TRIGGER deadline_family_help_next_due_update AFTER UPDATE ON deadline
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION family_help_next_due_refresh();
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
