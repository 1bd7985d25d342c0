import { createHash } from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '../db/schema.js'

/**
 * The append-only audit trail. Each row carries the hash of the row before it, so altering or removing any
 * row breaks the chain from that point on, which `together audit verify` reports. Rows are written inside the
 * caller's transaction: if the change rolls back, so does its audit entry, and vice versa.
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

export async function appendAudit(tx: Transaction<DB> | Kysely<DB>, entry: AuditEntry, occurredAt: Date): Promise<void> {
  // Taking the head row lock serialises appenders until this transaction ends; nothing can fork the chain.
  const head = await sql<{ last_seq: string; last_hash: string }>`
    UPDATE audit_chain_head SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq, last_hash`.execute(tx)
  const row = head.rows[0]
  if (row === undefined) throw new Error('audit_chain_head is missing: the database was not migrated')
  const details = scrubbed(entry.details ?? {}) as Record<string, unknown>
  const fields: HashedFields = {
    seq: String(row.last_seq),
    occurredAt,
    actorUserId: entry.actorUserId,
    actorOrganisationId: entry.actorOrganisationId,
    actorRoles: entry.actorRoles,
    action: entry.action,
    subjectType: entry.subjectType ?? null,
    subjectId: (scrubbed(entry.subjectId ?? null) as string | null),
    reason: (scrubbed(entry.reason ?? null) as string | null),
    correlationId: (scrubbed(entry.correlationId ?? null) as string | null),
    details: JSON.parse(JSON.stringify(details)) as unknown,
  }
  const hash = auditHash(row.last_hash, fields)
  await tx
    .insertInto('audit_event')
    .values({
      seq: fields.seq,
      occurred_at: occurredAt,
      actor_user_id: fields.actorUserId,
      actor_organisation_id: fields.actorOrganisationId,
      actor_roles: [...fields.actorRoles],
      action: fields.action,
      subject_type: fields.subjectType,
      subject_id: fields.subjectId,
      reason: fields.reason,
      correlation_id: fields.correlationId,
      details: JSON.stringify(fields.details),
      prev_hash: row.last_hash,
      hash,
    })
    .execute()
  await tx.updateTable('audit_chain_head').set({ last_hash: hash }).where('id', '=', 1).execute()
}

export type VerifyResult =
  | { readonly ok: true; readonly rows: number; readonly lastHash: string }
  | { readonly ok: false; readonly rows: number; readonly brokenAtSeq: string; readonly problem: string }

/** Walks the whole chain in order, in batches, recomputing every hash. */
export async function verifyAuditChain(db: Kysely<DB>, batchSize = 5000): Promise<VerifyResult> {
  let prevHash = '0'.repeat(64)
  let expectedSeq = 1n
  let rows = 0
  let after = '0'
  for (;;) {
    const batch = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batchSize)
      .execute()
    for (const r of batch) {
      const seq = String(r.seq)
      if (BigInt(seq) !== expectedSeq) {
        return { ok: false, rows, brokenAtSeq: String(expectedSeq), problem: `row ${expectedSeq} is missing (next row is ${seq})` }
      }
      if (r.prev_hash !== prevHash) {
        return { ok: false, rows, brokenAtSeq: seq, problem: `row ${seq} does not point at the hash of row ${expectedSeq - 1n}` }
      }
      const recomputed = auditHash(prevHash, {
        seq,
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
      if (recomputed !== r.hash) {
        return { ok: false, rows, brokenAtSeq: seq, problem: `row ${seq} has been altered (its hash does not match its contents)` }
      }
      prevHash = r.hash
      expectedSeq++
      rows++
      after = seq
    }
    if (batch.length < batchSize) break
  }
  const head = await db.selectFrom('audit_chain_head').selectAll().executeTakeFirst()
  if (head !== undefined && (String(head.last_seq) !== String(expectedSeq - 1n) || head.last_hash !== prevHash)) {
    return {
      ok: false,
      rows,
      brokenAtSeq: String(expectedSeq),
      problem: `the chain ends at row ${expectedSeq - 1n} but its head records row ${String(head.last_seq)}: rows were removed from the end`,
    }
  }
  return { ok: true, rows, lastHash: prevHash }
}
