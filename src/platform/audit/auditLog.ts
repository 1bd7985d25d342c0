import { createHash } from 'node:crypto'
import { sql, type Kysely, type RawBuilder, type Selectable, type Transaction } from 'kysely'
import type { DB } from '../db/schema.js'
import { countRows } from '../db/countRows.js'
import type { Actor } from '../identity/actor.js'
import { noActor } from './noActor.js'
import { isAnonymous } from '../identity/publicActor.js'

/**
 * The append-only audit trail. Each row is written inside the caller's transaction: if the change rolls back,
 * so does its audit entry, and vice versa. Rows are then sealed into a hash chain after they commit
 * (`sealAuditTrail`, run by the serving process): each link in `audit_seal` carries the hash of the link
 * before it, so altering, removing or slipping in any sealed row breaks the chain from that point on, which
 * `together audit verify` reports.
 *
 * Why after commit: chaining inside the transaction needs the previous row's hash, so every audited action in
 * the service had to wait for the one before it to commit (one row lock held until commit). Sealing after
 * commit keeps the append in the transaction, without that queue. Migration 0004 explains the numbering that
 * lets the sealer know which rows are final.
 */

export interface AuditEntry {
  readonly actorUserId: string | null
  readonly actorOrganisationId: string | null
  readonly actorRoles: readonly string[]
  /** Dotted verb, e.g. `auth.sign_in`, `admin.user_invited`, `child.viewed`. */
  readonly action: string
  readonly subjectType?: string | undefined
  readonly subjectId?: string | undefined
  /** Why the actor could see or do this (need to know), in words the system can state. */
  readonly reason?: string | undefined
  readonly correlationId?: string | undefined
  readonly details?: Readonly<Record<string, unknown>> | undefined
}

interface HashedFields {
  seq: string
  occurredAt: Date
  actorUserId: string | null
  actorOrganisationId: string | null
  actorRoles: readonly string[]
  action: string
  subjectType: string | null
  subjectId: string | null
  reason: string | null
  correlationId: string | null
  details: unknown
}

/** JSON with object keys sorted at every level, so the same value always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

export function auditHash(prevHash: string, f: HashedFields): string {
  const body = canonicalJson([
    prevHash,
    f.seq,
    f.occurredAt.toISOString(),
    f.actorUserId,
    f.actorOrganisationId,
    [...f.actorRoles],
    f.action,
    f.subjectType,
    f.subjectId,
    f.reason,
    f.correlationId,
    f.details,
  ])
  return createHash('sha256').update(body).digest('hex')
}

const NUL_PATTERN = new RegExp(String.fromCharCode(0), 'g')

/** PostgreSQL text and jsonb cannot hold NUL; keep the rest of a hostile value so the attempt stays visible. */
function scrubbed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(NUL_PATTERN, '\uFFFD')
  if (Array.isArray(value)) return value.map(scrubbed)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(NUL_PATTERN, '\uFFFD'), scrubbed(v)]))
  }
  return value
}

/**
 * Who did it, as an audit entry names them: the signed-in person, their organisation and their roles then; no one
 * for someone not signed in on a public page (`anonymousActor`).
 */
export const actorAudit = (actor: Actor) =>
  isAnonymous(actor)
    ? noActor
    : { actorUserId: actor.userId, actorOrganisationId: actor.organisationId, actorRoles: actor.roles }

/** Appends one audit row in the caller's transaction. Its number and its place in the hash chain come later. */
export async function appendAudit(
  tx: Transaction<DB> | Kysely<DB>,
  entry: AuditEntry,
  occurredAt: Date,
): Promise<void> {
  await tx.insertInto('audit_event').values(auditRow(entry, occurredAt)).execute()
}

/**
 * A refused look at a record (not there, or not this person's to see), in the audit trail: who, what they asked
 * for and why not. The id comes from the address, so it is cut to the column's length; a missing record and a
 * hidden one are audited alike, as the pages answer them alike.
 */
