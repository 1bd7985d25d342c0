import { sql, type Kysely } from 'kysely'
import { appendOnlyFunction, refuseChanges } from './appendOnly.js'

/**
 * Census data the app could not record before (issue 15, after census8).
 *
 * - `local_area_change`: every change of an area's DfE local authority number, with who, when, the number before
 *   (null: none was set), the number after and why. `local_area.la_code` keeps the number in force (the census
 *   header reads it); the history is append-only, so a number is never changed silently.
 * - `child_census_detail`: a child's ethnicity and disability as the children in need census codes them, recorded
 *   by the social care staff holding the case. Each record is a new row (a later one corrects an earlier one, with
 *   its reason); the census reads the newest. Append-only, like the identity corrections.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE local_area_change (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      old_la_code text,
      new_la_code text NOT NULL CHECK (new_la_code ~ '^[0-9]{3}$'),
      reason text NOT NULL CHECK (length(btrim(reason)) > 0),
      changed_by uuid NOT NULL REFERENCES app_user(id),
      changed_at timestamptz NOT NULL
    );
    CREATE INDEX local_area_change_area ON local_area_change (local_area_id, seq);

    CREATE TABLE child_census_detail (
      id uuid PRIMARY KEY,
      -- The order records were made in (two may share a timestamp): the newest is the highest.
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      child_id uuid NOT NULL REFERENCES child(id),
      ethnicity text NOT NULL REFERENCES ethnicity_code(code),
      -- 'NONE' alone: no disability; otherwise one or more of the census's disability codes.
      disabilities text[] NOT NULL CHECK (
        cardinality(disabilities) > 0
        AND disabilities <@ ARRAY['NONE','MOB','HAND','PC','INC','COMM','LD','HEAR','VIS','BEH','CON','AUT','DDA']::text[]
        AND NOT ('NONE' = ANY(disabilities) AND cardinality(disabilities) > 1)
      ),
      reason text,
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_by_organisation_id uuid NOT NULL REFERENCES organisation(id),
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX child_census_detail_child ON child_census_detail (child_id, seq DESC);

    ${appendOnlyFunction('census_history_is_append_only')}
    ${refuseChanges('local_area_change', 'census_history_is_append_only')}
    ${refuseChanges('child_census_detail', 'census_history_is_append_only')}
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
