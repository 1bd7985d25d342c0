/**
 * Recording a concern: "record, report, respond". Anyone who works with children writes down what they saw
 * or heard, facts only, as soon as they can; their designated safeguarding lead (DSL) then responds (see
 * workflow.ts). A concern is never edited or deleted afterwards: corrections and later information are
 * addenda.
 *
 * Time: the domain never reads the clock. `now` and every instant in the input are epoch milliseconds
 * (what `Date.prototype.getTime()` returns); the page turns the UK date and time the person typed into one.
 */
import { domainError, err, ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { MAX_BODY_MAP_MARKS, validateMark, type MarkInput, type ValidMark } from './bodyMap.js'
import { findOpinionWords, type OpinionWord } from './opinionCheck.js'
import { TEXT_LIMITS, textProblem } from './text.js'

export { TEXT_LIMITS, characterCount } from './text.js'

/**
 * How the categories group on the form. The first four are the statutory child protection categories (with
 * their CIN census codes: physical PHY, emotional EMO, sexual SAB, neglect NEG; domain.md §6 [C]). The
 * harm-outside-the-home group follows WT2023's list of extra-familial harms (domain.md §6 [S]).
 */
export const concernCategoryGroups = [
  { id: 'abuse_and_neglect', label: 'Abuse and neglect' },
  { id: 'harm_outside_the_home', label: 'Harm outside the home' },
  { id: 'other_concerns', label: 'Other concerns' },
] as const
export type ConcernCategoryGroupId = (typeof concernCategoryGroups)[number]['id']

export type ChildProtectionCode = 'PHY' | 'EMO' | 'SAB' | 'NEG'

export interface ConcernCategory {
  readonly id: string
  readonly label: string
  /** Plain English, for the checkbox hint. */
  readonly hint: string
  readonly group: ConcernCategoryGroupId
  /** The CIN census child protection category, for the four statutory ones only. */
  readonly cpCode?: ChildProtectionCode
}

const categories = [
  {
    id: 'physical_abuse',
    label: 'Physical abuse',
    hint: 'For example hitting, shaking, burning, or unexplained injuries',
    group: 'abuse_and_neglect',
    cpCode: 'PHY',
  },
  {
    id: 'emotional_abuse',
    label: 'Emotional abuse',
    hint: 'For example threats, humiliation, or being made to feel worthless or afraid',
    group: 'abuse_and_neglect',
    cpCode: 'EMO',
  },
  {
    id: 'sexual_abuse',
    label: 'Sexual abuse',
    hint: 'Including non-contact abuse, such as being shown sexual images',
    group: 'abuse_and_neglect',
    cpCode: 'SAB',
  },
  {
    id: 'neglect',
    label: 'Neglect',
    hint: 'For example not enough food, clothing, supervision, medical care or a safe home',
    group: 'abuse_and_neglect',
    cpCode: 'NEG',
  },
  {
    id: 'domestic_abuse',
    label: 'Domestic abuse',
    hint: 'Including a child seeing, hearing or experiencing abuse between adults at home',
    group: 'abuse_and_neglect',
  },
  {
    id: 'fgm',
    label: 'Female genital mutilation (FGM)',
    hint: 'Known or suspected, or a girl at risk of it',
    group: 'abuse_and_neglect',
  },
  {
    id: 'cse',
    label: 'Child sexual exploitation',
    hint: 'A child given something, such as gifts, money or attention, in exchange for sexual activity',
    group: 'harm_outside_the_home',
  },
  {
    id: 'cce',
    label: 'Child criminal exploitation, including county lines',
    hint: 'A child used to commit crime, such as carrying drugs or money',
    group: 'harm_outside_the_home',
  },
  {
    id: 'radicalisation',
    label: 'Radicalisation',
    hint: 'A child being drawn into extremist ideas or groups',
    group: 'harm_outside_the_home',
  },
  {
    id: 'online_harm',
    label: 'Online harm',
    hint: 'For example grooming, sharing images, or bullying online',
    group: 'harm_outside_the_home',
  },
  {
    id: 'child_on_child',
    label: 'Child-on-child abuse',
    hint: 'Abuse by another child, including sexual harassment and bullying',
    group: 'harm_outside_the_home',
  },
  { id: 'self_harm', label: 'Self-harm', hint: 'Including thoughts of suicide', group: 'other_concerns' },
  {
    id: 'missing_education',
    label: 'Missing education',
    hint: 'Not attending school, or not known to be in any education',
    group: 'other_concerns',
  },
  {
    id: 'other',
    label: 'Other',
    hint: 'Something else that worries you about the child’s safety or welfare',
    group: 'other_concerns',
  },
] as const satisfies readonly ConcernCategory[]

export type ConcernCategoryId = (typeof categories)[number]['id']

/** One table for the form, the stored values and the reports. Ids are stored: never change one. */
export const concernCategories: readonly (ConcernCategory & { readonly id: ConcernCategoryId })[] = categories

export const isConcernCategoryId = (value: string): value is ConcernCategoryId =>
  concernCategories.some((c) => c.id === value)

export const concernCategoryLabel = (id: ConcernCategoryId): string =>
  concernCategories.find((c) => c.id === id)?.label ?? id

/** A concern may name up to this many children (siblings seen together); more means separate concerns. */
export const MAX_CHILDREN_PER_CONCERN = 20
/** Clocks disagree a little: an observation up to this far in the future is accepted. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000
/** Observations older than this are refused as a likely typing mistake in the year. */
export const MAX_OBSERVATION_AGE_YEARS = 5
const MAX_OBSERVATION_AGE_MS = (MAX_OBSERVATION_AGE_YEARS * 365 + 2) * 24 * 60 * 60 * 1000
/** A police call logged more than this before the observation is taken to be a mistake. */
const POLICE_CALL_BEFORE_OBSERVATION_TOLERANCE_MS = 60 * 60 * 1000

/** What the "record a concern" form sends. Blank optional text is ''. */
export interface NewConcernInput {
  readonly childIds: readonly string[]
  readonly facts: string
  /** When it was seen or heard, epoch ms. */
  readonly observedAtMs?: number | undefined
  readonly place: string
  readonly childWords: string
  readonly othersPresent: string
  readonly categories: readonly string[]
  /** Only read when 'other' is a category. Optional even then. */
  readonly otherCategory?: string | undefined
  /** Only read when 'fgm' is a category: the girl said, or the person saw signs, that FGM has been carried out. */
  readonly fgmKnown?: boolean | undefined
  readonly bodyMap: readonly MarkInput[]
  readonly actionTaken: string
  /** The answer to "Is the child in immediate danger?"; undefined when not answered. */
  readonly immediateDanger?: boolean | undefined
  /** Only read when immediateDanger is true. */
  readonly policeCalledAtMs?: number | undefined
  /** Only read when immediateDanger is true. Trimmed; blank means none. */
  readonly policeReference?: string | undefined
}

export interface ValidConcern {
  /** Distinct, in the order given. */
  readonly childIds: readonly string[]
  /** Free text is verbatim: exactly as typed. */
  readonly facts: string
  readonly observedAtMs: number
  readonly place: string
  readonly childWords: string
  readonly othersPresent: string
  /** Distinct, in table order. */
  readonly categories: readonly ConcernCategoryId[]
  readonly otherCategory?: string
  /** Always false unless 'fgm' is a category. */
  readonly fgmKnown: boolean
  readonly bodyMap: readonly ValidMark[]
  readonly actionTaken: string
  readonly immediateDanger: boolean
  readonly policeCalledAtMs?: number
  readonly policeReference?: string
  /** Opinion words found in the facts: a hint for the page (see opinionHint), never an error. */
  readonly opinionWords: readonly OpinionWord[]
}

/** Field names in errors: the form's field names, for the error summary's links. */
export type ConcernField =
  | 'children'
  | 'facts'
  | 'observedAt'
  | 'place'
  | 'childWords'
  | 'othersPresent'
  | 'categories'
  | 'otherCategory'
  | 'fgmKnown'
  | 'bodyMap'
  | 'actionTaken'
  | 'immediateDanger'
  | 'policeCalledAt'
  | 'policeReference'

export type ConcernInvalidCode = 'CONCERN.INVALID'

export const concernMessages = {
  childrenMissing: 'Select the child or children this concern is about',
  tooManyChildren: `A concern can be about up to ${MAX_CHILDREN_PER_CONCERN} children – record a separate concern for the others`,
  factsMissing: 'Enter what you saw or heard',
  observedAtMissing: 'Enter the date and time you saw or heard this',
  observedAtInFuture: 'The date and time you saw or heard this must be in the past',
  observedAtTooOld: `The date you saw or heard this must be within the last ${MAX_OBSERVATION_AGE_YEARS} years – if a child told you about something that happened longer ago, enter when they told you`,
  placeMissing: 'Enter where you saw or heard this',
  categoriesMissing: 'Select at least one type of concern',
  categoryUnknown: 'Select types of concern from the list',
  fgmKnownMissing: 'Select whether the girl told you, or you saw signs, that FGM has been carried out',
  markChildUnknown: 'Select which of the children the mark is on',
  tooManyMarks: `You can add up to ${MAX_BODY_MAP_MARKS} marks to the body map`,
  immediateDangerMissing: 'Select yes if the child is in immediate danger',
  policeCalledAtInvalid: 'Enter a real date and time for your call to the police',
  policeCalledAtInFuture: 'The time you called the police must be in the past',
  policeCalledAtBeforeObservation: 'The time you called the police must be after the time you saw or heard this',
} as const

const isInstant = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n)

