import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import {
  appendAudit,
  sealAll,
  sealAuditTrail,
  verifyAuditChain,
  type AuditEntry,
} from '../../src/platform/audit/auditLog.js'
import { startAuditSealer } from '../../src/platform/audit/auditSealer.js'
import type { Db } from '../../src/platform/db/database.js'
import { cloneDatabase } from '../support/testApp.js'
import { captureLog, LEVEL } from '../support/captureLog.js'

/**
 * The audit trail is written in each transaction and sealed into its hash chain after commit. These tests are
 * about the sealing: commits out of numbering order, concurrent sealers, and what verify reports.
 */
let db: Db
let url: string
before(async () => {
  ;({ db, url } = await cloneDatabase())
})
after(async () => db.destroy())

const entry = (action: string): AuditEntry => ({
  actorUserId: null,
  actorOrganisationId: null,
  actorRoles: ['staff'],
  action,
  subjectType: 'test',
  subjectId: action,
  reason: 'testing',
  details: { n: 1, nested: { b: 2, a: [1, 'x'] } },
})
const append = (action: string) =>
  db.transaction().execute((tx) => appendAudit(tx, entry(action), new Date('2026-11-23T10:00:00Z')))
const seqOf = async (action: string) =>
  (await db.selectFrom('audit_event').select('seq').where('action', '=', action).executeTakeFirstOrThrow()).seq
const sealedSeqs = async () =>
  (await db.selectFrom('audit_seal').select('seq').orderBy('position').execute()).map((r) => String(r.seq))

async function openClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  return client
}

describe('sealing the audit trail after commit', () => {
  test('rows are numbered by the database, whatever the writer sends, and wait unsealed until a pass seals them', async () => {
    await append('test.first')
    const taken = await seqOf('test.first')
    await sql`INSERT INTO audit_event (seq, occurred_at, action) VALUES (${taken}, now(), 'test.chosen_number')`.execute(
      db,
    )
    assert.ok(BigInt(await seqOf('test.chosen_number')) > BigInt(taken), 'the number sent is replaced by the next one')
    const before = await verifyAuditChain(db)
    assert.equal(before.ok, true)
    assert.equal(before.unsealed, 2)
    assert.equal((await sealAuditTrail(db)).sealed, 2)
    const afterSeal = await verifyAuditChain(db)
    assert.equal(afterSeal.ok, true)
    assert.equal(afterSeal.unsealed, 0)
    assert.equal(afterSeal.rows, 2)
  })

  test('a row that commits after a higher-numbered one is not skipped: nothing after it is sealed until it ends', async () => {
    const slow = await openClient()
    try {
      await slow.query('BEGIN')
      await slow.query(`INSERT INTO audit_event (occurred_at, action) VALUES (now(), 'test.slow')`)
      await append('test.fast') // a higher number, committed first
      const early = await sealAuditTrail(db, { maxWaitMs: 200 })
      assert.deepEqual(early, { sealed: 0, waiting: true })
      assert.equal((await verifyAuditChain(db)).unsealed, 1, 'only the committed row is visible, and it waits')
      await slow.query('COMMIT')
    } finally {
      await slow.end()
    }
    assert.equal(await sealAll(db), 2)
    const seqs = await sealedSeqs()
    const slowSeq = await seqOf('test.slow')
    const fastSeq = await seqOf('test.fast')
    assert.ok(BigInt(slowSeq) < BigInt(fastSeq))
    assert.deepEqual(seqs.slice(-2), [slowSeq, fastSeq], 'sealed in number order')
    const result = await verifyAuditChain(db)
    assert.equal(result.ok, true)
    assert.equal(result.unsealed, 0)
  })

  test('a rolled-back row leaves a gap in the numbers but not in the chain', async () => {
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        await appendAudit(tx, entry('test.rolled_back'), new Date())
        throw new Error('change refused')
      }),
      /change refused/,
    )
    await append('test.after_rollback')
    await sealAll(db)
    assert.equal(
      await db.selectFrom('audit_event').select('seq').where('action', '=', 'test.rolled_back').executeTakeFirst(),
      undefined,
    )
    const result = await verifyAuditChain(db)
    assert.equal(result.ok, true)
    const positions = (await db.selectFrom('audit_seal').select('position').orderBy('position').execute()).map((r) =>
      Number(r.position),
    )
    assert.deepEqual(
      positions,
      positions.map((_, i) => i + 1),
    )
  })

  test('sealers running at once, while rows are written, build one chain', async () => {
    const writers = Array.from({ length: 6 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 15; i++) await append(`test.concurrent.${w}.${i}`)
      })(),
    )
    const sealers = Array.from({ length: 3 }, () =>
      (async () => {
        for (let i = 0; i < 10; i++) await sealAuditTrail(db, { maxWaitMs: 1_000 })
      })(),
    )
    await Promise.all([...writers, ...sealers])
    await sealAll(db)
    const result = await verifyAuditChain(db)
    assert.equal(result.ok, true)
    assert.equal(result.unsealed, 0)
    const seqs = (await sealedSeqs()).map(BigInt)
    assert.ok(
      seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as bigint)),
      'the chain follows the numbers',
    )
    const written = Number(
      (
        await db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    assert.equal(result.rows, written, 'every row is in the chain exactly once')
  })

  test('the serving process’s sealer seals soon after a nudge, and what is left when it stops', async () => {
    const captured = captureLog('warn')
    const sealer = startAuditSealer(db, { idleMs: 60_000, nudgeDelayMs: 5, log: captured.log })
    try {
      await append('test.nudged')
      sealer.nudge()
      const until = Date.now() + 5_000
      while ((await verifyAuditChain(db)).unsealed > 0 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20))
      assert.equal((await verifyAuditChain(db)).unsealed, 0, 'sealed after the nudge, long before the idle timer')
      await append('test.at_stop')
    } finally {
      await sealer.stop()
    }
    const result = await verifyAuditChain(db)
    assert.equal(result.ok, true)
    assert.equal(result.unsealed, 0, 'stopping seals the rest')
    assert.deepEqual(
      captured.lines().filter((l) => l.level >= LEVEL.error),
      [],
      'the sealer logged no error',
    )
  })

  test('the seal table is append-only too', async () => {
    await assert.rejects(sql`UPDATE audit_seal SET hash = 'x'`.execute(db), /audit_seal is append-only/)
    await assert.rejects(sql`DELETE FROM audit_seal`.execute(db), /audit_seal is append-only/)
    await assert.rejects(sql`TRUNCATE audit_seal`.execute(db), /append-only/)
  })
})

