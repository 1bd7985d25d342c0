import { sql, type Kysely } from 'kysely'

/**
 * From referral to protection: referrals from professionals and the public (not only from a DSL's decision),
 * the front door's requests for information, and one episode per referral and child that carries the
 * assessment, strategy discussions, section 47 enquiry, conferences and plans. The episode's phase changes
 * only through the transition table in src/domain/protection/episode.ts; every step taken is appended to
 * episode_step. Nothing here is updated in place except set-once fields (an answer given, a plan ended) and
 * the episode's current phase, each changed by a use case in the same transaction as its audit row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A referral may now come from a professional's form or a member of the public. A public referral names the
    -- child in words (child_details) until the front door links it to a child record, hence child_id nullable.
    ALTER TABLE referral ALTER COLUMN child_id DROP NOT NULL;
    ALTER TABLE referral
      ADD COLUMN channel text NOT NULL DEFAULT 'dsl_decision',
      -- CIN census ReferralSource (1A…10), see src/domain/protection/codes.ts.
      ADD COLUMN source_code text NOT NULL DEFAULT '10',
      ADD COLUMN child_details jsonb NOT NULL DEFAULT '{}',
      -- The referral content of domain.md section 3: concern, location, household, needs, history, ...
      ADD COLUMN details jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN immediate_danger boolean NOT NULL DEFAULT false,
      ADD COLUMN referrer_name text,
      ADD COLUMN referrer_contact text,
      ADD COLUMN referrer_relationship text,
      ADD COLUMN referrer_anonymous boolean NOT NULL DEFAULT false,
      ADD COLUMN parents_aware boolean,
      -- 'given' | 'refused' | 'not_sought'; when not sought, the reason is required.
      ADD COLUMN parental_consent text,
      ADD COLUMN consent_not_sought_reason text,
      ADD COLUMN acknowledged_at timestamptz,
      ADD COLUMN submitted_from text;
    CREATE INDEX referral_front_door ON referral (to_organisation_id, state, received_at);
    CREATE INDEX referral_referred_by ON referral (referred_by, received_at);

    -- One referral's journey for one child, owned by the local authority it went to (CIN census CINdetails).
    CREATE SEQUENCE episode_reference_seq;
    CREATE TABLE episode (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      child_id uuid NOT NULL REFERENCES child(id),
      referral_id uuid NOT NULL UNIQUE REFERENCES referral(id),
      local_authority_id uuid NOT NULL REFERENCES organisation(id),
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      -- Current phase (src/domain/protection/episode.ts); changed only with an episode_step row.
      phase text NOT NULL,
      phase_changed_at timestamptz NOT NULL,
      -- The allocated social worker (lead practitioner) and their manager.
      lead_user_id uuid REFERENCES app_user(id),
      team_manager_user_id uuid REFERENCES app_user(id),
      referral_date date NOT NULL,
      referral_nfa boolean NOT NULL DEFAULT false,
      primary_need text,
      closed_on date,
      closure_reason text,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX episode_open_lead ON episode (lead_user_id) WHERE closed_on IS NULL;
    CREATE INDEX episode_open_la ON episode (local_authority_id, phase) WHERE closed_on IS NULL;
    CREATE INDEX episode_child ON episode (child_id);

    -- Every step taken on an episode, in order. Append-only. submission_key makes a double-submitted form
    -- a no-op instead of a second step.
    CREATE TABLE episode_step (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      episode_id uuid NOT NULL REFERENCES episode(id),
      step text NOT NULL,
      outcome text NOT NULL,
      from_phase text NOT NULL,
      to_phase text NOT NULL,
      occurred_on date NOT NULL,
      rationale text NOT NULL DEFAULT '',
      details jsonb NOT NULL DEFAULT '{}',
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      actor_organisation_id uuid NOT NULL REFERENCES organisation(id),
      submission_key text UNIQUE,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX episode_step_episode ON episode_step (episode_id, seq);

    -- The front door asks police, health or school what they know; they answer inside Together.
    CREATE TABLE information_request (
      id uuid PRIMARY KEY,
      referral_id uuid NOT NULL REFERENCES referral(id),
      child_id uuid REFERENCES child(id),
      to_organisation_id uuid NOT NULL REFERENCES organisation(id),
      requested_by uuid NOT NULL REFERENCES app_user(id),
      question text NOT NULL,
      due_at timestamptz,
      requested_at timestamptz NOT NULL
    );
    CREATE INDEX information_request_to ON information_request (to_organisation_id, requested_at);
    CREATE INDEX information_request_referral ON information_request (referral_id);
    CREATE TABLE information_response (
      id uuid PRIMARY KEY,
      information_request_id uuid NOT NULL REFERENCES information_request(id),
      responded_by uuid NOT NULL REFERENCES app_user(id),
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      answer text NOT NULL,
      responded_at timestamptz NOT NULL
    );
    CREATE INDEX information_response_request ON information_response (information_request_id, responded_at);

    -- Child and family assessment (s17, and the vehicle for a section 47 enquiry). Fields fill in as the work
    -- is done; the outcome is set once, when a manager authorises it.
    CREATE TABLE assessment (
      id uuid PRIMARY KEY,
      episode_id uuid NOT NULL UNIQUE REFERENCES episode(id),
      child_id uuid NOT NULL REFERENCES child(id),
      started_on date NOT NULL,
      child_seen_on date,
      child_seen_alone boolean,
      factors text[] NOT NULL DEFAULT '{}',
      summary text NOT NULL DEFAULT '',
      submitted_at timestamptz,
      submitted_by uuid REFERENCES app_user(id),
      authorised_at timestamptz,
      authorised_by uuid REFERENCES app_user(id),
      outcome text,
      completed_on date,
      created_at timestamptz NOT NULL
    );

    CREATE TABLE strategy_discussion (
      id uuid PRIMARY KEY,
      episode_id uuid NOT NULL REFERENCES episode(id),
      child_id uuid NOT NULL REFERENCES child(id),
      held_at timestamptz NOT NULL,
      held_on date NOT NULL,
      decision text NOT NULL,
      immediate_safety_actions text NOT NULL DEFAULT '',
      minutes text NOT NULL DEFAULT '',
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX strategy_discussion_episode ON strategy_discussion (episode_id, held_at);
    CREATE TABLE strategy_discussion_attendee (
      strategy_discussion_id uuid NOT NULL REFERENCES strategy_discussion(id),
      position integer NOT NULL,
      agency text NOT NULL,
      organisation_id uuid REFERENCES organisation(id),
      name text NOT NULL,
      role text NOT NULL DEFAULT '',
      PRIMARY KEY (strategy_discussion_id, position)
    );
    CREATE TABLE strategy_discussion_action (
      strategy_discussion_id uuid NOT NULL REFERENCES strategy_discussion(id),
      position integer NOT NULL,
      action text NOT NULL,
      owner text NOT NULL,
      due_on date,
      PRIMARY KEY (strategy_discussion_id, position)
    );

    CREATE TABLE section47_enquiry (
      id uuid PRIMARY KEY,
      episode_id uuid NOT NULL REFERENCES episode(id),
      child_id uuid NOT NULL REFERENCES child(id),
      strategy_discussion_id uuid NOT NULL UNIQUE REFERENCES strategy_discussion(id),
      started_on date NOT NULL,
      -- 'substantiated' | 'not_substantiated'; conference_required false is the census ICPCnotRequired.
      outcome text,
      conference_required boolean,
      summary text NOT NULL DEFAULT '',
      concluded_on date,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX section47_enquiry_episode ON section47_enquiry (episode_id);

    -- Initial and review child protection conferences.
    CREATE TABLE conference (
      id uuid PRIMARY KEY,
      episode_id uuid NOT NULL REFERENCES episode(id),
      child_id uuid NOT NULL REFERENCES child(id),
      kind text NOT NULL,
      section47_enquiry_id uuid REFERENCES section47_enquiry(id),
      scheduled_at timestamptz NOT NULL,
      chair_user_id uuid REFERENCES app_user(id),
      held_on date,
      decision text,
      decision_details jsonb NOT NULL DEFAULT '{}',
      dissent text NOT NULL DEFAULT '',
      -- Every child in the household is considered: who, and what was decided or noted for each.
      household_considered jsonb NOT NULL DEFAULT '[]',
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX conference_episode ON conference (episode_id, scheduled_at);
    CREATE TABLE conference_invitation (
      id uuid PRIMARY KEY,
      conference_id uuid NOT NULL REFERENCES conference(id),
      -- 'agency' (an organisation in Together) or 'family' (a parent or carer, invited in person or by letter).
      invitee_kind text NOT NULL,
      organisation_id uuid REFERENCES organisation(id),
      name text NOT NULL,
      contact text NOT NULL DEFAULT '',
      invited_by uuid NOT NULL REFERENCES app_user(id),
      invited_at timestamptz NOT NULL
    );
    CREATE INDEX conference_invitation_conference ON conference_invitation (conference_id);
    CREATE INDEX conference_invitation_organisation ON conference_invitation (organisation_id, invited_at);
    CREATE TABLE conference_report (
      id uuid PRIMARY KEY,
      conference_id uuid NOT NULL REFERENCES conference(id),
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      author_user_id uuid NOT NULL REFERENCES app_user(id),
      text text NOT NULL,
      submitted_at timestamptz NOT NULL
    );
    CREATE INDEX conference_report_conference ON conference_report (conference_id, submitted_at);

    CREATE TABLE child_protection_plan (
      id uuid PRIMARY KEY,
      episode_id uuid NOT NULL REFERENCES episode(id),
      child_id uuid NOT NULL REFERENCES child(id),
      conference_id uuid NOT NULL REFERENCES conference(id),
      -- CIN census rule 2885: a plan starts on the date of the initial conference.
      started_on date NOT NULL,
      initial_category text NOT NULL,
      latest_category text NOT NULL,
      lead_user_id uuid REFERENCES app_user(id),
      outline_plan text NOT NULL,
      contingency_plan text NOT NULL,
      ended_on date,
      end_reason text,
      step_down text,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX child_protection_plan_child ON child_protection_plan (child_id);
    CREATE UNIQUE INDEX child_protection_plan_one_open ON child_protection_plan (child_id) WHERE ended_on IS NULL;
    -- The core group: agencies (organisations in Together) and family members.
    CREATE TABLE plan_member (
      plan_id uuid NOT NULL REFERENCES child_protection_plan(id),
      position integer NOT NULL,
      member_kind text NOT NULL,
      organisation_id uuid REFERENCES organisation(id),
      user_id uuid REFERENCES app_user(id),
      name text NOT NULL,
      role text NOT NULL DEFAULT '',
      added_at timestamptz NOT NULL,
      PRIMARY KEY (plan_id, position)
    );
    CREATE INDEX plan_member_organisation ON plan_member (organisation_id);
    CREATE TABLE core_group_meeting (
      id uuid PRIMARY KEY,
      plan_id uuid NOT NULL REFERENCES child_protection_plan(id),
      held_on date NOT NULL,
      notes text NOT NULL,
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX core_group_meeting_plan ON core_group_meeting (plan_id, held_on);

    CREATE TABLE child_in_need_plan (
      id uuid PRIMARY KEY,
      episode_id uuid NOT NULL REFERENCES episode(id),
      child_id uuid NOT NULL REFERENCES child(id),
      started_on date NOT NULL,
      outcomes text NOT NULL,
      lead_user_id uuid REFERENCES app_user(id),
      ended_on date,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX child_in_need_plan_episode ON child_in_need_plan (episode_id);
    CREATE TABLE child_in_need_review (
      id uuid PRIMARY KEY,
      plan_id uuid NOT NULL REFERENCES child_in_need_plan(id),
      held_on date NOT NULL,
      notes text NOT NULL,
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );

    -- Police and health in the area may ask whether a child has a child protection plan (as NHS CP-IS does);
    -- each look-up is kept and the local authority is told.
    CREATE TABLE protection_check (
      id uuid PRIMARY KEY,
      child_id uuid REFERENCES child(id),
      checked_by uuid NOT NULL REFERENCES app_user(id),
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      query jsonb NOT NULL,
      found_plan boolean NOT NULL,
      reason text NOT NULL,
      checked_at timestamptz NOT NULL
    );
    CREATE INDEX protection_check_area ON protection_check (local_area_id, checked_at);
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
