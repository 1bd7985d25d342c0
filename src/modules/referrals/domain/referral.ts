/**
 * Referrals to local-authority children's social care, from anyone (WT2023: "anyone can refer"): a DSL's
 * decision on a concern, a professional's referral form, or a member of the public. What a referral holds and
 * how it is checked, as data and pure functions; the use cases in src/application/referrals store it.
 *
 * Sources: ../shared/domain.md section 3 ("Referral content (data fields)", who refers) and section 8 (CIN
 * census ReferralSource codes, src/domain/protection/codes.ts); section 1 T1 (decide within one working day)
 * and T20/T21 (police protection, emergency protection orders).
 */
import { compareLocalDate, formatLocalDate, type LocalDate } from '../../../platform/calendar/localDate.js'
import { isChild } from '../../children/domain/child.js'
import { hasForbiddenCharacters, textProblem, type TextRule } from '../../concerns/domain/text.js'
import type { OrganisationKind } from '../../../platform/identity/organisations.js'
import { hasProblems, invalidFields } from '../../../platform/shared/problems.js'
import { ok, type DomainError, type Result } from '../../../platform/shared/result.js'
import { isReferralSource, type ReferralSource } from '../../protection/domain/codes.js'
import { outcomesFor } from '../../protection/domain/episode.js'
import { wordList } from '../../../platform/shared/wordList.js'

/** How a referral reached the front door. Stored: never change an id. */
export const {
  ids: referralChannels,
  is: isReferralChannel,
  labels: referralChannelLabels,
} = wordList({
  dsl_decision: 'Designated safeguarding lead’s decision',
  professional: 'Professional referral form',
  public: 'Member of the public',
})
export type ReferralChannel = (typeof referralChannels)[number]

/** A referral is open ('received') until the front door decides; the decision opens the episode. */
export const referralStates = ['received', 'decided'] as const
export type ReferralState = (typeof referralStates)[number]

export type ReferralInvalidCode = 'REFERRAL.INVALID'
type Fields = Record<string, string>
const invalid = (fields: Fields): Result<never, DomainError<ReferralInvalidCode>> =>
  invalidFields('REFERRAL.INVALID', fields, 'Check the referral')

/** Notes a text's problem under its field, unless the field has one already: every problem is reported at once. */
function noteText(fields: Fields, field: string, text: string, rule: TextRule): void {
  const problem = textProblem(text, rule)
  if (problem !== undefined && fields[field] === undefined) fields[field] = problem
}

// ——— Who referred: the CIN census ReferralSource ———

export interface ReferringOrganisation {
  readonly organisationId: string
  readonly kind: OrganisationKind
  readonly localAreaId: string
}

/**
 * The census source a referral from an organisation defaults to. Schools 2A and colleges ("education
 * services") 2B; GPs 3A; NHS trusts and integrated care boards 3F ("other health": the form lets a health
 * visitor, school nurse or A&E choose 3B–3E); police 6; probation and youth justice 7 ("other legal agency");
 * early years settings, charities, faith groups and clubs 8 ("other: voluntary sector, children's centres").
 * A local authority is 5A when it is the children's social care receiving the referral, 5B when it is another
 * department of the same local authority (same local area), and 5C when it is another local authority.
 */
export function defaultReferralSource(
  from: ReferringOrganisation,
  to: { readonly organisationId: string; readonly localAreaId: string },
): ReferralSource {
  switch (from.kind) {
    case 'school':
      return '2A'
    case 'college':
      return '2B'
    case 'gp_practice':
      return '3A'
    case 'nhs_trust':
    case 'icb':
      return '3F'
    case 'police_force':
    case 'british_transport_police':
      return '6'
    case 'probation':
    case 'youth_justice':
    case 'prison':
    case 'secure_training_centre':
      return '7'
    case 'housing':
      return '4'
    // A district council is a separate authority from the county's children's services, so not "5B other
    // department"; its housing work comes through a housing provider (4), anything else is "other" (8).
    case 'district_council':
    case 'independent_sector':
    case 'early_years':
    case 'voluntary_charity':
    case 'faith_group':
    case 'sports_youth_club':
      return '8'
    case 'la_childrens_social_care':
      if (from.organisationId === to.organisationId) return '5A'
      return from.localAreaId === to.localAreaId ? '5B' : '5C'
  }
}

