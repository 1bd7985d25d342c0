import { sql, type Kysely } from 'kysely'
import { appendOnlyFunction, refuseChanges, refuseTruncate } from './appendOnly.js'

/**
 * Two changes for speed, neither changing what is recorded.
 *
 * 1. The audit trail's hash chain is sealed after commit instead of inside every audited transaction.
 *
 * Until now each append took the single `audit_chain_head` row lock and held it until its transaction ended, so
 * every audited action in the whole service queued behind the one before it (about 800 a second at best, far
 * fewer under load). Now:
 *
 * - The audit row is still written in the same transaction as the change or view it records, and the table
 *   stays append-only. Its number (`seq`) comes from the sequence `audit_event_seq`, assigned by a trigger only
 *   after the inserting transaction has a transaction id (see the trigger below for why that order matters).
 * - One sealer at a time (src/infrastructure/audit/auditLog.ts, `sealAuditTrail`) later hashes the rows in
 *   `seq` order into `audit_seal`, a second append-only table: position in the chain, the row's `seq`, the
 *   previous hash and the hash. `audit_chain_head` now records how far the chain is sealed.
 *
 * The hashes of the rows written so far move to `audit_seal` unchanged (the hash of a row never depended on
 * where it was stored), so chains already verified keep verifying.
 *
 * 2. Child search finds candidates word by word. A trigram search over the whole "given family" name has to
 * recheck every child who shares one whole word with the search (every "Oliver ..." for "Oliver Smiht"): tens
 * of milliseconds among a million children. Now `name_word` holds every distinct word of every child's (and
 * alias's) search name, so the words like each typed word are found in that small table, and children are
 * found through an index on the words of their names (searchChildren.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- CACHE 1 is essential: a session holding cached numbers could use a low one in a transaction that starts
    -- after the sealer has decided that every number up to its mark is spoken for.
    CREATE SEQUENCE audit_event_seq AS bigint CACHE 1;
    SELECT setval('audit_event_seq', n, true) FROM (SELECT greatest((SELECT max(seq) FROM audit_event), (SELECT last_seq FROM audit_chain_head)) AS n) m WHERE n > 0;

    CREATE TABLE audit_seal (
      -- 1, 2, 3 ... with no gaps: the chain's own order. (seq has gaps: a rolled-back transaction's number is never used.)
      position bigint PRIMARY KEY,
      seq bigint NOT NULL UNIQUE REFERENCES audit_event (seq),
      prev_hash text NOT NULL,
      hash text NOT NULL
    );
    INSERT INTO audit_seal (position, seq, prev_hash, hash)
      SELECT row_number() OVER (ORDER BY seq), seq, prev_hash, hash FROM audit_event;

    ${appendOnlyFunction('audit_is_append_only')}
    ${refuseChanges('audit_seal', 'audit_is_append_only')}
    ${refuseTruncate('audit_seal', 'audit_is_append_only')}

    -- The hashes live in audit_seal now (copied above); the rows themselves are not changed.
    ALTER TABLE audit_event DROP COLUMN prev_hash, DROP COLUMN hash;

    -- The sealer's progress: every row with seq <= sealed_through is in audit_seal (or never committed), and
    -- last_position / last_hash are the chain's last link, so removing links from the end is detectable.
    ALTER TABLE audit_chain_head RENAME COLUMN last_seq TO sealed_through;
    ALTER TABLE audit_chain_head ADD COLUMN last_position bigint NOT NULL DEFAULT 0;
    UPDATE audit_chain_head SET last_position = (SELECT count(*) FROM audit_seal);

    -- Numbering: the transaction gets its id first, then the row its number. The sealer relies on this order:
    -- it reads the highest number handed out, then takes a transaction id of its own; any transaction holding
    -- a number up to that mark therefore has a lower id, and once no transaction with a lower id is running,
    -- every row up to the mark has either committed (and is visible) or never will. Whatever the inserter
    -- sends as seq is replaced, so numbers cannot be chosen to slip a row into the sealed part of the chain.
    CREATE FUNCTION audit_event_number() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_current_xact_id();
      NEW.seq := nextval('audit_event_seq');
      RETURN NEW;
    END $$;
    CREATE TRIGGER audit_event_number BEFORE INSERT ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_number();

    -- Every word of every search name, kept by triggers so that no writer can forget it.
    CREATE TABLE name_word (word text PRIMARY KEY);
    INSERT INTO name_word
      SELECT w FROM (SELECT unnest(string_to_array(search_name, ' ')) AS w FROM child
                     UNION SELECT unnest(string_to_array(search_name, ' ')) FROM child_alias) words
      WHERE w <> '';
    CREATE INDEX name_word_trigram ON name_word USING gin (word gin_trgm_ops);
    CREATE FUNCTION remember_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO name_word SELECT DISTINCT w FROM unnest(string_to_array(NEW.search_name, ' ')) AS w WHERE w <> ''
        ON CONFLICT DO NOTHING;
      RETURN NULL;
    END $$;
    CREATE TRIGGER child_name_words AFTER INSERT OR UPDATE OF search_name ON child
      FOR EACH ROW EXECUTE FUNCTION remember_name_words();
    CREATE TRIGGER child_alias_name_words AFTER INSERT OR UPDATE OF search_name ON child_alias
      FOR EACH ROW EXECUTE FUNCTION remember_name_words();
    CREATE INDEX child_name_words ON child USING gin (string_to_array(search_name, ' '));
    CREATE INDEX child_alias_name_words ON child_alias USING gin (string_to_array(search_name, ' '));

    -- The trigram thresholds belong to the searches, so each search is a function that sets its own for its
    -- own duration (a search is then one statement, with no SET LOCAL before it). Why these values: see
    -- src/application/children/searchChildren.ts.
    -- The known words like any of the typed words, and the typed words themselves.
    CREATE FUNCTION name_words_like(typed text[]) RETURNS text[] LANGUAGE sql STABLE
      SET pg_trgm.similarity_threshold = 0.2
      AS $$ SELECT ARRAY(SELECT DISTINCT w FROM unnest(typed) AS t CROSS JOIN LATERAL (SELECT word FROM name_word WHERE word % t UNION ALL SELECT t) AS v(w)) $$;
    -- Children (through their own names and their aliases) whose whole name is like one of the forms.
    CREATE FUNCTION children_named_like(forms text[]) RETURNS TABLE (child_id uuid, score real) LANGUAGE sql STABLE
      SET pg_trgm.similarity_threshold = 0.5
      AS $$
        SELECT c.id, similarity(c.search_name, f) FROM unnest(forms) AS f CROSS JOIN LATERAL (SELECT id, search_name FROM child WHERE search_name % f) AS c
        UNION ALL
        SELECT a.child_id, similarity(a.search_name, f) FROM unnest(forms) AS f CROSS JOIN LATERAL (SELECT child_id, search_name FROM child_alias WHERE search_name % f) AS a
      $$;
  `.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore from a backup instead.')
}
