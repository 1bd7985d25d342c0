import type { CensusChild, IsoDate } from './census.js'

/**
 * Ofsted's ILACS Annex A child-level lists 1–7, with the published column headings (the "Child-level data:
 * additional guidance and template for Annex A" as the liia-tools annex-a specification copies it; domain.md §9,
 * domain-2026.md §8). Lists 8–11 (children in care, care leavers, adoption) are outside Together's scope.
 */
export interface AnnexAList {
  readonly number: number
  readonly title: string
  readonly headings: readonly string[]
  readonly rows: readonly (readonly (string | number)[])[]
}

const common = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)'] as const
const disability = 'Does the Child have a Disability'

export const annexAHeadings: Readonly<Record<number, readonly string[]>> = {
  1: [...common, 'Date of Contact', 'Contact Source'],
  2: [...common, 'Assessment start date', 'Assessment completion date', 'Organisation completing assessment'],
  3: [
    ...common,
    'Date of referral',
    'Referral Source',
    'Referral NFA?',
    'Number of Referrals in Last 12 Months',
    'Allocated Team',
    'Allocated Worker',
  ],
  4: [
    ...common,
    disability,
    'Continuous Assessment Start Date',
    'Child Seen During Continuous Assessment',
    'Continuous Assessment Date of Authorisation',
    "Was the child assessed as requiring LA children's social care support?",
    'Allocated Team',
    'Allocated Worker',
  ],
  5: [
    ...common,
    disability,
    'Strategy discussion initiating Section 47 Enquiry Start Date',
    'Was an Initial Child Protection Conference deemed unnecessary?',
    'Date of Initial Child Protection Conference',
    'Did the Initial Child Protection Conference Result in a Child Protection Plan',
    'Number of Section 47 Enquiries in the last 12 months',
    'Number of ICPCs in the last 12 months',
    'Allocated Team',
    'Allocated Worker',
  ],
  6: [
    ...common,
    disability,
    'CIN Start Date',
    'Primary Need Code',
    'Date Child Was Last Seen',
    'CIN Closure Date',
    'Reason for Closure',
    'Case Status',
    'Allocated Team',
    'Allocated Worker',
  ],
  7: [
    ...common,
    disability,
    'Child Protection Plan Start Date',
    'Initial Category of Abuse',
    'Latest Category of Abuse',
    'Date of the Last Statutory Visit',
    'Was the Child Seen Alone?',
    'Date of latest review conference',
    'Child Protection Plan End Date',
    'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)',
    'Number of Previous Child Protection Plans',
    'Allocated Team',
    'Allocated Worker',
  ],
}

export const annexATitles: Readonly<Record<number, string>> = {
  1: 'List 1 Contacts',
  2: 'List 2 Early Help',
  3: 'List 3 Referrals',
  4: 'List 4 Assessments',
  5: 'List 5 Section 47',
  6: 'List 6 Children in Need',
  7: 'List 7 Child Protection',
}

/** What Annex A needs beyond the census record: who holds the case, and when the child was last seen. */
export interface AnnexAExtras {
  readonly allocatedTeam: string
  readonly allocatedWorker: string
  readonly childSeenDuringAssessment: ReadonlyMap<IsoDate, boolean>
}

/** Who a row is about, as every list's first five columns give it. A census child is one; so is a child in family help. */
export interface AnnexAPerson {
  readonly laChildId: string
  readonly sex: CensusChild['sex']
  readonly ethnicity: string
  readonly dateOfBirth: IsoDate | null
}

/** An early help assessment of a child in family help (list 2). */
export interface AnnexAEarlyHelpAssessment {
  readonly person: AnnexAPerson
  readonly startedOn: IsoDate
  readonly completedOn: IsoDate | null
  readonly organisation: string
}

export interface AnnexAContact {
  readonly child: CensusChild | null
  readonly childId: string
  readonly receivedOn: IsoDate
  readonly source: string
}

const gender = (sex: CensusChild['sex']): string =>
  sex === 'M' ? 'a) Male' : sex === 'F' ? 'b) Female' : 'c) Not stated/recorded'
/** Ofsted's template asks for dates as dd/mm/yyyy. */
export const ukDate = (d: IsoDate | null): string =>
  d === null || d === '' ? '' : `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`
const ageOn = (birth: IsoDate | null, on: IsoDate): number | '' => {
  if (birth === null) return ''
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4))
  return on.slice(5) < birth.slice(5) ? years - 1 : years
}
const yn = (b: boolean | null | undefined): string => (b === true ? 'Yes' : b === false ? 'No' : '')
const twelveMonthsBefore = (d: IsoDate): IsoDate => `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`

/**
 * Builds lists 1–7 for an inspection: activity in the window [from, to] (Ofsted asks for six months before the
 * inspection for lists 1–5, and children open at any time in it for 6 and 7). List 2 comes from family help's
 * assessments, already chosen for the window by the query (see family-help/queries/annexA.ts).
 */
