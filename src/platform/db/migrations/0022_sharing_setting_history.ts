import { sql, type Kysely } from 'kysely'
import { appendOnlyTable } from './appendOnly.js'

/**
 * The history of a partnership's settings for working together on one child (issue 11, items 5 and 7): how long
 * a record opened with a reason stays open, and the repeated-concerns threshold. `sharing_setting` keeps the value
 * in force (the readers read it); every change also appends one row here per setting changed, with who, when, the
 * value before (null: Together's default was in force), the value after and why, so a setting is never changed
 * silently. Append-only: the database refuses UPDATE and DELETE.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sharing_setting_change (
      id uuid PRIMARY KEY,
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      -- One change (one form sent) may change several settings: its rows share change_id.
      change_id uuid NOT NULL,
      setting text NOT NULL CHECK (setting IN ('repeated_concerns_count', 'repeated_concerns_days', 'open_record_hours')),
      old_value integer,
      new_value integer NOT NULL,
      reason text NOT NULL CHECK (length(btrim(reason)) > 0),
      changed_by uuid NOT NULL REFERENCES app_user(id),
      changed_at timestamptz NOT NULL,
      UNIQUE (change_id, setting)
    );
    CREATE INDEX sharing_setting_change_area ON sharing_setting_change (local_area_id, changed_at);
    ${appendOnlyTable('sharing_setting_change')}
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