export async function auditRefusal(
  q: Transaction<DB> | Kysely<DB>,
  actor: Actor,
  refused: {
    readonly action: string
    readonly subjectType: string
    readonly subjectId: string
    readonly reason: string
    readonly details?: Readonly<Record<string, unknown>>
  },
  meta: { readonly correlationId: string },
  now: Date,
): Promise<void> {
  await appendAudit(
    q,
    { ...actorAudit(actor), ...refused, subjectId: refused.subjectId.slice(0, 100), correlationId: meta.correlationId },
    now,
  )
}

/** The audit_event row for an entry (for use cases that write it as part of a larger statement). */
export function auditRow(entry: AuditEntry, occurredAt: Date) {
  return {
    occurred_at: occurredAt,
    actor_user_id: entry.actorUserId,
    actor_organisation_id: entry.actorOrganisationId,
    actor_roles: [...entry.actorRoles],
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: scrubbed(entry.subjectId ?? null) as string | null,
    reason: scrubbed(entry.reason ?? null) as string | null,
    correlation_id: scrubbed(entry.correlationId ?? null) as string | null,
    details: JSON.stringify(scrubbed(entry.details ?? {})),
  }
}

/**
 * The audit_event INSERT for an entry, as SQL to put inside a larger statement (a data-modifying CTE), for a hot
 * path that saves the round trip of a statement of its own. `sqlDetails` is a jsonb expression of what only that
 * statement knows (a reference drawn from a sequence, a count of what it wrote), merged into the entry's details.
 */
export function auditInsert(
  entry: AuditEntry,
  occurredAt: Date,
  sqlDetails?: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const r = auditRow(entry, occurredAt)
  return sql`INSERT INTO audit_event (occurred_at, actor_user_id, actor_organisation_id, actor_roles, action, subject_type, subject_id, reason, correlation_id, details)
    VALUES (${r.occurred_at}, ${r.actor_user_id}, ${r.actor_organisation_id}, ${sql.val(r.actor_roles)}::text[], ${r.action}, ${r.subject_type},
      ${r.subject_id}, ${r.reason}, ${r.correlation_id}, ${r.details}::jsonb || ${sqlDetails ?? sql`'{}'::jsonb`})`
}

type AuditEventRow = Selectable<DB['audit_event']>

const hashOf = (prevHash: string, r: AuditEventRow): string =>
  auditHash(prevHash, {
    seq: String(r.seq),
    occurredAt: r.occurred_at,
    actorUserId: r.actor_user_id,
    actorOrganisationId: r.actor_organisation_id,
    actorRoles: r.actor_roles,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    reason: r.reason,
    correlationId: r.correlation_id,
    details: r.details,
  })

/** Any number will do, as long as nothing else in the service takes an advisory lock with it. */
const SEALER_LOCK = 0x5ea1_a0d1

export interface SealOptions {
  /** How long to wait for transactions that may still commit rows below the mark; then give up this pass. */
  readonly maxWaitMs?: number
  /** Rows hashed per sealing transaction. */
  readonly batchSize?: number
}

export interface SealResult {
  /** Rows added to the chain by this pass. */
  readonly sealed: number
  /** True when the pass gave up waiting for a running transaction that might still add a row below its mark. */
  readonly waiting: boolean
}

/**
 * One sealing pass: seals every row that is certainly final, in seq order, continuing the chain.
 *
 * Numbers are handed out in order but commits land in any order, so a row with a lower seq may still be on its
 * way while a higher one is visible. The pass therefore:
 * 1. reads the highest number handed out so far (the mark);
 * 2. takes a transaction id of its own, in a statement of its own (so it is after the mark was read, and ends
 *    at once). Every transaction holding a number up to the mark got its id before its number (the
 *    audit_event_number trigger), so its id is lower than ours;
 * 3. waits until the oldest running transaction in the cluster is younger than ours (pg_current_snapshot's
 *    xmin): from then on every row numbered up to the mark is committed and visible, or rolled back for good;
 * 4. under an advisory lock (one sealer at a time, across processes) and the head row's lock, hashes the rows
 *    after the head's `sealed_through` up to the mark and appends them to audit_seal.
 * A long-running transaction (anywhere in the cluster) delays sealing until it ends; it never breaks the chain.
 */