/** The public form's "Who are you?" answers and the census source each one records. */
export const publicReferrerKinds = [
  { id: 'family', label: 'A parent, relative or carer of the child', source: '1A' },
  { id: 'acquaintance', label: 'A neighbour, friend of the family or someone else who knows them', source: '1B' },
  { id: 'self', label: 'I am the child or young person', source: '1C' },
  { id: 'other', label: 'Someone else', source: '1D' },
  { id: 'anonymous', label: 'I would rather not say who I am', source: '9' },
] as const satisfies readonly { id: string; label: string; source: ReferralSource }[]
export type PublicReferrerKind = (typeof publicReferrerKinds)[number]['id']

export const publicReferralSource = (kind: string): ReferralSource | undefined =>
  publicReferrerKinds.find((k) => k.id === kind)?.source

// ——— Parents' knowledge and consent ———

export const {
  ids: consentAnswers,
  is: isParentalConsent,
  labels: consentLabels,
} = wordList({
  given: 'Yes, they agreed to the referral',
  refused: 'No, they refused – I am referring without consent',
  not_sought: 'I did not ask them',
})
export type ParentalConsent = (typeof consentAnswers)[number]

export interface ConsentInput {
  /** 'yes' | 'no' */
  readonly parentsAware?: string | undefined
  readonly parentalConsent?: string | undefined
  readonly consentNotSoughtReason?: string | undefined
  /** What the parents or carers said, if they know. */
  readonly parentsViews?: string | undefined
}

export interface ValidConsent {
  readonly parentsAware: boolean
  readonly parentalConsent: ParentalConsent
  /** Present exactly when consent was not sought. */
  readonly consentNotSoughtReason?: string
  readonly parentsViews: string
}

export const consentMessages = {
  parentsAwareMissing: 'Select whether the child’s parents or carers know about this referral',
  consentMissing: 'Select whether the parents or carers agreed to the referral',
  reasonMissing: 'Enter why you did not ask the parents or carers for their agreement',
} as const

export const REASON_MAX = 2_000
export const TEXT_MAX = 5_000

/**
 * Whether the parents know, whether they agreed, and — when their agreement was not sought — why (information
 * sharing golden rules: record the reasons, for example that asking would put the child at greater risk).
 * Field names parentsAware, parentalConsent, consentNotSoughtReason, parentsViews.
 */
export function validateConsent(input: ConsentInput): Result<ValidConsent, DomainError<ReferralInvalidCode>> {
  const fields: Fields = {}
  const aware = input.parentsAware?.trim() ?? ''
  if (aware !== 'yes' && aware !== 'no') fields.parentsAware = consentMessages.parentsAwareMissing
  const consent = input.parentalConsent?.trim() ?? ''
  if (!isParentalConsent(consent)) fields.parentalConsent = consentMessages.consentMissing
  const reason = input.consentNotSoughtReason ?? ''
  if (consent === 'not_sought')
    noteText(fields, 'consentNotSoughtReason', reason, {
      label: 'The reason',
      max: REASON_MAX,
      missing: consentMessages.reasonMissing,
    })
  const views = input.parentsViews ?? ''
  noteText(fields, 'parentsViews', views, { label: 'The parents’ views', max: TEXT_MAX })
  if (hasProblems(fields) || !isParentalConsent(consent)) return invalid(fields)
  return ok({
    parentsAware: aware === 'yes',
    parentalConsent: consent,
    ...(consent === 'not_sought' ? { consentNotSoughtReason: reason } : {}),
    parentsViews: views,
  })
}

// ——— Whether the family may be told who referred ———

/**
 * Whether the referrer's identity must be kept from the family. Stored: never change an id. 'not_asked' is what
 * referrals made before the question existed hold (and an API client that does not answer it): shown as
 * "Not asked", never as "No".
 */
export const { is: isIdentityWithheld, labels: identityWithheldLabels } = wordList({
  yes: 'Yes – do not tell the family who made this referral',
  no: 'No',
  not_asked: 'Not asked',
})
export type IdentityWithheld = keyof typeof identityWithheldLabels

