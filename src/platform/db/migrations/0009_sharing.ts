import { sql, type Kysely } from 'kysely'

/**
 * Working together on one child.
 *
 * - A child may carry a postcode, so that a check that finds a child protection plan can show the checker which
 *   child matched (name, date of birth and postcode district) before anything else.
 * - Information-sharing decisions: one row for every share and every refusal (golden rule 7), append-only. What a
 *   share carried is its summary and the concerns chosen (sharing_item); the recipient organisation's view of the
 *   child's chronology shows exactly those. Receipt is confirmed by the recipient as a row of its own, never by
 *   editing the decision.
 * - Opening a record with a reason: a time-limited grant to one person, kept for the audit and the alerts.
 * - The partnership's settings for this module (how long an opened record stays open; whether CA 2004 s16LA has
 *   commenced), one row per local area; defaults in the domain when there is none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE child ADD COLUMN postcode text;

    CREATE TABLE sharing_decision (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      child_id uuid NOT NULL REFERENCES child(id),
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      decided_by uuid NOT NULL REFERENCES app_user(id),
      decided_at timestamptz NOT NULL,
      direction text NOT NULL CHECK (direction IN ('proactive', 'answering_request', 'refusal')),
      decision text NOT NULL CHECK (decision IN ('share', 'share_in_part', 'not_share', 'seek_advice')),
      requested_by text,
      recipient_organisation_id uuid NOT NULL REFERENCES organisation(id),
      recipient_person text,
      lawful_basis text,
      special_category text,
      gateways text[] NOT NULL DEFAULT '{}',
      consent text NOT NULL,
      consent_not_sought_reason text,
      told boolean,
      told_reason text,
      identities_at_risk boolean,
      redactions text,
      detriment_reasons text,
      necessity text,
      summary text,
      shared_on date,
      refusal_reasons text,
      advice_from text,
      advice_sought_on date,
      submission_key text UNIQUE,
      -- A share always has its lawful basis; a refusal always has its reasons.
      CHECK (decision NOT IN ('share', 'share_in_part') OR (lawful_basis IS NOT NULL AND necessity IS NOT NULL AND shared_on IS NOT NULL)),
      CHECK (decision <> 'not_share' OR refusal_reasons IS NOT NULL)
    );
    CREATE SEQUENCE sharing_decision_reference_seq;
    CREATE INDEX sharing_decision_child ON sharing_decision (child_id, decided_at);
    CREATE INDEX sharing_decision_recipient ON sharing_decision (recipient_organisation_id, child_id);

    CREATE TABLE sharing_item (
      decision_id uuid NOT NULL REFERENCES sharing_decision(id),
      concern_id uuid NOT NULL REFERENCES concern(id),
      PRIMARY KEY (decision_id, concern_id)
    );

    CREATE TABLE sharing_receipt (
      decision_id uuid PRIMARY KEY REFERENCES sharing_decision(id),
      confirmed_by uuid NOT NULL REFERENCES app_user(id),
      confirmed_at timestamptz NOT NULL
    );

    CREATE TABLE record_opening (
      id uuid PRIMARY KEY,
      child_id uuid NOT NULL REFERENCES child(id),
      user_id uuid NOT NULL REFERENCES app_user(id),
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      reason text NOT NULL CHECK (reason <> ''),
      opened_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL CHECK (expires_at > opened_at)
    );
    CREATE INDEX record_opening_child ON record_opening (child_id, opened_at);
    CREATE INDEX record_opening_user ON record_opening (user_id, child_id, expires_at);

    CREATE TABLE sharing_setting (
      local_area_id uuid PRIMARY KEY REFERENCES local_area(id),
      open_record_hours integer NOT NULL CHECK (open_record_hours BETWEEN 1 AND 168),
      section_16la_in_force boolean NOT NULL,
      set_by uuid REFERENCES app_user(id),
      set_at timestamptz NOT NULL
    );

    -- Who has seen this child: the audit trail of one child's record, newest first.
    CREATE INDEX audit_event_child_subject ON audit_event (subject_id, seq) WHERE subject_type = 'child';
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
