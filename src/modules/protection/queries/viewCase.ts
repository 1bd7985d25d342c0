import { authoriseAssessment } from '../steps/authoriseAssessment.js'
import { closeEpisode } from '../steps/closeEpisode.js'
import { concludeSection47 } from '../steps/concludeSection47.js'
import { holdInitialConference } from '../steps/holdInitialConference.js'
import { holdReviewConference } from '../steps/holdReviewConference.js'
import { requestStrategyDiscussion } from '../steps/requestStrategyDiscussion.js'
import { endPlan } from '../steps/endPlan.js'
import { recordStrategyDiscussion } from '../steps/recordStrategyDiscussion.js'
import { recordCoreGroup } from '../steps/recordCoreGroup.js'
import { reviewChildInNeedPlan } from '../steps/reviewChildInNeedPlan.js'
import { decide } from '../../access/domain/policy.js'
import type { Actor } from '../../../platform/identity/actor.js'
import { hasRole } from '../../../platform/identity/actor.js'
import type { Role } from '../../../platform/identity/roles.js'
import { usersWithRole } from '../../../platform/identity/usersWithRole.js'
import {
  assessmentFactors,
  codeLabel,
  planCategories,
  primaryNeeds,
  reasonsForClosure,
  referralSources,
} from '../domain/codes.js'
import { planEndReasonLabel } from '../domain/caseWork.js'
import {
  conferenceArrangers,
  episodePhaseLabels,
  episodeTransitions,
  isEpisodePhase,
  leadsStep,
  stepsAvailable,
  type EpisodePhase,
  type EpisodeStep,
} from '../domain/episode.js'
import { deadlineLabel, deadlineState, deadlineTag } from '../../timescales/domain/deadlineState.js'
import { findRule } from '../../timescales/domain/rules.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { referralContent, type ReferralContent } from '../../referrals/queries/viewReferral.js'
import { loadReferral } from '../../referrals/queries/referralAccess.js'
import type { Deps, RequestMeta } from '../../../platform/context.js'
import { loadPartnershipClock, todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { auditActor } from '../../../platform/audit/auditActor.js'
import { auditCaseDenied, stepRolesIn } from '../steps/caseSupport.js'
import { storedDate } from '../../../platform/calendar/storedDate.js'
import { loadEpisode } from './episodeAccess.js'
import { isUuid } from '../../../platform/shared/ids.js'
import { byRecord, partsOf, recordsOf } from './caseRecords.js'
import { householdChildren } from '../steps/householdChildren.js'
import { activeUsersOf } from '../../people/queries/activeUsers.js'
import { labelOf } from '../../../platform/shared/wordList.js'
import type { ChildIdentityFields } from '../../../platform/db/childIdentityFields.js'

/** The declaration of each step the case page offers; the front door decides on the referral, not here. */
const stepDeclarations = {
  request_strategy_discussion: requestStrategyDiscussion,
  record_strategy_discussion: recordStrategyDiscussion,
  conclude_section_47: concludeSection47,
  complete_assessment: authoriseAssessment,
  hold_initial_conference: holdInitialConference,
  record_core_group: recordCoreGroup,
  hold_review_conference: holdReviewConference,
  end_plan: endPlan,
  review_child_in_need_plan: reviewChildInNeedPlan,
  close_episode: closeEpisode,
} satisfies Record<Exclude<EpisodeStep, 'decide_referral'>, { readonly path: string; readonly title: string }>

type CaseStep = keyof typeof stepDeclarations

/** What `read` finds in each step's declaration, by step. */
const fromDeclarations = (read: (step: { readonly path: string; readonly title: string }) => string) =>
  Object.fromEntries(Object.entries(stepDeclarations).map(([step, d]) => [step, read(d)])) as Record<CaseStep, string>

/** Where each step's form is, relative to the case page. */
export const stepPaths: Readonly<Record<EpisodeStep, string>> = {
  decide_referral: '',
  ...fromDeclarations((d) => d.path.slice('/cases/:id/'.length)),
}

export const stepNames: Readonly<Record<EpisodeStep, string>> = {
  decide_referral: 'Front door decision',
  ...fromDeclarations((d) => d.title),
}

const outcomeLabel = (step: string, outcome: string): string =>
  episodeTransitions.find((t) => t.step === step && t.outcome === outcome)?.label ?? outcome

/**
 * Everything about one case that children's social care of the holding local authority sees: the child, the
 * referral, the phase, the open statutory clocks with their due state, the history of steps, the work records
 * (assessment, strategy discussions, section 47, conferences with invitations and reports, plans, core groups,
 * child in need plans), and which actions the transition table and the access policy offer this person.
 * Anyone else gets "not found" and the attempt is audited; each view is audited.
 */
export async function viewCase(
  deps: Deps,
  actor: Actor,
  episodeId: string,
  meta: RequestMeta,
): Promise<Result<CaseView, DomainError<'EPISODE.NOT_FOUND'>>> {
  const now = deps.clock.now()
  const today = todayInEngland(now)
  return deps.db.transaction().execute(async (tx) => {
    const loaded = isUuid(episodeId) ? await loadEpisode(tx, episodeId) : undefined
    const decision = loaded === undefined ? undefined : decide(actor, { kind: 'episode.view', episode: loaded.facts })
    if (loaded === undefined || decision === undefined || !decision.allowed || !isEpisodePhase(loaded.episode.phase)) {
      await auditCaseDenied(tx, actor, episodeId, decision?.reason ?? 'no such case', 'view', meta, now)
      return err(domainError('EPISODE.NOT_FOUND', 'There is no such case'))
    }
    const { episode, facts } = loaded
    const phase: EpisodePhase = loaded.episode.phase as EpisodePhase
    const id = episode.id

    // The child as known now: corrections to the name, date of birth or NHS number show on the case.
    const child = await tx
      .selectFrom('child_current')
      .select([
        'id',
        'given_name as givenName',
        'family_name as familyName',
        'date_of_birth as dateOfBirth',
        'expected_date_of_delivery as expectedDateOfDelivery',
        'sex',
        'nhs_number as nhsNumber',
      ])
      .where('id', '=', episode.childId)
      .executeTakeFirstOrThrow()
    const referral = await tx
      .selectFrom('referral as r')
      .leftJoin('organisation as o', 'o.id', 'r.from_organisation_id')
      .select([
        'r.reference',
        'r.received_at',
        'r.summary',
        'r.source_code',
        'r.channel',
        'r.details',
        'r.referrer_identity_withheld',
        'o.name as from_organisation',
      ])
      .where('r.id', '=', episode.referralId)
      .executeTakeFirstOrThrow()
    // What the referral carried (the concern and the DSL's reasons, or a professional's whole referral): the case
    // holder works from it, so the case shows it with its provenance rather than only the one-line summary.
    const referralRow = await loadReferral(tx, episode.referralId)
    const carried = referralRow === undefined ? null : await referralContent(tx, referralRow)
    const extra = await tx
      .selectFrom('episode')
      .select(['primary_need', 'closure_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    const laUsers = await activeUsersOf(tx, episode.localAuthorityId)
    const nameOf = (userId: string | null) =>
      userId === null ? null : (laUsers.find((u) => u.id === userId)?.display_name ?? null)
    const holder = (userId: string | null) => (userId === null ? null : { id: userId, name: nameOf(userId) ?? '' })

    const clock = await loadPartnershipClock(tx, episode.localAreaId)
    const deadlines = await tx
      .selectFrom('deadline as d')
      .leftJoin('app_user as u', 'u.id', 'd.assigned_user_id')
      .select([
        'd.id',
        'd.rule_id',
        'd.title',
        'd.started_on',
        'd.due_on',
        'd.national_due_on',
        'u.display_name as assigned_to',
      ])
      .where('d.subject_type', '=', 'episode')
      .where('d.subject_id', '=', id)
      .where('d.completed_at', 'is', null)
      .orderBy('d.due_on')
      .execute()

    const steps = await tx
      .selectFrom('episode_step as s')
      .innerJoin('app_user as u', 'u.id', 's.actor_user_id')
      .select([
        's.id',
        's.step',
        's.outcome',
        's.from_phase',
        's.to_phase',
        's.occurred_on',
        's.rationale',
        's.created_at',
        'u.display_name as actor',
      ])
      .where('s.episode_id', '=', id)
      .orderBy('s.seq')
      .execute()

    const assessment = await tx.selectFrom('assessment').selectAll().where('episode_id', '=', id).executeTakeFirst()
    const discussions = await recordsOf(tx, 'strategy_discussion', id, 'held_at')
    const discussionIds = discussions.map((d) => d.id)
    const attendeesOf = await partsOf(tx, 'strategy_discussion_attendee', discussionIds, 'position')
    const actionsOf = await partsOf(tx, 'strategy_discussion_action', discussionIds, 'position')
    const enquiries = await recordsOf(tx, 'section47_enquiry', id, 'created_at')
    const conferences = await recordsOf(tx, 'conference', id, 'scheduled_at')
    const conferenceIds = conferences.map((c) => c.id)
    const invitationsOf = await partsOf(tx, 'conference_invitation', conferenceIds, 'invited_at')
    const reportsOf = byRecord(
      conferenceIds.length === 0
        ? []
        : await tx
            .selectFrom('conference_report as r')
            .innerJoin('organisation as o', 'o.id', 'r.organisation_id')
            .innerJoin('app_user as u', 'u.id', 'r.author_user_id')
            .select([
              'r.id',
              'r.conference_id',
              'r.text',
              'r.submitted_at',
              'o.name as organisation',
              'u.display_name as author',
            ])
            .where('r.conference_id', 'in', conferenceIds)
            .orderBy('r.submitted_at')
            .execute(),
      'conference_id',
    )
    const plans = await recordsOf(tx, 'child_protection_plan', id, 'started_on')
    const planIds = plans.map((p) => p.id)
    const membersOf = await partsOf(tx, 'plan_member', planIds, 'position')
    const coreGroupsOf = await partsOf(tx, 'core_group_meeting', planIds, 'held_on')
    const cinPlans = await recordsOf(tx, 'child_in_need_plan', id, 'started_on')
    const cinPlanIds = cinPlans.map((p) => p.id)
    const cinReviewsOf = await partsOf(tx, 'child_in_need_review', cinPlanIds, 'held_on')
    const allocations = await recordsOf(tx, 'episode_allocation', id, 'allocated_at')
    const agencies = await tx
      .selectFrom('organisation')
      .select(['id', 'name', 'kind'])
      .where('local_area_id', '=', episode.localAreaId)
      .where('id', '!=', episode.localAuthorityId)
      .orderBy('name')
      .execute()
    const household = await householdChildren(tx, episode.childId)

    const mayAct = (roles: readonly Role[]) =>
      decide(actor, { kind: 'episode.act', episode: facts, stepRoles: roles }).allowed
    const stepActions = stepsAvailable(phase)
      .filter((s) => s !== 'decide_referral' && leadsStep(s, actor.roles) && mayAct(stepRolesIn(phase, s)))
      .map((s) => ({ step: s, label: stepNames[s], href: `/cases/${id}/${stepPaths[s]}` }))
    const open = phase !== 'closed'
    const assessmentOpen = open && assessment !== undefined && assessment.authorised_at === null
    const pendingInitial = conferences.find((c) => c.kind === 'initial' && c.held_on === null)
    const pendingReview = conferences.find((c) => c.kind === 'review' && c.held_on === null)
    const caseWorker = mayAct(['social_worker', 'team_manager'])
    const arranger = mayAct(conferenceArrangers)
    const can = {
      allocate: open && hasRole(actor, 'team_manager') && mayAct(['team_manager']),
      editAssessment: assessmentOpen && caseWorker,
      submitAssessment: assessmentOpen && caseWorker && assessment.submitted_at === null,
      scheduleConference:
        arranger &&
        ((phase === 'initial_conference' && pendingInitial === undefined) ||
          (phase === 'child_protection_plan' && pendingReview === undefined)),
      invite: arranger && (pendingInitial !== undefined || pendingReview !== undefined) && open,
    }

    const openPlanRow = plans.find((p) => p.ended_on === null)
    const view: CaseView = {
      id,
      reference: episode.reference,
      phase,
      phaseLabel: episodePhaseLabels[phase],
      referralDate: episode.referralDate,
      closedOn: episode.closedOn,
      closureReason: extra.closure_reason,
      closureReasonLabel: extra.closure_reason === null ? null : codeLabel(reasonsForClosure, extra.closure_reason),
      primaryNeed: extra.primary_need,
      primaryNeedLabel: extra.primary_need === null ? null : codeLabel(primaryNeeds, extra.primary_need),
      lead: holder(episode.leadUserId),
      teamManager: holder(episode.teamManagerUserId),
      child,
      referral: {
        reference: referral.reference,
        receivedAt: referral.received_at,
        summary: referral.summary,
        sourceCode: referral.source_code,
        sourceLabel: codeLabel(referralSources, referral.source_code),
        channel: referral.channel,
        fromOrganisation: referral.from_organisation,
        identityWithheld: referral.referrer_identity_withheld === 'yes',
      },
      carried,
      deadlines: deadlines.map((d) => {
        const due = storedDate(d.due_on)
        const state =
          clock.calendar.covers(due) && clock.calendar.covers(today)
            ? deadlineState(due, today, clock.calendar, 2)
            : undefined
        const rule = findRule(d.rule_id)
        return {
          id: d.id,
          ruleId: d.rule_id,
          ruleName: rule.ok ? rule.value.name : d.rule_id,
          title: d.title,
          startedOn: d.started_on,
          dueOn: d.due_on,
          nationalDueOn: d.national_due_on,
          assignedTo: d.assigned_to,
          tag: state === undefined ? { text: 'Not due', classes: 'govuk-tag--grey' } : deadlineTag(state),
          label: state === undefined ? '' : deadlineLabel(state),
        }
      }),
      history: steps.map((s) => ({
        id: s.id,
        step: s.step,
        stepName: labelOf(stepNames, s.step),
        outcome: s.outcome,
        outcomeLabel: outcomeLabel(s.step, s.outcome),
        occurredOn: s.occurred_on,
        recordedAt: s.created_at,
        actor: s.actor,
        rationale: s.rationale,
        fromPhase: s.from_phase,
        toPhase: s.to_phase,
      })),
      allocations: allocations.map((a) => ({
        lead: nameOf(a.lead_user_id),
        teamManager: nameOf(a.team_manager_user_id),
        allocatedBy: nameOf(a.allocated_by),
        allocatedAt: a.allocated_at,
      })),
      assessment:
        assessment === undefined
          ? null
          : {
              id: assessment.id,
              startedOn: assessment.started_on,
              childSeenOn: assessment.child_seen_on,
              childSeenAlone: assessment.child_seen_alone,
              factors: assessment.factors,
              factorLabels: assessment.factors.map((f) => `${f}: ${codeLabel(assessmentFactors, f)}`),
              summary: assessment.summary,
              submittedAt: assessment.submitted_at,
              submittedBy: nameOf(assessment.submitted_by),
              authorisedAt: assessment.authorised_at,
              authorisedBy: nameOf(assessment.authorised_by),
              outcome: assessment.outcome,
              outcomeLabel:
                assessment.outcome === null ? null : outcomeLabel('complete_assessment', assessment.outcome),
              completedOn: assessment.completed_on,
            },
      strategyDiscussions: discussions.map((d) => ({
        id: d.id,
        heldAt: d.held_at,
        heldOn: d.held_on,
        decision: d.decision,
        decisionLabel: outcomeLabel('record_strategy_discussion', d.decision),
        immediateSafetyActions: d.immediate_safety_actions,
        minutes: d.minutes,
        attendees: attendeesOf(d.id).map((a) => ({ agency: a.agency, name: a.name, role: a.role })),
        actions: actionsOf(d.id).map((a) => ({ action: a.action, owner: a.owner, dueOn: a.due_on })),
      })),
      section47Enquiries: enquiries.map((s) => ({
        id: s.id,
        startedOn: s.started_on,
        outcome: s.outcome,
        conferenceRequired: s.conference_required,
        icpcNotRequired: s.conference_required === false,
        summary: s.summary,
        concludedOn: s.concluded_on,
      })),
      conferences: conferences.map((c) => ({
        id: c.id,
        kind: c.kind,
        scheduledAt: c.scheduled_at,
        chair: nameOf(c.chair_user_id),
        heldOn: c.held_on,
        decision: c.decision,
        decisionLabel:
          c.decision === null
            ? null
            : outcomeLabel(c.kind === 'initial' ? 'hold_initial_conference' : 'hold_review_conference', c.decision),
        dissent: c.dissent,
        householdConsidered: c.household_considered as { childId: string; name: string; note: string }[],
        invitations: invitationsOf(c.id).map((i) => ({
          id: i.id,
          kind: i.invitee_kind,
          organisationId: i.organisation_id,
          name: i.name,
          contact: i.contact,
          invitedAt: i.invited_at,
        })),
        reports: reportsOf(c.id).map((r) => ({
          id: r.id,
          organisation: r.organisation,
          author: r.author,
          text: r.text,
          submittedAt: r.submitted_at,
        })),
      })),
      plans: plans.map((p) => ({
        id: p.id,
        startedOn: p.started_on,
        initialCategory: p.initial_category,
        initialCategoryLabel: codeLabel(planCategories, p.initial_category),
        latestCategory: p.latest_category,
        latestCategoryLabel: codeLabel(planCategories, p.latest_category),
        lead: nameOf(p.lead_user_id),
        outlinePlan: p.outline_plan,
        contingencyPlan: p.contingency_plan,
        endedOn: p.ended_on,
        endReason: p.end_reason,
        endReasonLabel: p.end_reason === null ? null : planEndReasonLabel(p.end_reason),
        stepDown: p.step_down,
        members: membersOf(p.id).map((m) => ({
          kind: m.member_kind,
          organisationId: m.organisation_id,
          name: m.name,
          role: m.role,
        })),
        coreGroupMeetings: coreGroupsOf(p.id).map((g) => ({ id: g.id, heldOn: g.held_on, notes: g.notes })),
      })),
      childInNeedPlans: cinPlans.map((p) => ({
        id: p.id,
        startedOn: p.started_on,
        outcomes: p.outcomes,
        endedOn: p.ended_on,
        reviews: cinReviewsOf(p.id).map((r) => ({ id: r.id, heldOn: r.held_on, notes: r.notes })),
      })),
      actions: stepActions,
      can,
      pendingConference:
        (phase === 'initial_conference'
          ? pendingInitial
          : phase === 'child_protection_plan'
            ? pendingReview
            : undefined
        )?.id ?? null,
      openPlanId: openPlanRow?.id ?? null,
      options: {
        // The local authority's people who may be given a part in the case, for the allocation and conference lists.
        socialWorkers: usersWithRole(laUsers, 'social_worker'),
        teamManagers: usersWithRole(laUsers, 'team_manager'),
        chairs: usersWithRole(laUsers, 'conference_chair'),
        agencies: agencies.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
        household,
        outcomes: Object.fromEntries(
          stepsAvailable(phase).map((s) => [
            s,
            episodeTransitions
              .filter((t) => t.step === s && t.from.includes(phase))
              .map((t) => ({ value: t.outcome, text: t.label, to: t.to })),
          ]),
        ),
      },
    }
    await auditActor(tx, actor, meta, now, {
      action: 'episode.viewed',
      subjectType: 'episode',
      subjectId: id,
      reason: decision.reason,
      details: {
        childId: episode.childId,
        referralId: episode.referralId,
        ...(carried === null || carried.concern === null ? {} : { carriedConcernId: carried.concern.concernId }),
      },
    })
    return ok(view)
  })
}

export interface CaseView {
  readonly id: string
  readonly reference: string
  readonly phase: EpisodePhase
  readonly phaseLabel: string
  readonly referralDate: string
  readonly closedOn: string | null
  readonly closureReason: string | null
  readonly closureReasonLabel: string | null
  readonly primaryNeed: string | null
  readonly primaryNeedLabel: string | null
  readonly lead: { id: string; name: string } | null
  readonly teamManager: { id: string; name: string } | null
  /** Who the child is, as corrected since: every identity field but the pupil number, which the case does not read. */
  readonly child: { readonly id: string } & Omit<ChildIdentityFields, 'upn'>
  readonly referral: {
    reference: string
    receivedAt: Date
    summary: string
    sourceCode: string
    sourceLabel: string
    channel: string
    fromOrganisation: string | null
    /** The referrer asked that the family not be told who referred. */
    identityWithheld: boolean
  }
  /** Everything the referral carried, as the front door received it (absent only if the referral row is gone). */
  readonly carried: ReferralContent | null
  readonly deadlines: readonly {
    id: string
    ruleId: string
    ruleName: string
    title: string
    startedOn: string
    dueOn: string
    nationalDueOn: string
    assignedTo: string | null
    tag: { text: string; classes: string }
    label: string
  }[]
  readonly history: readonly {
    id: string
    step: string
    stepName: string
    outcome: string
    outcomeLabel: string
    occurredOn: string
    recordedAt: Date
    actor: string
    rationale: string
    fromPhase: string
    toPhase: string
  }[]
  readonly allocations: readonly {
    lead: string | null
    teamManager: string | null
    allocatedBy: string | null
    allocatedAt: Date
  }[]
  readonly assessment: {
    id: string
    startedOn: string
    childSeenOn: string | null
    childSeenAlone: boolean | null
    factors: string[]
    factorLabels: string[]
    summary: string
    submittedAt: Date | null
    submittedBy: string | null
    authorisedAt: Date | null
    authorisedBy: string | null
    outcome: string | null
    outcomeLabel: string | null
    completedOn: string | null
  } | null
  readonly strategyDiscussions: readonly {
    id: string
    heldAt: Date
    heldOn: string
    decision: string
    decisionLabel: string
    immediateSafetyActions: string
    minutes: string
    attendees: { agency: string; name: string; role: string }[]
    actions: { action: string; owner: string; dueOn: string | null }[]
  }[]
  readonly section47Enquiries: readonly {
    id: string
    startedOn: string
    outcome: string | null
    conferenceRequired: boolean | null
    icpcNotRequired: boolean
    summary: string
    concludedOn: string | null
  }[]
  readonly conferences: readonly {
    id: string
    kind: string
    scheduledAt: Date
    chair: string | null
    heldOn: string | null
    decision: string | null
    decisionLabel: string | null
    dissent: string
    householdConsidered: { childId: string; name: string; note: string }[]
    invitations: {
      id: string
      kind: string
      organisationId: string | null
      name: string
      contact: string
      invitedAt: Date
    }[]
    reports: { id: string; organisation: string; author: string; text: string; submittedAt: Date }[]
  }[]
  readonly plans: readonly {
    id: string
    startedOn: string
    initialCategory: string
    initialCategoryLabel: string
    latestCategory: string
    latestCategoryLabel: string
    lead: string | null
    outlinePlan: string
    contingencyPlan: string
    endedOn: string | null
    endReason: string | null
    endReasonLabel: string | null
    stepDown: string | null
    members: { kind: string; organisationId: string | null; name: string; role: string }[]
    coreGroupMeetings: { id: string; heldOn: string; notes: string }[]
  }[]
  readonly childInNeedPlans: readonly {
    id: string
    startedOn: string
    outcomes: string
    endedOn: string | null
    reviews: { id: string; heldOn: string; notes: string }[]
  }[]
  readonly actions: readonly { step: EpisodeStep; label: string; href: string }[]
  readonly can: {
    allocate: boolean
    editAssessment: boolean
    submitAssessment: boolean
    scheduleConference: boolean
    invite: boolean
  }
  readonly pendingConference: string | null
  readonly openPlanId: string | null
  readonly options: {
    socialWorkers: { id: string; name: string }[]
    teamManagers: { id: string; name: string }[]
    chairs: { id: string; name: string }[]
    agencies: { id: string; name: string; kind: string }[]
    household: { id: string; name: string; dateOfBirth: string | null; relationship: string; sameHousehold: boolean }[]
    outcomes: Record<string, { value: string; text: string; to: string }[]>
  }
}