export interface IdentityInput {
  /** 'yes' | 'no' */
  readonly identityWithheld?: string | undefined
  readonly identityWithheldReason?: string | undefined
}

export interface ValidIdentity {
  readonly withheld: 'yes' | 'no'
  /** Why, when withheld; '' when not given (the public may leave it out). */
  readonly reason: string
}

export const identityMessages = {
  professionalMissing: 'Select yes if the family must not be told who made this referral',
  professionalReasonMissing: 'Enter why the family must not be told who made this referral',
  publicMissing: 'Select yes if we should not tell the child’s family who you are',
} as const

/**
 * The referrer's answer. A professional gives the reason (it is weighed when the front door talks to the family);
 * a member of the public may. A reason typed before choosing "No" is dropped, never stored. Field names
 * identityWithheld, identityWithheldReason.
 */
export function validateIdentity(
  input: IdentityInput,
  who: 'professional' | 'public',
): Result<ValidIdentity, DomainError<ReferralInvalidCode>> {
  const answer = trimmed(input.identityWithheld)
  if (answer !== 'yes' && answer !== 'no')
    return invalid({
      identityWithheld: who === 'public' ? identityMessages.publicMissing : identityMessages.professionalMissing,
    })
  if (answer === 'no') return ok({ withheld: 'no', reason: '' })
  const reason = input.identityWithheldReason ?? ''
  const problem = textProblem(reason, {
    label: 'The reason',
    max: REASON_MAX,
    ...(who === 'professional' ? { missing: identityMessages.professionalReasonMissing } : {}),
  })
  if (problem !== undefined) return invalid({ identityWithheldReason: problem })
  return ok({ withheld: 'yes', reason: reason.trim() === '' ? '' : reason })
}

// ——— What a referral says (domain.md section 3, "Referral content") ———

export type ReferralDetailSection = 'concern' | 'child' | 'family' | 'history'

export interface ReferralDetailField {
  /** Form field and key in referral.details. Stored: never change one. */
  readonly name: string
  readonly section: ReferralDetailSection
  readonly label: string
  readonly hint?: string
  readonly max: number
  /** When set, the answer is required and this is the message for a blank one. */
  readonly missing?: string
}

export const referralSectionHeadings: Readonly<Record<ReferralDetailSection, string>> = {
  concern: 'The concern',
  child: 'The child',
  family: 'The family and household',
  history: 'History and what is already in place',
}

/** The free-text questions of the professional referral form, in form order. */
export const referralDetailFields: readonly ReferralDetailField[] = [
  {
    name: 'concern',
    section: 'concern',
    label: 'What are you worried about?',
    hint: 'What has happened or been said, including any allegation. Facts, not opinions.',
    max: 10_000,
    missing: 'Enter what you are worried about',
  },
  {
    name: 'concernSource',
    section: 'concern',
    label: 'How do you know?',
    hint: 'What you saw or heard yourself, or who told you.',
    max: TEXT_MAX,
  },
  {
    name: 'concernWhen',
    section: 'concern',
    label: 'When did it happen?',
    hint: 'For example, “this morning at about 8:30” or “over the last month”.',
    max: 500,
  },
  { name: 'concernWhere', section: 'concern', label: 'Where did it happen?', max: 500 },
  {
    name: 'childLocation',
    section: 'concern',
    label: 'Where is the child now, and how are they?',
    hint: 'Their location and condition, and whether they can go home safely today.',
    max: TEXT_MAX,
    missing: 'Enter where the child is now and how they are',
  },
  { name: 'addresses', section: 'child', label: 'The child’s current and previous addresses', max: TEXT_MAX },
  { name: 'ethnicity', section: 'child', label: 'Ethnicity', max: 200 },
  { name: 'language', section: 'child', label: 'First language', max: 200 },
  { name: 'religion', section: 'child', label: 'Religion', max: 200 },
  {
    name: 'communicationNeeds',
    section: 'child',
    label: 'Interpreter or communication needs',
    hint: 'For the child and for the family.',
    max: 1_000,
  },
  { name: 'disabilities', section: 'child', label: 'Disabilities', max: 1_000 },
  {
    name: 'developmentalNeeds',
    section: 'child',
    label: 'The child’s developmental needs',
    hint: 'Health, education, emotional development, identity, relationships.',
    max: TEXT_MAX,
  },
  { name: 'parentalResponsibility', section: 'family', label: 'Who has parental responsibility?', max: 1_000 },
  {
    name: 'household',
    section: 'family',
    label: 'Who lives in the household, and who visits?',
    hint: 'Names, ages and relationship to the child, including other children.',
    max: TEXT_MAX,
  },
  { name: 'significantFamily', section: 'family', label: 'Other significant family members', max: TEXT_MAX },
  {
    name: 'parentalCapacity',
    section: 'family',
    label: 'The parents’ or carers’ capacity to meet the child’s needs',
    max: TEXT_MAX,
  },
  {
    name: 'allegedPerpetrator',
    section: 'history',
    label: 'The person alleged to have caused harm, if anyone',
    hint: 'Name, relationship to the child, and whether they have contact with the child now.',
    max: 2_000,
  },
  { name: 'history', section: 'history', label: 'History and previous concerns', max: TEXT_MAX },
  {
    name: 'existingAssessments',
    section: 'history',
    label: 'Existing assessments and support',
    hint: 'For example an early help assessment, a team around the family, or support from your organisation.',
    max: TEXT_MAX,
  },
]

