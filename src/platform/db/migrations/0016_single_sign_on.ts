import { sql, type Kysely } from 'kysely'

/**
 * Single sign-on with OpenID Connect ("Ready for a real area", item 2).
 *
 * - identity_provider: one per organisation, set by its administrator. The client secret is kept only sealed
 *   (AES-256-GCM, platform/security/secrets.ts): it is never shown again, never in an API answer, never audited.
 * - identity_link: a person's account at a provider (issuer + subject), made at their first sign-in from the
 *   invited account with the same verified email in the same organisation. Later sign-ins find the person by
 *   issuer + subject only, so a changed email at the provider cannot move a sign-in to someone else's account.
 * - sso_attempt: one sign-in through a provider. The state, nonce and PKCE verifier stay here (never in the
 *   browser), bound to the browser by the hash of a cookie, and used once (used_at). The outcome is kept so the
 *   administrator sees who tried to sign in without an invitation.
 * - sso_session: which provider a Together session came through, and the ID token to hint at the provider's
 *   sign-out (end_session_endpoint). Ended with the session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE identity_provider (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL UNIQUE REFERENCES organisation(id),
      display_name text NOT NULL CHECK (length(btrim(display_name)) > 0),
      issuer text NOT NULL,
      client_id text NOT NULL,
      client_secret_sealed text NOT NULL,
      email_domains text[] NOT NULL CHECK (cardinality(email_domains) > 0),
      trust_mfa boolean NOT NULL,
      mfa_acr_values text[] NOT NULL DEFAULT '{}',
      enabled boolean NOT NULL,
      updated_by uuid NOT NULL REFERENCES app_user(id),
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX identity_provider_domains ON identity_provider USING gin (email_domains);

    CREATE TABLE identity_link (
      issuer text NOT NULL,
      subject text NOT NULL,
      user_id uuid NOT NULL REFERENCES app_user(id),
      provider_id uuid NOT NULL REFERENCES identity_provider(id),
      linked_at timestamptz NOT NULL,
      PRIMARY KEY (issuer, subject)
    );
    CREATE UNIQUE INDEX identity_link_user ON identity_link (provider_id, user_id);

    CREATE TABLE sso_attempt (
      id uuid PRIMARY KEY,
      provider_id uuid NOT NULL REFERENCES identity_provider(id),
      state_hash text NOT NULL UNIQUE,
      browser_hash text NOT NULL,
      nonce text NOT NULL,
      code_verifier text NOT NULL,
      return_to text NOT NULL,
      email_given text NOT NULL,
      started_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      outcome text CHECK (outcome IN ('signed_in', 'second_factor', 'no_account', 'refused')),
      -- What the provider said about the person, kept for the administrator when there was no invitation.
      provider_email text,
      provider_name text,
      refusal text
    );
    CREATE INDEX sso_attempt_unmatched ON sso_attempt (provider_id, started_at) WHERE outcome = 'no_account';

    CREATE TABLE sso_session (
      session_id_hash text PRIMARY KEY REFERENCES user_session(id_hash),
      provider_id uuid NOT NULL REFERENCES identity_provider(id),
      id_token text NOT NULL
    );
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
