/**
 * Multi-agency visibility of a child's protection work in the chronology: each agency sees the entries it has a
 * reason to see, and nothing more (WT2023: information shared on a need-to-know basis; issue 5 point 10).
 *
 * - The local authority that holds the case: its children's social care staff see every entry.
 * - The agency that made the referral: that it was received, acknowledged and decided (feedback to the referrer).
 * - An agency invited to a conference: its own invitation, that conference's date and decision summary, and its
 *   own report — not other agencies' invitations or reports.
 * - A member of the core group: the plan's start, category and end, and the core group meetings.
 * - An agency that answered a request for information: its own request and its answer.
 *
 * Strategy discussions, section 47 enquiries, episode steps and child in need plans stay with the local
 * authority. The relationship is worked out per referral (and its episode) by the use case; this module decides.
 */
import { episodeTransitions, type EpisodeStep } from './episode.js'
import { wordList } from '../../../platform/shared/wordList.js'

export const {
  ids: protectionEntryKinds,
  labels: protectionEntryLabels,
  is: isProtectionEntryKind,
} = wordList({
  referral: 'Referral',
  referral_acknowledged: 'Referral acknowledged',
  referral_decided: 'Front door decision',
  episode_step: 'Case decision',
  strategy_discussion: 'Strategy discussion',
  section47_started: 'Section 47 enquiry started',
  section47_concluded: 'Section 47 enquiry concluded',
  conference_invitation: 'Conference invitation',
  conference_held: 'Child protection conference',
  conference_report: 'Report to conference',
  plan_started: 'Child protection plan started',
  plan_ended: 'Child protection plan ended',
  core_group_meeting: 'Core group meeting',
  cin_plan_started: 'Child in need plan started',
  cin_review: 'Child in need review',
  cin_plan_ended: 'Child in need plan ended',
  agency_information_requested: 'Information requested from an agency',
  agency_information_given: 'Information given by an agency',
})
export type ProtectionEntryKind = (typeof protectionEntryKinds)[number]

/** One organisation's relationship to one referral and the episode it started (if any). */
export interface CaseRelationship {
  /** Children's social care staff of the local authority that holds the case (the policy's episode.view). */
  readonly holdsCase: boolean
  /** The viewer's organisation made the referral. */
  readonly madeReferral: boolean
  /** Conferences of this episode the viewer's organisation was invited to (and the viewer leads its safeguarding). */
  readonly invitedConferenceIds: readonly string[]
  /** The viewer's organisation sits in the core group of this episode's plan (and the viewer leads its safeguarding). */
  readonly coreGroupMember: boolean
  /** Requests for information about this referral that the viewer's organisation answered. */
  readonly answeredRequestIds: readonly string[]
}

export const noRelationship: CaseRelationship = {
  holdsCase: false,
  madeReferral: false,
  invitedConferenceIds: [],
  coreGroupMember: false,
  answeredRequestIds: [],
}

/**
 * How much of a kind of entry a relationship shows: every entry of the kind on this case, only the viewer's own
 * (its invitation, its report), only those about a conference it was invited to, or only those about a request
 * it answered.
 */
export type EntryScope = 'all' | 'own_organisation' | 'invited_conference' | 'answered_request'

/** Which kinds of entry an organisation may see, given its relationship to the case, and how far. */
export function visibleProtectionKinds(rel: CaseRelationship): ReadonlyMap<ProtectionEntryKind, EntryScope> {
  const kinds = new Map<ProtectionEntryKind, EntryScope>()
  if (rel.holdsCase) {
    for (const k of protectionEntryKinds) kinds.set(k, 'all')
    return kinds
  }
  if (rel.madeReferral)
    for (const k of ['referral', 'referral_acknowledged', 'referral_decided'] as const) kinds.set(k, 'all')
  if (rel.invitedConferenceIds.length > 0) {
    kinds.set('conference_invitation', 'own_organisation')
    kinds.set('conference_held', 'invited_conference')
    kinds.set('conference_report', 'own_organisation')
  }
  if (rel.coreGroupMember)
    for (const k of ['plan_started', 'plan_ended', 'core_group_meeting'] as const) kinds.set(k, 'all')
  if (rel.answeredRequestIds.length > 0) {
    kinds.set('agency_information_requested', 'answered_request')
    kinds.set('agency_information_given', 'answered_request')
  }
  return kinds
}

/** What decides whether one entry is the viewer's to see, beyond its kind. */
export interface ProtectionEntryFacts {
  readonly kind: ProtectionEntryKind
  /** The organisation the entry belongs to: the invited agency, the report's author agency. */
  readonly organisationId?: string | undefined
  readonly conferenceId?: string | undefined
  readonly requestId?: string | undefined
}

export function mayViewProtectionEntry(
  rel: CaseRelationship,
  viewerOrganisationId: string,
  entry: ProtectionEntryFacts,
): boolean {
  const scope = visibleProtectionKinds(rel).get(entry.kind)
  switch (scope) {
    case undefined:
      return false
    case 'all':
      return true
    case 'own_organisation':
      return (
        entry.organisationId === viewerOrganisationId &&
        entry.conferenceId !== undefined &&
        rel.invitedConferenceIds.includes(entry.conferenceId)
      )
    case 'invited_conference':
      return entry.conferenceId !== undefined && rel.invitedConferenceIds.includes(entry.conferenceId)
    case 'answered_request':
      return entry.requestId !== undefined && rel.answeredRequestIds.includes(entry.requestId)
  }
}

/**
 * Steps whose own records carry them into the chronology (the decision on the referral, the strategy discussion,
 * the section 47 conclusion, conferences, core groups, plans); the remaining steps appear as "case decision"
 * entries, so each event shows once.
 */
export const stepsShownByTheirOwnRecords: ReadonlySet<EpisodeStep> = new Set<EpisodeStep>([
  'decide_referral',
  'record_strategy_discussion',
  'conclude_section_47',
  'hold_initial_conference',
  'hold_review_conference',
  'record_core_group',
  'end_plan',
  'review_child_in_need_plan',
  'close_episode',
])

/** What each step is, as a chronology says it (the outcome follows). */
export const stepNames: Readonly<Record<EpisodeStep, string>> = {
  decide_referral: 'Front door decision',
  request_strategy_discussion: 'Strategy discussion asked for',
  record_strategy_discussion: 'Strategy discussion',
  conclude_section_47: 'Section 47 enquiry concluded',
  complete_assessment: 'Child and family assessment authorised',
  hold_initial_conference: 'Initial child protection conference',
  record_core_group: 'Core group meeting',
  hold_review_conference: 'Review child protection conference',
  end_plan: 'Child protection plan ended',
  review_child_in_need_plan: 'Child in need plan reviewed',
  close_episode: 'Case closed',
}

/** The words for a step's outcome from the transition table ("Child protection plan"), or the outcome itself. */
export function outcomeLabel(step: string, outcome: string): string {
  return episodeTransitions.find((t) => t.step === step && t.outcome === outcome)?.label ?? outcome.replace(/_/g, ' ')
}
