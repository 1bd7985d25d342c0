import { sql } from 'kysely'
import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, text } from '../../../platform/forms/fields.js'
import { newId } from '../../../platform/security/secrets.js'
import { domainError, err, ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { recomputeOpenDeadlines } from './partnershipClock.js'
import { decideLocalTimescales, TIMESCALES_PAGE } from './setTimescaleOverride.js'
import { localNonWorkingDays } from '../queries/localNonWorkingDays.js'

const DAYS_AT = `${TIMESCALES_PAGE}#local-days`

/** The area whose calendar changes: the lead's own. */
interface Calendar {
  readonly localAreaId: string
}

const dayOutput = z.object({
  id: z.uuid(),
  day: z.iso.date(),
  deadlinesRecomputed: z.number().int().meta({ description: 'Open deadlines whose due date was derived again' }),
})

/**
 * A partnership lead adds a day on which its services do not work (a local closure, or a new bank holiday
 * announced before a release ships it). Open deadlines move in the same transaction. The timescales page holds
 * the form (with the list of days), so no form page of its own is mounted.
 */
export const addNonWorkingDay = defineStep({
  operationId: 'addNonWorkingDay',
  module: 'Timescales',
  path: `${TIMESCALES_PAGE}/non-working-days`,
  formPath: null,
  title: 'Add a local non-working day',
  description: 'A day your partnership’s services do not work: open deadlines move in the same transaction.',
  submitText: 'Add non-working day',
  fields: {
    day: date({
      label: 'Date',
      hint: 'For example, 27 12 2027',
      required: 'Enter the date, including a day, month and year',
    }),
    description: text({
      label: 'Description',
      required: 'Describe the day, for example “Council offices closed”',
      max: 200,
      tooLong: 'Description must be 200 characters or fewer',
    }),
  },
  load: async ({ actor }): Promise<Calendar> => ({ localAreaId: actor.localAreaId }),
  access: (actor) => decideLocalTimescales(actor, 'the local calendar'),
  check: (input) => {
    const day = input['day'] as LocalDate
    return day.year < 2000 || day.year > 2099 ? { day: 'Date must be between 2000 and 2099' } : {}
  },
  run: async ({ tx, actor, now }, input, calendar: Calendar) => {
    const day = formatLocalDate(input['day'] as LocalDate)
    // Serialise changes to one area's calendar so two leads adding the same day cannot both succeed.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`calendar:${calendar.localAreaId}`}))`.execute(tx)
    const exists = await localNonWorkingDays(tx, calendar.localAreaId)
      .select('id')
      .where('day', '=', day)
      .executeTakeFirst()
    if (exists !== undefined)
      return err(
        domainError('CALENDAR.ALREADY_NON_WORKING', `${day} is already a local non-working day`, {
          day: 'That day is already a local non-working day',
        }),
      )
    const id = newId()
    await tx
      .insertInto('local_non_working_day')
      .values({
        id,
        local_area_id: calendar.localAreaId,
        day,
        description: String(input['description']),
        created_by: actor.userId,
        created_at: now,
        removed_at: null,
        removed_by: null,
      })
      .execute()
    const recomputed = await recomputeOpenDeadlines(tx, calendar.localAreaId)
    return ok({ id, day, deadlinesRecomputed: recomputed })
  },
  subject: (calendar: Calendar) => ({ type: 'local_area', id: calendar.localAreaId }),
  action: 'calendar.non_working_day_added',
  auditDetails: (out, input) => ({
    day: out.day,
    description: input['description'],
    deadlinesRecomputed: out.deadlinesRecomputed,
  }),
  output: dayOutput,
  done: () => DAYS_AT,
  back: () => ({ href: TIMESCALES_PAGE, text: 'Back to the timescales' }),
})

/** The lead's area, and the day of it to remove if there is one (the refusal to a non-lead comes first). */
interface DayHere {
  readonly localAreaId: string
  readonly day: { readonly id: string; readonly day: string; readonly description: string } | undefined
}

/**
 * A partnership lead removes a local non-working day of their own area; open deadlines move back in the same
 * transaction. Each day's Remove button on the timescales page sends it. Anyone else is refused whatever the day
 * (as they always were); a day that is not the area's, or already removed, is not found.
 */
export const removeNonWorkingDay = defineStep({
  operationId: 'removeNonWorkingDay',
  module: 'Timescales',
  path: `${TIMESCALES_PAGE}/non-working-days/:id/remove`,
  formPath: null,
  title: 'Remove a local non-working day',
  submitText: 'Remove',
  fields: {},
  load: async ({ tx, actor, params }): Promise<DayHere> => ({
    localAreaId: actor.localAreaId,
    day: await localNonWorkingDays(tx, actor.localAreaId)
      .select(['id', 'day', 'description'])
      .where('id', '=', params['id'] ?? '')
      .forUpdate()
      .executeTakeFirst(),
  }),
  access: (actor) => decideLocalTimescales(actor, 'the local calendar'),
  conflict: (d: DayHere) =>
    d.day === undefined ? domainError('CALENDAR.NOT_FOUND', 'There is no such local non-working day') : undefined,
  run: async ({ tx, actor, now }, _input, d: DayHere) => {
    const day = d.day!
    await tx
      .updateTable('local_non_working_day')
      .set({ removed_at: now, removed_by: actor.userId })
      .where('id', '=', day.id)
      .execute()
    const recomputed = await recomputeOpenDeadlines(tx, d.localAreaId)
    return ok({ id: day.id, day: day.day, deadlinesRecomputed: recomputed })
  },
  subject: (d: DayHere) => ({ type: 'local_area', id: d.localAreaId }),
  action: 'calendar.non_working_day_removed',
  auditDetails: (out, _input, d: DayHere) => ({
    day: out.day,
    description: d.day?.description,
    deadlinesRecomputed: out.deadlinesRecomputed,
  }),
  okStatus: 200,
  output: dayOutput,
  done: () => DAYS_AT,
})
