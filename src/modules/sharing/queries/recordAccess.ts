import type { Actor } from '../../../platform/identity/actor.js'
import type { Transaction } from 'kysely'
import { domainError, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { DB } from '../../../platform/db/schema.js'
import { readOneWithAudit } from '../../../platform/steps/readOneWithAudit.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { accessActionLabel, csvCell } from '../domain/accessLabels.js'
import { decideSharing } from '../domain/policy.js'
import { sharingChild } from './sharingFacts.js'

export interface RecordAccessFilter {
  /** An organisation's name, exactly as listed. */
  readonly organisation?: string | undefined
  /** 'viewed', 'changed' or 'refused'. */
  readonly kind?: string | undefined
  readonly forExport?: boolean | undefined
}

export interface RecordAccessRow {
  readonly at: Date
  readonly person: string
  readonly organisation: string
  readonly what: string
  readonly kind: 'viewed' | 'changed' | 'refused'
  readonly why: string
}

export interface RecordOpeningRow {
  readonly openedAt: Date
  readonly expiresAt: Date
  readonly person: string
  readonly organisation: string
  readonly reason: string
}

export interface RecordAccess {
  readonly childName: string
  readonly rows: readonly RecordAccessRow[]
  readonly openings: readonly RecordOpeningRow[]
  readonly organisations: readonly string[]
  /** More rows than are shown: narrow the filter. */
  readonly truncated: boolean
}

export const RECORD_ACCESS_LIMIT = 2000

/**
 * Who has seen this child: the audit trail of the child's record in Together, newest first (who viewed or changed
 * what, when and why), and every opening of the record with a reason. For designated safeguarding leads and team
 * managers of organisations involved with the child, and the local authority's social care. Looking is audited
 * too (and so appears in the list).
 */
export async function listRecordAccess(
  deps: Deps,
  actor: Actor,
  childId: string,
  filter: RecordAccessFilter,
  meta: RequestMeta,
): Promise<Result<RecordAccess, DomainError<'CHILD.NOT_FOUND'>>> {
  return readOneWithAudit(deps, actor, childId, meta, {
    subjectType: 'child',
    viewed: filter.forExport === true ? 'record.access_exported' : 'record.access_viewed',
    denied: 'record.access_view_denied',
    missing: 'no such child',
    notFound: domainError('CHILD.NOT_FOUND', 'There is no such child'),
    load: (tx) => sharingChild(tx, actor, childId),
    access: (_actor, { involved }) =>
      decideSharing(actor, {
        kind: 'record.view_access',
        organisationInvolved: involved,
        organisationIsLocalAuthority: actor.organisationKind === 'la_childrens_social_care',
      }),
    seen: () => ({ id: childId }),
    show: ({ child }, { tx }) => recordAccess(tx, childId, child, filter),
  })
}

/** The audit trail and openings of the child's record, filtered; the look being answered is in it already. */
async function recordAccess(
  tx: Transaction<DB>,
  childId: string,
  child: { readonly given_name: string; readonly family_name: string },
  filter: RecordAccessFilter,
): Promise<RecordAccess> {
  const events = await tx
    .selectFrom('audit_event as a')
    .leftJoin('app_user as u', 'u.id', 'a.actor_user_id')
    .leftJoin('organisation as o', 'o.id', 'a.actor_organisation_id')
    .select(['a.occurred_at', 'a.action', 'a.reason', 'u.display_name', 'o.name as organisation'])
    .where('a.subject_type', '=', 'child')
    .where('a.subject_id', '=', childId)
    .orderBy('a.seq', 'desc')
    .limit(20_000)
    .execute()
  const all: RecordAccessRow[] = events.map((e) => {
    const label = accessActionLabel(e.action)
    return {
      at: e.occurred_at,
      person: e.display_name ?? 'Together',
      organisation: e.organisation ?? 'Together',
      what: label.what,
      kind: label.kind,
      why: e.reason ?? '',
    }
  })
  const shown = all.filter(
    (r) =>
      (filter.organisation === undefined || r.organisation === filter.organisation) &&
      (filter.kind === undefined || r.kind === filter.kind),
  )
  const openings = await tx
    .selectFrom('record_opening as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .select(['r.opened_at', 'r.expires_at', 'r.reason', 'u.display_name', 'o.name'])
    .where('r.child_id', '=', childId)
    .orderBy('r.opened_at', 'desc')
    .execute()
  return {
    childName: `${child.given_name} ${child.family_name}`,
    rows: shown.slice(0, RECORD_ACCESS_LIMIT),
    openings: openings.map((o) => ({
      openedAt: o.opened_at,
      expiresAt: o.expires_at,
      person: o.display_name,
      organisation: o.name,
      reason: o.reason,
    })),
    organisations: [...new Set(all.map((r) => r.organisation))].sort(),
    truncated: shown.length > RECORD_ACCESS_LIMIT,
  }
}

export function recordAccessCsv(access: RecordAccess): string {
  const header = ['When', 'Person', 'Organisation', 'What', 'Why'].map(csvCell).join(',')
  const lines = access.rows.map((r) =>
    [r.at.toISOString(), r.person, r.organisation, r.what, r.why].map(csvCell).join(','),
  )
  return `${[header, ...lines].join('\r\n')}\r\n`
}