/** Parental factors a referrer can tick (domain.md section 3). Stored: never change an id. */
export const parentalFactors = [
  { id: 'domestic_abuse', label: 'Domestic abuse' },
  { id: 'mental_health', label: 'Mental ill health' },
  { id: 'substance_misuse', label: 'Drug or alcohol misuse' },
  { id: 'learning_disability', label: 'Learning disability' },
] as const
export type ParentalFactor = (typeof parentalFactors)[number]['id']
const isParentalFactor = (value: string): value is ParentalFactor => parentalFactors.some((f) => f.id === value)

// ——— The child, when the referrer's organisation has no record of them ———

export interface ChildDetailsInput {
  readonly givenName?: string | undefined
  readonly familyName?: string | undefined
  readonly dateOfBirth?: LocalDate | undefined
  /** An age or approximate age, when the date of birth is not known ("about 7"). */
  readonly age?: string | undefined
  readonly sex?: string | undefined
  readonly address?: string | undefined
  /** What the child looks like or how to find them, when the name is not known (public form). */
  readonly description?: string | undefined
}

/** Stored as referral.child_details until the front door links the referral to a child record. */
export interface ChildDetails {
  readonly givenName: string
  readonly familyName: string
  /** YYYY-MM-DD */
  readonly dateOfBirth?: string
  readonly age?: string
  readonly sex?: string
  readonly address?: string
  readonly description?: string
}

export const childDetailsMessages = {
  givenNameMissing: 'Enter the child’s first name',
  familyNameMissing: 'Enter the child’s last name',
  nameOrDescriptionMissing: 'Enter the child’s name, or describe the child if you do not know their name',
  dateOfBirthInFuture: 'Date of birth must be in the past',
  notUnder18: 'The child must be under 18 — this date of birth makes them 18 or over',
} as const

const trimmed = (s: string | undefined) => (s ?? '').trim()

/**
 * The child as the referrer describes them. A professional must name the child; a member of the public may not
 * know the name, so a description will do. Field names childGivenName, childFamilyName, childDateOfBirth,
 * childAge, childSex, childAddress, childDescription.
 */
