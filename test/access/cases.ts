import { randomUUID } from 'node:crypto'
import type { Deps } from '../../src/platform/context.js'
import { createChild } from '../../src/modules/children/steps/createChild.js'
import { acknowledgeConcern } from '../../src/modules/concerns/steps/acknowledgeConcern.js'
import { decideConcern } from '../../src/modules/concerns/steps/decideConcern.js'
import { recordConcernFor } from '../../src/modules/concerns/steps/recordConcern.js'
import { concludeSection47 } from '../../src/modules/protection/steps/concludeSection47.js'
import { takeStep } from '../../src/platform/steps/defineStep.js'
import { holdInitialConference } from '../../src/modules/protection/steps/holdInitialConference.js'
import { inviteToConference } from '../../src/modules/protection/steps/inviteToConference.js'
import { openEpisode } from '../../src/modules/protection/steps/openEpisode.js'
import { recordStrategyDiscussion } from '../../src/modules/protection/steps/recordStrategyDiscussion.js'
import { scheduleConference } from '../../src/modules/protection/steps/scheduleConference.js'
import { submitAssessment } from '../../src/modules/protection/steps/submitAssessment.js'
import { takeEpisodeStep } from '../../src/modules/protection/steps/takeEpisodeStep.js'
import { updateAssessment } from '../../src/modules/protection/steps/updateAssessment.js'
import { todayInEngland } from '../../src/modules/timescales/steps/partnershipClock.js'
import { formatLocalDate, localDate } from '../../src/platform/calendar/localDate.js'
import type { Actor } from '../../src/platform/identity/actor.js'

/**
 * Cases for the access matrix, made the way people make them: a school's DSL records a concern and refers it to
 * children's social care (decideConcern), the front door opens the episode and decides through the real step
 * engine (openEpisode + takeEpisodeStep, as test/support/protectionFixtures.ts does), and the case is moved on
 * to the phase a route needs through the case use cases the pages and the API call.
 */

/**
 * Where a case stands, as a route needs it: the phase where its step is open, and within a phase what the
 * step needs first (an assessment filled in, or submitted; a conference arranged).
 */
export const caseStates = [
  /** The front door decided on a child and family assessment; nothing recorded yet. */
  'assessment',
  /** The assessment has everything a manager signs (child seen, factors, need, summary), not yet submitted. */
  'assessment_filled',
  /** The assessment is submitted for a manager's authorisation. */
  'assessment_submitted',
  /** The front door decided on a strategy discussion. */
  'strategy_discussion',
  /** A strategy discussion with police and health started a section 47 enquiry. */
  'section_47',
  /** The enquiry concluded that an initial conference is needed; none is arranged yet. */
  'initial_conference',
  /** The initial conference is arranged (and the area's agencies invited, if the case invites them). */
  'conference_scheduled',
  /** The initial conference made a child protection plan, with the invited agencies in its core group. */
  'child_protection_plan',
  /** The section 47 enquiry ended without a conference, in a child in need plan. */
  'child_in_need_plan',
] as const
export type CaseState = (typeof caseStates)[number]

/** The people of one local area who move a case on, and the agencies its conferences invite. */
export interface CaseStaff {
  readonly localAreaId: string
  /** A school DSL who records the concern and refers it. */
  readonly referrer: Actor
  readonly frontDoor: Actor
  readonly socialWorker: Actor
  readonly teamManager: Actor
  readonly chair: Actor
}

export interface MadeCase {
  readonly episodeId: string
  /** The conference arranged (or held) on the case, if it has one. */
  readonly conferenceId: string | undefined
  /** Ids and references that identify the child or the case, for the matrix's leak check. */
  readonly secretIds: readonly string[]
  readonly secretTexts: readonly string[]
}

const meta = () => ({ correlationId: `fixture-${randomUUID()}`, ip: '127.0.0.1' })

const unwrap = <T>(
  r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } },
  what: string,
): T => {
  if (!r.ok) throw new Error(`case fixture: ${what} failed: ${r.error.code} ${r.error.message}`)
  return r.value
}

/**
 * A new case for a new child, held by the local authority of the staff's area, moved on to `state`. `invite`:
 * agencies (organisation ids of the area) to invite to its conference and, with a plan, to sit in the core group
 * (the referrer's school if none is given, as a plan needs a core group).
 */
