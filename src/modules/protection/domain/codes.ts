/**
 * Code sets from the Children in Need census (DfE statutory return), so that what a social worker records
 * can be reported without re-keying. Source: ../shared/domain.md section 8 (CIN census XSD code sets, as
 * copied in SocialFinanceDigitalLabs/liia-tools `CIN_schema_2024.xsd`), and section 3 for the plan categories.
 */

export interface Code<Id extends string = string> {
  readonly code: Id
  readonly label: string
}

const codeSet = <const T extends readonly Code[]>(codes: T) => codes

/** Who made the referral (CIN census ReferralSource). */
export const referralSources = codeSet([
  { code: '1A', label: 'Individual: family member, relative or carer' },
  { code: '1B', label: 'Individual: acquaintance (including neighbours and child minders)' },
  { code: '1C', label: 'Individual: self' },
  { code: '1D', label: 'Individual: other' },
  { code: '2A', label: 'Education: schools' },
  { code: '2B', label: 'Education: education services' },
  { code: '3A', label: 'Health: GP' },
  { code: '3B', label: 'Health: health visitor' },
  { code: '3C', label: 'Health: school nurse' },
  { code: '3D', label: 'Health: other primary health services' },
  { code: '3E', label: 'Health: A&E (emergency department)' },
  { code: '3F', label: 'Health: other' },
  { code: '4', label: 'Housing' },
  { code: '5A', label: 'Local authority: social care' },
  { code: '5B', label: 'Local authority: other internal department' },
  { code: '5C', label: 'Local authority: another local authority' },
  { code: '5D', label: 'Local authority: early help' },
  { code: '6', label: 'Police' },
  { code: '7', label: 'Other legal agency (courts, probation, Cafcass, prison)' },
  { code: '8', label: 'Other (voluntary sector, children’s centres and others)' },
  { code: '9', label: 'Anonymous' },
  { code: '10', label: 'Unknown' },
])
export type ReferralSource = (typeof referralSources)[number]['code']

/** CIN census PrimaryNeedCode: the main reason the child is in need, set at assessment. */
export const primaryNeeds = codeSet([
  { code: 'N1', label: 'Abuse or neglect' },
  { code: 'N2', label: 'Child’s disability or illness' },
  { code: 'N3', label: 'Parental disability or illness' },
  { code: 'N4', label: 'Family in acute stress' },
  { code: 'N5', label: 'Family dysfunction' },
  { code: 'N6', label: 'Socially unacceptable behaviour' },
  { code: 'N7', label: 'Low income' },
  { code: 'N8', label: 'Absent parenting' },
  { code: 'N9', label: 'Cases other than children in need' },
  { code: 'N0', label: 'Not stated' },
])
export type PrimaryNeed = (typeof primaryNeeds)[number]['code']

/** CIN census ReasonForClosure. No later activity is allowed on an episode closed with RC8 or RC9 (rule 2990). */
export const reasonsForClosure = codeSet([
  { code: 'RC1', label: 'Adopted' },
  { code: 'RC2', label: 'Died' },
  { code: 'RC3', label: 'Child arrangements order' },
  { code: 'RC4', label: 'Special guardianship order' },
  { code: 'RC5', label: 'Transferred to services of another local authority' },
  { code: 'RC6', label: 'Transferred to adult social care' },
  { code: 'RC7', label: 'Services ceased for any other reason, including child no longer in need' },
  { code: 'RC8', label: 'Case closed after assessment, no further action' },
  { code: 'RC9', label: 'Case closed after assessment, referred to early help' },
])
export type ReasonForClosure = (typeof reasonsForClosure)[number]['code']

/** CIN census AssessmentFactors (A the child, B a parent or carer, C another person in the household). */
export const assessmentFactors = codeSet([
  { code: '1A', label: 'Alcohol misuse: child' },
  { code: '1B', label: 'Alcohol misuse: parent or carer' },
  { code: '1C', label: 'Alcohol misuse: another person in the household' },
  { code: '2A', label: 'Drug misuse: child' },
  { code: '2B', label: 'Drug misuse: parent or carer' },
  { code: '2C', label: 'Drug misuse: another person in the household' },
  { code: '3A', label: 'Domestic violence: child subject' },
  { code: '3B', label: 'Domestic violence: parent or carer subject' },
  { code: '3C', label: 'Domestic violence: another person in the household subject' },
  { code: '4A', label: 'Mental health: child' },
  { code: '4B', label: 'Mental health: parent or carer' },
  { code: '4C', label: 'Mental health: another person in the household' },
  { code: '5A', label: 'Learning disability: child' },
  { code: '5B', label: 'Learning disability: parent or carer' },
  { code: '5C', label: 'Learning disability: another person in the household' },
  { code: '6A', label: 'Physical disability or illness: child' },
  { code: '6B', label: 'Physical disability or illness: parent or carer' },
  { code: '6C', label: 'Physical disability or illness: another person in the household' },
  { code: '7A', label: 'Young carer' },
  { code: '8B', label: 'Private fostering: overseas child who intends to return' },
  { code: '8C', label: 'Private fostering: overseas child who intends to stay' },
  { code: '8D', label: 'Private fostering: UK child in educational placement' },
  { code: '8E', label: 'Private fostering: UK child making alternative family arrangements' },
  { code: '8F', label: 'Private fostering: other' },
  { code: '9A', label: 'Unaccompanied asylum-seeking child' },
  { code: '10A', label: 'Going or being missing' },
  { code: '11A', label: 'Child sexual exploitation' },
  { code: '12A', label: 'Trafficking' },
  { code: '13A', label: 'Gangs' },
  { code: '14A', label: 'Socially unacceptable behaviour' },
  { code: '15A', label: 'Self-harm' },
  { code: '16A', label: 'Neglect' },
  { code: '17A', label: 'Emotional abuse' },
  { code: '18B', label: 'Physical abuse: child on child' },
  { code: '18C', label: 'Physical abuse: adult on child' },
  { code: '19B', label: 'Sexual abuse: child on child' },
  { code: '19C', label: 'Sexual abuse: adult on child' },
  { code: '20', label: 'Other' },
  { code: '21', label: 'No factors identified' },
  { code: '22A', label: 'Female genital mutilation' },
  { code: '23A', label: 'Abuse linked to faith or belief' },
  { code: '24A', label: 'Child criminal exploitation' },
])
export type AssessmentFactor = (typeof assessmentFactors)[number]['code']

/** Category of a child protection plan (CIN census InitialCategoryOfAbuse / LatestCategoryOfAbuse). */
export const planCategories = codeSet([
  { code: 'NEG', label: 'Neglect' },
  { code: 'PHY', label: 'Physical abuse' },
  { code: 'SAB', label: 'Sexual abuse' },
  { code: 'EMO', label: 'Emotional abuse' },
  { code: 'MUL', label: 'Multiple categories' },
])
export type PlanCategory = (typeof planCategories)[number]['code']

const isCode =
  <T extends readonly Code[]>(set: T) =>
  (value: string): value is T[number]['code'] =>
    set.some((c) => c.code === value)

export const isReferralSource = isCode(referralSources)
export const isPrimaryNeed = isCode(primaryNeeds)
export const isReasonForClosure = isCode(reasonsForClosure)
export const isAssessmentFactor = isCode(assessmentFactors)
export const isPlanCategory = isCode(planCategories)

export const codeLabel = (set: readonly Code[], code: string): string => set.find((c) => c.code === code)?.label ?? code
