/**
 * Episodes for the caseload, protection check and chronology tests (and the browser journey's data), made the way the service makes them: a
 * school's DSL refers (the existing concern decision path), the front door decides through openEpisode and
 * takeEpisodeStep, and later steps go through takeEpisodeStep too. The rows each step's own use case will write
 * (strategy discussion, section 47 enquiry, conference, invitations, reports, plan, core group, requests for
 * information) are inserted here consistently with the schema until those use cases land; the lead will merge
 * this with the `cp` engineer's protectionFixtures.ts.
 */
import { sql, type Transaction } from 'kysely'
import { findUserByEmail } from '../../src/modules/people/queries/loadActor.js'
import { createChild } from '../../src/modules/children/steps/createChild.js'
import type { Deps } from '../../src/platform/context.js'
import { acknowledgeConcern } from '../../src/modules/concerns/steps/acknowledgeConcern.js'
import { takeStep } from '../../src/platform/steps/defineStep.js'
import { decideConcern } from '../../src/modules/concerns/steps/decideConcern.js'
import { recordConcernFor } from '../../src/modules/concerns/steps/recordConcern.js'
import { loadEpisode } from '../../src/modules/protection/queries/episodeAccess.js'
import { openEpisode } from '../../src/modules/protection/steps/openEpisode.js'
import { takeEpisodeStep, type EpisodeStepInput } from '../../src/modules/protection/steps/takeEpisodeStep.js'
import { todayInEngland } from '../../src/modules/timescales/steps/partnershipClock.js'
import { formatLocalDate, parseLocalDate } from '../../src/platform/calendar/localDate.js'
import type { Actor } from '../../src/platform/identity/actor.js'
import type { PlanCategory } from '../../src/modules/protection/domain/codes.js'
import type { DB } from '../../src/platform/db/schema.js'
import { newId } from '../../src/platform/security/secrets.js'

export const NORTHSHIRE = {
  frontDoor: 'front.door@northshire-council.example',
  socialWorker: 'social.worker@northshire-council.example',
  teamManager: 'team.manager@northshire-council.example',
  chair: 'conference.chair@northshire-council.example',
  police: 'dc.officer@northshire-police.example',
  designatedNurse: 'designated.nurse@northshire-icb.example',
  teacher: 'teacher@oakfield-primary.example',
  dsl: 'dsl@oakfield-primary.example',
  gp: 'gp@elmtree-surgery.example',
  gpLead: 'safeguarding.lead@elmtree-surgery.example',
  la: "Northshire Council children's social care",
  school: 'Oakfield Primary School',
  policeForce: 'Northshire Police',
  icb: 'Northshire ICB',
  surgery: 'Elm Tree Surgery',
} as const

const meta = { correlationId: 'test-fixture' }

/** What the fixtures need: the use cases' dependencies, and a clock they can move on a little between steps. */
export interface FixtureContext {
  readonly deps: Deps
  readonly clock: { now(): Date; advance(ms: number): void }
}

export async function actorFor(ctx: FixtureContext, email: string): Promise<Actor> {
  const user = await findUserByEmail(ctx.deps.db, email)
  if (user === undefined) throw new Error(`no user ${email}`)
  return user.actor
}

export async function organisationId(ctx: FixtureContext, name: string): Promise<string> {
  return (await ctx.deps.db.selectFrom('organisation').select('id').where('name', '=', name).executeTakeFirstOrThrow())
    .id
}

export interface ChildDetails {
  readonly givenName: string
  readonly familyName: string
  readonly dateOfBirth: string
  readonly nhsNumber?: string
  readonly postcode?: string
}

/** A teacher records a concern, the DSL acknowledges it and refers to children's social care: one referral. */
export async function referralFromDsl(
  ctx: FixtureContext,
  child: ChildDetails,
): Promise<{ childId: string; referralId: string }> {
  const [one] = await referralsFromDsl(ctx, [child])
  if (one === undefined) throw new Error('no referral made')
  return one
}

/**
 * One concern about several children (brothers and sisters), recorded by a teacher at Oakfield and referred by
 * its DSL through the concern use cases: one referral per child, in order.
 */
