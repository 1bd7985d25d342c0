import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { checkPlanCategory, FieldProblems } from '../domain/caseWork.js'
import { checkStepDate, transition } from '../domain/episode.js'
import { domainError, err, ok, type Result } from '../../../platform/shared/result.js'
import { newId } from '../../../platform/security/secrets.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import {
  alreadySubmitted,
  checkStepOpen,
  day,
  endChildInNeedPlan,
  inCase,
  latestSection47,
  startChildInNeedPlan,
  stepKeyUsed,
  type CaseError,
} from './caseSupport.js'
import { householdChildren } from './householdChildren.js'
import { takeEpisodeStep } from './takeEpisodeStep.js'

export interface ConferenceDecisionInput {
  /** 'YYYY-MM-DD' */
  readonly heldOn: string
  readonly outcome: string
  readonly initialCategory: string
  readonly leadUserId: string
  readonly coreGroupOrganisationIds: readonly string[]
  readonly coreGroupFamily: readonly { readonly name: string; readonly role: string }[]
  readonly outlinePlan: string
  readonly contingencyPlan: string
  readonly childInNeedOutcomes: string
  readonly dissent: string
  /** A note or decision for each other child in the household. */
  readonly household: readonly { readonly childId: string; readonly note: string }[]
  readonly submissionKey?: string | undefined
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The chair records the initial conference's decision (table step hold_initial_conference). A child
 * protection plan starts on the day of the conference (CIN census rule 2885) with its category (initial and
 * latest), lead practitioner (a social worker), core group (agencies, who become involved with the child as
 * 'core_group', and family members), outline plan and contingency plan; or there is no plan (child in need
 * plan, early help, no further action). Dissent is recorded, and every other child in the household is
 * considered, with a note for each. The conference must not be dated before the strategy discussion that
 * started the section 47 enquiry.
 */
export async function holdInitialConference(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  conferenceId: string,
  input: ConferenceDecisionInput,
  meta: RequestMeta,
): Promise<Result<{ planId: string | null; phase: string }, CaseError>> {
  return inCase(deps, actor, episodeId, meta, 'hold_initial_conference', async (c) => {
    if (await stepKeyUsed(c.tx, input.submissionKey)) return err(alreadySubmitted())
    const open = await checkStepOpen(c, actor, 'hold_initial_conference', meta)
    if (!open.ok) return open
    const conference = uuid.test(conferenceId)
      ? await c.tx
          .selectFrom('conference')
          .select(['id', 'held_on', 'kind'])
          .where('id', '=', conferenceId)
          .where('episode_id', '=', c.episode.id)
          .where('kind', '=', 'initial')
          .executeTakeFirst()
      : undefined
    if (conference === undefined) return err(domainError('EPISODE.NOT_FOUND', 'There is no such conference'))
    if (conference.held_on !== null) return err(alreadySubmitted())
    const s47 = await latestSection47(c.tx, c.episode.id)
    if (s47 === undefined)
      return err(
        domainError(
          'EPISODE.STEP_NOT_ALLOWED',
          'An initial child protection conference needs a section 47 enquiry that concluded one is needed',
        ),
      )

    const problems = new FieldProblems()
    const heldOn = problems.date('heldOn', input.heldOn, 'Enter the date the conference was held')
    if (heldOn !== undefined) {
      const inOrder = checkStepDate('heldOn', heldOn, c.today, {
        date: day(s47.held_on),
        what: 'the strategy discussion that started the section 47 enquiry',
      })
      if (!inOrder.ok) problems.add('heldOn', inOrder.error.message)
    }
    const next = transition(c.phase, 'hold_initial_conference', input.outcome)
    if (!next.ok) problems.add('outcome', 'Select the conference’s decision')
    const plan = next.ok && next.value.to === 'child_protection_plan'
    let members: { kind: 'agency' | 'family'; organisationId: string | null; name: string; role: string }[] = []
    if (plan) {
      if (!checkPlanCategory(input.initialCategory)) problems.add('initialCategory', 'Select the category of the plan')
      const lead = uuid.test(input.leadUserId)
        ? await c.tx
            .selectFrom('app_user')
            .select(['id', 'roles'])
            .where('id', '=', input.leadUserId)
            .where('organisation_id', '=', c.episode.localAuthorityId)
            .where('active', '=', true)
            .executeTakeFirst()
        : undefined
      if (lead === undefined || !lead.roles.includes('social_worker'))
        problems.add('leadUserId', 'Choose a social worker from this local authority as lead practitioner')
      const orgIds = [...new Set(input.coreGroupOrganisationIds)].filter((id) => uuid.test(id))
      const orgs =
        orgIds.length === 0
          ? []
          : await c.tx
              .selectFrom('organisation')
              .select(['id', 'name'])
              .where('id', 'in', orgIds)
              .where('local_area_id', '=', c.episode.localAreaId)
              .execute()
      if (orgs.length !== input.coreGroupOrganisationIds.length || orgs.length === 0)
        problems.add('coreGroupOrganisationIds', 'Choose the agencies in the core group from the list')
      const family = input.coreGroupFamily.filter((f) => f.name.trim() !== '' || f.role.trim() !== '')
      family.forEach((f, i) => {
        if (f.name.trim() === '') problems.add(`family-${i + 1}-name`, `Enter the name of family member ${i + 1}`)
        if (f.name.length > 200 || f.role.length > 200)
          problems.add(
            `family-${i + 1}-name`,
            `Family member ${i + 1}: names and roles must be 200 characters or fewer`,
          )
      })
      members = [
        ...orgs.map((o) => ({ kind: 'agency' as const, organisationId: o.id, name: o.name, role: '' })),
        ...family.map((f) => ({
          kind: 'family' as const,
          organisationId: null,
          name: f.name.trim(),
          role: f.role.trim(),
        })),
      ]
      problems.text('outlinePlan', input.outlinePlan, 'Enter the outline child protection plan', 50_000)
      problems.text('contingencyPlan', input.contingencyPlan, 'Enter the contingency plan', 50_000)
      const other = await c.tx
        .selectFrom('child_protection_plan')
        .select('id')
        .where('child_id', '=', c.episode.childId)
        .where('ended_on', 'is', null)
        .executeTakeFirst()
      if (other !== undefined)
        problems.add('outcome', 'This child already has a child protection plan open on another case')
    }
    const cinOutcomes =
      next.ok && next.value.to === 'child_in_need_plan'
        ? problems.text(
            'childInNeedOutcomes',
            input.childInNeedOutcomes,
            'Enter what the child in need plan is to achieve',
            50_000,
          )
        : ''
    const dissent = problems.optionalText('dissent', input.dissent, 50_000)
    const household = await householdChildren(c.tx, c.episode.childId)
    const notes = household.map((h) => {
      const given = input.household.find((x) => x.childId === h.id)
      return {
        childId: h.id,
        name: h.name,
        note: problems.text(
          `household-${h.id}`,
          given?.note,
          `Record what the conference decided or noted for ${h.name}`,
          10_000,
        ),
      }
    })
    const valid = problems.result(true)
    if (!valid.ok || heldOn === undefined)
      return valid.ok ? err(domainError('CASE.INVALID', 'Enter the date the conference was held')) : valid

    const planId = plan ? newId() : null
    const taken = await takeEpisodeStep(
      c.tx,
      actor,
      c,
      {
        step: 'hold_initial_conference',
        outcome: input.outcome,
        occurredOn: heldOn,
        rationale: dissent === '' ? '' : `Dissent: ${dissent}`.slice(0, 2000),
        submissionKey: input.submissionKey,
        details: { conferenceId: conference.id, planId },
      },
      c.now,
      meta,
    )
    if (!taken.ok) return taken
    const decisionDetails = plan
      ? { initialCategory: input.initialCategory, leadUserId: input.leadUserId }
      : next.ok && next.value.to === 'child_in_need_plan'
        ? { childInNeedOutcomes: cinOutcomes }
        : {}
    // The decision fields are set once, here; the schema types them as insert-only, hence the cast.
    await c.tx
      .updateTable('conference')
      .set({
        held_on: formatLocalDate(heldOn),
        decision: input.outcome,
        decision_details: JSON.stringify(decisionDetails),
        dissent,
        household_considered: JSON.stringify(notes),
        chair_user_id: actor.userId,
      } as never)
      .where('id', '=', conference.id)
      .execute()
    await c.tx.updateTable('section47_enquiry').set({ conference_required: true }).where('id', '=', s47.id).execute()
    if (planId !== null) {
      await endChildInNeedPlan(c.tx, c.episode.id, heldOn)
      await c.tx
        .insertInto('child_protection_plan')
        .values({
          id: planId,
          episode_id: c.episode.id,
          child_id: c.episode.childId,
          conference_id: conference.id,
          started_on: formatLocalDate(heldOn),
          initial_category: input.initialCategory,
          latest_category: input.initialCategory,
          lead_user_id: input.leadUserId,
          outline_plan: input.outlinePlan.trim(),
          contingency_plan: input.contingencyPlan.trim(),
          ended_on: null,
          end_reason: null,
          step_down: null,
          created_at: c.now,
        })
        .execute()
      await c.tx
        .insertInto('plan_member')
        .values(
          members.map((m, i) => ({
            plan_id: planId,
            position: i + 1,
            member_kind: m.kind,
            organisation_id: m.organisationId,
            user_id: null,
            name: m.name,
            role: m.role,
            added_at: c.now,
          })),
        )
        .execute()
      for (const m of members) {
        if (m.organisationId !== null)
          await c.tx
            .insertInto('involvement')
            .values({
              child_id: c.episode.childId,
              organisation_id: m.organisationId,
              reason: 'core_group',
              since: c.now,
            })
            .onConflict((oc) => oc.doNothing())
            .execute()
      }
    }
    if (taken.value.to === 'child_in_need_plan') await startChildInNeedPlan(c.tx, c.episode, heldOn, cinOutcomes, c.now)
    return ok({ planId, phase: taken.value.to })
  })
}