export async function sealAuditTrail(
  db: Kysely<DB>,
  { maxWaitMs = 5_000, batchSize = 2_000 }: SealOptions = {},
): Promise<SealResult> {
  const mark = await sql<{ issued: string; sealed_through: string }>`
    SELECT (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM audit_event_seq) AS issued, h.sealed_through
    FROM audit_chain_head h WHERE h.id = 1`.execute(db)
  const m = mark.rows[0]
  if (m === undefined) throw new Error('audit_chain_head is missing: the database was not migrated')
  const issued = BigInt(m.issued)
  if (issued <= BigInt(m.sealed_through)) return { sealed: 0, waiting: false }
  const ours = (await sql<{ x: string }>`SELECT pg_current_xact_id()::text AS x`.execute(db)).rows[0]?.x
  if (ours === undefined) throw new Error('no transaction id')
  const giveUpAt = Date.now() + maxWaitMs
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    const settled = await sql<{
      done: boolean
    }>`SELECT pg_snapshot_xmin(pg_current_snapshot()) > ${ours}::xid8 AS done`.execute(db)
    if (settled.rows[0]?.done === true) break
    if (Date.now() >= giveUpAt) return { sealed: 0, waiting: true }
    await new Promise((resolve) => setTimeout(resolve, pause))
  }
  let sealed = 0
  for (;;) {
    const batch = await sealBatch(db, issued, batchSize)
    if (batch === 'busy') return { sealed, waiting: false } // another sealer has the lock; it takes these rows too
    sealed += batch.added
    if (batch.done) return { sealed, waiting: false }
  }
}

