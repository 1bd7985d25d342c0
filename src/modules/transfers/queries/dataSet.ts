/**
 * School moves' rows for the partnership's agreed data set (issue 13): one row per child protection file sent by a
 * school of the area, dated by its due date, counting in the numerator when the new school confirmed receipt by
 * then. As with every deadline measure, only files already due count: one not yet due has not been met or missed.
 *
 * Columns, as every data-set basis yields them: event_on, child_id, category (why the child moved), org_kind (the
 * sending organisation's kind), num.
 */
import { sql, type RawBuilder } from 'kysely'
import { labelOf } from '../../../platform/shared/wordList.js'
import { transferReasonLabels } from '../domain/transfer.js'

const LONDON = sql.lit('Europe/London')

export function fileTransferDataSetRows(localAreaId: string, upTo: string): RawBuilder<unknown> {
  return sql`
    SELECT t.due_on AS event_on, t.child_id, t.reason AS category, o.kind AS org_kind,
           (r.confirmed_at IS NOT NULL AND (r.confirmed_at AT TIME ZONE ${LONDON})::date <= t.due_on) AS num
    FROM file_transfer t JOIN organisation o ON o.id = t.from_organisation_id
    LEFT JOIN file_transfer_receipt r ON r.transfer_id = t.id
    WHERE o.local_area_id = ${localAreaId} AND t.due_on <= ${upTo}::date`
}

export const fileTransferDataSetCategory = (key: string): string => labelOf(transferReasonLabels, key)
