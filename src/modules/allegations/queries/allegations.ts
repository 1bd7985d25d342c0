import { sql, type Expression, type Transaction } from 'kysely'
import type { Db } from '../../../platform/db/database.js'
import type { DB } from '../../../platform/db/schema.js'
import { loadById } from '../../../platform/db/loadById.js'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'
import { isAllegationState, type AllegationState } from '../domain/allegation.js'
import type { AllegationFacts, LowLevelConcernFacts } from '../domain/policy.js'

type Q = Db | Transaction<DB>

export interface LoadedAllegation {
  readonly id: string
  readonly reference: string
  readonly state: AllegationState
  readonly awareOn: string
  readonly subjectName: string
  readonly sourceConcernId: string | null
  readonly facts: AllegationFacts
}

/** What the allegation policy and the steps need about an allegation; `forUpdate` serialises steps on it. */
export const loadAllegation = (tx: Q, id: string, options: LoadOptions = {}): Promise<LoadedAllegation | undefined> =>
  loadById(
    id,
    options,
    (id, forUpdate) =>
      tx
        .selectFrom('allegation')
        .select([
          'id',
          'reference',
          'state',
          'aware_on',
          'subject_name',
          'source_concern_id',
          'organisation_id',
          'local_area_id',
          'case_manager_user_id',
          'named_user_ids',
          'subject_user_id',
        ])
        .where('id', '=', id)
        .$if(forUpdate, (q) => q.forUpdate()),
    (r) =>
      isAllegationState(r.state)
        ? {
            id: r.id,
            reference: r.reference,
            state: r.state,
            awareOn: r.aware_on,
            subjectName: r.subject_name,
            sourceConcernId: r.source_concern_id,
            facts: {
              organisationId: r.organisation_id,
              localAreaId: r.local_area_id,
              caseManagerUserId: r.case_manager_user_id,
              namedUserIds: r.named_user_ids,
              subjectUserId: r.subject_user_id,
            },
          }
        : undefined,
  )

/** The allegation recorded from a concern or a low-level concern (one at most), as a column of the query reading it. */
export const allegationRecordedFrom = (
  tx: Q,
  source: 'source_concern_id' | 'source_low_level_concern_id',
  sourceId: Expression<string>,
) => tx.selectFrom('allegation as a').select('a.id').where(`a.${source}`, '=', sourceId).limit(1)

export async function nextReference(tx: Q, prefix: string, sequence: string, year: number): Promise<string> {
  const r = await sql<{
    reference: string
  }>`SELECT ${`${prefix}-${year}-`} || lpad(nextval(${sequence}::regclass)::text, 6, '0') AS reference`.execute(tx)
  const ref = r.rows[0]?.reference
  if (ref === undefined) throw new Error('no reference')
  return ref
}

export interface LoadedLowLevelConcern {
  readonly id: string
  readonly reference: string
  readonly state: string
  readonly subjectName: string
  readonly facts: LowLevelConcernFacts
  readonly allegationId: string | null
  readonly decision: string | null
  readonly localAreaId: string
}

/** What the policy and the steps need about a low-level concern; `forUpdate` serialises steps on it. */
export const loadLowLevelConcern = (
  tx: Q,
  id: string,
  options: LoadOptions = {},
): Promise<LoadedLowLevelConcern | undefined> =>
  loadById(
    id,
    options,
    (id, forUpdate) =>
      tx
        .selectFrom('low_level_concern as l')
        .innerJoin('organisation as o', 'o.id', 'l.organisation_id')
        .leftJoin('low_level_review as r', 'r.concern_id', 'l.id')
        .select([
          'l.id',
          'l.reference',
          'l.state',
          'l.subject_name',
          'l.organisation_id',
          'l.raised_by',
          'l.subject_user_id',
          'l.about_head',
          'o.local_area_id',
          'r.decision',
          'r.allegation_id',
        ])
        .select((eb) =>
          allegationRecordedFrom(tx, 'source_low_level_concern_id', eb.ref('l.id')).as('allegation_id_made'),
        )
        .where('l.id', '=', id)
        .$if(forUpdate, (q) => q.forUpdate('l')),
    (r) => ({
      id: r.id,
      reference: r.reference,
      state: r.state,
      subjectName: r.subject_name,
      localAreaId: r.local_area_id,
      decision: r.decision,
      allegationId: r.allegation_id ?? r.allegation_id_made,
      facts: {
        organisationId: r.organisation_id,
        raisedByUserId: r.raised_by,
        subjectUserId: r.subject_user_id,
        aboutHead: r.about_head,
      },
    }),
  )
