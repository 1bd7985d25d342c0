import { sql, type Kysely } from 'kysely'

/**
 * The front door's queue and the public referral form.
 *
 * - The queue lists open referrals to one local authority, immediate danger first, then oldest first; this
 *   partial index serves that order (and its paging) without sorting every open referral.
 * - The public form is rate-limited per client address. The counters live here, not in the web process's
 *   memory, so every instance of the service behind a load balancer counts the same submissions. They are a
 *   fixed set of slots, each client hashed to one: the table never grows however many addresses a flood comes
 *   from, holds no address, and needs no clearing (a slot's window simply restarts). Two clients that share a
 *   slot share a limit, which with 65,536 slots is rare and only ever errs on the side of refusing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX referral_open_queue ON referral (to_organisation_id, immediate_danger DESC, received_at, id) WHERE state = 'received';

    CREATE TABLE rate_limit_slot (
      slot integer PRIMARY KEY,
      window_started_at timestamptz NOT NULL,
      hits integer NOT NULL
    );
    INSERT INTO rate_limit_slot (slot, window_started_at, hits) SELECT s, '-infinity', 0 FROM generate_series(0, 65535) AS s;
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