export function validateChildDetails(
  input: ChildDetailsInput,
  today: LocalDate,
  who: 'professional' | 'public',
): Result<ChildDetails, DomainError<ReferralInvalidCode>> {
  const fields: Fields = {}
  const givenName = trimmed(input.givenName)
  const familyName = trimmed(input.familyName)
  const description = input.description ?? ''
  if (who === 'professional') {
    if (givenName === '') fields.childGivenName = childDetailsMessages.givenNameMissing
    if (familyName === '') fields.childFamilyName = childDetailsMessages.familyNameMissing
  } else if (givenName === '' && familyName === '' && description.trim() === '') {
    fields.childGivenName = childDetailsMessages.nameOrDescriptionMissing
  }
  for (const [field, value, label, max] of [
    ['childGivenName', givenName, 'First name', 100],
    ['childFamilyName', familyName, 'Last name', 100],
    ['childAge', trimmed(input.age), 'Age', 50],
    ['childSex', trimmed(input.sex), 'Sex', 50],
    ['childAddress', input.address ?? '', 'Address', 1_000],
    ['childDescription', description, 'Description', 2_000],
  ] as const)
    noteText(fields, field, value, { label, max })
  const dob = input.dateOfBirth
  if (dob !== undefined) {
    if (compareLocalDate(dob, today) > 0) fields.childDateOfBirth = childDetailsMessages.dateOfBirthInFuture
    else if (!isChild(dob, today)) fields.childDateOfBirth = childDetailsMessages.notUnder18
  }
  if (hasProblems(fields)) return invalid(fields)
  const optional = (key: keyof ChildDetails, value: string) => (value.trim() === '' ? {} : { [key]: value })
  return ok({
    givenName,
    familyName,
    ...(dob === undefined ? {} : { dateOfBirth: formatLocalDate(dob) }),
    ...optional('age', trimmed(input.age)),
    ...optional('sex', trimmed(input.sex)),
    ...optional('address', input.address ?? ''),
    ...optional('description', description),
  })
}

/** How the child is named on lists before the referral is linked to a record. */
export function childDetailsName(details: Partial<ChildDetails>): string {
  const name = `${details.givenName ?? ''} ${details.familyName ?? ''}`.trim()
  return name === '' ? 'Name not known' : name
}

// ——— A professional's referral ———

export interface ProfessionalReferralInput {
  readonly immediateDanger?: boolean | undefined
  /** The detail fields by name (referralDetailFields). */
  readonly details: Readonly<Record<string, string | undefined>>
  readonly parentalFactors: readonly string[]
  readonly consent: ConsentInput
  readonly referrerRelationship?: string | undefined
  readonly referrerAnonymous?: boolean | undefined
  /**
   * Whether the family must not be told who referred (the form always asks; required when given). Left out (an
   * older API client), it follows referrerAnonymous when that is sent, and is otherwise 'not_asked'.
   */
  readonly identity?: IdentityInput | undefined
  readonly referrerContact?: string | undefined
  /** The census source the referrer chose; blank means the default for their organisation. */
  readonly sourceCode?: string | undefined
}

export interface ValidProfessionalReferral {
  readonly immediateDanger: boolean
  /** Answered fields only, verbatim, plus parentalFactors. */
  readonly details: Readonly<Record<string, string | readonly string[]>>
  readonly consent: ValidConsent
  readonly referrerRelationship: string
  readonly referrerAnonymous: boolean
  readonly identityWithheld: IdentityWithheld
  readonly identityWithheldReason: string
  readonly referrerContact: string
  readonly sourceCode: ReferralSource
}

export const referralMessages = {
  immediateDangerMissing: 'Select yes if the child is in immediate danger',
  sourceInvalid: 'Select who is making the referral from the list',
  factorInvalid: 'Select parental factors from the list',
} as const

