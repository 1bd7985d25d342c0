/**
 * The children in need census (DfE statutory return) as data: one record per child with every CIN episode open
 * at any time in the collection year, each with its assessments, child in need plans, section 47 enquiries and
 * child protection plans. Source: ../shared/domain.md §8 (structure, code sets) and domain-2026.md §8 (2025-26,
 * 2026-27). The XML is generated from case data each time; it is never the record.
 *
 * Dates are ISO 'YYYY-MM-DD' strings, so they compare as text.
 */
export type IsoDate = string

export type CensusSex = 'M' | 'F' | 'U'

export interface CensusAssessment {
  readonly startDate: IsoDate
  /** AssessmentAuthorisationDate: when a manager signed the assessment off; null while it is open. */
  readonly authorisationDate: IsoDate | null
  readonly factors: readonly string[]
}

export interface CensusCinPlan {
  readonly startDate: IsoDate
  readonly endDate: IsoDate | null
}

export interface CensusSection47 {
  readonly startDate: IsoDate
  readonly initialConferenceTarget: IsoDate | null
  readonly initialConferenceDate: IsoDate | null
  readonly conferenceNotRequired: boolean
}

export interface CensusProtectionPlan {
  readonly startDate: IsoDate
  readonly endDate: IsoDate | null
  readonly initialCategory: string
  readonly latestCategory: string
  readonly previousPlans: number
  readonly reviewDates: readonly IsoDate[]
}

/** The 2026-27 pre-proceedings and family group decision-making block (domain-2026.md §8); empty before then. */
export interface CensusPreProceedings {
  readonly startDate: IsoDate
  readonly letterBeforeProceedingsSent: IsoDate | null
  readonly familyGroupMeetingOffered: boolean | null
  readonly familyGroupMeetingFacilitated: boolean | null
  readonly initialMeetingDate: IsoDate | null
  readonly reviewMeetingsCount: number
  readonly stepDecisionDate: IsoDate | null
  readonly outcome: string | null
  readonly courtApplicationDate: IsoDate | null
}

export interface CensusEpisode {
  /** Together's own identifiers, for links from the validation page; never written to the XML. */
  readonly episodeId: string
  readonly reference: string
  readonly referralDate: IsoDate
  readonly referralSource: string
  readonly primaryNeed: string | null
  readonly closureDate: IsoDate | null
  readonly closureReason: string | null
  readonly referralNfa: boolean
  readonly assessments: readonly CensusAssessment[]
  readonly cinPlans: readonly CensusCinPlan[]
  readonly section47: readonly CensusSection47[]
  readonly protectionPlans: readonly CensusProtectionPlan[]
  readonly preProceedings: readonly CensusPreProceedings[]
}

export interface CensusChild {
  readonly childId: string
  readonly laChildId: string
  readonly upn: string | null
  readonly upnUnknown: string | null
  readonly dateOfBirth: IsoDate | null
  readonly expectedDateOfBirth: IsoDate | null
  readonly sex: CensusSex
  readonly deathDate: IsoDate | null
  readonly ethnicity: string
  readonly disabilities: readonly string[]
  readonly episodes: readonly CensusEpisode[]
}

/** A collection year: 1 April to 31 March, named by the year it ends in (2026 is 2025-26). */
export interface CollectionYear {
  readonly endYear: number
  readonly start: IsoDate
  readonly end: IsoDate
  /** The specification whose structure the XML follows. */
  readonly specification: '2025-26' | '2026-27'
}

export const FIRST_COLLECTION_YEAR = 2025
export const LAST_COLLECTION_YEAR = 2027

export function collectionYear(endYear: number): CollectionYear | null {
  if (!Number.isInteger(endYear) || endYear < FIRST_COLLECTION_YEAR || endYear > LAST_COLLECTION_YEAR) return null
  return {
    endYear,
    start: `${endYear - 1}-04-01`,
    end: `${endYear}-03-31`,
    // Until the 2026-27 specification applies, returns follow the 2025-26 one (which 2024-25 matches: the d2i
    // registry for cin2025_26 adds and deletes no rules).
    specification: endYear >= 2027 ? '2026-27' : '2025-26',
  }
}

export const collectionYearLabel = (y: CollectionYear): string => `${y.endYear - 1} to ${y.endYear}`

/** The collection year a day falls in: April onwards belongs to the year ending next March. */
export const collectionYearEnding = (day: IsoDate): number => {
  const year = Number(day.slice(0, 4))
  return Number(day.slice(5, 7)) >= 4 ? year + 1 : year
}

const inPeriod = (start: IsoDate, end: IsoDate | null, y: CollectionYear): boolean =>
  start <= y.end && (end === null || end >= y.start)

/**
 * What the census covers: every referral in the year (including those with no further action) and every episode
 * open at any time in it; within an episode, every module open at any time in it. Activity after the year's end
 * is left out (it belongs to the next return). A child with no episode in scope is not returned.
 */
export function scopeToYear(child: CensusChild, y: CollectionYear): CensusChild | null {
  const episodes = child.episodes
    .filter((e) => inPeriod(e.referralDate, e.closureDate, y))
    .map((e) => {
      const closedInYear = e.closureDate !== null && e.closureDate <= y.end
      return {
        ...e,
        closureDate: closedInYear ? e.closureDate : null,
        closureReason: closedInYear ? e.closureReason : null,
        assessments: e.assessments
          .filter((a) => inPeriod(a.startDate, a.authorisationDate, y))
          .map((a) =>
            a.authorisationDate !== null && a.authorisationDate > y.end
              ? { ...a, authorisationDate: null, factors: [] }
              : a,
          ),
        cinPlans: e.cinPlans
          .filter((p) => inPeriod(p.startDate, p.endDate, y))
          .map((p) => (p.endDate !== null && p.endDate > y.end ? { ...p, endDate: null } : p)),
        section47: e.section47
          .filter((s) => inPeriod(s.startDate, s.initialConferenceDate, y))
          .map((s) =>
            s.initialConferenceDate !== null && s.initialConferenceDate > y.end
              ? { ...s, initialConferenceDate: null }
              : s,
          ),
        protectionPlans: e.protectionPlans
          .filter((p) => inPeriod(p.startDate, p.endDate, y))
          .map((p) => ({
            ...p,
            endDate: p.endDate !== null && p.endDate > y.end ? null : p.endDate,
            reviewDates: p.reviewDates.filter((d) => d >= y.start && d <= y.end),
          })),
        preProceedings: y.specification === '2026-27' ? e.preProceedings.filter((p) => p.startDate <= y.end) : [],
      }
    })
  return episodes.length === 0 ? null : { ...child, episodes }
}

/**
 * The LAchildID: the local authority's own identifier, at most 20 letters and numbers (rules 1570, 1580). Together's
 * child identifiers are UUIDs, so the census uses the first 20 of their 32 hexadecimal digits; the chance that two
 * children in one authority share them is negligible (2^80 values), and rule 8510 would say so if they did.
 */
export const laChildIdFor = (childId: string): string => childId.replace(/-/g, '').slice(0, 20).toUpperCase()

/** Child-level codes that Together records as words, turned into the census's codes. */
export const censusSex = (sex: 'female' | 'male' | 'unknown', unborn: boolean): CensusSex =>
  unborn ? 'U' : sex === 'female' ? 'F' : sex === 'male' ? 'M' : 'U'
