import { sql, type Kysely } from 'kysely'

/**
 * The safeguarding partnership's own work (issue 13): its register and signed-off documents, learning from
 * serious incidents (notification, rapid review, practice review), recommendations and actions, and the yearly
 * report. Also a child's ethnicity and disability, coded as the children in need census codes them, so the agreed
 * data set (and the census return) can break measures down by them.
 *
 * Records of what happened are append-only rows (steps, summaries, sign-offs, action updates, report versions).
 * Current state (an incident's stage, an action's status, an agency's answer) is kept beside them and changed only
 * by a step in the same transaction as its audit row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The census code lists, for the census return and for checks; labels are what people see.
    CREATE TABLE ethnicity_code (code text PRIMARY KEY, label text NOT NULL);
    INSERT INTO ethnicity_code (code, label) VALUES
      ('WBRI', 'White British'),
      ('WIRI', 'White Irish'),
      ('WIRT', 'Traveller of Irish heritage'),
      ('WOTH', 'Any other White background'),
      ('WROM', 'Gypsy or Roma'),
      ('MWBC', 'White and Black Caribbean'),
      ('MWBA', 'White and Black African'),
      ('MWAS', 'White and Asian'),
      ('MOTH', 'Any other mixed background'),
      ('AIND', 'Indian'),
      ('APKN', 'Pakistani'),
      ('ABAN', 'Bangladeshi'),
      ('AOTH', 'Any other Asian background'),
      ('BCRB', 'Black Caribbean'),
      ('BAFR', 'Black African'),
      ('BOTH', 'Any other Black background'),
      ('CHNE', 'Chinese'),
      ('OOTH', 'Any other ethnic group'),
      ('REFU', 'Refused'),
      ('NOBT', 'Information not yet obtained');
    CREATE TABLE disability_code (code text PRIMARY KEY, label text NOT NULL);
    INSERT INTO disability_code (code, label) VALUES
      ('NONE', 'No disability'),
      ('MOB', 'Mobility'),
      ('HAND', 'Hand function'),
      ('PC', 'Personal care'),
      ('INC', 'Incontinence'),
      ('COMM', 'Communication'),
      ('LD', 'Learning'),
      ('HEAR', 'Hearing'),
      ('VIS', 'Vision'),
      ('BEH', 'Behaviour'),
      ('CON', 'Consciousness'),
      ('AUT', 'Autism or Asperger syndrome'),
      ('DDA', 'Other disability');

    -- NULL: not yet recorded. A child may have several disabilities (CIN census <Disabilities>); 'NONE' alone
    -- says there is none. An array cannot carry a foreign key, so a check keeps it to the code list above.
    ALTER TABLE child
      ADD COLUMN ethnicity text REFERENCES ethnicity_code(code),
      ADD COLUMN disabilities text[] CHECK (
        disabilities IS NULL OR disabilities <@ ARRAY['NONE','MOB','HAND','PC','INC','COMM','LD','HEAR','VIS','BEH','CON','AUT','DDA']::text[]
      );

    -- One partnership per local area. Who holds each seat is kept as rows, newest first: never edited.
    CREATE TABLE partnership (
      id uuid PRIMARY KEY,
      local_area_id uuid NOT NULL UNIQUE REFERENCES local_area(id),
      name text NOT NULL,
      education_engagement text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL
    );
    CREATE TABLE partnership_seat (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL,
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      partner text NOT NULL CHECK (partner IN ('local_authority', 'police', 'icb')),
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      lead_user_id uuid REFERENCES app_user(id),
      lead_name text NOT NULL,
      delegate_user_id uuid REFERENCES app_user(id),
      delegate_name text NOT NULL DEFAULT '',
      recorded_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX partnership_seat_latest ON partnership_seat (partnership_id, partner, seq DESC);
    -- Chair, independent scrutineers, relevant agencies and subgroups; ended_on set when someone leaves.
    CREATE TABLE partnership_member (
      id uuid PRIMARY KEY,
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      kind text NOT NULL CHECK (kind IN ('chair', 'scrutineer', 'agency', 'subgroup')),
      name text NOT NULL,
      organisation_id uuid REFERENCES organisation(id),
      category text,
      detail text NOT NULL DEFAULT '',
      started_on date NOT NULL,
      ended_on date,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX partnership_member_by_partnership ON partnership_member (partnership_id, kind);

    -- Versioned documents: a new version is a new row; it takes effect when the three partners have signed it.
    CREATE TABLE partnership_document (
      id uuid PRIMARY KEY,
      partnership_id uuid NOT NULL REFERENCES partnership(id),
      kind text NOT NULL CHECK (kind IN ('arrangements', 'threshold', 'budget', 'contributions')),
      version integer NOT NULL CHECK (version > 0),
      title text NOT NULL,
      summary text NOT NULL,
      url text,
      contributions jsonb NOT NULL DEFAULT '{}',
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      signed_off_at timestamptz,
      submission_key text UNIQUE,
      created_at timestamptz NOT NULL,
      UNIQUE (partnership_id, kind, version)
    );

    -- One signature per partner per thing signed (a document, a rapid review, a yearly report version).
    CREATE TABLE partnership_sign_off (
      id uuid PRIMARY KEY,
      subject_type text NOT NULL CHECK (subject_type IN ('document', 'rapid_review', 'yearly_report')),
      subject_id uuid NOT NULL,
      partner text NOT NULL CHECK (partner IN ('local_authority', 'police', 'icb')),
      user_id uuid NOT NULL REFERENCES app_user(id),
      submission_key text UNIQUE,
      signed_at timestamptz NOT NULL,
      UNIQUE (subject_type, subject_id, partner)
    );

    -- A serious incident, from its notification. Stage and the rapid review's decision are kept here, each
    -- changed only with a serious_incident_step row.
    CREATE TABLE serious_incident (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      notifying_organisation_id uuid NOT NULL REFERENCES organisation(id),
      incident_on date,
      aware_on date NOT NULL,
      notified_panel_on date NOT NULL,
      location text NOT NULL,
      other_children text NOT NULL DEFAULT '',
      harm text NOT NULL CHECK (harm IN ('death', 'serious_harm')),
      abuse_or_neglect text NOT NULL CHECK (abuse_or_neglect IN ('known', 'suspected', 'not_suspected')),
      happened_in text NOT NULL,
      child_lives_in text NOT NULL,
      stage text NOT NULL,
      stage_changed_at timestamptz NOT NULL,
      meeting_on date,
      decision text CHECK (decision IN ('practice_review', 'no_review', 'national_review')),
      decision_reasons text,
      immediate_actions text,
      learning text,
      sent_to_panel_on date,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX serious_incident_area ON serious_incident (local_area_id, created_at DESC);
    CREATE TABLE serious_incident_child (
      incident_id uuid NOT NULL REFERENCES serious_incident(id),
      child_id uuid NOT NULL REFERENCES child(id),
      legal_status text NOT NULL,
      PRIMARY KEY (incident_id, child_id)
    );
    CREATE TABLE serious_incident_step (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL,
      incident_id uuid NOT NULL REFERENCES serious_incident(id),
      step text NOT NULL,
      from_stage text,
      to_stage text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      actor_organisation_id uuid NOT NULL REFERENCES organisation(id),
      submission_key text UNIQUE,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX serious_incident_step_incident ON serious_incident_step (incident_id, seq);

    -- Each agency asked for its individual agency summary, and its answer (set once).
    CREATE TABLE rapid_review_agency (
      incident_id uuid NOT NULL REFERENCES serious_incident(id),
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      asked_at timestamptz NOT NULL,
      state text NOT NULL CHECK (state IN ('awaited', 'submitted', 'holds_nothing', 'gap_closed')),
      involvement text,
      analysis text,
      learning text,
      gap_reason text,
      answered_by uuid REFERENCES app_user(id),
      answered_at timestamptz,
      PRIMARY KEY (incident_id, organisation_id)
    );
    CREATE INDEX rapid_review_agency_org ON rapid_review_agency (organisation_id, state);

    CREATE TABLE practice_review_stage (
      incident_id uuid NOT NULL REFERENCES serious_incident(id),
      stage text NOT NULL CHECK (stage IN ('commissioned', 'draft', 'final', 'sent', 'published')),
      occurred_on date NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      PRIMARY KEY (incident_id, stage)
    );

    CREATE TABLE recommendation (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      source text NOT NULL CHECK (source IN ('rapid_review', 'practice_review', 'national_review', 'scrutiny', 'audit')),
      incident_id uuid REFERENCES serious_incident(id),
      text text NOT NULL,
      themes text[] NOT NULL DEFAULT '{}',
      created_by uuid NOT NULL REFERENCES app_user(id),
      submission_key text UNIQUE,
      created_at timestamptz NOT NULL
    );
    CREATE TABLE learning_action (
      id uuid PRIMARY KEY,
      recommendation_id uuid NOT NULL REFERENCES recommendation(id),
      description text NOT NULL,
      owner_organisation_id uuid NOT NULL REFERENCES organisation(id),
      owner_user_id uuid REFERENCES app_user(id),
      due_on date NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'in_progress', 'completed', 'withdrawn')),
      status_changed_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX learning_action_recommendation ON learning_action (recommendation_id);
    CREATE TABLE learning_action_update (
      id uuid PRIMARY KEY,
      seq bigserial NOT NULL,
      action_id uuid NOT NULL REFERENCES learning_action(id),
      status text NOT NULL,
      note text NOT NULL DEFAULT '',
      evidence_of_impact text NOT NULL DEFAULT '',
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      submission_key text UNIQUE,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX learning_action_update_action ON learning_action_update (action_id, seq);

    -- The yearly report: one per partnership year (April–March); each draft is a new version.
    CREATE TABLE yearly_report (
      id uuid PRIMARY KEY,
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      start_year integer NOT NULL,
      state text NOT NULL CHECK (state IN ('draft', 'published')),
      published_at timestamptz,
      created_at timestamptz NOT NULL,
      UNIQUE (local_area_id, start_year)
    );
    CREATE TABLE yearly_report_version (
      id uuid PRIMARY KEY,
      report_id uuid NOT NULL REFERENCES yearly_report(id),
      version integer NOT NULL,
      sections jsonb NOT NULL,
      created_by uuid NOT NULL REFERENCES app_user(id),
      submission_key text UNIQUE,
      created_at timestamptz NOT NULL,
      UNIQUE (report_id, version)
    );

    -- Records of what happened are never edited or removed.
    CREATE FUNCTION partnership_record_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% rows are never changed or removed: record a correction instead', TG_TABLE_NAME;
    END $$;
    CREATE TRIGGER serious_incident_step_append_only BEFORE UPDATE OR DELETE ON serious_incident_step
      FOR EACH ROW EXECUTE FUNCTION partnership_record_is_append_only();
    CREATE TRIGGER partnership_sign_off_append_only BEFORE UPDATE OR DELETE ON partnership_sign_off
      FOR EACH ROW EXECUTE FUNCTION partnership_record_is_append_only();
    CREATE TRIGGER learning_action_update_append_only BEFORE UPDATE OR DELETE ON learning_action_update
      FOR EACH ROW EXECUTE FUNCTION partnership_record_is_append_only();
    CREATE TRIGGER yearly_report_version_append_only BEFORE UPDATE OR DELETE ON yearly_report_version
      FOR EACH ROW EXECUTE FUNCTION partnership_record_is_append_only();
    CREATE TRIGGER partnership_seat_append_only BEFORE UPDATE OR DELETE ON partnership_seat
      FOR EACH ROW EXECUTE FUNCTION partnership_record_is_append_only();

    -- The data set counts by month over a county's year: these keep each dashboard to index range reads.
    CREATE INDEX IF NOT EXISTS referral_to_received ON referral (to_organisation_id, received_at);
    CREATE INDEX IF NOT EXISTS referral_child_received ON referral (child_id, received_at);
    CREATE INDEX IF NOT EXISTS deadline_area_rule_started ON deadline (local_area_id, rule_id, due_on);
    CREATE INDEX IF NOT EXISTS cp_plan_child_started ON child_protection_plan (child_id, started_on);
    CREATE INDEX IF NOT EXISTS concern_area_observed ON concern (local_area_id, created_at);
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
