/**
 * Safeguarding training that people must hold, as data: one table of requirements, each with who it applies to
 * (roles in kinds of organisation), which courses count towards it, how long a course counts for, and where the
 * rule comes from. Currency (current, due soon, lapsed, never done) is derived from a person's records and never
 * stored, so a change here needs no data migration.
 *
 * Sources: ../shared/domain-2026.md §5. Following its advice ("model roles → required competencies, with level as
 * an alias"), requirements are keyed by role and kind of organisation; the seeds' Level 1 / Level 2 / DSL and the
 * health intercollegiate levels 1–5 are the courses that satisfy them.
 *
 * `confidence` mirrors domain-2026's marks as the timescale rules do: [S] secondary → 'secondary', [U] → 'unconfirmed'.
 * Unconfirmed values (Prevent frequency, intercollegiate hours other than level 3) are kept visible on the
 * requirements page so nobody mistakes them for statute; a partnership may set its own (`overridable`).
 */
import type { OrganisationKind } from '../../../platform/identity/organisations.js'
import type { Role } from '../../../platform/identity/roles.js'
import { wordList } from '../../../platform/shared/wordList.js'

export const {
  ids: courseKinds,
  labels: courseKindLabels,
  is: isCourseKind,
  labelOf: courseKindLabel,
  options: courseKindOptions,
} = wordList({
  induction: 'Safeguarding induction',
  annual_update: 'Safeguarding update (yearly)',
  level_1: 'Level 1 safeguarding (occasional contact with children)',
  level_2: 'Level 2 safeguarding (regular contact with children)',
  dsl_formal: 'Designated safeguarding lead course',
  dsl_refresh: 'Designated safeguarding lead refresher',
  prevent: 'Prevent awareness',
  intercollegiate_1: 'Intercollegiate level 1',
  intercollegiate_2: 'Intercollegiate level 2',
  intercollegiate_3: 'Intercollegiate level 3',
  intercollegiate_4: 'Intercollegiate level 4 (named professionals)',
  intercollegiate_5: 'Intercollegiate level 5 (designated professionals)',
})
export type CourseKind = (typeof courseKinds)[number]

export type Confidence = 'confirmed' | 'secondary' | 'unconfirmed'

export interface RequirementSource {
  readonly document: string
  readonly section: string
  readonly confidence: Confidence
}

/** How a requirement is kept up: once; a course within the last N months; or N hours within the last M months. */
export type Renewal =
  | { readonly kind: 'once' }
  | { readonly kind: 'every'; readonly months: number }
  | { readonly kind: 'hours'; readonly hours: number; readonly months: number }

export interface TrainingRequirement {
  readonly id: string
  /** Plain English, as the administrator's view shows it. */
  readonly name: string
  readonly organisationKinds: readonly OrganisationKind[]
  readonly roles: readonly Role[]
  /** Courses that count towards it. A higher course counts for a lower one (a DSL course is also an update). */
  readonly satisfiedBy: readonly CourseKind[]
  readonly renewal: Renewal
  readonly source: RequirementSource
  readonly overridable: boolean
  /** Whether this requirement gates the actions of a designated safeguarding lead (see competencyGate). */
  readonly dslCompetency: boolean
}

/** Where a requirement comes from, for the sources several requirements share: the section, and how sure we are. */
const sourceIn =
  (document: string) =>
  (section: string, confidence: Confidence): RequirementSource => ({ document, section, confidence })
const kcsie = sourceIn('Keeping children safe in education (KCSIE)')
const intercollegiate = sourceIn(
  'Safeguarding children and young people: roles and competencies for healthcare staff (intercollegiate document, 4th edition, January 2019)',
)
const localFrameworks = sourceIn(
  'Local safeguarding partnership training frameworks (e.g. Hertfordshire: whole-staff training every 3 years)',
)
const education: readonly OrganisationKind[] = ['school', 'college']
const health: readonly OrganisationKind[] = ['gp_practice', 'nhs_trust', 'icb']
/** Organisations outside schools and health that the seeds train at Level 1 / Level 2 / DSL. */
const community: readonly OrganisationKind[] = [
  'early_years',
  'voluntary_charity',
  'faith_group',
  'sports_youth_club',
  'probation',
  'youth_justice',
]
const everyoneInEducation: readonly Role[] = ['staff', 'dsl', 'deputy_dsl', 'org_admin', 'head', 'chair_of_governors']
const dsls: readonly Role[] = ['dsl', 'deputy_dsl']
const anyUpdate: readonly CourseKind[] = ['annual_update', 'level_1', 'level_2', 'dsl_formal', 'dsl_refresh']