/** Appends up to `batchSize` links, for rows after the head up to `issued`, in one transaction. */
async function sealBatch(
  db: Kysely<DB>,
  issued: bigint,
  batchSize: number,
): Promise<'busy' | { added: number; done: boolean }> {
  return db.transaction().execute(async (tx) => {
    const lock = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${SEALER_LOCK}) AS got`.execute(tx)
    if (lock.rows[0]?.got !== true) return 'busy' as const
    const head = await tx
      .selectFrom('audit_chain_head')
      .selectAll()
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (BigInt(head.sealed_through) >= issued) return { added: 0, done: true }
    const rows = await tx
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', head.sealed_through)
      .where('seq', '<=', String(issued))
      .orderBy('seq')
      .limit(batchSize)
      .execute()
    let prevHash = head.last_hash
    let position = BigInt(head.last_position)
    const links = rows.map((r) => {
      const hash = hashOf(prevHash, r)
      position++
      const link = { position: String(position), seq: String(r.seq), prev_hash: prevHash, hash }
      prevHash = hash
      return link
    })
    if (links.length > 0) await tx.insertInto('audit_seal').values(links).execute()
    const full = rows.length === batchSize
    const through = full ? String((rows[rows.length - 1] as AuditEventRow).seq) : String(issued)
    await tx
      .updateTable('audit_chain_head')
      .set({ sealed_through: through, last_position: String(position), last_hash: prevHash })
      .where('id', '=', 1)
      .execute()
    return { added: links.length, done: !full }
  })
}

/** Seals until nothing is left that can be sealed (tests, `together audit verify --seal`, shutting down). */
export async function sealAll(db: Kysely<DB>, options: SealOptions = {}): Promise<number> {
  let sealed = 0
  for (;;) {
    const pass = await sealAuditTrail(db, options)
    sealed += pass.sealed
    if (pass.waiting) throw new Error('audit sealing is waiting for a transaction that is still running')
    const left = await sql<{ left: boolean }>`
      SELECT (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM audit_event_seq) > h.sealed_through AS left
      FROM audit_chain_head h WHERE h.id = 1`.execute(db)
    if (left.rows[0]?.left !== true) return sealed
  }
}

export type VerifyResult =
  | { readonly ok: true; readonly rows: number; readonly lastHash: string; readonly unsealed: number }
  | {
      readonly ok: false
      readonly rows: number
      readonly brokenAtSeq: string
      readonly problem: string
      readonly unsealed: number
    }

/**
 * Walks the whole chain in order, in batches, recomputing every hash, on one consistent snapshot (a sealer may
 * be running meanwhile). `rows` counts sealed rows verified; `unsealed` counts rows written after the last seal,
 * which no hash protects yet.
 */
export async function verifyAuditChain(db: Kysely<DB>, batchSize = 5000): Promise<VerifyResult> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      const head = await tx.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()
      const unsealed = await countRows(tx.selectFrom('audit_event').where('seq', '>', head.sealed_through))
      const broken = (rows: number, brokenAtSeq: string, problem: string): VerifyResult => ({
        ok: false,
        rows,
        brokenAtSeq,
        problem,
        unsealed,
      })
      let prevHash = '0'.repeat(64)
      let position = 0n
      let prevSeq = 0n
      let rows = 0
      for (;;) {
        const batch = await tx
          .selectFrom('audit_seal as s')
          .leftJoin('audit_event as e', 'e.seq', 's.seq')
          .select(['s.position', 's.seq as sealed_seq', 's.prev_hash', 's.hash'])
          .select([
            'e.seq',
            'e.occurred_at',
            'e.actor_user_id',
            'e.actor_organisation_id',
            'e.actor_roles',
            'e.action',
            'e.subject_type',
            'e.subject_id',
            'e.reason',
            'e.correlation_id',
            'e.details',
          ])
          .where('s.position', '>', String(position))
          .orderBy('s.position')
          .limit(batchSize)
          .execute()
        for (const r of batch) {
          const seq = String(r.sealed_seq)
          if (BigInt(r.position) !== position + 1n)
            return broken(
              rows,
              seq,
              `link ${position + 1n} of the chain is missing (the next link is ${String(r.position)})`,
            )
          if (BigInt(seq) <= prevSeq)
            return broken(rows, seq, `row ${seq} is sealed out of order (after row ${prevSeq})`)
          if (r.seq === null) return broken(rows, seq, `row ${seq} has been removed`)
          if (r.prev_hash !== prevHash)
            return broken(rows, seq, `row ${seq} does not point at the hash of the row sealed before it`)
          const event = r as AuditEventRow
          if (hashOf(prevHash, event) !== r.hash)
            return broken(rows, seq, `row ${seq} has been altered (its hash does not match its contents)`)
          prevHash = r.hash
          position++
          prevSeq = BigInt(seq)
          rows++
        }
        if (batch.length < batchSize) break
      }
      if (String(head.last_position) !== String(position) || head.last_hash !== prevHash) {
        return broken(
          rows,
          String(prevSeq + 1n),
          `the chain ends at link ${position} but its head records link ${String(head.last_position)}: links were removed from the end`,
        )
      }
      // A row in the sealed range that is not in the chain was added after its range was sealed.
      const slipped = await tx
        .selectFrom('audit_event as e')
        .select('e.seq')
        .where('e.seq', '<=', head.sealed_through)
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('audit_seal as s').select('s.seq').whereRef('s.seq', '=', 'e.seq'))),
        )
        .orderBy('e.seq')
        .limit(1)
        .executeTakeFirst()
      if (slipped !== undefined)
        return broken(
          rows,
          String(slipped.seq),
          `row ${String(slipped.seq)} is not in the chain although rows after it were sealed: it was added afterwards`,
        )
      return { ok: true, rows, lastHash: prevHash, unsealed }
    })
}
