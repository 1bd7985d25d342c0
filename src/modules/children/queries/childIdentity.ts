import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import {
  applyCorrection,
  correctionKindLabels,
  describeChange,
  type CorrectionValues,
  type Identity,
} from '../domain/corrections.js'
import type { Sex } from '../domain/child.js'
import { childIdentityFields } from '../../../platform/db/childIdentityFields.js'

type Q = Kysely<DB> | Transaction<DB>

/** One line of a child's identity history: what changed, from what to what, why, who and when. */
export interface IdentityHistoryRow {
  readonly what: string
  readonly from: string
  readonly to: string
  readonly reason: string
  readonly by: string
  readonly organisation: string
  readonly at: Date
}

export interface ChildIdentity {
  /** The first record, as it was made. */
  readonly original: Identity
  /** The child now: the first record with every correction applied, in order. */
  readonly current: Identity
  readonly history: readonly IdentityHistoryRow[]
}

/**
 * A child's identity from the first record and its corrections, in the order they were made. Other names
 * recorded outside a correction (child_alias rows made with the record) count as part of the first record.
 */
export async function childIdentity(db: Q, childId: string): Promise<ChildIdentity | undefined> {
  const child = await db
    .selectFrom('child')
    .select(['given_name', 'family_name', 'date_of_birth', 'expected_date_of_delivery', 'sex', 'nhs_number', 'upn'])
    .where('id', '=', childId)
    .executeTakeFirst()
  if (child === undefined) return undefined
  const corrections = await db
    .selectFrom('child_correction as k')
    .innerJoin('app_user as u', 'u.id', 'k.corrected_by')
    .innerJoin('organisation as o', 'o.id', 'k.corrected_by_organisation_id')
    // The whole correction (what it set, why and when), with who made it and for which organisation.
    .selectAll('k')
    .select(['u.display_name', 'o.name as organisation'])
    .where('k.child_id', '=', childId)
    .orderBy('k.seq')
    .execute()
  const aliasIds = new Set<string>()
  const aliases = await db
    .selectFrom('child_alias')
    .select(['id', 'given_name', 'family_name', 'created_at'])
    .where('child_id', '=', childId)
    .orderBy('created_at')
    .execute()
  // An alias added by a correction is in both tables (same names, same time): count it once, as the correction.
  for (const a of aliases)
    if (
      corrections.some(
        (k) =>
          k.kind === 'alias' &&
          k.given_name === a.given_name &&
          k.family_name === a.family_name &&
          k.corrected_at.getTime() === a.created_at.getTime(),
      )
    )
      aliasIds.add(a.id)
  const original: Identity = {
    ...childIdentityFields(child),
    otherNames: aliases
      .filter((a) => !aliasIds.has(a.id))
      .map((a) => ({ givenName: a.given_name, familyName: a.family_name })),
  }
  let current = original
  const history: IdentityHistoryRow[] = []
  for (const k of corrections) {
    const values: CorrectionValues = {
      kind: k.kind,
      givenName: k.given_name,
      familyName: k.family_name,
      dateOfBirth: k.date_of_birth,
      sex: k.sex as Sex | null,
      nhsNumber: k.nhs_number,
      upn: k.upn,
    }
    const { from, to } = describeChange(current, values)
    history.push({
      what: correctionKindLabels[k.kind],
      from,
      to,
      reason: k.reason,
      by: k.display_name,
      organisation: k.organisation,
      at: k.corrected_at,
    })
    current = applyCorrection(current, values)
  }
  return { original, current, history }
}