/** Checks a professional's referral; every problem at once, keyed by form field. */
export function validateProfessionalReferral(
  input: ProfessionalReferralInput,
  defaultSource: ReferralSource,
): Result<ValidProfessionalReferral, DomainError<ReferralInvalidCode>> {
  const fields: Fields = {}
  if (input.immediateDanger === undefined) fields.immediateDanger = referralMessages.immediateDangerMissing
  const details: Record<string, string | readonly string[]> = {}
  for (const f of referralDetailFields) {
    const value = input.details[f.name] ?? ''
    const problem = textProblem(value, {
      label: f.label.replace(/\?$/, ''),
      max: f.max,
      ...(f.missing === undefined ? {} : { missing: f.missing }),
    })
    if (problem !== undefined) fields[f.name] = problem
    else if (value.trim() !== '') details[f.name] = value
  }
  const factors = [...new Set(input.parentalFactors)]
  if (!factors.every(isParentalFactor)) fields.parentalFactors = referralMessages.factorInvalid
  else if (factors.length > 0) details.parentalFactors = factors
  const consent = validateConsent(input.consent)
  if (!consent.ok) Object.assign(fields, consent.error.fields)
  const identity = input.identity === undefined ? undefined : validateIdentity(input.identity, 'professional')
  if (identity !== undefined && !identity.ok) Object.assign(fields, identity.error.fields)
  for (const [field, value, label, max] of [
    ['referrerRelationship', input.referrerRelationship ?? '', 'Your relationship to the child and family', 1_000],
    ['referrerContact', input.referrerContact ?? '', 'How to contact you', 500],
  ] as const)
    noteText(fields, field, value, { label, max })
  const source = trimmed(input.sourceCode) === '' ? defaultSource : trimmed(input.sourceCode)
  if (!isReferralSource(source)) fields.sourceCode = referralMessages.sourceInvalid
  if (
    hasProblems(fields) ||
    !consent.ok ||
    input.immediateDanger === undefined ||
    !isReferralSource(source) ||
    (identity !== undefined && !identity.ok)
  )
    return invalid(fields)
  const withheld: IdentityWithheld =
    identity !== undefined
      ? identity.value.withheld
      : input.referrerAnonymous === undefined
        ? 'not_asked'
        : input.referrerAnonymous
          ? 'yes'
          : 'no'
  return ok({
    immediateDanger: input.immediateDanger,
    details,
    consent: consent.value,
    referrerRelationship: input.referrerRelationship ?? '',
    referrerAnonymous: withheld === 'yes',
    identityWithheld: withheld,
    identityWithheldReason: identity?.value.reason ?? '',
    referrerContact: input.referrerContact ?? '',
    sourceCode: source,
  })
}

// ——— A member of the public's report ———

export interface PublicReferralInput {
  readonly referrerKind?: string | undefined
  readonly immediateDanger?: boolean | undefined
  readonly child: ChildDetailsInput
  readonly concern: string
  readonly childLocation?: string | undefined
  /** 'yes' | 'no' | 'not_sure' */
  readonly parentsAware?: string | undefined
  readonly referrerName?: string | undefined
  readonly referrerEmail?: string | undefined
  readonly referrerPhone?: string | undefined
  /** Whether the family must not be told who they are: asked by the form; left out, recorded as not asked. */
  readonly identity?: IdentityInput | undefined
}

export interface ValidPublicReferral {
  readonly referrerKind: PublicReferrerKind
  readonly sourceCode: ReferralSource
  readonly immediateDanger: boolean
  readonly child: ChildDetails
  readonly concern: string
  readonly childLocation: string
  /** null: not sure. */
  readonly parentsAware: boolean | null
  /** Anonymous reports keep no name, even if one was typed before choosing "I would rather not say". */
  readonly referrerName: string
  readonly referrerEmail: string
  readonly referrerPhone: string
  readonly identityWithheld: IdentityWithheld
  /** '' when not given. */
  readonly identityWithheldReason: string
}

