import type { Insertable, Kysely, Transaction } from 'kysely'
import { newId } from '../security/secrets.js'
import type { DB } from './schema.js'

/** The tables whose rows are keyed by a text id the service makes (newId), not by the database. */
type TableWithId = { [T in keyof DB]: DB[T] extends { id: string } ? T : never }[keyof DB]

/** Writes one row under a new id, and gives the id: for the rows that are a new thing (a child, an account). */
export async function insertWithNewId<T extends TableWithId>(
  db: Kysely<DB> | Transaction<DB>,
  table: T,
  values: Omit<Insertable<DB[T]>, 'id'>,
): Promise<string> {
  const id = newId()
  // Kysely cannot check a row against a table it is given as a type parameter; the caller's values were checked
  // against that table's columns above.
  await db
    .insertInto(table)
    .values({ id, ...values } as never)
    .execute()
  return id
}
