import { formatLocalDate } from '../../../platform/calendar/localDate.js'
import { domainError } from '../../../platform/shared/result.js'
import { oneRecordView } from '../../../platform/steps/readOneWithAudit.js'
import { todayInEngland } from '../../timescales/steps/partnershipClock.js'
import { labelOf } from '../../../platform/shared/wordList.js'
import {
  closureReasonLabels,
  episodeOriginLabels,
  familyHelpLevelLabels,
  practitionerRoleLabels,
} from '../domain/codes.js'
import {
  familyHelpPhaseLabels,
  familyHelpStepsAvailable,
  isFamilyHelpPhase,
  planPaused,
  type FamilyHelpStep,
} from '../domain/episode.js'
import { decideFamilyHelp } from '../domain/policy.js'
import { waitsForLeadPractitioner } from '../domain/rules.js'
import { loadFamilyHelpEpisode } from './episodeAccess.js'
import { stepsWithAuthors } from './episodeRecords.js'

export interface FamilyHelpStepRecord {
  readonly id: string
  readonly step: string
  readonly outcome: string
  readonly occurredOn: string
  readonly details: Record<string, unknown>
  readonly actorName: string
  readonly actorOrganisation: string
}

export interface FamilyHelpEpisodeView {
  readonly id: string
  readonly reference: string
  readonly level: string
  readonly origin: string
  readonly phase: string
  readonly phaseLabel: string
  readonly planPaused: boolean
  readonly openedOn: string
  readonly closedOn: string | null
  readonly closureReason: string | null
  readonly lead: { readonly name: string; readonly organisation: string } | null
  readonly consentWithdrawn: boolean
  readonly children: readonly { readonly id: string | null; readonly name: string }[]
  readonly adults: readonly { readonly name: string; readonly relationship: string }[]
  readonly team: readonly {
    readonly organisation: string
    readonly name: string | null
    readonly role: string
    readonly joinedOn: string
    readonly leftOn: string | null
  }[]
  readonly previousEpisodeId: string | null
  readonly nextEpisodeId: string | null
  readonly socialCareEpisodeId: string | null
  readonly stepUpReferralIds: readonly string[]
  readonly steps: readonly FamilyHelpStepRecord[]
  readonly clocks: readonly {
    readonly ruleId: string
    readonly title: string
    readonly dueOn: string
    readonly overdue: boolean
  }[]
  /** Steps this person may take now, in table order. */
  readonly actions: readonly FamilyHelpStep[]
  /** Whether only records from before consent was withdrawn are shown to this person. */
  readonly limitedToBeforeWithdrawal: boolean
}

/**
 * One episode as a person may see it (getFamilyHelpEpisode): an agency outside the team gets "not found"
 * (audited, never revealing the episode exists); a team member after consent was withdrawn sees only what was
 * recorded before. Every view is audited with the reason.
 */
export const viewFamilyHelpEpisode = oneRecordView({
  subjectType: 'family_help_episode',
  viewed: 'family_help.viewed',
  denied: 'family_help.view_denied',
  missing: 'no such episode',
  notFound: domainError('FAMILY_HELP.NOT_FOUND', 'There is no such family help episode'),
  load: (tx, episodeId) => loadFamilyHelpEpisode(tx, episodeId),
  access: (actor, loaded) => decideFamilyHelp(actor, { kind: 'family_help.view', episode: loaded.facts }),
  seen: (loaded) => ({ id: loaded.episode.id, details: { childIds: loaded.childIds } }),
  show: async (loaded, { tx, actor, decision: view, now }): Promise<FamilyHelpEpisodeView> => {
    const e = loaded.episode
    const cutoff = view.scope === 'before_consent_withdrawn' ? e.consentWithdrawnAt : null
    let stepsQuery = stepsWithAuthors(tx)
      .select(['s.id', 's.step', 's.outcome', 's.occurred_on', 's.details', 'u.display_name', 'o.name'])
      .where('s.episode_id', '=', e.id)
    if (cutoff !== null) stepsQuery = stepsQuery.where('s.created_at', '<=', cutoff)
    const [steps, members, extra, lead, next, clocks] = await Promise.all([
      stepsQuery.orderBy('s.seq').execute(),
      tx
        .selectFrom('family_help_member')
        .select(['child_id', 'name', 'relationship'])
        .where('episode_id', '=', e.id)
        .orderBy('created_at')
        .execute(),
      tx
        .selectFrom('family_help_episode')
        .select(['social_care_episode_id', 'step_up_referral_ids', 'closure_reason'])
        .where('id', '=', e.id)
        .executeTakeFirstOrThrow(),
      e.leadUserId === null
        ? Promise.resolve(undefined)
        : tx
            .selectFrom('app_user as u')
            .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
            .select(['u.display_name', 'o.name'])
            .where('u.id', '=', e.leadUserId)
            .executeTakeFirst(),
      tx.selectFrom('family_help_episode').select('id').where('previous_episode_id', '=', e.id).executeTakeFirst(),
      tx
        .selectFrom('deadline')
        .select(['rule_id', 'title', 'due_on'])
        .where('subject_type', '=', 'family_help_episode')
        .where('subject_id', '=', e.id)
        .where('completed_at', 'is', null)
        .orderBy('due_on')
        .execute(),
    ])
    const todayText = formatLocalDate(todayInEngland(now))
    const phase = isFamilyHelpPhase(e.phase) ? e.phase : 'closed'
    const actions = familyHelpStepsAvailable(phase).filter(
      (step) =>
        !waitsForLeadPractitioner(step, e.leadUserId !== null) &&
        decideFamilyHelp(actor, { kind: 'family_help.act', episode: loaded.facts, step }).allowed,
    )
    return {
      id: e.id,
      reference: e.reference,
      level: labelOf(familyHelpLevelLabels, e.level),
      origin: labelOf(episodeOriginLabels, e.origin),
      phase,
      phaseLabel: familyHelpPhaseLabels[phase],
      planPaused: planPaused(phase),
      openedOn: e.openedOn,
      closedOn: e.closedOn,
      closureReason: extra.closure_reason === null ? null : labelOf(closureReasonLabels, extra.closure_reason),
      lead: lead === undefined ? null : { name: lead.display_name, organisation: lead.name },
      consentWithdrawn: e.consentWithdrawnAt !== null,
      children: members.filter((m) => m.child_id !== null).map((m) => ({ id: m.child_id, name: m.name })),
      adults: members.filter((m) => m.child_id === null).map((m) => ({ name: m.name, relationship: m.relationship })),
      team: loaded.team.map((m) => ({
        organisation: m.organisationName,
        name: m.userName,
        role: labelOf(practitionerRoleLabels, m.practitionerRole),
        joinedOn: m.joinedOn,
        leftOn: m.leftOn,
      })),
      previousEpisodeId: e.previousEpisodeId,
      nextEpisodeId: next?.id ?? null,
      socialCareEpisodeId: extra.social_care_episode_id,
      stepUpReferralIds: extra.step_up_referral_ids,
      steps: steps.map((s) => ({
        id: s.id,
        step: s.step,
        outcome: s.outcome,
        occurredOn: s.occurred_on,
        details: s.details,
        actorName: s.display_name,
        actorOrganisation: s.name,
      })),
      clocks: clocks.map((c) => ({
        ruleId: c.rule_id,
        title: c.title,
        dueOn: c.due_on,
        overdue: c.due_on < todayText,
      })),
      actions,
      limitedToBeforeWithdrawal: cutoff !== null,
    }
  },
})
