import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely'
import { appendOnlyTable, refuseTruncate } from './appendOnly.js'

// Compiles as PostgreSQL without a database.
const db = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
})

// Released migrations run this text: it must stay byte for byte what they ran when it was written out in full.
test('an append-only table is the SQL the released migrations ran', () => {
  const compiled = sql`
    ${appendOnlyTable('audit_event')}
    ${refuseTruncate('audit_event', 'audit_event_is_append_only')}
  `.compile(db)
  assert.equal(
    compiled.sql,
    `
    CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP;
    END $$;
    CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
    CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
  `,
  )
  assert.deepEqual(compiled.parameters, [])
})
