import { z } from 'zod'
import { formatLocalDate, formatLongDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { date, loadedChoice, loadedRows, radios, rows, text, textarea } from '../../../platform/forms/fields.js'
import { newId } from '../../../platform/security/secrets.js'
import { involve } from '../../../platform/db/involvement.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep, type StepContext } from '../../../platform/steps/defineStep.js'
import { planCategories } from '../domain/codes.js'
import { episodePhases } from '../domain/episode.js'
import {
  areaAgencies,
  invitedAgencies,
  latestSection47,
  recordConferenceDecision,
  staffWithRole,
} from './caseSupport.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import {
  cinOutcomesField,
  revealsCinOutcomes,
  cinOutcomesMissing,
  endChildInNeedPlan,
  takeStepStartingCin,
} from './childInNeedPlan.js'
import { caseStep, dateInOrder, leadsTo, notOpen, outcomeField, withCase } from './episodeStep.js'
import { householdChildren } from './householdChildren.js'
import { insertParts } from '../queries/caseRecords.js'
import { historyRationale } from './takeEpisodeStep.js'

const STEP = 'hold_initial_conference'
const IF_PLAN = 'Only if the decision is a child protection plan'
const AGENCIES = 'Choose the agencies in the core group from the list'
const LEAD = 'Choose a social worker from this local authority as lead practitioner'
const FAMILY_TOO_LONG = 'Family member {n}: names and roles must be 200 characters or fewer'

interface FamilyMember {
  readonly name: string
  readonly role?: string
}
interface HouseholdNote {
  readonly childId: string
  readonly note: string
}

/**
 * The initial conference this decision is about: the one the API's address names, or (the page) the one arranged
 * for the case and not yet held. Locked, as the decision is written onto it.
 */
async function theConference(ctx: StepContext, episodeId: string) {
  const named = ctx.params.conferenceId
  let query = ctx.tx
    .selectFrom('conference')
    .select(['id', 'held_on'])
    .where('episode_id', '=', episodeId)
    .where('kind', '=', 'initial')
  query = named === undefined ? query.where('held_on', 'is', null) : query.where('id', '=', named)
  return query.orderBy('created_at', 'desc').forUpdate().executeTakeFirst()
}

/**
 * The chair records the initial conference's decision (table step hold_initial_conference). A child protection
 * plan starts on the day of the conference (CIN census rule 2885) with its category (initial and latest), lead
 * practitioner (a social worker), core group (agencies, who become involved with the child as 'core_group', and
 * family members), outline plan and contingency plan; or there is no plan (child in need plan, early help, no
 * further action). Dissent is recorded, and every other child in the household is considered, with a note for
 * each. The conference must not be dated before the strategy discussion that started the section 47 enquiry.
 */
