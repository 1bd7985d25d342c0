/**
 * What happens to a concern after it is recorded, as data: one table of transitions and one table of
 * decision kinds, read by the use cases, the pages and the tests alike.
 *
 *   new ──acknowledge──▶ acknowledged ──request_information──▶ information_requested
 *                             ▲  │ ◀────────provide_information─────────┘    │
 *                             │  └──decide──▶ decided ◀──────decide──────────┘
 *                             decided ──decide──▶ decided (a later decision: refer after monitoring)
 *   add_addendum: in every state, state unchanged.
 *
 * Deciding while a request for information is outstanding is allowed on purpose: a DSL must never be held
 * up in escalating a concern by an unanswered question. The author can still add an addendum afterwards.
 *
 * Who: the organisation's safeguarding leads act on its concerns (acknowledge, ask, decide); the author
 * answers requests; both may add addenda. Whether a particular person may act is the access policy's call
 * (src/domain/access/policy.ts); `who` here documents the rule and drives which buttons a page shows.
 */
import { addMonths, compareLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import type { Role } from '../../../platform/identity/roles.js'
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import type { TimescaleRuleId } from '../../timescales/domain/rules.js'
import { collectTextProblem, TEXT_LIMITS, textProblem } from './text.js'
import { wordList } from '../../../platform/shared/wordList.js'

export const {
  ids: concernStates,
  is: isConcernState,
  labels: concernStateLabels,
} = wordList({
  new: 'New',
  acknowledged: 'Acknowledged',
  information_requested: 'More information requested',
  decided: 'Decision made',
})
export type ConcernState = (typeof concernStates)[number]

export const concernEvents = [
  'acknowledge',
  'request_information',
  'provide_information',
  'decide',
  'add_addendum',
] as const
export type ConcernEvent = (typeof concernEvents)[number]

/** Who may cause an event: the concern's author, or a safeguarding lead of the organisation that recorded it. */
export type ConcernActorKind = 'author' | 'safeguarding_lead'

/**
 * Roles that act as the organisation's safeguarding lead for its concerns: the DSL and deputies, and in
 * health bodies the health safeguarding lead (an integrated care board has no DSL role). Matches the access
 * policy's concern.manage rule.
 */
export const CONCERN_LEAD_ROLES: readonly Role[] = ['dsl', 'deputy_dsl', 'health_lead']

export interface ConcernTransition {
  readonly event: ConcernEvent
  /** Button and history label. */
  readonly label: string
  readonly from: readonly ConcernState[]
  /** The new state, or 'unchanged'. */
  readonly to: ConcernState | 'unchanged'
  readonly who: readonly ConcernActorKind[]
}

export const concernTransitions: readonly ConcernTransition[] = [
  { event: 'acknowledge', label: 'Acknowledge', from: ['new'], to: 'acknowledged', who: ['safeguarding_lead'] },
  {
    event: 'request_information',
    label: 'Ask for more information',
    from: ['acknowledged'],
    to: 'information_requested',
    who: ['safeguarding_lead'],
  },
  {
    event: 'provide_information',
    label: 'Give more information',
    from: ['information_requested'],
    to: 'acknowledged',
    who: ['author'],
  },
  {
    event: 'decide',
    label: 'Record a decision',
    from: ['acknowledged', 'information_requested', 'decided'],
    to: 'decided',
    who: ['safeguarding_lead'],
  },
  {
    event: 'add_addendum',
    label: 'Add an addendum',
    from: concernStates,
    to: 'unchanged',
    who: ['author', 'safeguarding_lead'],
  },
]

const transitionFor = (event: ConcernEvent): ConcernTransition => {
  const found = concernTransitions.find((t) => t.event === event)
  if (found === undefined) throw new Error(`No transition for ${event}`)
  return found
}

export type TransitionNotAllowedCode = 'CONCERN.TRANSITION_NOT_ALLOWED'

/** Why an event is refused in a state, in words a DSL or author understands. */
function refusal(state: ConcernState, event: ConcernEvent): string {
  switch (event) {
    case 'acknowledge':
      return 'This concern has already been acknowledged'
    case 'request_information':
      if (state === 'new') return 'Acknowledge the concern before asking for more information'
      if (state === 'information_requested')
        return 'You have already asked for more information – wait for the answer, or record a decision'
      return 'A decision has been recorded – add an addendum instead'
    case 'provide_information':
      return 'No one has asked for more information about this concern – add an addendum instead'
    case 'decide':
      return 'Acknowledge the concern before recording a decision'
    case 'add_addendum':
      return 'You cannot add an addendum to this concern'
  }
}

/** The state after `event`, or CONCERN.TRANSITION_NOT_ALLOWED with the reason. */
export function transition(
  state: ConcernState,
  event: ConcernEvent,
): Result<ConcernState, DomainError<TransitionNotAllowedCode>> {
  const t = transitionFor(event)
  if (!t.from.includes(state)) return err(domainError('CONCERN.TRANSITION_NOT_ALLOWED', refusal(state, event)))
  return ok(t.to === 'unchanged' ? state : t.to)
}

/** Events possible in a state, in table order (for which buttons to show, before checking who). */
export const allowedEvents = (state: ConcernState): ConcernEvent[] =>
  concernTransitions.filter((t) => t.from.includes(state)).map((t) => t.event)

/** How a person relates to a concern: its author, a lead of the organisation that recorded it, both, or neither. */
export function concernActorKinds(
  actor: { readonly userId: string; readonly organisationId: string; readonly roles: readonly Role[] },
  concern: { readonly authorUserId: string; readonly organisationId: string },
): ConcernActorKind[] {
  const kinds: ConcernActorKind[] = []
  if (actor.userId === concern.authorUserId) kinds.push('author')
  if (actor.organisationId === concern.organisationId && actor.roles.some((r) => CONCERN_LEAD_ROLES.includes(r)))
    kinds.push('safeguarding_lead')
  return kinds
}

/** Whether someone who is `kinds` may cause `event` (state aside: see transition). */
export const mayCause = (event: ConcernEvent, kinds: readonly ConcernActorKind[]): boolean =>
  transitionFor(event).who.some((w) => kinds.includes(w))

// ——— Text that comes with an event ———

export type EventTextInvalidCode = 'CONCERN.TEXT_INVALID'

const eventTextRules = {
  request_information: {
    label: 'Your request',
    max: TEXT_LIMITS.informationRequest,
    missing: 'Enter what more information you need',
  },
  provide_information: {
    label: 'The information',
    max: TEXT_LIMITS.informationResponse,
    missing: 'Enter the information you were asked for',
  },
  add_addendum: { label: 'The addendum', max: TEXT_LIMITS.addendum, missing: 'Enter the addendum' },
} as const

/**
 * The text of a request for information, an answer, or an addendum: required, within its limit, verbatim.
 * Field name 'text'. (Acknowledging needs no text; decisions use validateDecision.)
 */
export function validateEventText(
  event: keyof typeof eventTextRules,
  text: string,
): Result<string, DomainError<EventTextInvalidCode>> {
  const problem = textProblem(text, eventTextRules[event])
  return problem === undefined ? ok(text) : err(domainError('CONCERN.TEXT_INVALID', problem, { text: problem }))
}

// ——— Decisions ———

/** Fields a decision form may have besides the kind and the rationale (which every decision needs). */
export type DecisionExtraField = 'reviewOn' | 'policeReference' | 'reportedOn'

export interface DecisionKind {
  readonly id: string
  /** Radio label. */
  readonly label: string
  /** Radio hint: what choosing it means. */
  readonly hint: string
  /** The rationale box's label for this kind. */
  readonly rationaleLabel: string
  readonly requires: readonly DecisionExtraField[]
  readonly optional: readonly DecisionExtraField[]
  /**
   * A timescale clock this decision starts (register a deadline for it). The clock counts from the rule's own
   * clock start, which may be earlier than the decision: for `lado-referral`, the date the organisation
   * became aware of the allegation, i.e. the date the concern was recorded.
   */
  readonly startsRule?: TimescaleRuleId
  /**
   * The started clock's due date is this field of the decision (a review date the DSL chose), not the rule's
   * arithmetic; it starts on the day of the decision.
   */
  readonly dueOnField?: 'reviewOn'
  /** A timescale clock this decision meets (complete the open deadline). */
  readonly satisfiesRule?: TimescaleRuleId
  /** The use case creates a referral to the child's local authority children's social care. */
  readonly createsReferral: boolean
}

const decisionKindRows = [
  {
    id: 'no_further_action',
    label: 'No further action',
    hint: 'The concern does not need any action now.',
    rationaleLabel: 'Why is no further action needed?',
    requires: [],
    optional: [],
    createsReferral: false,
  },
  {
    id: 'monitor',
    label: 'Monitor',
    hint: 'Watch for further signs, and review the concern by a set date.',
    rationaleLabel: 'What will be monitored, and why?',
    requires: ['reviewOn'],
    optional: [],
    startsRule: 'concern-monitor-review',
    dueOnField: 'reviewOn',
    createsReferral: false,
  },
  {
    id: 'internal_support',
    label: 'Support within the organisation',
    hint: 'For example pastoral support, a mentor, or the school nurse.',
    rationaleLabel: 'What support, and why?',
    requires: [],
    optional: [],
    createsReferral: false,
  },
  {
    id: 'early_help',
    label: 'Early help',
    hint: 'Offer early help to the child and family, with their agreement, through your local early help process.',
    rationaleLabel: 'Why early help?',
    requires: [],
    optional: [],
    createsReferral: false,
  },
  {
    id: 'refer_to_childrens_social_care',
    label: 'Refer to children’s social care',
    hint: 'The child may be in need, or suffering or likely to suffer significant harm. This sends a referral to the local authority.',
    rationaleLabel: 'Why are you referring?',
    requires: [],
    optional: [],
    createsReferral: true,
  },
  {
    id: 'inform_police',
    label: 'Inform the police',
    hint: 'A crime may have been committed against the child. If a child is in immediate danger, call 999 first.',
    rationaleLabel: 'Why are you informing the police?',
    requires: [],
    optional: ['policeReference'],
    createsReferral: false,
  },
  {
    id: 'lado',
    label: 'Refer to the LADO',
    hint: 'An allegation about an adult who works with children: they may have harmed a child, committed an offence against a child, or be unsuitable to work with children.',
    rationaleLabel: 'Why does this need the LADO?',
    requires: [],
    optional: [],
    startsRule: 'lado-referral',
    createsReferral: false,
  },
  {
    id: 'fgm_report_made',
    label: 'FGM reported to the police',
    hint: 'The person who learned of known FGM in a girl under 18 has reported it to the police, as the law requires of them personally.',
    rationaleLabel: 'Who reported it, and anything else to note',
    requires: ['reportedOn'],
    optional: ['policeReference'],
    satisfiesRule: 'fgm-police-report',
    createsReferral: false,
  },
] as const satisfies readonly DecisionKind[]

export type DecisionKindId = (typeof decisionKindRows)[number]['id']

/** The decision kinds, in the order the form lists them. Ids are stored: never change one. */
export const decisionKinds: readonly (DecisionKind & { readonly id: DecisionKindId })[] = decisionKindRows

export const isDecisionKindId = (value: string): value is DecisionKindId => decisionKinds.some((k) => k.id === value)

export const findDecisionKind = (id: DecisionKindId): DecisionKind & { readonly id: DecisionKindId } => {
  const kind = decisionKinds.find((k) => k.id === id)
  if (kind === undefined) throw new Error(`No decision kind ${id}`)
  return kind
}

/** A review date is at most this far ahead: monitoring without looking again for longer is not monitoring. */
export const MAX_REVIEW_MONTHS = 12

export interface DecisionInput {
  readonly kind?: string | undefined
  readonly rationale: string
  /** For 'monitor'. */
  readonly reviewOn?: LocalDate | undefined
  /** For 'inform_police' and 'fgm_report_made'. Trimmed; blank means none. */
  readonly policeReference?: string | undefined
  /** For 'fgm_report_made': the day the report was made. */
  readonly reportedOn?: LocalDate | undefined
}

export interface ValidDecision {
  readonly kind: DecisionKindId
  /** Verbatim. */
  readonly rationale: string
  readonly reviewOn?: LocalDate
  readonly policeReference?: string
  readonly reportedOn?: LocalDate
}

export type DecisionField = 'kind' | 'rationale' | DecisionExtraField
export type DecisionInvalidCode = 'CONCERN.DECISION_INVALID'

export const decisionMessages = {
  kindMissing: 'Select what you have decided',
  rationaleMissing: 'Enter the reason for your decision',
  noFurtherActionRationaleMissing: 'Enter why no further action is needed',
  reviewOnMissing: 'Enter a review date',
  reviewOnNotFuture: 'Review date must be in the future',
  reviewOnTooFar: `Review date must be within ${MAX_REVIEW_MONTHS} months`,
  reportedOnMissing: 'Enter the date the report was made',
  reportedOnInFuture: 'The date the report was made must be today or in the past',
} as const

/**
 * Check a DSL's decision on `today`. One decision kind per decision, always with a rationale; a later
 * decision can follow (refer after monitoring). Fields the chosen kind does not use are ignored (they come
 * from the radios' conditional reveals). Rules: kind from decisionKinds; rationale required, ≤
 * TEXT_LIMITS.rationale; monitor → reviewOn after today and within MAX_REVIEW_MONTHS; fgm_report_made →
 * reportedOn today or earlier; policeReference ≤ TEXT_LIMITS.policeReference.
 */
export function validateDecision(
  input: DecisionInput,
  today: LocalDate,
): Result<ValidDecision, DomainError<DecisionInvalidCode>> {
  const fields: Partial<Record<DecisionField, string>> = {}
  const kindText = input.kind?.trim() ?? ''
  const kind = isDecisionKindId(kindText) ? findDecisionKind(kindText) : undefined
  if (kind === undefined) fields.kind = decisionMessages.kindMissing

  collectTextProblem(fields, 'rationale', input.rationale, {
    label: 'The reason for your decision',
    max: TEXT_LIMITS.rationale,
    missing:
      kind?.id === 'no_further_action'
        ? decisionMessages.noFurtherActionRationaleMissing
        : decisionMessages.rationaleMissing,
  })

  const uses = (field: DecisionExtraField): boolean =>
    kind !== undefined && (kind.requires.includes(field) || kind.optional.includes(field))
  const needs = (field: DecisionExtraField): boolean => kind !== undefined && kind.requires.includes(field)

  const reviewOn = uses('reviewOn') ? input.reviewOn : undefined
  if (reviewOn === undefined) {
    if (needs('reviewOn')) fields.reviewOn = decisionMessages.reviewOnMissing
  } else if (compareLocalDate(reviewOn, today) <= 0) fields.reviewOn = decisionMessages.reviewOnNotFuture
  else if (compareLocalDate(reviewOn, addMonths(today, MAX_REVIEW_MONTHS)) > 0)
    fields.reviewOn = decisionMessages.reviewOnTooFar

  const reportedOn = uses('reportedOn') ? input.reportedOn : undefined
  if (reportedOn === undefined) {
    if (needs('reportedOn')) fields.reportedOn = decisionMessages.reportedOnMissing
  } else if (compareLocalDate(reportedOn, today) > 0) fields.reportedOn = decisionMessages.reportedOnInFuture

  const reference = uses('policeReference') ? input.policeReference?.trim() : undefined
  const policeReference = reference === undefined || reference === '' ? undefined : reference
  if (policeReference !== undefined) {
    collectTextProblem(fields, 'policeReference', policeReference, {
      label: 'The police reference',
      max: TEXT_LIMITS.policeReference,
    })
  }

  const messages = Object.values(fields)
  if (messages.length > 0 || kind === undefined) {
    return err(domainError('CONCERN.DECISION_INVALID', messages[0] ?? decisionMessages.kindMissing, fields))
  }
  return ok({
    kind: kind.id,
    rationale: input.rationale,
    ...(reviewOn === undefined ? {} : { reviewOn }),
    ...(policeReference === undefined ? {} : { policeReference }),
    ...(reportedOn === undefined ? {} : { reportedOn }),
  })
}
