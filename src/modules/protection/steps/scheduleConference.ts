import { z } from 'zod'
import type { LocalDate } from '../../../platform/calendar/localDate.js'
import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { date, loadedChoice, notBefore, time } from '../../../platform/forms/fields.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep, type StepContext } from '../../../platform/steps/defineStep.js'
import { latestSection47, londonInstant, openPlan, staffWithRole } from './caseSupport.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { conferenceArrangers } from '../domain/episode.js'
import { caseWork, type LoadedCase, withCase } from './episodeStep.js'

const conferenceKinds = ['initial', 'review'] as const
type ConferenceKind = (typeof conferenceKinds)[number]

/** Which conference the case is ready for, and the earliest day it may be held; or why none can be arranged. */
async function conferenceDue(
  ctx: StepContext,
  c: LoadedCase,
): Promise<
  | { kind: ConferenceKind; earliest: { date: LocalDate; what: string }; section47Id: string | null }
  | { refused: string }
> {
  if (c.phase === 'initial_conference') {
    const s47 = await latestSection47(ctx.tx, c.episode.id)
    if (s47 === undefined)
      return {
        refused: 'An initial child protection conference needs a section 47 enquiry that concluded one is needed',
      }
    return {
      kind: 'initial',
      section47Id: s47.id,
      earliest: { date: storedDate(s47.held_on), what: 'the strategy discussion that started the section 47 enquiry' },
    }
  }
  if (c.phase === 'child_protection_plan') {
    const plan = await openPlan(ctx.tx, c.episode.id)
    if (plan === undefined) return { refused: 'The child does not have a child protection plan' }
    return {
      kind: 'review',
      section47Id: null,
      earliest: { date: storedDate(plan.started_on), what: 'the start of the child protection plan' },
    }
  }
  return {
    refused:
      'A conference can be arranged when a section 47 enquiry has concluded that one is needed, or to review a child protection plan, and when none is already arranged.',
  }
}

/**
 * Arranges a child protection conference: the initial one once the section 47 enquiry concluded that one is
 * needed, or a review while the child has a plan; one of each kind waiting at a time. An initial conference
 * cannot come before the strategy discussion that started the enquiry (dates out of order, CIN census rule 2885
 * family); it may be in the future. The chair, if decided, is one of the local authority's conference chairs.
 */
export const scheduleConference = defineStep({
  ...caseWork(conferenceArrangers),
  operationId: 'scheduleConference',
  path: '/cases/:id/conferences/new',
  apiPath: '/cases/:id/conferences',
  title: 'Arrange a child protection conference',
  description:
    'Arrange the initial conference (not before the strategy discussion that started the section 47) or a review conference',
  submitText: 'Arrange the conference',
  repeatedKey: 'refuse',
  fields: {
    scheduledOn: date({
      label: 'Date of the conference',
      hint: 'It cannot be before the strategy discussion that started the section 47 enquiry. For example, 27 3 2026',
      required: 'Enter the date of the conference',
    }),
    scheduledTime: time({
      label: 'Time',
      hint: 'For example, 10am or 14:30',
      required: 'Enter the time of the conference',
    }),
    chairUserId: loadedChoice({
      kind: 'select',
      label: 'Chair (if decided)',
      notOffered: 'Choose a conference chair from this local authority',
    }),
  },
  load: (ctx) =>
    withCase(ctx, async (c) => {
      const due = await conferenceDue(ctx, c)
      const pending =
        'kind' in due
          ? await ctx.tx
              .selectFrom('conference')
              .select('id')
              .where('episode_id', '=', c.episode.id)
              .where('kind', '=', due.kind)
              .where('held_on', 'is', null)
              .executeTakeFirst()
          : undefined
      return {
        ...c,
        due,
        alreadyArranged: pending !== undefined,
        chairs: await staffWithRole(ctx.tx, c.episode.localAuthorityId, 'conference_chair'),
      }
    }),
  choices: (c) => ({ chairUserId: c.chairs }),
  unavailable: (c) =>
    'refused' in c.due
      ? c.due.refused
      : c.alreadyArranged
        ? `A${c.due.kind === 'initial' ? 'n initial' : ' review'} conference is already arranged for this case`
        : undefined,
  check: (input, c) => {
    if (!('kind' in c.due)) return {}
    const early = notBefore(
      input.scheduledOn as LocalDate | undefined,
      c.due.earliest.date,
      `The date must be on or after ${c.due.earliest.what}`,
    )
    return early === undefined ? {} : { scheduledOn: early }
  },
  run: async ({ tx, actor, now }, input, c) => {
    const due = c.due as Exclude<typeof c.due, { refused: string }>
    const id = await insertWithNewId(tx, 'conference', {
      episode_id: c.episode.id,
      child_id: c.episode.childId,
      kind: due.kind,
      section47_enquiry_id: due.section47Id,
      scheduled_at: londonInstant(input.scheduledOn as LocalDate, input.scheduledTime as string),
      chair_user_id: (input.chairUserId as string | undefined) ?? null,
      held_on: null,
      decision: null,
      created_by: actor.userId,
      created_at: now,
    })
    return ok({ id, kind: due.kind })
  },
  action: 'conference.scheduled',
  auditDetails: (out, input, c) => ({
    childId: c.episode.childId,
    conferenceId: out.id,
    kind: out.kind,
    scheduledOn: formatLocalDate(input.scheduledOn as LocalDate),
  }),
  output: z.object({ id: z.uuid(), kind: z.enum(conferenceKinds) }),
})
