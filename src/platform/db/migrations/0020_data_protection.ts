import { sql, type Kysely } from 'kysely'
import { appendOnlyFunction } from './appendOnly.js'

/**
 * The data protection complaints log (Data (Use and Access) Act 2025: controllers facilitate complaints,
 * acknowledge each within 30 days and respond without undue delay). Append-only, as every record here: a
 * complaint, its acknowledgement and its outcome are three rows in three tables, each written once, and the
 * database refuses UPDATE and DELETE on all three. Where a complaint stands is read from which rows exist.
 * The acknowledgement clock is a deadline row (rule data-protection-complaint-acknowledgement).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE data_protection_complaint (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      -- The controller: the organisation that received the complaint.
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      complainant_name text NOT NULL CHECK (length(btrim(complainant_name)) > 0),
      complainant_contact text NOT NULL CHECK (length(btrim(complainant_contact)) > 0),
      received_on date NOT NULL,
      received_how text NOT NULL CHECK (received_how IN ('email', 'letter', 'phone', 'in_person', 'online')),
      summary text NOT NULL CHECK (length(btrim(summary)) > 0),
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL,
      deadline_id uuid NOT NULL REFERENCES deadline(id)
    );
    CREATE INDEX data_protection_complaint_organisation ON data_protection_complaint (organisation_id, received_on);

    CREATE TABLE data_protection_complaint_acknowledgement (
      complaint_id uuid PRIMARY KEY REFERENCES data_protection_complaint(id),
      acknowledged_on date NOT NULL,
      sent_how text NOT NULL CHECK (sent_how IN ('email', 'letter', 'phone', 'in_person')),
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL
    );

    CREATE TABLE data_protection_complaint_outcome (
      complaint_id uuid PRIMARY KEY REFERENCES data_protection_complaint(id),
      decided_on date NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('upheld', 'partly_upheld', 'not_upheld', 'withdrawn')),
      response text NOT NULL CHECK (length(btrim(response)) > 0),
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL
    );

    ${appendOnlyFunction('data_protection_complaint_is_append_only')}
    CREATE TRIGGER data_protection_complaint_append_only BEFORE UPDATE OR DELETE ON data_protection_complaint
      FOR EACH ROW EXECUTE FUNCTION data_protection_complaint_is_append_only();
    CREATE TRIGGER data_protection_complaint_acknowledgement_append_only
      BEFORE UPDATE OR DELETE ON data_protection_complaint_acknowledgement
      FOR EACH ROW EXECUTE FUNCTION data_protection_complaint_is_append_only();
    CREATE TRIGGER data_protection_complaint_outcome_append_only
      BEFORE UPDATE OR DELETE ON data_protection_complaint_outcome
      FOR EACH ROW EXECUTE FUNCTION data_protection_complaint_is_append_only();
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