export function buildAnnexA(input: {
  readonly from: IsoDate
  readonly to: IsoDate
  readonly children: readonly CensusChild[]
  readonly contacts: readonly AnnexAContact[]
  readonly extras: ReadonlyMap<string, AnnexAExtras>
  readonly earlyHelp?: readonly AnnexAEarlyHelpAssessment[]
}): AnnexAList[] {
  const { from, to } = input
  const within = (d: IsoDate | null) => d !== null && d >= from && d <= to
  const open = (start: IsoDate, end: IsoDate | null) => start <= to && (end === null || end >= from)
  const person = (c: AnnexAPerson) => [
    c.laChildId,
    gender(c.sex),
    c.ethnicity,
    ukDate(c.dateOfBirth),
    ageOn(c.dateOfBirth, to),
  ]
  const dis = (c: CensusChild) =>
    c.disabilities.length === 0 ? 'Unknown' : c.disabilities.includes('NONE') ? 'No' : 'Yes'
  const alloc = (c: CensusChild) => {
    const x = input.extras.get(c.childId)
    return [x?.allocatedTeam ?? '', x?.allocatedWorker ?? '']
  }
  const rows: Record<number, (string | number)[][]> = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] }
  for (const contact of input.contacts) {
    if (!within(contact.receivedOn) || contact.child === null) continue
    rows[1]?.push([...person(contact.child), ukDate(contact.receivedOn), contact.source])
  }
  for (const a of input.earlyHelp ?? [])
    rows[2]?.push([...person(a.person), ukDate(a.startedOn), ukDate(a.completedOn), a.organisation])
  for (const c of input.children) {
    const all = c.episodes
    for (const e of all) {
      if (within(e.referralDate)) {
        const lastYear = all.filter(
          (x) => x.referralDate <= e.referralDate && x.referralDate > twelveMonthsBefore(e.referralDate),
        ).length
        rows[3]?.push([
          ...person(c),
          ukDate(e.referralDate),
          e.referralSource,
          yn(e.referralNfa),
          lastYear,
          ...alloc(c),
        ])
      }
      for (const a of e.assessments) {
        if (!open(a.startDate, a.authorisationDate)) continue
        const seen = input.extras.get(c.childId)?.childSeenDuringAssessment.get(a.startDate)
        const support = a.authorisationDate === null ? '' : yn(e.closureReason !== 'RC8' && e.closureReason !== 'RC9')
        rows[4]?.push([
          ...person(c),
          dis(c),
          ukDate(a.startDate),
          yn(seen),
          ukDate(a.authorisationDate),
          support,
          ...alloc(c),
        ])
      }
      for (const s of e.section47) {
        if (!within(s.startDate)) continue
        const s47s = all
          .flatMap((x) => x.section47)
          .filter((x) => x.startDate <= s.startDate && x.startDate > twelveMonthsBefore(s.startDate)).length
        const icpcs = all
          .flatMap((x) => x.section47)
          .filter(
            (x) =>
              x.initialConferenceDate !== null &&
              x.initialConferenceDate <= to &&
              x.initialConferenceDate > twelveMonthsBefore(to),
          ).length
        const plan =
          s.initialConferenceDate === null
            ? null
            : e.protectionPlans.some((p) => p.startDate === s.initialConferenceDate)
        rows[5]?.push([
          ...person(c),
          dis(c),
          ukDate(s.startDate),
          yn(s.conferenceNotRequired),
          ukDate(s.initialConferenceDate),
          yn(plan),
          s47s,
          icpcs,
          ...alloc(c),
        ])
      }
      if (!e.referralNfa && open(e.referralDate, e.closureDate)) {
        rows[6]?.push([
          ...person(c),
          dis(c),
          ukDate(e.referralDate),
          e.primaryNeed ?? '',
          '',
          ukDate(e.closureDate),
          e.closureReason ?? '',
          e.closureDate === null ? 'Open' : 'Closed',
          ...alloc(c),
        ])
      }
      for (const p of e.protectionPlans) {
        if (!open(p.startDate, p.endDate)) continue
        rows[7]?.push([
          ...person(c),
          dis(c),
          ukDate(p.startDate),
          p.initialCategory,
          p.latestCategory,
          '',
          '',
          ukDate(p.reviewDates[p.reviewDates.length - 1] ?? null),
          ukDate(p.endDate),
          '',
          p.previousPlans,
          ...alloc(c),
        ])
      }
    }
  }
  return [1, 2, 3, 4, 5, 6, 7].map((n) => ({
    number: n,
    title: annexATitles[n] ?? '',
    headings: annexAHeadings[n] ?? [],
    rows: rows[n] ?? [],
  }))
}
