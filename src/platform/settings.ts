import { randomBytes } from 'node:crypto'
import type { Db } from './db/database.js'

/** Settings shared by every process serving this database (so several servers behind a balancer agree). */
export async function readSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const row = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst()
  return row === undefined ? undefined : (row.value as T)
}

/** The key that signs cookies: made once, kept in the database, never in the repository. */
export async function cookieSecret(db: Db): Promise<string> {
  const candidate = randomBytes(32).toString('base64url')
  await db
    .insertInto('setting')
    .values({ key: 'cookie_secret', value: JSON.stringify(candidate) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const stored = await readSetting<string>(db, 'cookie_secret')
  if (stored === undefined) throw new Error('cookie secret missing after insert')
  return stored
}

export async function isDemoSeeded(db: Db): Promise<boolean> {
  return (await readSetting<boolean>(db, 'demo_seeded')) === true
}

/**
 * The key that seals secrets Together keeps for later use (identity providers' client secrets). Made once and
 * kept in the database like the cookie key, so every server behind a balancer can open them. It keeps a secret
 * off every screen, API answer, log line and audit row, and out of a copy of the provider table alone; it does
 * not protect against someone holding a copy of the whole database.
 */
export async function secretsKey(db: Db): Promise<Buffer> {
  // The key never changes once made: read (or make) it once per process, not on every sign-in.
  const known = secretsKeys.get(db)
  if (known !== undefined) return known
  await db
    .insertInto('setting')
    .values({ key: 'secrets_key', value: JSON.stringify(randomBytes(32).toString('base64url')) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const stored = await readSetting<string>(db, 'secrets_key')
  if (stored === undefined) throw new Error('secrets key missing after insert')
  const key = Buffer.from(stored, 'base64url')
  secretsKeys.set(db, key)
  return key
}
const secretsKeys = new WeakMap<Db, Buffer>()
