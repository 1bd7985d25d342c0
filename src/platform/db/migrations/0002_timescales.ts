import { sql, type Kysely } from 'kysely'

/**
 * Statutory clocks: local timescale overrides and extra non-working days per safeguarding partnership (local
 * area), and the register of open deadlines that every workflow writes its clocks into.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Append-only history: the latest row per (area, rule) is in force; amount NULL means "back to national".
    CREATE TABLE timescale_override (
      id uuid PRIMARY KEY,
      -- Insertion order: two changes within the same clock tick must still have a clear latest.
      seq bigint GENERATED ALWAYS AS IDENTITY,
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      rule_id text NOT NULL,
      amount integer CHECK (amount IS NULL OR amount > 0),
      unit text,
      reason text NOT NULL,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX timescale_override_current ON timescale_override (local_area_id, rule_id, seq DESC);

    CREATE TABLE local_non_working_day (
      id uuid PRIMARY KEY,
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      day date NOT NULL,
      description text NOT NULL,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      removed_at timestamptz,
      removed_by uuid REFERENCES app_user(id)
    );
    CREATE UNIQUE INDEX local_non_working_day_once ON local_non_working_day (local_area_id, day) WHERE removed_at IS NULL;

    -- One row per statutory clock. started_on is the raw event date; due_on and national_due_on are derived
    -- from it and recomputed in the same transaction whenever a local timescale or the calendar changes.
    CREATE TABLE deadline (
      id uuid PRIMARY KEY,
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      assigned_user_id uuid REFERENCES app_user(id),
      rule_id text NOT NULL,
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      child_id uuid,
      title text NOT NULL,
      started_on date NOT NULL,
      due_on date NOT NULL,
      national_due_on date NOT NULL,
      created_at timestamptz NOT NULL,
      completed_at timestamptz
    );
    -- The list pages sort open items by due date (or by rule, then due date) with the id as a tie-break;
    -- these partial indexes give that order directly for each scope, so deep pages stay fast.
    CREATE INDEX deadline_open_area ON deadline (local_area_id, due_on, id) WHERE completed_at IS NULL;
    CREATE INDEX deadline_open_area_rule ON deadline (local_area_id, rule_id, due_on, id) WHERE completed_at IS NULL;
    CREATE INDEX deadline_open_org ON deadline (organisation_id, due_on, id) WHERE completed_at IS NULL;
    CREATE INDEX deadline_open_user ON deadline (assigned_user_id, due_on, id) WHERE completed_at IS NULL;
    CREATE INDEX deadline_subject ON deadline (subject_type, subject_id);
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
