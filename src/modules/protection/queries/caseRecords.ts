import type { Insertable, Selectable, Transaction } from 'kysely'
import type { DB } from '../../../platform/db/schema.js'

/** The tables of a case's work records: each row carries the episode's id. */
type CaseRecordTable =
  | 'strategy_discussion'
  | 'section47_enquiry'
  | 'conference'
  | 'child_protection_plan'
  | 'child_in_need_plan'
  | 'episode_allocation'

/** The tables of rows that belong to one of those records, each with the column that names its record. */
interface PartKeys {
  readonly strategy_discussion_attendee: 'strategy_discussion_id'
  readonly strategy_discussion_action: 'strategy_discussion_id'
  readonly conference_invitation: 'conference_id'
  readonly plan_member: 'plan_id'
  readonly core_group_meeting: 'plan_id'
  readonly child_in_need_review: 'plan_id'
}
type PartTable = keyof PartKeys

/** Every row of one kind of record of the case, in the order of `order` (when held, started, allocated). */
export function recordsOf<T extends CaseRecordTable>(
  tx: Transaction<DB>,
  table: T,
  episodeId: string,
  order: keyof DB[T] & string,
): Promise<Selectable<DB[T]>[]> {
  // Kysely cannot type a query over a table chosen by a type parameter; each table in the union has the
  // columns asked for, and the caller gets its own table's row back.
  return tx
    .selectFrom(table as CaseRecordTable)
    .selectAll()
    .where('episode_id', '=', episodeId)
    .orderBy(order as 'created_at')
    .execute() as unknown as Promise<Selectable<DB[T]>[]>
}

/**
 * The rows that belong to the records `ids` (a discussion's attendees, a plan's members), in the order of
 * `order`, as a look-up by the record's id. Nothing is asked for when there are no records.
 */
export async function partsOf<T extends PartTable>(
  tx: Transaction<DB>,
  table: T,
  ids: readonly string[],
  order: keyof DB[T] & string,
): Promise<(recordId: string) => Selectable<DB[T]>[]> {
  const key: PartKeys[PartTable] = partKeys[table]
  const rows =
    ids.length === 0
      ? []
      : await tx
          .selectFrom(table as PartTable)
          .selectAll()
          .where(key, 'in', ids)
          .orderBy(order as 'id')
          .execute()
  // As in recordsOf: every table of the union has `key`, and the caller gets its own table's row back.
  return byRecord(rows as unknown as (Selectable<DB[T]> & Record<PartKeys[T], string>)[], partKeys[table])
}

const partKeys: PartKeys = {
  strategy_discussion_attendee: 'strategy_discussion_id',
  strategy_discussion_action: 'strategy_discussion_id',
  conference_invitation: 'conference_id',
  plan_member: 'plan_id',
  core_group_meeting: 'plan_id',
  child_in_need_review: 'plan_id',
}

/** The parts that are kept in the order they were given (`position`, from 1). */
type NumberedPartTable = 'strategy_discussion_attendee' | 'strategy_discussion_action' | 'plan_member'

/**
 * Writes the numbered parts of one record (a discussion's attendees and actions, a plan's members) in the order
 * given, numbered from 1; nothing when there are none.
 */
export async function insertParts<T extends NumberedPartTable>(
  tx: Transaction<DB>,
  table: T,
  recordId: string,
  parts: readonly Omit<Insertable<DB[T]>, PartKeys[T] | 'position'>[],
): Promise<void> {
  if (parts.length === 0) return
  const key: PartKeys[NumberedPartTable] = partKeys[table]
  // As in insertWithNewId: Kysely cannot check rows against a table chosen by a type parameter; `parts` were
  // checked against this table's columns above.
  await tx
    .insertInto(table as NumberedPartTable)
    .values(parts.map((part, i) => ({ [key]: recordId, position: i + 1, ...part })) as never)
    .execute()
}

/** `rows` looked up by the record each names in `key`, in their order. */
export const byRecord =
  <R extends Record<K, string>, K extends keyof R>(rows: readonly R[], key: K) =>
  (recordId: string): R[] =>
    rows.filter((r) => r[key] === recordId)
