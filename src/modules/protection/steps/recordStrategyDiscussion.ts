import { z } from 'zod'
import { formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, rows, select, text, textarea, time } from '../../../platform/forms/fields.js'
import { newId } from '../../../platform/security/secrets.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import {
  checkStrategyDiscussionAttendance,
  strategyDiscussionAgencies,
  type StrategyDiscussionAgency,
} from '../domain/episode.js'
import { londonInstant } from './caseSupport.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { caseStep, dateInOrder, loadCase, notOpen, outcomeField } from './episodeStep.js'
import { historyRationale, takeCaseStep } from './takeEpisodeStep.js'
import { insertParts } from '../queries/caseRecords.js'

const agencyLabels: Readonly<Record<StrategyDiscussionAgency, string>> = {
  local_authority: 'Local authority children’s social care',
  police: 'Police',
  health: 'Health',
  education: 'Education',
  referring_agency: 'The referring agency',
  other: 'Other',
}

interface Attendee {
  readonly agency: StrategyDiscussionAgency
  readonly name: string
  readonly role?: string
}
interface Action {
  readonly action: string
  readonly owner: string
  readonly dueOn?: LocalDate
}

/**
 * The strategy discussion (table step record_strategy_discussion): when it was held (not before the referral,
 * not in the future), who attended by agency (it must include the local authority, police and health), the
 * decision, immediate safety actions, who does what by when, and minutes. A decision to make section 47
 * enquiries starts the enquiry on the day of the discussion (CIN census S47ActualStartDate) and, through the
 * table, the initial conference clock (T5) — all in this one transaction.
 */
export const recordStrategyDiscussion = defineStep({
  ...caseStep('record_strategy_discussion'),
  operationId: 'recordStrategyDiscussion',
  path: '/cases/:id/strategy-discussion',
  apiPath: '/cases/:id/strategy-discussions',
  title: 'Record the strategy discussion',
  description:
    'Record a strategy discussion (local authority, police and health must attend); section_47 starts the enquiry and the conference clock',
  submitText: 'Record the strategy discussion',
  intro: () => ['A strategy discussion must include the local authority, the police and health.'],
  fields: {
    heldOn: date({ label: 'When was it held?', required: 'Enter the date the strategy discussion was held' }),
    heldTime: time({ label: 'Time it started', required: 'Enter the time the strategy discussion started' }),
    attendees: rows({
      label: 'Who attended',
      hint: 'Leave rows you do not need empty.',
      slots: 6,
      max: 50,
      fields: {
        agency: select({
          label: 'Agency of attendee {n}',
          required: 'Select the agency of attendee {n}',
          options: strategyDiscussionAgencies.map((a) => ({ value: a, text: agencyLabels[a] })),
        }),
        name: text({ label: 'Name of attendee {n}', required: 'Enter the name of attendee {n}', max: 200 }),
        role: text({ label: 'Role of attendee {n}', max: 200 }),
      },
    }),
    decision: outcomeField('record_strategy_discussion', {
      label: 'Decision',
      required: 'Select whether to start a section 47 enquiry',
    }),
    immediateSafetyActions: textarea({ label: 'Immediate safety actions (optional)', max: 50_000, rows: 3 }),
    actions: rows({
      label: 'Who does what by when',
      hint: 'Leave rows you do not need empty.',
      slots: 4,
      max: 50,
      fields: {
        action: text({ label: 'Action {n}', required: 'Say what action {n} is', max: 5000 }),
        owner: text({ label: 'Who does action {n}', required: 'Say who does action {n}', max: 200 }),
        dueOn: date({ label: 'When action {n} is due (optional)' }),
      },
    }),
    minutes: textarea({
      label: 'Minutes',
      required: 'Enter the minutes of the discussion',
      max: 100_000,
      rows: 8,
    }),
  },
  load: loadCase,
  unavailable: (c) => notOpen(c, 'record_strategy_discussion'),
  check: (input, c, { today, now }) => {
    const heldOn = input.heldOn as LocalDate
    const attendees = (input.attendees ?? []) as readonly Attendee[]
    const attendance = checkStrategyDiscussionAttendance(attendees.map((a) => a.agency))
    const inOrder = dateInOrder('heldOn', heldOn, today, {
      date: storedDate(c.episode.referralDate),
      what: 'the referral date',
    })
    return {
      ...inOrder,
      ...(inOrder.heldOn === undefined && londonInstant(heldOn, input.heldTime as string).getTime() > now.getTime()
        ? { heldTime: 'The time must be now or in the past' }
        : {}),
      ...(attendance.ok ? {} : { attendees: attendance.error.message }),
    }
  },
  run: async (ctx, input, c) => {
    const { tx, actor, now } = ctx
    const heldOn = input.heldOn as LocalDate
    const decision = input.decision as string
    const minutes = input.minutes as string
    const attendees = input.attendees as readonly Attendee[]
    const actions = (input.actions ?? []) as readonly Action[]
    const id = newId()
    const section47Id = decision === 'section_47' ? newId() : null
    const taken = await takeCaseStep(ctx, c, {
      step: 'record_strategy_discussion',
      outcome: decision,
      occurredOn: heldOn,
      rationale: historyRationale(minutes),
      details: { strategyDiscussionId: id, section47Id },
    })
    if (!taken.ok) return taken
    await tx
      .insertInto('strategy_discussion')
      .values({
        id,
        episode_id: c.episode.id,
        child_id: c.episode.childId,
        held_at: londonInstant(heldOn, input.heldTime as string),
        held_on: formatLocalDate(heldOn),
        decision,
        immediate_safety_actions: (input.immediateSafetyActions as string | undefined) ?? '',
        minutes,
        recorded_by: actor.userId,
        created_at: now,
      })
      .execute()
    await insertParts(
      tx,
      'strategy_discussion_attendee',
      id,
      attendees.map((a) => ({ agency: a.agency, organisation_id: null, name: a.name, role: a.role ?? '' })),
    )
    await insertParts(
      tx,
      'strategy_discussion_action',
      id,
      actions.map((a) => ({
        action: a.action,
        owner: a.owner,
        due_on: a.dueOn === undefined ? null : formatLocalDate(a.dueOn),
      })),
    )
    if (section47Id !== null)
      await tx
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
          created_at: now,
        })
        .execute()
    return ok({ id, section47Id })
  },
  action: 'case.strategy_discussion_recorded',
  output: z.object({ id: z.uuid(), section47Id: z.uuid().nullable() }),
})
