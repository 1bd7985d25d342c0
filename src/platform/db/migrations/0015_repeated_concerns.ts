import { sql, type Kysely } from 'kysely'
import { appendOnlyTable } from './appendOnly.js'

/**
 * Repeated concerns about one child (issue 11, item 7).
 *
 * - The partnership's threshold (how many concerns within how many days) sits with its other settings for working
 *   together on one child, with where it comes from; no row, or no value, means Together's default (3 within 90).
 * - One row per crossing: which concerns made it, which organisations were told, whether the local authority was.
 *   Append-only. At most one crossing per concern (the concern whose recording crossed the threshold), so the
 *   same crossing cannot be told twice even if two recordings race.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE sharing_setting
      ADD COLUMN repeated_concerns_count integer CHECK (repeated_concerns_count BETWEEN 2 AND 20),
      ADD COLUMN repeated_concerns_days integer CHECK (repeated_concerns_days BETWEEN 7 AND 730),
      ADD COLUMN repeated_concerns_source text;

    CREATE TABLE repeated_concern_alert (
      id uuid PRIMARY KEY,
      child_id uuid NOT NULL REFERENCES child(id),
      crossed_by_concern_id uuid NOT NULL REFERENCES concern(id),
      crossed_at timestamptz NOT NULL,
      concern_ids uuid[] NOT NULL CHECK (cardinality(concern_ids) > 0),
      threshold_count integer NOT NULL,
      threshold_days integer NOT NULL,
      threshold_source text NOT NULL,
      told_organisation_ids uuid[] NOT NULL,
      local_authority_id uuid REFERENCES organisation(id),
      UNIQUE (child_id, crossed_by_concern_id)
    );
    CREATE INDEX repeated_concern_alert_child ON repeated_concern_alert (child_id, crossed_at);
    CREATE INDEX repeated_concern_alert_told ON repeated_concern_alert USING gin (told_organisation_ids);
    ${appendOnlyTable('repeated_concern_alert')}
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
