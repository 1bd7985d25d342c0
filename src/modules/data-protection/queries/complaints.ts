import type { Transaction } from 'kysely'
import type { Db } from '../../../platform/db/database.js'
import type { DB } from '../../../platform/db/schema.js'
import type { LoadOptions } from '../../../platform/db/loadOptions.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { stageOf, type ComplaintStage } from '../domain/complaints.js'

type Q = Db | Transaction<DB>

export interface ComplaintRecord {
  readonly id: string
  readonly reference: string
  readonly organisationId: string
  readonly complainantName: string
  readonly complainantContact: string
  readonly receivedOn: string
  readonly receivedHow: string
  readonly summary: string
  readonly recordedBy: string
  readonly acknowledgeBy: string
  readonly acknowledgement: { readonly on: string; readonly how: string; readonly by: string } | undefined
  readonly outcome:
    { readonly on: string; readonly outcome: string; readonly response: string; readonly by: string } | undefined
  readonly stage: ComplaintStage
}

const base = (db: Q) =>
  db
    .selectFrom('data_protection_complaint as c')
    .innerJoin('deadline as d', 'd.id', 'c.deadline_id')
    .innerJoin('app_user as r', 'r.id', 'c.recorded_by')
    .leftJoin('data_protection_complaint_acknowledgement as a', 'a.complaint_id', 'c.id')
    .leftJoin('app_user as au', 'au.id', 'a.recorded_by')
    .leftJoin('data_protection_complaint_outcome as o', 'o.complaint_id', 'c.id')
    .leftJoin('app_user as ou', 'ou.id', 'o.recorded_by')
    .select([
      'c.id',
      'c.reference',
      'c.organisation_id',
      'c.complainant_name',
      'c.complainant_contact',
      'c.received_on',
      'c.received_how',
      'c.summary',
      'r.display_name as recorded_by_name',
      'd.due_on',
      'a.acknowledged_on',
      'a.sent_how',
      'au.display_name as acknowledged_by_name',
      'o.decided_on',
      'o.outcome',
      'o.response',
      'ou.display_name as answered_by_name',
    ])

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>

const toRecord = (r: Row): ComplaintRecord => {
  const acknowledgement =
    r.acknowledged_on === null
      ? undefined
      : { on: r.acknowledged_on, how: r.sent_how ?? '', by: r.acknowledged_by_name ?? '' }
  const outcome =
    r.decided_on === null
      ? undefined
      : { on: r.decided_on, outcome: r.outcome ?? '', response: r.response ?? '', by: r.answered_by_name ?? '' }
  return {
    id: r.id,
    reference: r.reference,
    organisationId: r.organisation_id,
    complainantName: r.complainant_name,
    complainantContact: r.complainant_contact,
    receivedOn: r.received_on,
    receivedHow: r.received_how,
    summary: r.summary,
    recordedBy: r.recorded_by_name,
    acknowledgeBy: r.due_on,
    acknowledgement,
    outcome,
    stage: stageOf({ acknowledged: acknowledgement !== undefined, answered: outcome !== undefined }),
  }
}

/** One complaint, with its acknowledgement and outcome; the complaint row locked when a step will add to it. */
export async function loadComplaint(
  db: Q,
  id: string,
  options: LoadOptions = {},
): Promise<ComplaintRecord | undefined> {
  if (!isUuid(id)) return undefined
  if (options.forUpdate === true)
    await db.selectFrom('data_protection_complaint').select('id').where('id', '=', id).forUpdate().execute()
  const row = await base(db).where('c.id', '=', id).executeTakeFirst()
  return row === undefined ? undefined : toRecord(row)
}

/** The organisation's complaints log, newest first. */
export async function listComplaints(db: Q, organisationId: string): Promise<ComplaintRecord[]> {
  const rows = await base(db)
    .where('c.organisation_id', '=', organisationId)
    .orderBy('c.received_on', 'desc')
    .orderBy('c.recorded_at', 'desc')
    .execute()
  return rows.map(toRecord)
}