export async function makeCase(
  deps: Deps,
  staff: CaseStaff,
  state: CaseState,
  child: { readonly givenName: string; readonly familyName: string; readonly facts: string },
  invite: readonly string[] = [],
): Promise<MadeCase> {
  const secretIds: string[] = []
  const secretTexts: string[] = []
  const today = todayInEngland(deps.clock.now())
  const day = formatLocalDate(today)
  const dob = localDate(2017, 6, 9)
  if (!dob.ok) throw new Error('case fixture: date of birth')

  const made = unwrap(
    await createChild(
      deps,
      staff.referrer,
      { givenName: child.givenName, familyName: child.familyName, dateOfBirth: dob.value, sex: 'male' },
      meta(),
    ),
    'createChild',
  )
  secretIds.push(made.id)
  const concern = unwrap(
    await recordConcernFor(
      deps,
      staff.referrer,
      {
        childIds: [made.id],
        facts: child.facts,
        observedAtMs: deps.clock.now().getTime() - 3_600_000,
        place: 'Classroom',
        childWords: '',
        othersPresent: '',
        categories: ['physical_abuse'],
        bodyMap: [],
        actionTaken: '',
        immediateDanger: false,
      },
      meta(),
    ),
    'recordConcern',
  )
  secretIds.push(concern.id)
  secretTexts.push(concern.reference)
  unwrap(await takeStep(deps, acknowledgeConcern, staff.referrer, { id: concern.id }, {}, meta()), 'acknowledgeConcern')
  const decided = unwrap(
    await takeStep(
      deps,
      decideConcern,
      staff.referrer,
      { id: concern.id },
      {
        kind: 'refer_to_childrens_social_care',
        rationale: 'The access matrix refers this child to children’s social care.',
        parentsAware: 'yes',
        parentalConsent: 'given',
      },
      meta(),
    ),
    'decideConcern',
  )
  const referralId = decided.referralIds[0]
  if (referralId === undefined) throw new Error('case fixture: decideConcern made no referral')
  secretIds.push(referralId)

  const assessmentFirst = state === 'assessment' || state === 'assessment_filled' || state === 'assessment_submitted'
  const now = deps.clock.now()
  const episode = await deps.db.transaction().execute(async (tx) => {
    const referral = await tx
      .selectFrom('referral')
      .select(['id', 'reference', 'child_id', 'to_organisation_id', 'received_at'])
      .where('id', '=', referralId)
      .executeTakeFirstOrThrow()
    if (referral.child_id === null) throw new Error('case fixture: referral without a child')
    secretTexts.push(referral.reference)
    const opened = await openEpisode(
      tx,
      {
        id: referral.id,
        childId: referral.child_id,
        toOrganisationId: referral.to_organisation_id,
        receivedOn: todayInEngland(referral.received_at),
      },
      now,
    )
    unwrap(
      await takeEpisodeStep(
        tx,
        staff.frontDoor,
        opened,
        {
          step: 'decide_referral',
          outcome: assessmentFirst ? 'assessment' : 'strategy_discussion',
          occurredOn: today,
          rationale: 'The access matrix decided this.',
        },
        now,
        meta(),
      ),
      'decide_referral',
    )
    return opened.episode
  })
  secretIds.push(episode.id)
  secretTexts.push(episode.reference)
  const result = (conferenceId?: string): MadeCase => ({ episodeId: episode.id, conferenceId, secretIds, secretTexts })

  if (assessmentFirst) {
    if (state === 'assessment') return result()
    unwrap(
      await takeStep(
        deps,
        updateAssessment,
        staff.socialWorker,
        { id: episode.id },
        {
          childSeenOn: day,
          childSeenAlone: true,
          factors: ['1B'],
          primaryNeed: 'N1',
          summary: 'Seen at school with the matrix.',
        },
        meta(),
      ),
      'updateAssessment',
    )
    if (state === 'assessment_filled') return result()
    unwrap(
      await takeStep(deps, submitAssessment, staff.socialWorker, { id: episode.id }, {}, meta()),
      'submitAssessment',
    )
    return result()
  }
  if (state === 'strategy_discussion') return result()
  unwrap(
    await takeStep(
      deps,
      recordStrategyDiscussion,
      staff.socialWorker,
      { id: episode.id },
      {
        heldOn: day,
        heldTime: '09:00',
        attendees: [
          { agency: 'local_authority', name: 'Matrix Social Worker', role: 'Social worker' },
          { agency: 'police', name: 'Matrix Officer', role: 'Child protection officer' },
          { agency: 'health', name: 'Matrix Nurse', role: 'Designated nurse' },
        ],
        decision: 'section_47',
        immediateSafetyActions: '',
        actions: [],
        minutes: 'The matrix met and agreed on section 47 enquiries.',
      },
      meta(),
    ),
    'recordStrategyDiscussion',
  )
  if (state === 'section_47') return result()
  if (state === 'child_in_need_plan') {
    unwrap(
      await takeStep(
        deps,
        concludeSection47,
        staff.socialWorker,
        { id: episode.id },
        {
          finding: 'not_substantiated',
          outcome: 'child_in_need_plan',
          concludedOn: day,
          summary: 'Not substantiated; support needed.',
          childInNeedOutcomes: 'The child is supported at home.',
        },
        meta(),
      ),
      'concludeSection47',
    )
    return result()
  }
  unwrap(
    await takeStep(
      deps,
      concludeSection47,
      staff.socialWorker,
      { id: episode.id },
      {
        finding: 'substantiated',
        outcome: 'conference',
        concludedOn: day,
        summary: 'Substantiated, continuing risk.',
        childInNeedOutcomes: '',
      },
      meta(),
    ),
    'concludeSection47',
  )
  if (state === 'initial_conference') return result()
  const conference = unwrap(
    await takeStep(
      deps,
      scheduleConference,
      staff.socialWorker,
      { id: episode.id },
      { scheduledOn: day, scheduledTime: '14:00', chairUserId: staff.chair.userId },
      meta(),
    ),
    'scheduleConference',
  )
  secretIds.push(conference.id)
  for (const organisationId of invite) {
    unwrap(
      await takeStep(
        deps,
        inviteToConference,
        staff.socialWorker,
        { id: episode.id, conferenceId: conference.id },
        { kind: 'agency', organisationId },
        meta(),
      ),
      'inviteToConference',
    )
  }
  if (state === 'conference_scheduled') return result(conference.id)
  unwrap(
    await takeStep(
      deps,
      holdInitialConference,
      staff.chair,
      { id: episode.id, conferenceId: conference.id },
      {
        heldOn: day,
        outcome: 'child_protection_plan',
        initialCategory: 'PHY',
        leadUserId: staff.socialWorker.userId,
        coreGroupOrganisationIds: invite.length > 0 ? invite : [staff.referrer.organisationId],
        outlinePlan: 'Visits every week.',
        contingencyPlan: 'A strategy discussion the same day if anything happens.',
      },
      meta(),
    ),
    'holdInitialConference',
  )
  return result(conference.id)
}
