/**
 * An information-sharing decision: one record for every share and every refusal to share, as the golden rules
 * ask (HM Government, Information sharing: advice for practitioners, 2024; rule 7: record the reasons for every
 * decision, to share or not) and the ICO data sharing code expects. Sources: shared/domain.md §5,
 * shared/domain-2026.md §2 ("Data to capture").
 *
 * The lawful basis is UK GDPR Art 6 (as amended by the Data (Use and Access) Act 2025, which adds "recognised
 * legitimate interest"), with Art 9(2)(g) and DPA 2018 Sch 1 para 18 when special category data (health, for
 * example) is shared, and any statutory gateway relied on. CA 2004 s16LA (the duty to share, Children's Wellbeing
 * and Schools Act 2026) is offered only once the partnership records that it has commenced.
 *
 * Pure: the page and the API hand in what was typed; the validation answers with field errors keyed by the form's
 * field names, or a decision ready to store.
 */
import { compareLocalDate, parseLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { hasProblems, invalidFields } from '../../../platform/shared/problems.js'
import { idsOf, wordList, yesNo } from '../../../platform/shared/wordList.js'

export const { ids: directions, labels: directionLabels } = wordList({
  proactive: 'We decided to share without being asked',
  answering_request: 'Another organisation asked us for information',
  refusal: 'We decided not to share information we hold',
})
export type Direction = (typeof directions)[number]

export const { ids: decisions, labels: decisionLabels } = wordList({
  share: 'Share',
  share_in_part: 'Share in part',
  not_share: 'Do not share',
  seek_advice: 'Seek advice first',
})
export type Decision = (typeof decisions)[number]

export const { ids: lawfulBases, labels: lawfulBasisLabels } = wordList({
  public_task: 'Public task: UK GDPR Article 6(1)(e)',
  legal_obligation: 'Legal obligation: UK GDPR Article 6(1)(c)',
  vital_interests: 'Vital interests: UK GDPR Article 6(1)(d)',
  legitimate_interests: 'Legitimate interests: UK GDPR Article 6(1)(f)',
  recognised_legitimate_interest: 'Recognised legitimate interest, safeguarding: UK GDPR Article 6(1)(ea)',
  consent: 'Consent: UK GDPR Article 6(1)(a)',
})
export type LawfulBasis = (typeof lawfulBases)[number]

export const { ids: specialCategoryAnswers, labels: specialCategoryLabels } = wordList({
  none: 'No special category information',
  safeguarding:
    'Special category information, shared under Article 9(2)(g) and the Data Protection Act 2018, Schedule 1, paragraph 18 (safeguarding of children and of individuals at risk)',
})
export type SpecialCategory = (typeof specialCategoryAnswers)[number]

export const { ids: gateways, labels: gatewayLabels } = wordList({
  ca1989_s47: 'Children Act 1989, section 47 (enquiries about significant harm)',
  ca1989_s27: 'Children Act 1989, section 27 (help for the local authority)',
  ca2004_s11: 'Children Act 2004, section 11 (duty to safeguard and promote welfare)',
  ca2004_s16la: 'Children Act 2004, section 16LA (duty to share information)',
  fgm_2003_s5b: 'Female Genital Mutilation Act 2003, section 5B (duty to report)',
})
export type Gateway = (typeof gateways)[number]

export const { ids: consentStates, labels: consentLabels } = wordList({
  not_needed_risk: 'Not needed: the child is at risk, or there is a perceived risk, of harm',
  given: 'Asked for, and given',
  refused: 'Asked for, and refused',
  not_sought: 'Not asked for',
})
export type ConsentState = (typeof consentStates)[number]

export const TEXT_MAX = 10_000
export const NAME_MAX = 200

export const sharingMessages = {
  direction: 'Select how this decision came about',
  decision: 'Select the decision',
  refusalDirection: 'A decision not to share cannot be a share: select ‘Do not share’',
  requestedBy: 'Enter who asked for the information',
  adviceFrom: 'Enter whom you asked for advice',
  adviceSoughtOn: 'Enter the date you asked for advice, like 27 11 2026',
  adviceSoughtOnFuture: 'The date you asked for advice must be today or in the past',
  lawfulBasis: 'Select the lawful basis for sharing',
  consentBasis: 'Consent can be the lawful basis only if consent was asked for and given',
  specialCategory: 'Select whether you are sharing special category information, such as health information',
  gatewayNotInForce: 'Section 16LA of the Children Act 2004 is not in force in this area yet',
  gateway: 'Select a statutory gateway from the list',
  consent: 'Select whether consent was needed, asked for or given',
  consentNotSoughtReason: 'Explain why consent was not asked for',
  told: 'Select whether the child or family was told',
  toldReason: 'Explain why the child or family was not told',
  identitiesAtRisk: 'Select whether anyone could be harmed if their identity became known',
  redactions: 'Describe what you removed to protect people’s identities',
  detriment: 'Select whether sharing would be more harmful to the child than not sharing',
  detrimentReasons: 'Explain why sharing would be more harmful to the child',
  necessity: 'Explain why sharing is necessary and proportionate',
  summary: 'Choose the chronology entries you are sharing, or write a summary of what you are sharing',
  recipientOrganisation: 'Select the organisation',
  recipientPerson: 'Enter the name of the person you are sharing with',
  sharedOn: 'Enter the date the information was shared, like 27 11 2026',
  sharedOnFuture: 'The date shared must be today or in the past',
  refusalReasons: 'Explain why you decided not to share',
  tooLong: `Must be ${TEXT_MAX} characters or fewer`,
  nameTooLong: `Must be ${NAME_MAX} characters or fewer`,
} as const

/** What the form or the API sends: strings as typed, blank meaning "not given". */
export interface SharingDecisionInput {
  readonly direction?: string | undefined
  readonly decision?: string | undefined
  readonly requestedBy?: string | undefined
  readonly adviceFrom?: string | undefined
  /** YYYY-MM-DD. */
  readonly adviceSoughtOn?: string | undefined
  readonly lawfulBasis?: string | undefined
  readonly specialCategory?: string | undefined
  readonly gateways?: readonly string[] | undefined
  readonly consent?: string | undefined
  readonly consentNotSoughtReason?: string | undefined
  /** 'yes' or 'no': were the child or family told? */
  readonly told?: string | undefined
  readonly toldReason?: string | undefined
  /** 'yes' or 'no': could someone be harmed if identified (golden rule 5)? */
  readonly identitiesAtRisk?: string | undefined
  readonly redactions?: string | undefined
  /** 'yes' or 'no': would sharing be more detrimental to the child than not (CA 2004 s16LA(3))? */
  readonly detriment?: string | undefined
  readonly detrimentReasons?: string | undefined
  readonly necessity?: string | undefined
  /** Ids of chronology entries (concerns) being shared; checked against what the sharer may share by the step. */
  readonly entryIds?: readonly string[] | undefined
  readonly summary?: string | undefined
  readonly recipientOrganisationId?: string | undefined
  readonly recipientPerson?: string | undefined
  /** YYYY-MM-DD. */
  readonly sharedOn?: string | undefined
  readonly refusalReasons?: string | undefined
}

/** What else decides what is valid: today, and whether the partnership has recorded s16LA as commenced. */
export interface SharingContext {
  readonly today: LocalDate
  readonly section16LaInForce: boolean
}

interface Common {
  readonly direction: Direction
  readonly requestedBy: string | null
  readonly recipientOrganisationId: string
  readonly recipientPerson: string | null
  readonly consent: ConsentState
  readonly consentNotSoughtReason: string | null
}

/** A share, in full or in part: everything the golden rules ask to be recorded. */
export interface ValidShare extends Common {
  readonly decision: 'share' | 'share_in_part'
  readonly lawfulBasis: LawfulBasis
  readonly specialCategory: SpecialCategory
  readonly gateways: readonly Gateway[]
  readonly told: boolean
  readonly toldReason: string | null
  readonly identitiesAtRisk: boolean
  readonly redactions: string | null
  readonly necessity: string
  readonly entryIds: readonly string[]
  readonly summary: string | null
  readonly recipientPerson: string
  readonly sharedOn: LocalDate
}

/** A decision not to share, with its reasons (rule 7: be ready to justify a refusal). */
export interface ValidRefusal extends Common {
  readonly decision: 'not_share'
  readonly refusalReasons: string
  readonly detrimentReasons: string | null
}

/** Advice sought before deciding (rule 4): from whom and when. */
export interface ValidAdviceSought extends Common {
  readonly decision: 'seek_advice'
  readonly adviceFrom: string
  readonly adviceSoughtOn: LocalDate
}

export type ValidSharingDecision = ValidShare | ValidRefusal | ValidAdviceSought

export type SharingInvalidCode = 'SHARING.INVALID'

const oneOf = <T extends string>(list: readonly T[], value: string | undefined): T | undefined =>
  (list as readonly string[]).includes(value?.trim() ?? '') ? (value?.trim() as T) : undefined

const yesOrNo = idsOf(yesNo)

/** The questions answered from a closed list, each with its message in sharingMessages. */
type ClosedQuestion =
  'direction' | 'decision' | 'consent' | 'lawfulBasis' | 'specialCategory' | 'told' | 'identitiesAtRisk' | 'detriment'

/** The dates, each with its messages in sharingMessages: when it is missing, and when it is in the future. */
type DateQuestion = 'adviceSoughtOn' | 'sharedOn'

/** The questions answered in words, each with its message in sharingMessages for when it is required but blank. */
type WrittenQuestion = Extract<
  Exclude<keyof SharingDecisionInput, ClosedQuestion | DateQuestion>,
  keyof typeof sharingMessages
>

/** Blank text is "not given". */
const orNull = (value: string): string | null => (value === '' ? null : value)

const text = (value: string | undefined): string => (value ?? '').replace(/\r\n?/g, '\n').trim()

/**
 * Checks a decision. Rules, as the guided form walks them:
 * - how it came about (proactive, answering a request — then who asked —, or a refusal) and the decision;
 *   a refusal is always "do not share";
 * - every decision records the recipient organisation (who would receive, or who asked) and the consent state
 *   (not needed because of risk, given, refused, or not asked for and why);
 * - a share records the lawful basis (consent only if consent was given), whether special category data is in it,
 *   any statutory gateway, whether the child or family was told (or why not), whether identities are at risk (and
 *   what was redacted), the detriment test (a share that would be more harmful to the child than not sharing is
 *   refused: decide not to share instead), why it is necessary and proportionate, what is shared (entries or a
 *   summary), to whom and when;
 * - a decision not to share records its reasons; seeking advice records from whom and when.
 */
export function validateSharingDecision(
  input: SharingDecisionInput,
  context: SharingContext,
): Result<ValidSharingDecision, DomainError<SharingInvalidCode>> {
  const fields: Record<string, string> = {}
  /** The answer in words, trimmed; refused when too long, or when blank while `required` (with its message). */
  const written = (name: WrittenQuestion, required: boolean, max = TEXT_MAX): string => {
    const value = text(input[name])
    if (value.length > max) fields[name] = max === NAME_MAX ? sharingMessages.nameTooLong : sharingMessages.tooLong
    if (required && value === '') fields[name] = sharingMessages[name]
    return value
  }
  const date = (name: DateQuestion): LocalDate | undefined => {
    const parsed = parseLocalDate(text(input[name]))
    if (!parsed.ok) {
      fields[name] = sharingMessages[name]
      return undefined
    }
    if (compareLocalDate(parsed.value, context.today) > 0) {
      fields[name] = sharingMessages[`${name}Future`]
      return undefined
    }
    return parsed.value
  }
  /** The answer to a closed question, or undefined with the question's message. */
  const choice = <T extends string>(name: ClosedQuestion, list: readonly T[]): T | undefined => {
    const chosen = oneOf(list, input[name])
    if (chosen === undefined) fields[name] = sharingMessages[name]
    return chosen
  }

  const direction = choice('direction', directions)
  const decision = choice('decision', decisions)
  if (direction === 'refusal' && decision !== undefined && decision !== 'not_share')
    fields.decision = sharingMessages.refusalDirection

  const requestedBy = written('requestedBy', direction === 'answering_request', NAME_MAX)

  const recipientOrganisationId = text(input.recipientOrganisationId)
  if (recipientOrganisationId === '') fields.recipientOrganisationId = sharingMessages.recipientOrganisation

  const consent = choice('consent', consentStates)
  const consentNotSoughtReason = written('consentNotSoughtReason', consent === 'not_sought')

  // Required for a share only, where it is checked with the share's other answers.
  const recipientPerson = written('recipientPerson', false, NAME_MAX)
  // What every decision records; undefined while the direction or the consent is missing (already in `fields`).
  const common =
    direction === undefined || consent === undefined
      ? undefined
      : {
          direction,
          consent,
          requestedBy: direction === 'answering_request' ? requestedBy : null,
          recipientOrganisationId,
          consentNotSoughtReason: consent === 'not_sought' ? consentNotSoughtReason : null,
          // Optional but for a share, which names the person it went to (below).
          recipientPerson: orNull(recipientPerson),
        }
  // Whether anything was refused. Each branch also checks that the answers it needs are there, for the compiler:
  // they always are when nothing was refused.
  const refused = (): boolean => hasProblems(fields)

  if (decision === 'share' || decision === 'share_in_part') {
    const lawfulBasis = choice('lawfulBasis', lawfulBases)
    if (lawfulBasis === 'consent' && consent !== undefined && consent !== 'given')
      fields.lawfulBasis = sharingMessages.consentBasis
    const specialCategory = choice('specialCategory', specialCategoryAnswers)
    const chosenGateways: Gateway[] = []
    for (const g of input.gateways ?? []) {
      const gateway = oneOf(gateways, g)
      if (gateway === undefined) fields.gateways = sharingMessages.gateway
      else if (gateway === 'ca2004_s16la' && !context.section16LaInForce)
        fields.gateways = sharingMessages.gatewayNotInForce
      else if (!chosenGateways.includes(gateway)) chosenGateways.push(gateway)
    }
    const told = choice('told', yesOrNo)
    const toldReason = written('toldReason', told === 'no')
    const identitiesAtRisk = choice('identitiesAtRisk', yesOrNo)
    const redactions = written('redactions', identitiesAtRisk === 'yes')
    const detriment = choice('detriment', yesOrNo)
    // Sharing that would harm the child more than not sharing is not a share: record a decision not to share.
    if (detriment === 'yes') fields.decision = 'Sharing would be more harmful to the child: select ‘Do not share’'
    const necessity = written('necessity', true)
    const entryIds = [...new Set((input.entryIds ?? []).map((e) => e.trim()).filter((e) => e !== ''))]
    const summary = written('summary', entryIds.length === 0)
    if (recipientPerson === '') fields.recipientPerson = sharingMessages.recipientPerson
    const sharedOn = date('sharedOn')
    if (
      refused() ||
      common === undefined ||
      lawfulBasis === undefined ||
      specialCategory === undefined ||
      told === undefined ||
      identitiesAtRisk === undefined ||
      sharedOn === undefined
    )
      return invalid(fields)
    return ok({
      ...common,
      decision,
      lawfulBasis,
      specialCategory,
      gateways: chosenGateways,
      told: told === 'yes',
      toldReason: told === 'no' ? toldReason : null,
      identitiesAtRisk: identitiesAtRisk === 'yes',
      redactions: identitiesAtRisk === 'yes' ? redactions : null,
      necessity,
      entryIds,
      summary: orNull(summary),
      recipientPerson,
      sharedOn,
    })
  }

  if (decision === 'not_share') {
    const refusalReasons = written('refusalReasons', true)
    const detrimentReasons = written('detrimentReasons', false)
    if (refused() || common === undefined) return invalid(fields)
    return ok({ ...common, decision, refusalReasons, detrimentReasons: orNull(detrimentReasons) })
  }

  if (decision === 'seek_advice') {
    const adviceFrom = written('adviceFrom', true, NAME_MAX)
    const adviceSoughtOn = date('adviceSoughtOn')
    if (refused() || common === undefined || adviceSoughtOn === undefined) return invalid(fields)
    return ok({ ...common, decision, adviceFrom, adviceSoughtOn })
  }
  return invalid(fields)
}

function invalid(fields: Record<string, string>): Result<never, DomainError<SharingInvalidCode>> {
  // With nothing else to point at, the decision itself is what is wrong.
  return invalidFields('SHARING.INVALID', hasProblems(fields) ? fields : { decision: sharingMessages.decision })
}

/** Whether a decision puts information in another organisation's hands (and so makes it involved). */
export const isShare = (d: ValidSharingDecision): d is ValidShare =>
  d.decision === 'share' || d.decision === 'share_in_part'
