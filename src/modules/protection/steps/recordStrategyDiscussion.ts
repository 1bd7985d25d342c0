import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { FieldProblems } from '../domain/caseWork.js'
import {
  checkStepDate,
  checkStrategyDiscussionAttendance,
  strategyDiscussionAgencies,
  type StrategyDiscussionAgency,
} from '../domain/episode.js'
import { err, ok, type Result } from '../../../platform/shared/result.js'
import { newId } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import {
  alreadySubmitted,
  checkStepOpen,
  day,
  inCase,
  londonInstant,
  stepKeyUsed,
  type CaseError,
} from './caseSupport.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

export interface StrategyAttendeeInput {
  readonly agency: string
  readonly name: string
  readonly role: string
}
export interface StrategyActionInput {
  readonly action: string
  readonly owner: string
  /** 'YYYY-MM-DD' or ''. */
  readonly dueOn: string
}
export interface StrategyDiscussionInput {
  /** 'YYYY-MM-DD' */
  readonly heldOn: string
  /** 'HH:MM' */
  readonly heldTime: string
  readonly attendees: readonly StrategyAttendeeInput[]
  /** 'section_47' | 'no_section_47' */
  readonly decision: string
  readonly immediateSafetyActions: string
  readonly actions: readonly StrategyActionInput[]
  readonly minutes: string
  readonly submissionKey?: string | undefined
}

const blank = (...values: string[]) => values.every((v) => v.trim() === '')

/**
 * The strategy discussion (table step record_strategy_discussion): when it was held (not before the referral,
 * not in the future), who attended by agency (it must include the local authority, police and health), the
 * decision, immediate safety actions, who does what by when, and minutes. A decision to make section 47
 * enquiries starts the enquiry on the day of the discussion (CIN census S47ActualStartDate) and, through the
 * table, the initial conference clock (T5) — all in this one transaction.
 */
export async function recordStrategyDiscussion(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: StrategyDiscussionInput,
  meta: RequestMeta,
): Promise<Result<{ id: string; section47Id: string | null }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'record_strategy_discussion', async (c) => {
    if (await stepKeyUsed(c.tx, input.submissionKey)) return err(alreadySubmitted())
    const open = await checkStepOpen(c, actor, 'record_strategy_discussion', meta)
    if (!open.ok) return open
    const problems = new FieldProblems()
    const heldOn = problems.date('heldOn', input.heldOn, 'Enter the date the strategy discussion was held')
    const time = problems.time('heldTime', input.heldTime, 'Enter the time the strategy discussion started')
    let heldAt: Date | undefined
    if (heldOn !== undefined) {
      const inOrder = checkStepDate('heldOn', heldOn, c.today, {
        date: day(c.episode.referralDate),
        what: 'the referral date',
      })
      if (!inOrder.ok) problems.add('heldOn', inOrder.error.message)
      else if (time !== undefined) {
        heldAt = londonInstant(heldOn, time)
        if (heldAt.getTime() > c.now.getTime()) problems.add('heldTime', 'The time must be now or in the past')
      }
    }
    const attendees = input.attendees.filter((a) => !blank(a.agency, a.name, a.role))
    attendees.forEach((a, i) => {
      if (!(strategyDiscussionAgencies as readonly string[]).includes(a.agency))
        problems.add(`attendees-${i + 1}-agency`, `Select the agency of attendee ${i + 1}`)
      if (a.name.trim() === '') problems.add(`attendees-${i + 1}-name`, `Enter the name of attendee ${i + 1}`)
      if (a.name.length > 200 || a.role.length > 200)
        problems.add(`attendees-${i + 1}-name`, `Attendee ${i + 1}: names and roles must be 200 characters or fewer`)
    })
    const present = attendees
      .map((a) => a.agency)
      .filter((a): a is StrategyDiscussionAgency => (strategyDiscussionAgencies as readonly string[]).includes(a))
    const attendance = checkStrategyDiscussionAttendance(present)
    if (!attendance.ok) problems.add('attendees', attendance.error.message)
    if (input.decision !== 'section_47' && input.decision !== 'no_section_47')
      problems.add('decision', 'Select whether to start a section 47 enquiry')
    const safety = problems.optionalText('immediateSafetyActions', input.immediateSafetyActions, 50_000)
    const actions = input.actions.filter((a) => !blank(a.action, a.owner, a.dueOn))
    const actionDates = actions.map((a, i) => {
      if (a.action.trim() === '') problems.add(`actions-${i + 1}-action`, `Say what action ${i + 1} is`)
      if (a.owner.trim() === '') problems.add(`actions-${i + 1}-owner`, `Say who does action ${i + 1}`)
      if (a.action.length > 5000 || a.owner.length > 200)
        problems.add(`actions-${i + 1}-action`, `Action ${i + 1} is too long`)
      return a.dueOn.trim() === ''
        ? null
        : problems.date(`actions-${i + 1}-dueOn`, a.dueOn, `Enter when action ${i + 1} is due`)
    })
    const minutes = problems.text('minutes', input.minutes, 'Enter the minutes of the discussion', 100_000)
    const valid = problems.result(true)
    if (!valid.ok || heldOn === undefined || heldAt === undefined)
      return valid.ok
        ? err({
            code: 'CASE.INVALID',
            message: 'Enter when the discussion was held',
            fields: { heldOn: 'Enter when the discussion was held' },
          })
        : valid

    const id = newId()
    const section47Id = input.decision === 'section_47' ? newId() : null
    const taken = await takeEpisodeStep(
      c.tx,
      actor,
      c,
      {
        step: 'record_strategy_discussion',
        outcome: input.decision,
        occurredOn: heldOn,
        rationale: minutes.slice(0, 2000),
        submissionKey: input.submissionKey,
        details: { strategyDiscussionId: id, section47Id },
      },
      c.now,
      meta,
    )
    if (!taken.ok) return taken
    await c.tx
      .insertInto('strategy_discussion')
      .values({
        id,
        episode_id: c.episode.id,
        child_id: c.episode.childId,
        held_at: heldAt,
        held_on: formatLocalDate(heldOn),
        decision: input.decision,
        immediate_safety_actions: safety,
        minutes,
        recorded_by: actor.userId,
        created_at: c.now,
      })
      .execute()
    await c.tx
      .insertInto('strategy_discussion_attendee')
      .values(
        attendees.map((a, i) => ({
          strategy_discussion_id: id,
          position: i + 1,
          agency: a.agency,
          organisation_id: null,
          name: a.name.trim(),
          role: a.role.trim(),
        })),
      )
      .execute()
    if (actions.length > 0) {
      await c.tx
        .insertInto('strategy_discussion_action')
        .values(
          actions.map((a, i) => {
            const due = actionDates[i]
            return {
              strategy_discussion_id: id,
              position: i + 1,
              action: a.action.trim(),
              owner: a.owner.trim(),
              due_on: due === null || due === undefined ? null : formatLocalDate(due),
            }
          }),
        )
        .execute()
    }
    if (section47Id !== null) {
      await c.tx
        .insertInto('section47_enquiry')
        .values({
          id: section47Id,
          episode_id: c.episode.id,
          child_id: c.episode.childId,
          strategy_discussion_id: id,
          started_on: formatLocalDate(heldOn),
          outcome: null,
          conference_required: null,
          concluded_on: null,
          created_at: c.now,
        })
        .execute()
    }
    return ok({ id, section47Id })
  })
}
