import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'
import {
  disabilitiesInWords,
  ethnicityInWords,
  type CensusDetails,
  type CensusEthnicity,
} from '../domain/censusDetails.js'

type Q = Kysely<DB> | Transaction<DB>

/** One record of a child's census details, in words: the first, or a correction with its reason. */
export interface CensusDetailsRow {
  readonly ethnicity: string
  readonly disability: string
  readonly reason: string | null
  readonly by: string
  readonly organisation: string
  readonly at: Date
}

export interface ChildCensusDetails {
  /** The newest record: what the census sends. Undefined: none recorded yet. */
  readonly current: CensusDetails | undefined
  /** Every record, oldest first. */
  readonly history: readonly CensusDetailsRow[]
}

/** A child's census ethnicity and disability: every record, oldest first; the newest is the one in force. */
export async function childCensusDetails(db: Q, childId: string): Promise<ChildCensusDetails> {
  const rows = await db
    .selectFrom('child_census_detail as d')
    .innerJoin('app_user as u', 'u.id', 'd.recorded_by')
    .innerJoin('organisation as o', 'o.id', 'd.recorded_by_organisation_id')
    .select(['d.ethnicity', 'd.disabilities', 'd.reason', 'd.recorded_at', 'u.display_name', 'o.name as org_name'])
    .where('d.child_id', '=', childId)
    .orderBy('d.seq')
    .execute()
  const last = rows.at(-1)
  return {
    current:
      last === undefined
        ? undefined
        : { ethnicity: last.ethnicity as CensusEthnicity, disabilities: last.disabilities },
    history: rows.map((r) => ({
      ethnicity: ethnicityInWords(r.ethnicity),
      disability: disabilitiesInWords(r.disabilities),
      reason: r.reason,
      by: r.display_name,
      organisation: r.org_name,
      at: new Date(r.recorded_at),
    })),
  }
}
