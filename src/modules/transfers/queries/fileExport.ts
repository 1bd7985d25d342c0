import type { Transaction } from 'kysely'
import type { Db } from '../../../platform/db/database.js'
import type { DB } from '../../../platform/db/schema.js'
import { childCurrentOf } from '../../../platform/db/childCurrent.js'

type Q = Db | Transaction<DB>

/**
 * The child-protection file as it travels: vendor-neutral, the same content for the page, the PDF (for people)
 * and the JSON (for systems). It holds the sending school's own records about the child — its concerns, what
 * was decided and why — and what it shared in advance; never another agency's records.
 */
export interface FileExport {
  readonly format: 'together.child-protection-file/1'
  readonly reference: string
  readonly child: {
    readonly givenName: string
    readonly familyName: string
    readonly dateOfBirth: string | null
    readonly upn: string | null
    readonly nhsNumber: string | null
  }
  readonly from: { readonly name: string; readonly urn: string | null }
  readonly to: { readonly name: string; readonly urn: string | null }
  readonly movedOn: string
  readonly reason: string
  readonly dueOn: string
  readonly sentAt: string
  readonly sentBy: string
  readonly advanceInformation: string
  readonly concerns: readonly {
    readonly reference: string
    readonly recordedAt: string
    readonly recordedBy: string
    readonly place: string
    readonly facts: string
    readonly childWords: string
    readonly categories: readonly string[]
    readonly events: readonly {
      readonly kind: string
      readonly at: string
      readonly decision: string | null
      readonly text: string
    }[]
  }[]
}

export async function buildFileExport(db: Q, transferId: string): Promise<FileExport | undefined> {
  const t = await db
    .selectFrom('file_transfer as t')
    // The child as known now: the receiving school gets the corrected name, date of birth, UPN and NHS number.
    .innerJoinLateral(childCurrentOf('t.child_id', 'c'), (j) => j.onTrue())
    .innerJoin('organisation as f', 'f.id', 't.from_organisation_id')
    .leftJoin('organisation as r', 'r.id', 't.to_organisation_id')
    .innerJoin('app_user as u', 'u.id', 't.sent_by')
    .select([
      't.id',
      't.reference',
      't.child_id',
      't.from_organisation_id',
      't.to_school_name',
      't.moved_on',
      't.reason',
      't.due_on',
      't.sent_at',
      't.advance_information',
      'c.given_name',
      'c.family_name',
      'c.date_of_birth',
      'c.upn',
      'c.nhs_number',
      'f.name as from_name',
      'f.urn as from_urn',
      'r.urn as to_urn',
      'u.display_name as sent_by',
    ])
    .where('t.id', '=', transferId)
    .executeTakeFirst()
  if (t === undefined) return undefined
  const concerns = await db
    .selectFrom('concern as k')
    .innerJoin('concern_child as cc', 'cc.concern_id', 'k.id')
    .innerJoin('app_user as a', 'a.id', 'k.author_user_id')
    .select([
      'k.id',
      'k.reference',
      'k.created_at',
      'k.place',
      'k.facts',
      'k.child_words',
      'k.categories',
      'a.display_name',
    ])
    .where('cc.child_id', '=', t.child_id)
    .where('k.organisation_id', '=', t.from_organisation_id)
    .orderBy('k.created_at')
    .execute()
  const events =
    concerns.length === 0
      ? []
      : await db
          .selectFrom('concern_event')
          .select(['concern_id', 'kind', 'created_at', 'decision_kind', 'text'])
          .where(
            'concern_id',
            'in',
            concerns.map((c) => c.id),
          )
          .orderBy('created_at')
          .execute()
  return {
    format: 'together.child-protection-file/1',
    reference: t.reference,
    child: {
      givenName: t.given_name,
      familyName: t.family_name,
      dateOfBirth: t.date_of_birth,
      upn: t.upn,
      nhsNumber: t.nhs_number,
    },
    from: { name: t.from_name, urn: t.from_urn },
    to: { name: t.to_school_name, urn: t.to_urn },
    movedOn: t.moved_on,
    reason: t.reason,
    dueOn: t.due_on,
    sentAt: t.sent_at.toISOString(),
    sentBy: t.sent_by,
    advanceInformation: t.advance_information,
    concerns: concerns.map((c) => ({
      reference: c.reference,
      recordedAt: c.created_at.toISOString(),
      recordedBy: c.display_name,
      place: c.place,
      facts: c.facts,
      childWords: c.child_words,
      categories: c.categories,
      events: events
        .filter((e) => e.concern_id === c.id)
        .map((e) => ({ kind: e.kind, at: e.created_at.toISOString(), decision: e.decision_kind, text: e.text })),
    })),
  }
}
