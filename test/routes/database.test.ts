import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { connect, type Db } from '../../src/platform/db/database.js'
import { cloneDatabase } from '../support/testApp.js'

/** The connection pool runs parameterised statements as prepared statements (database.ts explains why). */
let db: Db
let url: string
before(async () => {
  const cloned = await cloneDatabase()
  url = cloned.url
  await cloned.db.destroy()
  db = connect(url, 1)
})
after(async () => db.destroy())

describe('prepared statements', () => {
  test('a statement with parameters is prepared once on its connection and reused', async () => {
    const prepared = await db.connection().execute(async (conn) => {
      for (let i = 0; i < 3; i++) await sql`SELECT ${i}::int + 1 AS n`.execute(conn)
      return (
        await sql<{
          statement: string
        }>`SELECT statement FROM pg_prepared_statements WHERE statement LIKE ${'%::int + 1 AS n%'}`.execute(conn)
      ).rows
    })
    assert.equal(prepared.length, 1)
  })

  test('statements without parameters run as they are, several at once included', async () => {
    await sql`CREATE TABLE prepared_probe (id int PRIMARY KEY, a text); INSERT INTO prepared_probe VALUES (1, 'one')`.execute(
      db,
    )
    const rows = await sql<{ a: string }>`SELECT a FROM prepared_probe WHERE id = ${1}`.execute(db)
    assert.deepEqual(rows.rows, [{ a: 'one' }])
  })

  test('a table that changes shape under a prepared SELECT * is still read, with its new column', async () => {
    const read = () => sql<Record<string, unknown>>`SELECT * FROM prepared_probe WHERE id = ${1}`.execute(db)
    for (let i = 0; i < 6; i++) await read() // past the five custom plans, so a generic plan is cached
    await sql`ALTER TABLE prepared_probe ADD COLUMN b text DEFAULT 'two'`.execute(db)
    assert.deepEqual((await read()).rows, [{ id: 1, a: 'one', b: 'two' }])
    assert.deepEqual((await read()).rows, [{ id: 1, a: 'one', b: 'two' }])
  })

  test('errors in prepared statements are the same errors', async () => {
    await assert.rejects(sql`SELECT 1 / ${0}::int`.execute(db), /division by zero/)
    await assert.rejects(sql`INSERT INTO prepared_probe (id, a) VALUES (${1}, ${'again'})`.execute(db), /duplicate key/)
  })
})
