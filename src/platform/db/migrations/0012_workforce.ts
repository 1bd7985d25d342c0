import { sql, type Kysely } from 'kysely'

/**
 * The workforce and schools (issue 14).
 *
 * - The DSL's chain: each escalation stage a concern reached (backup, then the local authority's front door) is a
 *   row, so the timer escalates each stage once and an organisation with nobody to tell moves on to the next link.
 *   Concerns escalated before this migration keep their stage 1 (from the outbox).
 * - Deadlines whose due date is set by their workflow (a school's term dates, a DSL's chosen review date) are not
 *   re-derived when a partnership changes its timescales.
 * - Schools carry their URN, so a file can be sent to a school found by it.
 * - Training records (people record their own; verification is a separate row: records are never edited).
 * - Allegations about adults, the LADO's outcome; low-level concerns and their review.
 * - Term dates and inset days per school, and the child-protection file transfer with its receipt and single-use
 *   download links (only the hash of a link's token is stored).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE SEQUENCE allegation_reference_seq;
    CREATE SEQUENCE low_level_concern_reference_seq;
    CREATE SEQUENCE file_transfer_reference_seq;

    CREATE TABLE concern_escalation (
      concern_id uuid NOT NULL REFERENCES concern(id),
      stage text NOT NULL CHECK (stage IN ('backup', 'front_door')),
      reached_at timestamptz NOT NULL,
      recipients integer NOT NULL CHECK (recipients >= 0),
      PRIMARY KEY (concern_id, stage)
    );
    INSERT INTO concern_escalation (concern_id, stage, reached_at, recipients)
      SELECT c.id, 'backup', min(n.created_at), count(*)
        FROM notification_outbox n JOIN concern c ON n.related_id = c.id::text
       WHERE n.kind = 'concern.escalated'
       GROUP BY c.id;

    ALTER TABLE deadline ADD COLUMN fixed_due boolean NOT NULL DEFAULT false;

    -- A school's URN, or an early years setting's (EY and six digits); migration 0013 imports them.
    ALTER TABLE organisation ADD COLUMN urn text CHECK (urn ~ '^(EY)?[0-9]{6}$');
    CREATE UNIQUE INDEX organisation_urn ON organisation (urn) WHERE urn IS NOT NULL;

    CREATE TABLE training_record (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id),
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      course text NOT NULL,
      title text NOT NULL,
      provider text NOT NULL,
      completed_on date NOT NULL,
      hours numeric(5,2) NOT NULL CHECK (hours > 0 AND hours <= 100),
      evidence text NOT NULL DEFAULT '',
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX training_record_user ON training_record (user_id, completed_on);
    CREATE INDEX training_record_organisation ON training_record (organisation_id, user_id);
    CREATE TABLE training_verification (
      record_id uuid PRIMARY KEY REFERENCES training_record(id),
      verified_by uuid NOT NULL REFERENCES app_user(id),
      verified_at timestamptz NOT NULL
    );

    CREATE TABLE low_level_concern (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      raised_by uuid NOT NULL REFERENCES app_user(id),
      subject_user_id uuid REFERENCES app_user(id),
      subject_name text NOT NULL,
      subject_kind text NOT NULL,
      subject_key text NOT NULL,
      about_head boolean NOT NULL,
      account text NOT NULL,
      state text NOT NULL CHECK (state IN ('recorded', 'reviewed', 'became_allegation')),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX low_level_concern_subject ON low_level_concern (organisation_id, subject_key, created_at);
    CREATE INDEX low_level_concern_raised_by ON low_level_concern (raised_by, created_at);

    CREATE TABLE allegation (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      case_manager_user_id uuid NOT NULL REFERENCES app_user(id),
      named_user_ids uuid[] NOT NULL DEFAULT '{}',
      subject_user_id uuid REFERENCES app_user(id),
      subject_name text NOT NULL,
      subject_role text NOT NULL,
      subject_employer text NOT NULL CHECK (btrim(subject_employer) <> ''),
      subject_date_of_birth date,
      aware_on date NOT NULL,
      account text NOT NULL,
      limbs text[] NOT NULL CHECK (cardinality(limbs) > 0),
      source_concern_id uuid REFERENCES concern(id),
      source_low_level_concern_id uuid REFERENCES low_level_concern(id),
      state text NOT NULL CHECK (state IN ('recorded', 'referred', 'concluded')),
      retain_until date NOT NULL,
      lado_sent_on date,
      lado_reference text,
      lado_sent_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX allegation_case_manager ON allegation (case_manager_user_id, created_at);
    CREATE INDEX allegation_area ON allegation (local_area_id, state, created_at);
    CREATE TABLE allegation_outcome (
      allegation_id uuid PRIMARY KEY REFERENCES allegation(id),
      strategy_discussion_on date,
      police_involved boolean NOT NULL,
      suspended_from date,
      suspended_until date,
      investigation text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('substantiated', 'malicious', 'false', 'unsubstantiated', 'unfounded')),
      dbs_referral boolean NOT NULL,
      tra_referral boolean NOT NULL,
      lessons_learned text NOT NULL,
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE TABLE low_level_review (
      concern_id uuid PRIMARY KEY REFERENCES low_level_concern(id),
      decision text NOT NULL CHECK (decision IN ('no_further_action', 'low_level', 'allegation')),
      actions text NOT NULL,
      reviewed_by uuid NOT NULL REFERENCES app_user(id),
      reviewed_at timestamptz NOT NULL,
      allegation_id uuid REFERENCES allegation(id)
    );

    CREATE TABLE school_term (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      starts_on date NOT NULL,
      ends_on date NOT NULL CHECK (ends_on >= starts_on),
      PRIMARY KEY (organisation_id, starts_on)
    );
    CREATE TABLE school_closure (
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      closed_on date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('inset', 'closure')),
      PRIMARY KEY (organisation_id, closed_on)
    );

    CREATE TABLE file_transfer (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      child_id uuid NOT NULL REFERENCES child(id),
      from_organisation_id uuid NOT NULL REFERENCES organisation(id),
      to_organisation_id uuid REFERENCES organisation(id),
      to_school_name text NOT NULL,
      to_email text,
      moved_on date NOT NULL,
      reason text NOT NULL,
      due_on date NOT NULL,
      advance_information text NOT NULL,
      state text NOT NULL CHECK (state IN ('sent', 'received')),
      sent_by uuid NOT NULL REFERENCES app_user(id),
      sent_at timestamptz NOT NULL,
      CHECK ((to_organisation_id IS NULL) = (to_email IS NOT NULL))
    );
    CREATE INDEX file_transfer_from ON file_transfer (from_organisation_id, sent_at);
    CREATE INDEX file_transfer_to ON file_transfer (to_organisation_id, sent_at);
    CREATE TABLE file_transfer_receipt (
      transfer_id uuid PRIMARY KEY REFERENCES file_transfer(id),
      confirmed_by_user_id uuid REFERENCES app_user(id),
      confirmed_by_name text NOT NULL,
      via text NOT NULL CHECK (via IN ('together', 'link')),
      confirmed_at timestamptz NOT NULL
    );
    CREATE TABLE file_transfer_link (
      id uuid PRIMARY KEY,
      transfer_id uuid NOT NULL REFERENCES file_transfer(id),
      token_hash text NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL
    );
  `.execute(db)
}