export const holdInitialConference = defineStep({
  ...caseStep(STEP),
  operationId: 'holdInitialConference',
  path: '/cases/:id/initial-conference/decision',
  apiPath: '/cases/:id/conferences/:conferenceId/decision',
  title: 'Record the initial conference decision',
  description:
    'The chair records the initial conference decision: a plan (category, lead, core group, outline and contingency) or no plan; dissent; a note for every household child',
  submitText: 'Record the decision',
  okStatus: 200,
  fields: {
    heldOn: date({ label: 'When was the conference held?', required: 'Enter the date the conference was held' }),
    outcome: outcomeField(
      STEP,
      { label: 'Decision', required: 'Select the conference’s decision' },
      revealsCinOutcomes,
    ),
    initialCategory: radios({
      label: 'Category of the plan',
      hint: IF_PLAN,
      options: planCategories.map((p) => ({ value: p.code, text: `${p.label} (${p.code})` })),
    }),
    leadUserId: loadedChoice({
      kind: 'select',
      label: 'Lead practitioner (social worker)',
      hint: IF_PLAN,
      notOffered: LEAD,
    }),
    coreGroupOrganisationIds: loadedChoice({
      kind: 'checkboxes',
      label: 'Agencies in the core group',
      hint: IF_PLAN,
      notOffered: AGENCIES,
      max: 50,
    }),
    coreGroupFamily: rows({
      label: 'Family members in the core group',
      hint: 'Leave rows you do not need empty.',
      slots: 3,
      max: 20,
      fields: {
        name: text({
          label: 'Name of family member {n}',
          required: 'Enter the name of family member {n}',
          max: 200,
          tooLong: FAMILY_TOO_LONG,
        }),
        role: text({ label: 'Relationship to the child of family member {n}', max: 200, tooLong: FAMILY_TOO_LONG }),
      },
    }),
    outlinePlan: textarea({ label: 'Outline child protection plan', hint: IF_PLAN, max: 50_000, rows: 6 }),
    contingencyPlan: textarea({ label: 'Contingency plan', hint: IF_PLAN, max: 50_000, rows: 4 }),
    childInNeedOutcomes: cinOutcomesField,
    dissent: textarea({
      label: 'Dissent (optional)',
      hint: 'Anyone who disagreed with the decision, and why',
      max: 50_000,
      rows: 3,
    }),
    household: loadedRows({
      label: 'Other children in the household',
      hint: 'Every child in the household must be considered.',
      key: 'childId',
      notOffered: 'Record notes only for the other children recorded in the child’s household',
      none: 'No other children are recorded in the child’s household. Add them on the child’s record if there are any.',
      max: 50,
      fields: {
        note: textarea({
          label: '{row}: what was decided or noted',
          required: 'Record what the conference decided or noted for {row}',
          tooLong: 'A note on a child in the household must be 10,000 characters or fewer',
          max: 10_000,
          rows: 2,
        }),
      },
    }),
  },
  load: (ctx) =>
    withCase(ctx, async (c) => {
      const conference = await theConference(ctx, c.episode.id)
      // A conference the address names that is not one of this case's initial conferences is as unknown as a case
      // that does not exist; but while the step is not open at all, the table's refusal answers first (409).
      if (ctx.params.conferenceId !== undefined && conference === undefined && notOpen(c, STEP) === undefined)
        return undefined
      const otherPlan = await ctx.tx
        .selectFrom('child_protection_plan')
        .select('id')
        .where('child_id', '=', c.episode.childId)
        .where('ended_on', 'is', null)
        .executeTakeFirst()
      return {
        ...c,
        conference,
        section47: await latestSection47(ctx.tx, c.episode.id),
        socialWorkers: await staffWithRole(ctx.tx, c.episode.localAuthorityId, 'social_worker'),
        agencies: await areaAgencies(ctx.tx, c.episode),
        invited: conference === undefined ? [] : await invitedAgencies(ctx.tx, conference.id),
        household: await householdChildren(ctx.tx, c.episode.childId),
        otherPlan: otherPlan !== undefined,
      }
    }),
  choices: (c) => ({
    leadUserId: c.socialWorkers,
    coreGroupOrganisationIds: c.agencies,
    household: c.household.map((h) => ({
      value: h.id,
      text: h.name,
      ...(h.dateOfBirth === null ? {} : { hint: `Born ${formatLongDate(storedDate(h.dateOfBirth))}` }),
    })),
  }),
  // Invited agencies start ticked for the core group, and the case's lead practitioner leads the plan.
  prefill: (c) => ({
    coreGroupOrganisationIds: c.invited.filter((id) => c.agencies.some((a) => a.value === id)),
    ...(c.socialWorkers.some((s) => s.value === c.episode.leadUserId) ? { leadUserId: c.episode.leadUserId } : {}),
  }),
  unavailable: (c) =>
    notOpen(c, STEP) ??
    (c.section47 === undefined
      ? 'An initial child protection conference needs a section 47 enquiry that concluded one is needed'
      : c.conference === undefined
        ? 'Arrange the initial conference first.'
        : c.conference.held_on !== null
          ? 'This has already been recorded – it was not recorded a second time'
          : undefined),
  check: (input, c, { today }) => {
    const to = leadsTo(c, STEP, input.outcome)
    const plan = to === 'child_protection_plan'
    const s47 = c.section47!
    const missing = (name: string, message: string) => {
      const v = input[name]
      return v === undefined || v === '' || (Array.isArray(v) && v.length === 0) ? { [name]: message } : {}
    }
    return {
      ...dateInOrder('heldOn', input.heldOn, today, {
        date: storedDate(s47.held_on),
        what: 'the strategy discussion that started the section 47 enquiry',
      }),
      ...(plan
        ? {
            ...(c.otherPlan ? { outcome: 'This child already has a child protection plan open on another case' } : {}),
            ...missing('initialCategory', 'Select the category of the plan'),
            ...missing('leadUserId', LEAD),
            ...missing('coreGroupOrganisationIds', AGENCIES),
            ...missing('outlinePlan', 'Enter the outline child protection plan'),
            ...missing('contingencyPlan', 'Enter the contingency plan'),
          }
        : {}),
      ...cinOutcomesMissing(to, input),
    }
  },
  run: async (ctx, input, c) => {
    const { tx, actor, now } = ctx
    const conference = c.conference!
    const heldOn = input.heldOn as LocalDate
    const outcome = input.outcome as string
    const plan = leadsTo(c, STEP, outcome) === 'child_protection_plan'
    const dissent = (input.dissent as string | undefined) ?? ''
    const cinOutcomes = (input.childInNeedOutcomes as string | undefined) ?? ''
    const initialCategory = input.initialCategory as string
    const leadUserId = input.leadUserId as string
    const planId = plan ? newId() : null
    const step = {
      step: STEP,
      outcome,
      occurredOn: heldOn,
      rationale: dissent === '' ? '' : historyRationale(`Dissent: ${dissent}`),
      details: { conferenceId: conference.id, planId },
    } as const
    const taken = await takeStepStartingCin(ctx, c, step, input, async ({ to }) => {
      const notes = c.household.map((h) => ({
        childId: h.id,
        name: h.name,
        note: ((input.household ?? []) as readonly HouseholdNote[]).find((n) => n.childId === h.id)?.note ?? '',
      }))
      const decisionDetails = plan
        ? { initialCategory, leadUserId }
        : to === 'child_in_need_plan'
          ? { childInNeedOutcomes: cinOutcomes }
          : {}
      await recordConferenceDecision(tx, conference.id, {
        heldOn,
        decision: outcome,
        details: decisionDetails,
        dissent,
        householdConsidered: notes,
        chairUserId: actor.userId,
      })
      await tx
        .updateTable('section47_enquiry')
        .set({ conference_required: true })
        .where('id', '=', c.section47!.id)
        .execute()
      if (planId !== null) {
        await endChildInNeedPlan(tx, c.episode.id, heldOn)
        await tx
          .insertInto('child_protection_plan')
          .values({
            id: planId,
            episode_id: c.episode.id,
            child_id: c.episode.childId,
            conference_id: conference.id,
            started_on: formatLocalDate(heldOn),
            initial_category: initialCategory,
            latest_category: initialCategory,
            lead_user_id: leadUserId,
            outline_plan: input.outlinePlan as string,
            contingency_plan: input.contingencyPlan as string,
            ended_on: null,
            end_reason: null,
            step_down: null,
            created_at: now,
          })
          .execute()
        const agencyIds = [...new Set(input.coreGroupOrganisationIds as readonly string[])]
        const member = (kind: 'agency' | 'family', organisationId: string | null, name: string, role: string) => ({
          member_kind: kind,
          organisation_id: organisationId,
          user_id: null,
          name,
          role,
          added_at: now,
        })
        await insertParts(tx, 'plan_member', planId, [
          ...agencyIds.map((id) => member('agency', id, c.agencies.find((a) => a.value === id)?.text ?? '', '')),
          ...((input.coreGroupFamily ?? []) as readonly FamilyMember[]).map((f) =>
            member('family', null, f.name, f.role ?? ''),
          ),
        ])
        for (const organisationId of agencyIds)
          await involve(tx, { childId: c.episode.childId, organisationId, reason: 'core_group' }, now)
      }
    })
    return taken.ok ? ok({ planId, phase: taken.value.to }) : taken
  },
  action: 'case.initial_conference_held',
  auditDetails: (out, _input, c) => ({ conferenceId: c.conference?.id, planId: out.planId }),
  output: z.object({ planId: z.uuid().nullable(), phase: z.enum(episodePhases) }),
})
