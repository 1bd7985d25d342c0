import { sql, type Kysely } from 'kysely'
import { appendOnlyTable, refuseTruncate } from './appendOnly.js'

/**
 * Foundation: local areas (safeguarding partnerships), organisations, users, sessions, API tokens, invitations,
 * settings and the hash-chained, append-only audit trail. SQL kept to what PostgreSQL 15 accepts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE local_area (
      id uuid PRIMARY KEY,
      name text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL
    );

    CREATE TABLE organisation (
      id uuid PRIMARY KEY,
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      name text NOT NULL,
      kind text NOT NULL,
      -- A safeguarding partner (local authority, ICB or police) for its local area.
      statutory_partner boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      UNIQUE (local_area_id, name)
    );

    CREATE TABLE app_user (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      email text NOT NULL,
      display_name text NOT NULL,
      roles text[] NOT NULL,
      password_hash text,
      totp_secret text,
      totp_last_step bigint,
      failed_sign_ins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      active boolean NOT NULL DEFAULT true,
      is_demo boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      CHECK (cardinality(roles) > 0)
    );
    CREATE UNIQUE INDEX app_user_email ON app_user (lower(email));
    CREATE INDEX app_user_organisation ON app_user (organisation_id);

    CREATE TABLE user_session (
      -- sha256 of the cookie value: a stolen database does not yield live cookies.
      id_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id),
      -- 'second_factor' while waiting for a TOTP code; 'active' once fully signed in.
      stage text NOT NULL CHECK (stage IN ('second_factor', 'active')),
      -- A TOTP secret offered during set-up, kept here until the user proves they have it.
      pending_totp_secret text,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      ended_reason text
    );
    CREATE INDEX user_session_user ON user_session (user_id) WHERE ended_at IS NULL;

    CREATE TABLE api_token (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX api_token_user ON api_token (user_id) WHERE revoked_at IS NULL;

    CREATE TABLE invitation (
      id uuid PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES app_user(id),
      invited_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz
    );

    CREATE TABLE setting (
      key text PRIMARY KEY,
      value jsonb NOT NULL
    );

    CREATE TABLE audit_event (
      seq bigint PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      actor_user_id uuid,
      actor_organisation_id uuid,
      actor_roles text[] NOT NULL DEFAULT '{}',
      action text NOT NULL,
      subject_type text,
      subject_id text,
      reason text,
      correlation_id text,
      details jsonb NOT NULL DEFAULT '{}',
      prev_hash text NOT NULL,
      hash text NOT NULL
    );
    CREATE INDEX audit_event_subject ON audit_event (subject_type, subject_id);
    CREATE INDEX audit_event_actor ON audit_event (actor_user_id, occurred_at);

    -- One row holding the end of the chain. Updating it takes a row lock that serialises appends until commit,
    -- so the chain has no forks even under concurrent transactions.
    CREATE TABLE audit_chain_head (
      id smallint PRIMARY KEY CHECK (id = 1),
      last_seq bigint NOT NULL,
      last_hash text NOT NULL
    );
    INSERT INTO audit_chain_head VALUES (1, 0, repeat('0', 64));

    -- The audit trail is append-only: the database itself refuses changes and deletions.
    ${appendOnlyTable('audit_event')}
    ${refuseTruncate('audit_event', 'audit_event_is_append_only')}
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