export const publicMessages = {
  referrerKindMissing: 'Select who you are',
  concernMissing: 'Tell us what you are worried about',
  parentsAwareMissing: 'Select whether the child’s parents or carers know you are telling us',
  emailInvalid: 'Enter an email address in the correct format, like name@example.com',
} as const

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Checks a public report. Field names referrerKind, immediateDanger, child…, concern, childLocation, parentsAware, referrer…. */
export function validatePublicReferral(
  input: PublicReferralInput,
  today: LocalDate,
): Result<ValidPublicReferral, DomainError<ReferralInvalidCode>> {
  const fields: Fields = {}
  const kind = publicReferrerKinds.find((k) => k.id === trimmed(input.referrerKind))
  if (kind === undefined) fields.referrerKind = publicMessages.referrerKindMissing
  if (input.immediateDanger === undefined) fields.immediateDanger = referralMessages.immediateDangerMissing
  const child = validateChildDetails(input.child, today, 'public')
  if (!child.ok) Object.assign(fields, child.error.fields)
  noteText(fields, 'concern', input.concern, {
    label: 'What you are worried about',
    max: 10_000,
    missing: publicMessages.concernMissing,
  })
  noteText(fields, 'childLocation', input.childLocation ?? '', { label: 'Where the child is now', max: TEXT_MAX })
  const aware = trimmed(input.parentsAware)
  if (aware !== 'yes' && aware !== 'no' && aware !== 'not_sure')
    fields.parentsAware = publicMessages.parentsAwareMissing
  const email = trimmed(input.referrerEmail)
  if (email !== '' && (!EMAIL.test(email) || email.length > 320 || hasForbiddenCharacters(email)))
    fields.referrerEmail = publicMessages.emailInvalid
  for (const [field, value, label, max] of [
    ['referrerName', input.referrerName ?? '', 'Your name', 200],
    ['referrerPhone', input.referrerPhone ?? '', 'Your phone number', 50],
  ] as const)
    noteText(fields, field, value, { label, max })
  const identity = input.identity === undefined ? undefined : validateIdentity(input.identity, 'public')
  if (identity !== undefined && !identity.ok) Object.assign(fields, identity.error.fields)
  if (
    hasProblems(fields) ||
    kind === undefined ||
    !child.ok ||
    input.immediateDanger === undefined ||
    (identity !== undefined && !identity.ok)
  )
    return invalid(fields)
  const anonymous = kind.id === 'anonymous'
  return ok({
    referrerKind: kind.id,
    sourceCode: kind.source,
    immediateDanger: input.immediateDanger,
    child: child.value,
    concern: input.concern,
    childLocation: input.childLocation ?? '',
    parentsAware: aware === 'yes' ? true : aware === 'no' ? false : null,
    referrerName: anonymous ? '' : trimmed(input.referrerName),
    referrerEmail: email,
    referrerPhone: trimmed(input.referrerPhone),
    identityWithheld: identity?.value.withheld ?? 'not_asked',
    identityWithheldReason: identity?.value.reason ?? '',
  })
}

// ——— Requests for information and their answers ———

export const QUESTION_MAX = 2_000
export const ANSWER_MAX = 10_000

export function validateQuestion(question: string): Result<string, DomainError<ReferralInvalidCode>> {
  const problem = textProblem(question, {
    label: 'Your question',
    max: QUESTION_MAX,
    missing: 'Enter what you need to know',
  })
  return problem === undefined ? ok(question) : invalid({ question: problem })
}

export function validateAnswer(answer: string): Result<string, DomainError<ReferralInvalidCode>> {
  const problem = textProblem(answer, { label: 'Your answer', max: ANSWER_MAX, missing: 'Enter your answer' })
  return problem === undefined ? ok(answer) : invalid({ answer: problem })
}

// ——— The front door's decision ———

/** The decisions open at the front door, from the episode transition table (one source of truth). */
export const frontDoorOutcomes = outcomesFor('front_door', 'decide_referral')

export const immediateProtectionKinds = [
  { id: 'police_protection', label: 'Police protection (Children Act 1989 section 46)' },
  { id: 'emergency_protection_order', label: 'Emergency protection order (Children Act 1989 section 44)' },
] as const
export type ImmediateProtectionKind = (typeof immediateProtectionKinds)[number]['id']

export interface FrontDoorDecisionInput {
  readonly outcome?: string | undefined
  readonly rationale: string
  /** For no further action: where the family was pointed to instead. */
  readonly signposting?: string | undefined
  readonly protectionKind?: string | undefined
  /** Police protection: when the police took the child into police protection. */
  readonly policeProtectionAtMs?: number | undefined
  readonly policeReference?: string | undefined
  /** Emergency protection order: the day the court made it. */
  readonly orderMadeOn?: LocalDate | undefined
}

export type ImmediateProtection =
  | {
      readonly kind: 'police_protection'
      /** Milliseconds since the epoch. */ readonly atMs: number
      readonly policeReference: string
    }
  | { readonly kind: 'emergency_protection_order'; readonly orderMadeOn: string }