export async function referralsFromDsl(
  ctx: FixtureContext,
  children: readonly ChildDetails[],
): Promise<{ childId: string; referralId: string }[]> {
  const teacher = await actorFor(ctx, NORTHSHIRE.teacher)
  const dsl = await actorFor(ctx, NORTHSHIRE.dsl)
  const childIds: string[] = []
  for (const child of children) {
    const born = parseLocalDate(child.dateOfBirth)
    if (!born.ok) throw new Error(`bad date of birth ${child.dateOfBirth}`)
    const created = await createChild(
      ctx.deps,
      teacher,
      {
        givenName: child.givenName,
        familyName: child.familyName,
        dateOfBirth: born.value,
        sex: 'female',
        nhsNumber: child.nhsNumber,
        postcode: child.postcode,
      },
      meta,
    )
    if (!created.ok) throw new Error(`child not created: ${created.error.message}`)
    childIds.push(created.value.id)
  }
  const concern = await recordConcernFor(
    ctx.deps,
    teacher,
    {
      childIds,
      observedAtMs: ctx.clock.now().getTime() - 3_600_000,
      place: 'Classroom',
      facts: 'Bruising to both upper arms, in the shape of fingers.',
      childWords: 'Mum’s boyfriend grabbed me',
      othersPresent: 'Teaching assistant',
      categories: ['physical_abuse'],
      bodyMap: [],
      immediateDanger: false,
      actionTaken: 'Told the DSL straight away',
    },
    meta,
  )
  if (!concern.ok) throw new Error(`concern not recorded: ${concern.error.message}`)
  const concernId = concern.value.id
  const acknowledged = await takeStep(ctx.deps, acknowledgeConcern, dsl, { id: concernId }, {}, meta)
  if (!acknowledged.ok) throw new Error(`not acknowledged: ${acknowledged.error.message}`)
  // Parents' knowledge and consent go with a referral.
  const referral = {
    kind: 'refer_to_childrens_social_care',
    rationale: 'Injury with a disclosure naming an adult in the home.',
    parentsAware: 'no',
    parentalConsent: 'not_sought',
    consentNotSoughtReason: 'Telling the mother could put the child at risk from her partner.',
  }
  const decided = await takeStep(ctx.deps, decideConcern, dsl, { id: concernId }, referral, meta)
  if (!decided.ok) throw new Error(`referral not made: ${decided.error.message}`)
  const referrals = await ctx.deps.db
    .selectFrom('referral')
    .select(['id', 'child_id'])
    .where('concern_id', '=', concernId)
    .execute()
  return childIds.map((childId) => {
    const referral = referrals.find((r) => r.child_id === childId)
    if (referral === undefined) throw new Error(`no referral for child ${childId}`)
    return { childId, referralId: referral.id }
  })
}

/** One step through the real engine, in its own transaction, with the episode locked as the use cases do. */
export async function step(
  ctx: FixtureContext,
  email: string,
  episodeId: string,
  input: Omit<EpisodeStepInput, 'occurredOn'>,
  extra?: (tx: Transaction<DB>) => Promise<void>,
): Promise<void> {
  const actor = await actorFor(ctx, email)
  await ctx.deps.db.transaction().execute(async (tx) => {
    const loaded = await loadEpisode(tx, episodeId, { forUpdate: true })
    if (loaded === undefined) throw new Error(`no episode ${episodeId}`)
    const taken = await takeEpisodeStep(
      tx,
      actor,
      loaded,
      { ...input, occurredOn: todayInEngland(ctx.clock.now()) },
      ctx.clock.now(),
      meta,
    )
    if (!taken.ok) throw new Error(`${input.step} refused: ${taken.error.message}`)
    if (extra !== undefined) await extra(tx)
  })
}

/** The front door decides on the referral (opening the episode), and a social worker and manager are allocated. */
export async function openCase(
  ctx: FixtureContext,
  referralId: string,
  options: {
    readonly outcome?: 'assessment' | 'strategy_discussion' | 'no_further_action'
    readonly lead?: string | null
    readonly manager?: string | null
  } = {},
): Promise<string> {
  const frontDoor = await actorFor(ctx, NORTHSHIRE.frontDoor)
  const now = ctx.clock.now()
  const episodeId = await ctx.deps.db.transaction().execute(async (tx) => {
    const referral = await tx
      .selectFrom('referral')
      .select(['id', 'child_id', 'to_organisation_id', 'received_at'])
      .where('id', '=', referralId)
      .executeTakeFirstOrThrow()
    if (referral.child_id === null) throw new Error('a referral without a child')
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
    const taken = await takeEpisodeStep(
      tx,
      frontDoor,
      opened,
      {
        step: 'decide_referral',
        outcome: options.outcome ?? 'strategy_discussion',
        occurredOn: todayInEngland(now),
        rationale: 'Reasonable cause to suspect significant harm.',
      },
      now,
      meta,
    )
    if (!taken.ok) throw new Error(`decision refused: ${taken.error.message}`)
    return opened.episode.id
  })
  const lead = options.lead === undefined ? NORTHSHIRE.socialWorker : options.lead
  const manager = options.manager === undefined ? NORTHSHIRE.teamManager : options.manager
  await allocate(ctx, episodeId, lead, manager)
  return episodeId
}

