import { sql, type Kysely } from 'kysely'

/**
 * Ready for a real area (issue 15).
 *
 * - A local area carries its DfE three-digit local authority number (the CIN census header's LEA).
 * - An organisation carries the identifiers others know it by (a school's URN, an NHS body's ODS code), its
 *   safeguarding lead, and whether it works across areas (British Transport Police). National bodies still belong
 *   to the area that registered them.
 * - Single sign-on: an organisation may name one OpenID Connect provider (issuer, client id; the client secret is
 *   read from the environment variable named here, never stored). A person's account is linked to the provider's
 *   subject on their first sign-in; the link is what later sign-ins match, never the email alone.
 * - Each census file made is recorded (year, serial number, who, how many children, errors and queries when made),
 *   so a re-export has the next SerialNo and the authority can show what it sent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE local_area ADD COLUMN la_code text CHECK (la_code ~ '^[0-9]{3}$');
    CREATE UNIQUE INDEX local_area_la_code ON local_area (la_code) WHERE la_code IS NOT NULL;

    -- organisation.urn came with migration 0012 (the workforce module's school moves).
    ALTER TABLE organisation
      ADD COLUMN ods_code text CHECK (ods_code ~ '^[A-Z0-9]{3,6}$'),
      ADD COLUMN safeguarding_lead_name text,
      ADD COLUMN safeguarding_lead_email text,
      ADD COLUMN works_across_areas boolean NOT NULL DEFAULT false;
    CREATE UNIQUE INDEX organisation_ods_code ON organisation (ods_code) WHERE ods_code IS NOT NULL;

    CREATE TABLE organisation_sign_on (
      organisation_id uuid PRIMARY KEY REFERENCES organisation(id),
      issuer text NOT NULL,
      client_id text NOT NULL,
      client_secret_env text NOT NULL CHECK (client_secret_env ~ '^[A-Z][A-Z0-9_]*$'),
      -- Whether the provider's multi-factor assertion (acr/amr) stands in for Together's own authenticator code.
      accept_provider_mfa boolean NOT NULL DEFAULT true,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );

    CREATE TABLE user_identity (
      issuer text NOT NULL,
      subject text NOT NULL,
      user_id uuid NOT NULL REFERENCES app_user(id),
      linked_at timestamptz NOT NULL,
      PRIMARY KEY (issuer, subject)
    );
    CREATE UNIQUE INDEX user_identity_user_issuer ON user_identity (user_id, issuer);

    CREATE TABLE census_export (
      id uuid PRIMARY KEY,
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      collection_year integer NOT NULL,
      serial_no integer NOT NULL,
      children integer NOT NULL,
      errors integer NOT NULL,
      queries integer NOT NULL,
      made_by uuid NOT NULL REFERENCES app_user(id),
      made_at timestamptz NOT NULL,
      UNIQUE (local_area_id, collection_year, serial_no)
    );
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE census_export;
    DROP TABLE user_identity;
    DROP TABLE organisation_sign_on;
    ALTER TABLE organisation DROP COLUMN ods_code, DROP COLUMN safeguarding_lead_name,
      DROP COLUMN safeguarding_lead_email, DROP COLUMN works_across_areas;
    ALTER TABLE local_area DROP COLUMN la_code;
  `.execute(db)
}