/**
 * Check a new concern against `nowMs` (epoch ms). Field errors (ConcernField → message) for everything wrong
 * at once, in form order; the error's message is the first of them. Rules:
 * - children: at least one, at most MAX_CHILDREN_PER_CONCERN (blank ids ignored, duplicates merged);
 * - facts required; observedAt required, not more than CLOCK_SKEW_MS in the future, not more than
 *   MAX_OBSERVATION_AGE_YEARS ago; place required; child's words, others present, action taken optional;
 * - every text within TEXT_LIMITS and free of control characters other than tab, LF, CR; kept verbatim;
 * - categories: at least one, all from concernCategories; fgmKnown answered when 'fgm' is chosen;
 * - body map: at most MAX_BODY_MAP_MARKS marks, each valid (the first bad one is reported, numbered);
 * - immediateDanger answered; when yes, policeCalledAt optional but not in the future nor well before the
 *   observation, and policeReference ≤ TEXT_LIMITS.policeReference. When no, police fields are ignored.
 * Opinion words in the facts are returned in `opinionWords`, never as an error.
 */
export function validateNewConcern(
  input: NewConcernInput,
  nowMs: number,
): Result<ValidConcern, DomainError<ConcernInvalidCode>> {
  const fields: Partial<Record<ConcernField, string>> = {}
  const text = (field: ConcernField, value: string, rule: Parameters<typeof textProblem>[1]): void => {
    const problem = textProblem(value, rule)
    if (problem !== undefined) fields[field] = problem
  }

  const childIds = [...new Set(input.childIds.map((id) => id.trim()).filter((id) => id !== ''))]
  if (childIds.length === 0) fields.children = concernMessages.childrenMissing
  else if (childIds.length > MAX_CHILDREN_PER_CONCERN) fields.children = concernMessages.tooManyChildren

  text('facts', input.facts, {
    label: 'What you saw or heard',
    max: TEXT_LIMITS.facts,
    missing: concernMessages.factsMissing,
  })

  const observedAtMs = input.observedAtMs
  if (!isInstant(observedAtMs)) fields.observedAt = concernMessages.observedAtMissing
  else if (observedAtMs > nowMs + CLOCK_SKEW_MS) fields.observedAt = concernMessages.observedAtInFuture
  else if (observedAtMs < nowMs - MAX_OBSERVATION_AGE_MS) fields.observedAt = concernMessages.observedAtTooOld

  text('place', input.place, {
    label: 'Where you saw or heard this',
    max: TEXT_LIMITS.place,
    missing: concernMessages.placeMissing,
  })
  text('childWords', input.childWords, { label: 'The child’s own words', max: TEXT_LIMITS.childWords })
  text('othersPresent', input.othersPresent, { label: 'Who else was there', max: TEXT_LIMITS.othersPresent })

  const chosen = input.categories.map((c) => c.trim()).filter((c) => c !== '')
  if (chosen.length === 0) fields.categories = concernMessages.categoriesMissing
  else if (!chosen.every(isConcernCategoryId)) fields.categories = concernMessages.categoryUnknown
  const categoryIds = concernCategories.map((c) => c.id).filter((id) => chosen.includes(id))

  const otherCategory =
    categoryIds.includes('other') && input.otherCategory !== undefined && input.otherCategory.trim() !== ''
      ? input.otherCategory
      : undefined
  if (otherCategory !== undefined)
    text('otherCategory', otherCategory, { label: 'The other type of concern', max: TEXT_LIMITS.otherCategory })

  const fgmChosen = categoryIds.includes('fgm')
  if (fgmChosen && input.fgmKnown === undefined) fields.fgmKnown = concernMessages.fgmKnownMissing

  const bodyMap: ValidMark[] = []
  if (input.bodyMap.length > MAX_BODY_MAP_MARKS) fields.bodyMap = concernMessages.tooManyMarks
  else {
    for (const [i, mark] of input.bodyMap.entries()) {
      const checked = validateMark(mark)
      if (checked.ok && checked.value.childId !== undefined && !childIds.includes(checked.value.childId)) {
        fields.bodyMap = `Body map mark ${i + 1}: ${concernMessages.markChildUnknown}`
        break
      } else if (checked.ok) bodyMap.push(checked.value)
      else {
        fields.bodyMap = `Body map mark ${i + 1}: ${checked.error.message}`
        break
      }
    }
  }

  text('actionTaken', input.actionTaken, { label: 'The action you have taken', max: TEXT_LIMITS.actionTaken })

  const danger = input.immediateDanger
  if (danger === undefined) fields.immediateDanger = concernMessages.immediateDangerMissing
  const policeCalledAtMs = danger === true ? input.policeCalledAtMs : undefined
  if (policeCalledAtMs !== undefined) {
    if (!Number.isFinite(policeCalledAtMs)) fields.policeCalledAt = concernMessages.policeCalledAtInvalid
    else if (policeCalledAtMs > nowMs + CLOCK_SKEW_MS) fields.policeCalledAt = concernMessages.policeCalledAtInFuture
    else if (isInstant(observedAtMs) && policeCalledAtMs < observedAtMs - POLICE_CALL_BEFORE_OBSERVATION_TOLERANCE_MS) {
      fields.policeCalledAt = concernMessages.policeCalledAtBeforeObservation
    }
  }
  const reference = danger === true ? input.policeReference?.trim() : undefined
  const policeReference = reference === undefined || reference === '' ? undefined : reference
  if (policeReference !== undefined)
    text('policeReference', policeReference, { label: 'The police reference', max: TEXT_LIMITS.policeReference })

  const messages = Object.values(fields)
  if (messages.length > 0 || !isInstant(observedAtMs) || danger === undefined) {
    return err(domainError('CONCERN.INVALID', messages[0] ?? concernMessages.observedAtMissing, fields))
  }
  return ok({
    childIds,
    facts: input.facts,
    observedAtMs,
    place: input.place,
    childWords: input.childWords,
    othersPresent: input.othersPresent,
    categories: categoryIds,
    ...(otherCategory === undefined ? {} : { otherCategory }),
    fgmKnown: fgmChosen && input.fgmKnown === true,
    bodyMap,
    actionTaken: input.actionTaken,
    immediateDanger: danger,
    ...(policeCalledAtMs === undefined ? {} : { policeCalledAtMs }),
    ...(policeReference === undefined ? {} : { policeReference }),
    opinionWords: findOpinionWords(input.facts),
  })
}