/** Allocation: the lead practitioner and manager on the episode, and its open clocks assigned to the lead. */
export async function allocate(
  ctx: FixtureContext,
  episodeId: string,
  lead: string | null,
  manager: string | null,
): Promise<void> {
  const leadId = lead === null ? null : (await actorFor(ctx, lead)).userId
  const managerId = manager === null ? null : (await actorFor(ctx, manager)).userId
  await ctx.deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('episode')
      .set({ lead_user_id: leadId, team_manager_user_id: managerId })
      .where('id', '=', episodeId)
      .execute()
    await tx
      .updateTable('deadline')
      .set({ assigned_user_id: leadId })
      .where('subject_type', '=', 'episode')
      .where('subject_id', '=', episodeId)
      .where('completed_at', 'is', null)
      .execute()
  })
}

const involve = (tx: Transaction<DB>, childId: string, organisation: string, reason: string, now: Date) =>
  tx
    .insertInto('involvement')
    .values({ child_id: childId, organisation_id: organisation, reason, since: now })
    .onConflict((oc) => oc.doNothing())
    .execute()

async function episodeChild(ctx: FixtureContext, episodeId: string): Promise<string> {
  return (
    await ctx.deps.db.selectFrom('episode').select('child_id').where('id', '=', episodeId).executeTakeFirstOrThrow()
  ).child_id
}

/** A strategy discussion with the local authority, police and health that starts a section 47 enquiry. */
export async function strategyDiscussionStartingSection47(
  ctx: FixtureContext,
  episodeId: string,
): Promise<{ strategyDiscussionId: string; enquiryId: string }> {
  const now = ctx.clock.now()
  const childId = await episodeChild(ctx, episodeId)
  const recorder = await actorFor(ctx, NORTHSHIRE.socialWorker)
  const strategyDiscussionId = newId()
  const enquiryId = newId()
  const today = formatLocalDate(todayInEngland(now))
  await step(
    ctx,
    NORTHSHIRE.socialWorker,
    episodeId,
    {
      step: 'record_strategy_discussion',
      outcome: 'section_47',
      rationale: 'Injuries consistent with the disclosure.',
    },
    async (tx) => {
      await tx
        .insertInto('strategy_discussion')
        .values({
          id: strategyDiscussionId,
          episode_id: episodeId,
          child_id: childId,
          held_at: now,
          held_on: today,
          decision: 'section_47',
          immediate_safety_actions: 'Boyfriend not to stay at the home',
          minutes: 'Police, health and children’s social care agreed a joint section 47 enquiry.',
          recorded_by: recorder.userId,
          created_at: now,
        })
        .execute()
      const attendees = [
        { agency: 'local_authority', organisation: NORTHSHIRE.la, name: 'Tom Bennett' },
        { agency: 'police', organisation: NORTHSHIRE.policeForce, name: 'DC Laura Price' },
        { agency: 'health', organisation: NORTHSHIRE.icb, name: 'Fiona Walsh' },
      ]
      let position = 0
      for (const a of attendees) {
        await tx
          .insertInto('strategy_discussion_attendee')
          .values({
            strategy_discussion_id: strategyDiscussionId,
            position: position++,
            agency: a.agency,
            organisation_id: await organisationId(ctx, a.organisation),
            name: a.name,
          })
          .execute()
      }
      await tx
        .insertInto('section47_enquiry')
        .values({
          id: enquiryId,
          episode_id: episodeId,
          child_id: childId,
          strategy_discussion_id: strategyDiscussionId,
          started_on: today,
          created_at: now,
        })
        .execute()
    },
  )
  return { strategyDiscussionId, enquiryId }
}

/** The section 47 enquiry concludes: concerns substantiated, an initial conference needed. */
export async function concludeSection47WithConference(
  ctx: FixtureContext,
  episodeId: string,
  enquiryId: string,
): Promise<void> {
  const today = formatLocalDate(todayInEngland(ctx.clock.now()))
  await step(
    ctx,
    NORTHSHIRE.socialWorker,
    episodeId,
    { step: 'conclude_section_47', outcome: 'conference', rationale: 'Continuing risk of significant harm.' },
    async (tx) => {
      await tx
        .updateTable('section47_enquiry')
        .set({ outcome: 'substantiated', conference_required: true, concluded_on: today, summary: 'Substantiated' })
        .where('id', '=', enquiryId)
        .execute()
    },
  )
}