const requirementRows = [
  {
    id: 'school-induction',
    name: 'Safeguarding and child protection training at induction',
    organisationKinds: education,
    roles: everyoneInEducation,
    satisfiedBy: ['induction'],
    renewal: { kind: 'once' },
    source: kcsie('Part 2: training at induction (2019 numbering para 84)', 'secondary'),
    overridable: false,
    dslCompetency: false,
  },
  {
    id: 'school-annual-update',
    name: 'Safeguarding update, at least every year',
    organisationKinds: education,
    roles: everyoneInEducation,
    satisfiedBy: anyUpdate,
    renewal: { kind: 'every', months: 12 },
    source: kcsie('Part 2: updates “at least annually” (2019 numbering para 84)', 'secondary'),
    overridable: true,
    dslCompetency: false,
  },
  {
    id: 'dsl-formal',
    name: 'Designated safeguarding lead training, at least every 2 years',
    organisationKinds: [...education, 'early_years'],
    roles: dsls,
    satisfiedBy: ['dsl_formal'],
    renewal: { kind: 'every', months: 24 },
    source: kcsie(
      'Annex C: DSL and deputies’ training “updated at least every two years” (2019 numbering para 66)',
      'secondary',
    ),
    overridable: true,
    dslCompetency: true,
  },
  {
    id: 'dsl-refresh',
    name: 'Designated safeguarding lead knowledge refreshed, at least every year',
    organisationKinds: [...education, 'early_years'],
    roles: dsls,
    satisfiedBy: ['dsl_refresh', 'dsl_formal'],
    renewal: { kind: 'every', months: 12 },
    source: kcsie('Annex C: knowledge and skills refreshed “at least annually” (2019 numbering para 67)', 'secondary'),
    overridable: true,
    dslCompetency: true,
  },
  {
    id: 'dsl-prevent',
    name: 'Prevent awareness for designated safeguarding leads',
    organisationKinds: [...education, 'early_years'],
    roles: dsls,
    satisfiedBy: ['prevent'],
    renewal: { kind: 'every', months: 24 },
    source: kcsie(
      'Annex C: the DSL undergoes Prevent awareness training (frequency not stated; 2 years is common local practice)',
      'unconfirmed',
    ),
    overridable: true,
    dslCompetency: false,
  },
  {
    id: 'community-level-1',
    name: 'Level 1 safeguarding, every 3 years',
    organisationKinds: community,
    roles: ['staff'],
    satisfiedBy: ['level_1', 'level_2', 'dsl_formal'],
    renewal: { kind: 'every', months: 36 },
    source: localFrameworks(
      'Level 1: everyone who has occasional contact with children, volunteers included',
      'secondary',
    ),
    overridable: true,
    dslCompetency: false,
  },
  {
    id: 'community-level-2',
    name: 'Level 2 safeguarding, every 3 years',
    organisationKinds: community,
    roles: ['head', 'org_admin'],
    satisfiedBy: ['level_2', 'dsl_formal'],
    renewal: { kind: 'every', months: 36 },
    source: localFrameworks('Level 2: managers and people in regular contact with children', 'secondary'),
    overridable: true,
    dslCompetency: false,
  },
  {
    id: 'community-dsl',
    name: 'Designated safeguarding lead course, every 2 years',
    organisationKinds: community.filter((k) => k !== 'early_years'),
    roles: dsls,
    satisfiedBy: ['dsl_formal'],
    renewal: { kind: 'every', months: 24 },
    source: {
      document: 'Local safeguarding partnership training frameworks, following the KCSIE 2-year standard',
      section: 'DSL course for the named safeguarding lead and deputies',
      confidence: 'secondary',
    },
    overridable: true,
    dslCompetency: true,
  },
  {
    id: 'health-level-2',
    name: 'Intercollegiate level 2: 3 hours over 3 years',
    organisationKinds: health,
    roles: ['staff', 'org_admin'],
    satisfiedBy: ['intercollegiate_2', 'intercollegiate_3', 'intercollegiate_4', 'intercollegiate_5'],
    renewal: { kind: 'hours', hours: 3, months: 36 },
    source: intercollegiate(
      'Level 2: staff who have contact with children (hours not yet verified against the current RCPCH edition)',
      'unconfirmed',
    ),
    overridable: true,
    dslCompetency: false,
  },
  {
    id: 'health-level-3',
    name: 'Intercollegiate level 3: 6 hours over 3 years',
    organisationKinds: health,
    roles: dsls,
    satisfiedBy: ['intercollegiate_3', 'intercollegiate_4', 'intercollegiate_5'],
    renewal: { kind: 'hours', hours: 6, months: 36 },
    source: intercollegiate('Level 3 refresher: “minimum of 6 hours over three years”', 'secondary'),
    overridable: true,
    dslCompetency: true,
  },
  {
    id: 'health-level-4',
    name: 'Intercollegiate level 4: 24 hours over 3 years',
    organisationKinds: health,
    roles: ['health_lead'],
    satisfiedBy: ['intercollegiate_4', 'intercollegiate_5'],
    renewal: { kind: 'hours', hours: 24, months: 36 },
    source: intercollegiate(
      'Level 4: named professionals (hours not yet verified against the current RCPCH edition)',
      'unconfirmed',
    ),
    overridable: true,
    dslCompetency: true,
  },
  {
    id: 'health-level-5',
    name: 'Intercollegiate level 5: 24 hours over 3 years',
    organisationKinds: ['icb'],
    roles: ['partnership_lead'],
    satisfiedBy: ['intercollegiate_5'],
    renewal: { kind: 'hours', hours: 24, months: 36 },
    source: intercollegiate(
      'Level 5: designated professionals (hours not yet verified against the current RCPCH edition)',
      'unconfirmed',
    ),
    overridable: true,
    dslCompetency: false,
  },
] as const satisfies readonly TrainingRequirement[]

export type TrainingRequirementId = (typeof requirementRows)[number]['id']

/** The requirements, in the order the administrator's view lists them. Ids are stored: never change one. */
export const trainingRequirements: readonly (TrainingRequirement & { readonly id: TrainingRequirementId })[] =
  requirementRows

/** What a person in these roles, in this kind of organisation, must hold. */
export const requirementsFor = (
  kind: OrganisationKind,
  roles: readonly Role[],
): readonly (TrainingRequirement & { readonly id: TrainingRequirementId })[] =>
  trainingRequirements.filter((r) => r.organisationKinds.includes(kind) && r.roles.some((role) => roles.includes(role)))