describe('verify finds tampering by someone who can bypass the triggers', () => {
  /**
   * Each case gets its own database with a sealed trail of four rows (and a gap in the numbers where a
   * transaction rolled back), then tampers as a superuser could: triggers and foreign keys off for its session.
   */
  async function tampered(change: (client: pg.Client, seqs: readonly string[]) => Promise<unknown>) {
    const own = await cloneDatabase()
    const client = new pg.Client({ connectionString: own.url })
    try {
      const write = (action: string) => own.db.transaction().execute((tx) => appendAudit(tx, entry(action), new Date()))
      await write('test.one')
      await write('test.two')
      await own.db
        .transaction()
        .execute(async (tx) => {
          await appendAudit(tx, entry('test.never'), new Date())
          await sql`ROLLBACK`.execute(tx)
        })
        .catch(() => undefined)
      await write('test.three')
      await write('test.four')
      await sealAll(own.db)
      assert.equal((await verifyAuditChain(own.db)).ok, true)
      const seqs = (await own.db.selectFrom('audit_seal').select('seq').orderBy('position').execute()).map((r) =>
        String(r.seq),
      )
      await client.connect()
      await client.query('SET session_replication_role = replica')
      await change(client, seqs)
      return { result: await verifyAuditChain(own.db), seqs }
    } finally {
      await client.end().catch(() => undefined)
      await own.db.destroy()
    }
  }

  test('an altered row', async () => {
    const { result, seqs } = await tampered((c, s) =>
      c.query(`UPDATE audit_event SET reason = 'tampered' WHERE seq = $1`, [s[1]]),
    )
    assert.equal(result.ok, false)
    if (!result.ok) {
      assert.equal(result.brokenAtSeq, seqs[1])
      assert.match(result.problem, /altered/)
    }
  })

  test('a removed row', async () => {
    const { result, seqs } = await tampered((c, s) => c.query('DELETE FROM audit_event WHERE seq = $1', [s[1]]))
    assert.equal(result.ok, false)
    if (!result.ok) assert.match(result.problem, new RegExp(`row ${seqs[1]} has been removed`))
  })

  test('a row and its link removed', async () => {
    const { result } = await tampered(async (c, s) => {
      await c.query('DELETE FROM audit_seal WHERE seq = $1', [s[1]])
      await c.query('DELETE FROM audit_event WHERE seq = $1', [s[1]])
    })
    assert.equal(result.ok, false)
    if (!result.ok) assert.match(result.problem, /missing/)
  })

  test('links removed from the end', async () => {
    const { result } = await tampered((c) =>
      c.query('DELETE FROM audit_seal WHERE position = (SELECT max(position) FROM audit_seal)'),
    )
    assert.equal(result.ok, false)
    if (!result.ok) assert.match(result.problem, /removed from the end/)
  })

  test('a row slipped into the sealed part of the trail, where a rolled-back transaction left a free number', async () => {
    const { result } = await tampered((c, s) =>
      // The numbering trigger is off for this session, so the row keeps the number it is given.
      c.query(
        `INSERT INTO audit_event (seq, occurred_at, action) SELECT n, now(), 'forged' FROM generate_series(1, $1::bigint) n WHERE n NOT IN (SELECT seq FROM audit_event) LIMIT 1`,
        [s[s.length - 1]],
      ),
    )
    assert.equal(result.ok, false)
    if (!result.ok) assert.match(result.problem, /added afterwards/)
  })
})
