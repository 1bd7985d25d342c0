import { sql, type RawBuilder } from 'kysely'

/**
 * The SQL that makes a table append-only: the database itself refuses UPDATE and DELETE (and TRUNCATE where a
 * migration asks), so no code path can rewrite a record of what happened.
 *
 * Released migrations are built with these, and a migration must run the same SQL on a new database as it ran on
 * the old ones: never change the text these produce (add a new helper instead). Each answers lines indented as a
 * migration's SQL is (four spaces, the first line without), to stand where the migration interpolates it.
 */

const refusing = (fn: string, raise: string): string =>
  `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION ${raise};
    END $$;`

const noUpdate = (table: string, fn: string): string =>
  `CREATE TRIGGER ${table}_no_update BEFORE UPDATE OR DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION ${fn}();`

/** `table` is append-only: its own refusing function, `<table>_is_append_only`, and the trigger that calls it. */
export const appendOnlyTable = (table: string): RawBuilder<unknown> =>
  sql.raw(
    `${refusing(`${table}_is_append_only`, `'${table} is append-only: % is not allowed', TG_OP`)}
    ${noUpdate(table, `${table}_is_append_only`)}`,
  )

/** A refusing function shared by several tables: its message names the table through TG_TABLE_NAME. */
export const appendOnlyFunction = (fn: string): RawBuilder<unknown> =>
  sql.raw(refusing(fn, `'% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP`))

/** The trigger that refuses UPDATE and DELETE on `table`, with the refusing function `fn`. */
export const refuseChanges = (table: string, fn: string): RawBuilder<unknown> => sql.raw(noUpdate(table, fn))

/** The trigger that refuses TRUNCATE on `table` (which skips row triggers), with the refusing function `fn`. */
export const refuseTruncate = (table: string, fn: string): RawBuilder<unknown> =>
  sql.raw(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}();`)
