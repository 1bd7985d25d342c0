import { sql, type Kysely } from 'kysely'

/**
 * Children and the people around them, concerns (never edited: events and addenda are appended), the
 * organisations involved with each child (which drives need-to-know access), referrals created from a DSL's
 * decision, and the transactional outbox for notifications.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    CREATE TABLE person (
      id uuid PRIMARY KEY,
      given_name text NOT NULL,
      family_name text NOT NULL,
      date_of_birth date,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );

    CREATE TABLE child (
      id uuid PRIMARY KEY,
      -- The local area the child lives in: its local authority receives referrals about the child.
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      given_name text NOT NULL,
      family_name text NOT NULL,
      -- Normalised "given family" for trigram search (accents and punctuation removed, lower case).
      search_name text NOT NULL,
      date_of_birth date,
      expected_date_of_delivery date,
      sex text NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
      nhs_number text,
      upn text,
      mother_person_id uuid REFERENCES person(id),
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_by_organisation_id uuid NOT NULL REFERENCES organisation(id),
      created_at timestamptz NOT NULL,
      CHECK (date_of_birth IS NOT NULL OR expected_date_of_delivery IS NOT NULL)
    );
    CREATE UNIQUE INDEX child_nhs_number ON child (nhs_number) WHERE nhs_number IS NOT NULL;
    CREATE INDEX child_upn ON child (upn) WHERE upn IS NOT NULL;
    CREATE INDEX child_date_of_birth ON child (date_of_birth);
    CREATE INDEX child_search_name ON child USING gin (search_name gin_trgm_ops);

    CREATE TABLE child_alias (
      id uuid PRIMARY KEY,
      child_id uuid NOT NULL REFERENCES child(id),
      given_name text NOT NULL,
      family_name text NOT NULL,
      search_name text NOT NULL,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX child_alias_search_name ON child_alias USING gin (search_name gin_trgm_ops);

    CREATE TABLE child_relationship (
      id uuid PRIMARY KEY,
      child_id uuid NOT NULL REFERENCES child(id),
      related_child_id uuid REFERENCES child(id),
      related_person_id uuid REFERENCES person(id),
      relationship text NOT NULL,
      same_household boolean NOT NULL DEFAULT false,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL,
      CHECK ((related_child_id IS NULL) <> (related_person_id IS NULL))
    );
    CREATE INDEX child_relationship_child ON child_relationship (child_id);

    -- Why an organisation may see a child at all (recorded a concern, received a referral or share, ...).
    CREATE TABLE involvement (
      child_id uuid NOT NULL REFERENCES child(id),
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      reason text NOT NULL,
      since timestamptz NOT NULL,
      PRIMARY KEY (child_id, organisation_id, reason)
    );
    CREATE INDEX involvement_organisation ON involvement (organisation_id);

    CREATE SEQUENCE concern_reference_seq;
    CREATE TABLE concern (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      organisation_id uuid NOT NULL REFERENCES organisation(id),
      local_area_id uuid NOT NULL REFERENCES local_area(id),
      author_user_id uuid NOT NULL REFERENCES app_user(id),
      observed_at timestamptz NOT NULL,
      place text NOT NULL,
      facts text NOT NULL,
      child_words text NOT NULL,
      others_present text NOT NULL,
      categories text[] NOT NULL,
      other_category text,
      immediate_danger boolean NOT NULL,
      police_called_at timestamptz,
      police_reference text,
      action_taken text NOT NULL,
      body_map jsonb NOT NULL DEFAULT '[]',
      fgm_known boolean NOT NULL DEFAULT false,
      fgm_duty boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      -- Current workflow state, changed only by use cases in the same transaction as the event that moved it.
      state text NOT NULL,
      state_changed_at timestamptz NOT NULL
    );
    CREATE INDEX concern_inbox ON concern (organisation_id, state, immediate_danger, created_at);
    CREATE INDEX concern_author ON concern (author_user_id, created_at);

    CREATE TABLE concern_child (
      concern_id uuid NOT NULL REFERENCES concern(id),
      child_id uuid NOT NULL REFERENCES child(id),
      PRIMARY KEY (concern_id, child_id)
    );
    CREATE INDEX concern_child_child ON concern_child (child_id);

    -- Everything that happens to a concern after it is recorded: acknowledgements, requests for and answers
    -- with more information, decisions, addenda. Append-only.
    CREATE TABLE concern_event (
      id uuid PRIMARY KEY,
      -- Insertion order: events in the same clock tick still read in the order they happened.
      seq bigint GENERATED ALWAYS AS IDENTITY,
      concern_id uuid NOT NULL REFERENCES concern(id),
      kind text NOT NULL,
      actor_user_id uuid NOT NULL REFERENCES app_user(id),
      actor_organisation_id uuid NOT NULL REFERENCES organisation(id),
      text text NOT NULL DEFAULT '',
      decision_kind text,
      review_on date,
      details jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL
    );
    CREATE INDEX concern_event_concern ON concern_event (concern_id, seq);

    CREATE SEQUENCE referral_reference_seq;
    CREATE TABLE referral (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      child_id uuid NOT NULL REFERENCES child(id),
      from_organisation_id uuid REFERENCES organisation(id),
      to_organisation_id uuid NOT NULL REFERENCES organisation(id),
      concern_id uuid REFERENCES concern(id),
      referred_by uuid REFERENCES app_user(id),
      summary text NOT NULL,
      received_at timestamptz NOT NULL,
      state text NOT NULL
    );
    CREATE INDEX referral_to ON referral (to_organisation_id, received_at);
    CREATE INDEX referral_child ON referral (child_id);

    -- A concern being written, page by page. Private to its author; removed when the concern is recorded.
    CREATE TABLE concern_draft (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id),
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX concern_draft_user ON concern_draft (user_id, updated_at);

    -- Transactional outbox: written in the same transaction as the event, sent by a worker with retries.
    CREATE TABLE notification_outbox (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      organisation_id uuid REFERENCES organisation(id),
      recipient text NOT NULL,
      subject text NOT NULL,
      body text NOT NULL,
      related_type text,
      related_id text,
      created_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      sent_at timestamptz,
      last_error text
    );
    CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE sent_at IS NULL;
    CREATE INDEX notification_outbox_organisation ON notification_outbox (organisation_id, created_at);
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