/** An initial conference, with agencies invited (each invited agency becomes involved with the child). */
export async function scheduleConference(
  ctx: FixtureContext,
  episodeId: string,
  enquiryId: string | null,
  invite: readonly string[],
  kind: 'initial' | 'review' = 'initial',
): Promise<string> {
  const now = ctx.clock.now()
  const childId = await episodeChild(ctx, episodeId)
  const chair = await actorFor(ctx, NORTHSHIRE.chair)
  const inviter = await actorFor(ctx, NORTHSHIRE.socialWorker)
  const conferenceId = newId()
  await ctx.deps.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('conference')
      .values({
        id: conferenceId,
        episode_id: episodeId,
        child_id: childId,
        kind,
        section47_enquiry_id: enquiryId,
        scheduled_at: now,
        chair_user_id: chair.userId,
        created_by: inviter.userId,
        created_at: now,
      })
      .execute()
    for (const name of invite) {
      const org = await organisationId(ctx, name)
      await tx
        .insertInto('conference_invitation')
        .values({
          id: newId(),
          conference_id: conferenceId,
          invitee_kind: 'agency',
          organisation_id: org,
          name,
          invited_by: inviter.userId,
          invited_at: now,
        })
        .execute()
      await involve(tx, childId, org, 'conference_invitation', now)
    }
    await tx
      .insertInto('conference_invitation')
      .values({
        id: newId(),
        conference_id: conferenceId,
        invitee_kind: 'family',
        organisation_id: null,
        name: 'Sarah Example (mother)',
        invited_by: inviter.userId,
        invited_at: now,
      })
      .execute()
  })
  return conferenceId
}

export async function submitReport(
  ctx: FixtureContext,
  conferenceId: string,
  authorEmail: string,
  text: string,
): Promise<void> {
  const author = await actorFor(ctx, authorEmail)
  await ctx.deps.db
    .insertInto('conference_report')
    .values({
      id: newId(),
      conference_id: conferenceId,
      organisation_id: author.organisationId,
      author_user_id: author.userId,
      text,
      submitted_at: ctx.clock.now(),
    })
    .execute()
}

/** The chair's decision at the initial conference: a plan, its category, lead practitioner and core group. */
export async function holdInitialConferenceWithPlan(
  ctx: FixtureContext,
  episodeId: string,
  conferenceId: string,
  options: { readonly category?: PlanCategory; readonly coreGroup?: readonly string[] } = {},
): Promise<string> {
  const now = ctx.clock.now()
  const today = formatLocalDate(todayInEngland(now))
  const childId = await episodeChild(ctx, episodeId)
  const lead = await actorFor(ctx, NORTHSHIRE.socialWorker)
  const category = options.category ?? 'PHY'
  const planId = newId()
  await step(
    ctx,
    NORTHSHIRE.chair,
    episodeId,
    {
      step: 'hold_initial_conference',
      outcome: 'child_protection_plan',
      rationale: 'Likely to suffer significant harm.',
    },
    async (tx) => {
      // Set once, when the chair records the decision (the schema's update type leaves decision_details out).
      await sql`UPDATE conference SET held_on = ${today}::date, decision = 'child_protection_plan', decision_details = ${JSON.stringify({ initialCategory: category, leadUserId: lead.userId })}::jsonb, dissent = 'Father disagreed with the category.' WHERE id = ${conferenceId}`.execute(
        tx,
      )
      await tx
        .insertInto('child_protection_plan')
        .values({
          id: planId,
          episode_id: episodeId,
          child_id: childId,
          conference_id: conferenceId,
          started_on: today,
          initial_category: category,
          latest_category: category,
          lead_user_id: lead.userId,
          outline_plan: 'Safety plan at home; weekly visits.',
          contingency_plan: 'Strategy discussion if the boyfriend returns.',
          created_at: now,
        })
        .execute()
      let position = 0
      for (const name of options.coreGroup ?? []) {
        const org = await organisationId(ctx, name)
        await tx
          .insertInto('plan_member')
          .values({
            plan_id: planId,
            position: position++,
            member_kind: 'agency',
            organisation_id: org,
            user_id: null,
            name,
            added_at: now,
          })
          .execute()
        await involve(tx, childId, org, 'core_group', now)
      }
      await tx
        .insertInto('plan_member')
        .values({
          plan_id: planId,
          position: position++,
          member_kind: 'family',
          organisation_id: null,
          user_id: null,
          name: 'Sarah Example (mother)',
          added_at: now,
        })
        .execute()
    },
  )
  return planId
}

