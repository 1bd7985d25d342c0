import { sql, type Kysely } from 'kysely'

/**
 * The front door's queue and the public referral form.
 *
 * - The queue lists open referrals to one local authority, immediate danger first, then oldest first; this
 *   partial index serves that order (and its paging) without sorting every open referral.
 * - The public form is rate-limited per client address. The counters live here, not in the web process's
 *   memory, so every instance of the service behind a load balancer counts the same submissions. The client
 *   address is stored only as a hash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX referral_open_queue ON referral (to_organisation_id, immediate_danger DESC, received_at, id) WHERE state = 'received';

    CREATE TABLE rate_limit_counter (
      bucket text NOT NULL,
      client_hash text NOT NULL,
      window_started_at timestamptz NOT NULL,
      hits integer NOT NULL,
      PRIMARY KEY (bucket, client_hash)
    );
    CREATE INDEX rate_limit_counter_window ON rate_limit_counter (bucket, window_started_at);
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