export interface ValidFrontDoorDecision {
  readonly outcome: string
  readonly outcomeLabel: string
  readonly rationale: string
  readonly signposting?: string
  readonly immediateProtection?: ImmediateProtection
  /** The day the emergency protection order was made, which its clock counts from. */
  readonly orderMadeOn?: LocalDate
}

export const decisionMessages = {
  outcomeMissing: 'Select the decision',
  rationaleMissing: 'Enter the reasons for the decision',
  signpostingMissing: 'Enter where you have signposted the child and family',
  protectionKindMissing: 'Select police protection or an emergency protection order',
  policeProtectionAtMissing: 'Enter the date and time the child was taken into police protection',
  policeProtectionAtFuture: 'The time of police protection must be in the past',
  policeReferenceMissing: 'Enter the police reference',
  orderMadeOnMissing: 'Enter the date the emergency protection order was made',
  orderMadeOnFuture: 'The date the order was made must be today or in the past',
} as const

/**
 * Checks the front door's decision (T1) at `nowMs` (`today` in England). Every decision has its reasons; no
 * further action says where the family was signposted; immediate protection records which: police protection
 * with when and the police reference, or an emergency protection order with the day it was made. Field names
 * outcome, rationale, signposting, protectionKind, policeProtectionAt, policeReference, orderMadeOn.
 */
export function validateFrontDoorDecision(
  input: FrontDoorDecisionInput,
  nowMs: number,
  today: LocalDate,
): Result<ValidFrontDoorDecision, DomainError<ReferralInvalidCode>> {
  const fields: Fields = {}
  const row = frontDoorOutcomes.find((t) => t.outcome === trimmed(input.outcome))
  if (row === undefined) fields.outcome = decisionMessages.outcomeMissing
  noteText(fields, 'rationale', input.rationale, {
    label: 'The reasons',
    max: TEXT_MAX,
    missing: decisionMessages.rationaleMissing,
  })
  const signposting = input.signposting ?? ''
  if (row?.outcome === 'no_further_action')
    noteText(fields, 'signposting', signposting, {
      label: 'The signposting',
      max: TEXT_MAX,
      missing: decisionMessages.signpostingMissing,
    })
  let immediateProtection: ImmediateProtection | undefined
  let orderMadeOn: LocalDate | undefined
  if (row?.outcome === 'immediate_protection') {
    const kind = trimmed(input.protectionKind)
    if (kind === 'police_protection') {
      const at = input.policeProtectionAtMs
      if (at === undefined || Number.isNaN(at)) fields.policeProtectionAt = decisionMessages.policeProtectionAtMissing
      else if (at > nowMs) fields.policeProtectionAt = decisionMessages.policeProtectionAtFuture
      const reference = trimmed(input.policeReference)
      noteText(fields, 'policeReference', reference, {
        label: 'The police reference',
        max: 50,
        missing: decisionMessages.policeReferenceMissing,
      })
      if (at !== undefined && !Number.isNaN(at) && at <= nowMs && fields.policeReference === undefined)
        immediateProtection = { kind, atMs: at, policeReference: reference }
    } else if (kind === 'emergency_protection_order') {
      const made = input.orderMadeOn
      if (made === undefined) fields.orderMadeOn = decisionMessages.orderMadeOnMissing
      else if (compareLocalDate(made, today) > 0) fields.orderMadeOn = decisionMessages.orderMadeOnFuture
      else {
        immediateProtection = { kind, orderMadeOn: formatLocalDate(made) }
        orderMadeOn = made
      }
    } else fields.protectionKind = decisionMessages.protectionKindMissing
  }
  if (hasProblems(fields) || row === undefined) return invalid(fields)
  return ok({
    outcome: row.outcome,
    outcomeLabel: row.label,
    rationale: input.rationale,
    ...(row.outcome === 'no_further_action' ? { signposting } : {}),
    ...(immediateProtection === undefined ? {} : { immediateProtection }),
    ...(orderMadeOn === undefined ? {} : { orderMadeOn }),
  })
}

/** The label of a front-door decision outcome, for lists and emails. */
export const frontDoorOutcomeLabel = (outcome: string): string =>
  frontDoorOutcomes.find((t) => t.outcome === outcome)?.label ?? outcome
