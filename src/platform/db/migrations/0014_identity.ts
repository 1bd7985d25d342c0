import { sql, type Kysely } from 'kysely'
import { appendOnlyTable } from './appendOnly.js'

/**
 * A child's identity over time, and subject access requests ("Working together on one child", items 1 and 8).
 *
 * - child_correction: corrections to who a child is (name, date of birth, sex, NHS number, UPN, another name, a
 *   birth recorded for an unborn child) are addenda, never edits: each row says what it sets, what it was before,
 *   why, who and when. The database refuses UPDATE and DELETE on it.
 * - child_current: the child as known now. Why a view and not UPDATEs of child: `child` stays the first record
 *   exactly as it was made (so the history is the child row plus its corrections in order), and what shows or
 *   matches a child reads child_current instead (search, the child protection plan check, finding an existing
 *   record, the child's page, and the lists and pages that name a child, through
 *   src/platform/db/childCurrent.ts). It is a UNION ALL of the children with no correction (the child row itself,
 *   so PostgreSQL pushes a search's conditions down to child's own indexes) and the few corrected children (their
 *   corrections applied, newest per field).
 * - subject_access_request / subject_access_redaction: a request for a child's record, its clock (a deadline
 *   row, rule subject-access-response), the entries withheld and why, and when the export was made.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE child_correction (
      id uuid PRIMARY KEY,
      -- Insertion order: two corrections in the same clock tick still apply in the order they were made.
      seq bigint GENERATED ALWAYS AS IDENTITY,
      child_id uuid NOT NULL REFERENCES child(id),
      kind text NOT NULL CHECK (kind IN ('name', 'date_of_birth', 'sex', 'nhs_number', 'upn', 'alias', 'birth')),
      given_name text,
      family_name text,
      search_name text,
      date_of_birth date,
      sex text CHECK (sex IN ('female', 'male', 'unknown')),
      nhs_number text,
      upn text,
      -- What the corrected fields held before, for the history ({"nhsNumber": "…"}); {} for another name.
      previous jsonb NOT NULL,
      reason text NOT NULL CHECK (length(btrim(reason)) > 0),
      corrected_by uuid NOT NULL REFERENCES app_user(id),
      corrected_by_organisation_id uuid NOT NULL REFERENCES organisation(id),
      corrected_at timestamptz NOT NULL,
      CHECK (kind <> 'name' OR (given_name IS NOT NULL AND family_name IS NOT NULL AND search_name IS NOT NULL)),
      CHECK (kind <> 'alias' OR (given_name IS NOT NULL AND family_name IS NOT NULL AND search_name IS NOT NULL)),
      CHECK (kind NOT IN ('date_of_birth', 'birth') OR date_of_birth IS NOT NULL),
      CHECK (kind <> 'sex' OR sex IS NOT NULL),
      CHECK (kind <> 'nhs_number' OR nhs_number IS NOT NULL),
      CHECK (kind <> 'upn' OR upn IS NOT NULL)
    );
    CREATE INDEX child_correction_child ON child_correction (child_id, seq);
    ${appendOnlyTable('child_correction')}
    -- A corrected name's words are searchable words too (see name_words_like).
    CREATE TRIGGER child_correction_name_words AFTER INSERT ON child_correction
      FOR EACH ROW EXECUTE FUNCTION remember_name_words();

    CREATE VIEW child_current AS
      SELECT c.id, c.local_area_id, c.given_name, c.family_name, c.search_name, c.date_of_birth,
        c.expected_date_of_delivery, c.sex, c.nhs_number, c.upn, c.postcode, c.created_by_organisation_id
      FROM child c
      WHERE NOT EXISTS (SELECT 1 FROM child_correction k WHERE k.child_id = c.id)
      UNION ALL
      SELECT c.id, c.local_area_id, coalesce(n.given_name, c.given_name), coalesce(n.family_name, c.family_name),
        coalesce(n.search_name, c.search_name), coalesce(d.date_of_birth, c.date_of_birth),
        CASE WHEN d.date_of_birth IS NULL THEN c.expected_date_of_delivery END,
        coalesce(s.sex, c.sex), coalesce(h.nhs_number, c.nhs_number), coalesce(u.upn, c.upn), c.postcode,
        c.created_by_organisation_id
      FROM child c
      LEFT JOIN LATERAL (SELECT k.given_name, k.family_name, k.search_name FROM child_correction k
        WHERE k.child_id = c.id AND k.kind = 'name' ORDER BY k.seq DESC LIMIT 1) n ON true
      LEFT JOIN LATERAL (SELECT k.date_of_birth FROM child_correction k
        WHERE k.child_id = c.id AND k.date_of_birth IS NOT NULL ORDER BY k.seq DESC LIMIT 1) d ON true
      LEFT JOIN LATERAL (SELECT k.sex FROM child_correction k
        WHERE k.child_id = c.id AND k.sex IS NOT NULL ORDER BY k.seq DESC LIMIT 1) s ON true
      LEFT JOIN LATERAL (SELECT k.nhs_number FROM child_correction k
        WHERE k.child_id = c.id AND k.nhs_number IS NOT NULL ORDER BY k.seq DESC LIMIT 1) h ON true
      LEFT JOIN LATERAL (SELECT k.upn FROM child_correction k
        WHERE k.child_id = c.id AND k.upn IS NOT NULL ORDER BY k.seq DESC LIMIT 1) u ON true
      WHERE EXISTS (SELECT 1 FROM child_correction k WHERE k.child_id = c.id);

    -- The name search reads children as they are now.
    CREATE OR REPLACE FUNCTION children_named_like(forms text[]) RETURNS TABLE (child_id uuid, score real) LANGUAGE sql STABLE
      SET pg_trgm.similarity_threshold = 0.5
      AS $$
        SELECT c.id, similarity(c.search_name, f) FROM unnest(forms) AS f CROSS JOIN LATERAL (SELECT id, search_name FROM child_current WHERE search_name % f) AS c
        UNION ALL
        SELECT a.child_id, similarity(a.search_name, f) FROM unnest(forms) AS f CROSS JOIN LATERAL (SELECT child_id, search_name FROM child_alias WHERE search_name % f) AS a
      $$;

    CREATE TABLE subject_access_request (
      id uuid PRIMARY KEY,
      child_id uuid NOT NULL REFERENCES child(id),
      -- The controller answering: the organisation that recorded the request.
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      requester text NOT NULL CHECK (requester IN ('child', 'parent', 'representative')),
      requester_name text NOT NULL,
      received_on date NOT NULL,
      identity_verified boolean NOT NULL,
      recorded_by uuid NOT NULL REFERENCES app_user(id),
      recorded_at timestamptz NOT NULL,
      deadline_id uuid NOT NULL REFERENCES deadline(id),
      extended_at timestamptz,
      extension_reason text,
      exported_at timestamptz,
      exported_by uuid REFERENCES app_user(id)
    );
    -- One open request per child per organisation: its pages are the child's subject access pages.
    CREATE UNIQUE INDEX subject_access_open ON subject_access_request (child_id, organisation_id) WHERE exported_at IS NULL;

    CREATE TABLE subject_access_redaction (
      id uuid PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES subject_access_request(id),
      entry_key text NOT NULL,
      entry_label text NOT NULL,
      ground text NOT NULL CHECK (ground IN ('third_party', 'identity_at_risk', 'serious_harm')),
      explanation text NOT NULL,
      decided_by uuid NOT NULL REFERENCES app_user(id),
      decided_at timestamptz NOT NULL,
      UNIQUE (request_id, entry_key)
    );
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
