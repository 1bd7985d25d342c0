import type {
  CensusChild,
  CensusEpisode,
  CensusPreProceedings,
  CensusProtectionPlan,
  CollectionYear,
} from './census.js'

/** The Source block of the header: who sent the return and when. */
export interface CensusSource {
  /** The DfE three-digit local authority number (LEA). */
  readonly laCode: string
  readonly softwareRelease: string
  /** Increases with every file an authority sends for the year; three digits or more. */
  readonly serialNo: number
  /** When the file was made, as an ISO date-time without a zone offset (xs:dateTime). */
  readonly madeAt: string
}

const escapeXml = (s: string): string =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c)

const el = (name: string, value: string | number | null | undefined): string =>
  value === null || value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`
const yesNo = (b: boolean): string => (b ? 'true' : 'false')
/** `parts` inside one `tag` element. */
const block = (tag: string, ...parts: readonly string[]): string => `<${tag}>${parts.join('')}</${tag}>`
/** A list of values, each its own `tag`, inside `wrapper`; nothing at all (not an empty wrapper) when there are none. */
const elList = (wrapper: string, tag: string, values: readonly string[]): string =>
  values.length > 0 ? block(wrapper, ...values.map((v) => el(tag, v))) : ''

const plan = (p: CensusProtectionPlan): string =>
  block(
    'ChildProtectionPlans',
    el('CPPstartDate', p.startDate),
    el('CPPendDate', p.endDate),
    el('InitialCategoryOfAbuse', p.initialCategory),
    el('LatestCategoryOfAbuse', p.latestCategory),
    el('NumberOfPreviousCPP', p.previousPlans),
    elList('Reviews', 'CPPreviewDate', p.reviewDates),
  )

function preProceedings(p: CensusPreProceedings): string {
  const yn = (b: boolean | null) => (b === null ? null : yesNo(b))
  return block(
    'PreProceedingsandFGDM',
    el('PPStartDate', p.startDate),
    el('LBPSentDate', p.letterBeforeProceedingsSent),
    el('FGDMMeetingOffer', yn(p.familyGroupMeetingOffered)),
    el('FGDMMeetingFac', yn(p.familyGroupMeetingFacilitated)),
    el('InitialPPMeetingDate', p.initialMeetingDate),
    el('ReviewMeetingsCount', p.reviewMeetingsCount),
    el('StepDecisionDate', p.stepDecisionDate),
    el('PPOutcome', p.outcome),
    el('CourtAppDate', p.courtApplicationDate),
  )
}

const episode = (e: CensusEpisode, year: CollectionYear): string =>
  block(
    'CINdetails',
    el('CINreferralDate', e.referralDate),
    el('ReferralSource', e.referralSource),
    el('PrimaryNeedCode', e.primaryNeed),
    el('CINclosureDate', e.closureDate),
    el('ReasonForClosure', e.closureReason),
    ...e.assessments.map((a) =>
      block(
        'Assessments',
        el('AssessmentActualStartDate', a.startDate),
        el('AssessmentAuthorisationDate', a.authorisationDate),
        elList('FactorsIdentifiedAtAssessment', 'AssessmentFactors', a.factors),
      ),
    ),
    ...e.cinPlans.map((p) =>
      block('CINPlanDates', el('CINPlanStartDate', p.startDate), el('CINPlanEndDate', p.endDate)),
    ),
    ...e.section47.map((s) =>
      block(
        'Section47',
        el('S47ActualStartDate', s.startDate),
        el('InitialCPCtarget', s.initialConferenceTarget),
        el('DateOfInitialCPC', s.initialConferenceDate),
        el('ICPCnotRequired', yesNo(s.conferenceNotRequired)),
      ),
    ),
    el('ReferralNFA', yesNo(e.referralNfa)),
    ...e.protectionPlans.map(plan),
    ...(year.specification === '2026-27' ? e.preProceedings.map(preProceedings) : []),
  )

/** One Child element. The initial conference date is recorded under Section47 only, never twice (rule 2884). */
export const childXml = (c: CensusChild, year: CollectionYear): string =>
  block(
    'Child',
    block(
      'ChildIdentifiers',
      el('LAchildID', c.laChildId),
      el('UPN', c.upn),
      el('UPNunknown', c.upn === null ? c.upnUnknown : null),
      el('PersonBirthDate', c.dateOfBirth),
      el('ExpectedPersonBirthDate', c.dateOfBirth === null ? c.expectedDateOfBirth : null),
      el('Sex', c.sex),
      el('PersonDeathDate', c.deathDate),
    ),
    block('ChildCharacteristics', el('Ethnicity', c.ethnicity), elList('Disabilities', 'Disability', c.disabilities)),
    ...c.episodes.map((e) => episode(e, year)),
  )

export function censusHeaderXml(year: CollectionYear, source: CensusSource): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails>' +
    el('Collection', 'CIN') +
    el('Year', year.endYear) +
    el('ReferenceDate', year.end) +
    '</CollectionDetails><Source>' +
    el('SourceLevel', 'L') +
    el('LEA', source.laCode) +
    el('SoftwareCode', 'Together') +
    el('Release', source.softwareRelease) +
    el('SerialNo', String(source.serialNo).padStart(3, '0')) +
    el('DateTime', source.madeAt) +
    '</Source></Header><Children>'
  )
}

export const CENSUS_XML_END = '</Children></Message>\n'

/**
 * The whole return, as pieces, so that a large authority's file is streamed rather than held in memory. Children
 * come one per line so a reviewer can diff two files.
 */
export function* censusXml(
  year: CollectionYear,
  source: CensusSource,
  children: Iterable<CensusChild>,
): Generator<string, void, undefined> {
  yield censusHeaderXml(year, source) + '\n'
  for (const c of children) yield childXml(c, year) + '\n'
  yield CENSUS_XML_END
}