export async function recordCoreGroup(
  ctx: FixtureContext,
  episodeId: string,
  planId: string,
  notes: string,
): Promise<void> {
  const now = ctx.clock.now()
  const recorder = await actorFor(ctx, NORTHSHIRE.socialWorker)
  await step(ctx, NORTHSHIRE.socialWorker, episodeId, { step: 'record_core_group', outcome: 'held' }, async (tx) => {
    await tx
      .insertInto('core_group_meeting')
      .values({
        id: newId(),
        plan_id: planId,
        held_on: formatLocalDate(todayInEngland(now)),
        notes,
        recorded_by: recorder.userId,
        created_at: now,
      })
      .execute()
  })
}

/** The plan ends between reviews, stepping down to a child in need plan. */
export async function endPlan(ctx: FixtureContext, episodeId: string, planId: string, reason: string): Promise<void> {
  const today = formatLocalDate(todayInEngland(ctx.clock.now()))
  await step(
    ctx,
    NORTHSHIRE.teamManager,
    episodeId,
    { step: 'end_plan', outcome: 'child_in_need_plan', rationale: reason },
    async (tx) => {
      await tx
        .updateTable('child_protection_plan')
        .set({ ended_on: today, end_reason: reason, step_down: 'child_in_need_plan' })
        .where('id', '=', planId)
        .execute()
    },
  )
}

/** The front door asks an agency what it knows; the agency's safeguarding lead answers (when `answer` is given). */
export async function requestInformation(
  ctx: FixtureContext,
  referralId: string,
  toOrganisation: string,
  question: string,
  answer?: { readonly email: string; readonly text: string },
): Promise<string> {
  const now = ctx.clock.now()
  const asker = await actorFor(ctx, NORTHSHIRE.frontDoor)
  const referral = await ctx.deps.db
    .selectFrom('referral')
    .select(['child_id'])
    .where('id', '=', referralId)
    .executeTakeFirstOrThrow()
  const org = await organisationId(ctx, toOrganisation)
  const id = newId()
  await ctx.deps.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('information_request')
      .values({
        id,
        referral_id: referralId,
        child_id: referral.child_id,
        to_organisation_id: org,
        requested_by: asker.userId,
        question,
        requested_at: now,
      })
      .execute()
    if (referral.child_id !== null) await involve(tx, referral.child_id, org, 'information_request', now)
    if (answer !== undefined) {
      const responder = await actorFor(ctx, answer.email)
      await tx
        .insertInto('information_response')
        .values({
          id: newId(),
          information_request_id: id,
          responded_by: responder.userId,
          organisation_id: responder.organisationId,
          answer: answer.text,
          responded_at: now,
        })
        .execute()
    }
  })
  return id
}

export interface CaseWithPlan {
  readonly childId: string
  readonly referralId: string
  readonly episodeId: string
  readonly conferenceId: string
  readonly planId: string
}

/**
 * From a referral to a plan: the front door decides on a strategy discussion, which starts a section 47 enquiry;
 * an initial conference with the school and police invited; a plan (PHY) with the school and police in the core
 * group. The clock moves a little between steps, so the entries have an order.
 */
export async function planFromReferral(
  ctx: FixtureContext,
  referralId: string,
  options: {
    readonly invite?: readonly string[]
    readonly coreGroup?: readonly string[]
    readonly category?: PlanCategory
  } = {},
): Promise<Omit<CaseWithPlan, 'childId' | 'referralId'>> {
  const tick = () => ctx.clock.advance(60_000)
  tick()
  const episodeId = await openCase(ctx, referralId)
  tick()
  const { enquiryId } = await strategyDiscussionStartingSection47(ctx, episodeId)
  tick()
  await concludeSection47WithConference(ctx, episodeId, enquiryId)
  tick()
  const conferenceId = await scheduleConference(
    ctx,
    episodeId,
    enquiryId,
    options.invite ?? [NORTHSHIRE.school, NORTHSHIRE.policeForce],
  )
  tick()
  const planId = await holdInitialConferenceWithPlan(ctx, episodeId, conferenceId, {
    category: options.category ?? 'PHY',
    coreGroup: options.coreGroup ?? [NORTHSHIRE.school, NORTHSHIRE.policeForce],
  })
  tick()
  return { episodeId, conferenceId, planId }
}

/** The school's referral and the whole path to a plan (planFromReferral). */
export async function caseWithPlan(
  ctx: FixtureContext,
  child: ChildDetails,
  options: {
    readonly invite?: readonly string[]
    readonly coreGroup?: readonly string[]
    readonly category?: PlanCategory
  } = {},
): Promise<CaseWithPlan> {
  const { childId, referralId } = await referralFromDsl(ctx, child)
  return { childId, referralId, ...(await planFromReferral(ctx, referralId, options)) }
}
