import { compareLocalDate, formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { FieldProblems } from '../domain/caseWork.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import { newId } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import {
  auditCase,
  checkActs,
  claimSubmission,
  day,
  inCase,
  latestSection47,
  londonInstant,
  openPlan,
  type CaseError,
} from './caseSupport.js'

export interface ScheduleConferenceInput {
  /** 'YYYY-MM-DD' */
  readonly scheduledOn: string
  /** 'HH:MM' */
  readonly scheduledTime: string
  /** A conference chair of the local authority, or '' for none yet. */
  readonly chairUserId: string
  readonly submissionKey?: string | undefined
}

/**
 * Arranges a child protection conference: the initial one once the section 47 enquiry concluded that one is
 * needed, or a review while the child has a plan. An initial conference cannot come before the strategy
 * discussion that started the enquiry (dates out of order, CIN census rule 2885 family); it may be in the future.
 */
export async function scheduleConference(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  input: ScheduleConferenceInput,
  meta: RequestMeta,
): Promise<Result<{ id: string; kind: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'schedule_conference', async (c) => {
    const allowed = await checkActs(
      c,
      actor,
      ['social_worker', 'team_manager', 'conference_chair'],
      'schedule_conference',
      meta,
    )
    if (!allowed.ok) return allowed
    let kind: 'initial' | 'review'
    let earliest: { date: string; what: string }
    let section47Id: string | null = null
    if (c.phase === 'initial_conference') {
      const s47 = await latestSection47(c.tx, c.episode.id)
      if (s47 === undefined)
        return err(
          domainError(
            'EPISODE.STEP_NOT_ALLOWED',
            'An initial child protection conference needs a section 47 enquiry that concluded one is needed',
          ),
        )
      kind = 'initial'
      section47Id = s47.id
      earliest = { date: s47.held_on, what: 'the strategy discussion that started the section 47 enquiry' }
    } else if (c.phase === 'child_protection_plan') {
      const plan = await openPlan(c.tx, c.episode.id)
      if (plan === undefined)
        return err(domainError('EPISODE.STEP_NOT_ALLOWED', 'The child does not have a child protection plan'))
      kind = 'review'
      earliest = { date: plan.started_on, what: 'the start of the child protection plan' }
    } else {
      return err(
        domainError(
          'EPISODE.STEP_NOT_ALLOWED',
          'A conference is arranged only when a section 47 enquiry concluded one is needed, or to review a child protection plan',
        ),
      )
    }
    const pending = await c.tx
      .selectFrom('conference')
      .select('id')
      .where('episode_id', '=', c.episode.id)
      .where('kind', '=', kind)
      .where('held_on', 'is', null)
      .executeTakeFirst()
    if (pending !== undefined)
      return err(
        domainError(
          'CASE.CONFLICT',
          `A${kind === 'initial' ? 'n initial' : ' review'} conference is already arranged for this case`,
        ),
      )

    const problems = new FieldProblems()
    const on = problems.date('scheduledOn', input.scheduledOn, 'Enter the date of the conference')
    const time = problems.time('scheduledTime', input.scheduledTime, 'Enter the time of the conference')
    if (on !== undefined && compareLocalDate(on, day(earliest.date)) < 0)
      problems.add('scheduledOn', `The date must be on or after ${earliest.what}`)
    let chair: string | null = null
    if (input.chairUserId !== '') {
      const found = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.chairUserId)
        ? await c.tx
            .selectFrom('app_user')
            .select(['id', 'roles'])
            .where('id', '=', input.chairUserId)
            .where('organisation_id', '=', c.episode.localAuthorityId)
            .where('active', '=', true)
            .executeTakeFirst()
        : undefined
      if (found === undefined || !found.roles.includes('conference_chair'))
        problems.add('chairUserId', 'Choose a conference chair from this local authority')
      else chair = found.id
    }
    const valid = problems.result(true)
    if (!valid.ok || on === undefined || time === undefined)
      return valid.ok ? err(domainError('CASE.INVALID', 'Enter the date of the conference')) : valid
    const claimed = await claimSubmission(c.tx, input.submissionKey, c.episode.id, 'schedule_conference', actor, c.now)
    if (!claimed.ok) return claimed

    const id = newId()
    await c.tx
      .insertInto('conference')
      .values({
        id,
        episode_id: c.episode.id,
        child_id: c.episode.childId,
        kind,
        section47_enquiry_id: section47Id,
        scheduled_at: londonInstant(on, time),
        chair_user_id: chair,
        held_on: null,
        decision: null,
        created_by: actor.userId,
        created_at: c.now,
      })
      .execute()
    await auditCase(c, actor, 'conference.scheduled', meta, {
      conferenceId: id,
      kind,
      scheduledOn: formatLocalDate(on),
    })
    return ok({ id, kind })
  })
}
