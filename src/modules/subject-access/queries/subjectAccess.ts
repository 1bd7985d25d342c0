import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import { decide, type ChildFacts } from '../../access/domain/policy.js'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'
import type { DB } from '../../../platform/db/schema.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import type { Actor } from '../../../platform/identity/actor.js'
import type { AccessDecision } from '../../../platform/steps/defineStep.js'
import { childChronology, type ChronologyEntry } from '../../children/queries/childChronology.js'
import type { RequesterKind, WithholdingGround } from '../domain/subjectAccess.js'

type Q = Kysely<DB> | Transaction<DB>

/**
 * Who may handle a subject access request about this child: first whether they may see the child at all (anyone
 * who may not is told there is no such child, as the one gate does), then whether they answer such requests for
 * an involved organisation (anyone else who sees the record is refused, 403).
 */
export function subjectAccessDecision(actor: Actor, facts: ChildFacts): AccessDecision {
  const view = decide(actor, { kind: 'child.view', child: facts })
  if (!view.allowed) return { ...view, visible: false }
  const handle = decide(actor, { kind: 'subject_access.handle', child: facts })
  return handle.allowed ? handle : { ...handle, visible: true }
}

/**
 * A chronology entry's name for a redaction: a digest of what makes it this entry (its type, reference, time,
 * organisation, author and text). Entries are never edited, so the key stays the same between the redaction and
 * the export; a key names no one.
 */
export function entryKey(e: ChronologyEntry): string {
  return createHash('sha256')
    .update(JSON.stringify([e.type, e.reference, e.at.toISOString(), e.organisation, e.author, e.summary]))
    .digest('hex')
    .slice(0, 20)
}

/** `key` is taken (a key event); `entryKey` names the entry. */
export type KeyedEntry = ChronologyEntry & { readonly entryKey: string }

/** The chronology as this person may see it (audited as a view, or as an export), each entry with its key. */
export async function keyedChronology(deps: Deps, actor: Actor, childId: string, meta: RequestMeta, forExport = false) {
  const result = await childChronology(deps, actor, childId, { forExport }, meta)
  if (!result.ok) return undefined
  return {
    child: result.value.child,
    entries: result.value.entries.map((e): KeyedEntry => ({ ...e, entryKey: entryKey(e) })),
  }
}

export interface OpenRequest {
  readonly id: string
  readonly childId: string
  readonly requester: RequesterKind
  readonly requesterName: string
  readonly receivedOn: string
  readonly identityVerified: boolean
  readonly dueOn: string
  readonly extendedAt: Date | null
  readonly extensionReason: string | null
  readonly exportedAt: Date | null
  readonly deadlineId: string
  readonly redactions: readonly {
    readonly entryKey: string
    readonly entryLabel: string
    readonly ground: WithholdingGround
    readonly explanation: string
    readonly decidedAt: Date
  }[]
}

function requests(db: Q, childId: string, organisationId: string) {
  return db
    .selectFrom('subject_access_request as r')
    .innerJoin('deadline as d', 'd.id', 'r.deadline_id')
    .select([
      'r.id',
      'r.child_id',
      'r.requester',
      'r.requester_name',
      'r.received_on',
      'r.identity_verified',
      'r.extended_at',
      'r.extension_reason',
      'r.exported_at',
      'r.deadline_id',
      'd.due_on',
    ])
    .where('r.child_id', '=', childId)
    .where('r.organisation_id', '=', organisationId)
}

async function withRedactions(
  db: Q,
  rows: readonly Awaited<ReturnType<ReturnType<typeof requests>['execute']>>[number][],
): Promise<OpenRequest[]> {
  const ids = rows.map((r) => r.id)
  const redactions =
    ids.length === 0
      ? []
      : await db
          .selectFrom('subject_access_redaction')
          .select(['request_id', 'entry_key', 'entry_label', 'ground', 'explanation', 'decided_at'])
          .where('request_id', 'in', ids)
          .orderBy('decided_at')
          .execute()
  return rows.map((r) => ({
    id: r.id,
    childId: r.child_id,
    requester: r.requester,
    requesterName: r.requester_name,
    receivedOn: r.received_on,
    identityVerified: r.identity_verified,
    dueOn: r.due_on,
    extendedAt: r.extended_at,
    extensionReason: r.extension_reason,
    exportedAt: r.exported_at,
    deadlineId: r.deadline_id,
    redactions: redactions
      .filter((x) => x.request_id === r.id)
      .map((x) => ({
        entryKey: x.entry_key,
        entryLabel: x.entry_label,
        ground: x.ground,
        explanation: x.explanation,
        decidedAt: x.decided_at,
      })),
  }))
}

/** The organisation's open request about the child, if any (locked for a step that changes it). */
export async function openRequest(
  db: Q,
  childId: string,
  organisationId: string,
  options: LoadOptions = {},
): Promise<OpenRequest | undefined> {
  const q = requests(db, childId, organisationId).where('r.exported_at', 'is', null)
  const row = await (options.forUpdate === true ? q.forUpdate('r') : q).executeTakeFirst()
  return row === undefined ? undefined : (await withRedactions(db, [row]))[0]
}

/** The organisation's answered requests about the child, newest first. */
export async function answeredRequests(db: Q, childId: string, organisationId: string): Promise<OpenRequest[]> {
  const rows = await requests(db, childId, organisationId)
    .where('r.exported_at', 'is not', null)
    .orderBy('r.exported_at', 'desc')
    .execute()
  return withRedactions(db, rows)
}
