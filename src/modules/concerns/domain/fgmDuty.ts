/**
 * The FGM mandatory reporting duty: Female Genital Mutilation Act 2003, section 5B (inserted by the Serious
 * Crime Act 2015 s74; in force 31 October 2015). A teacher, or a regulated health or social care professional,
 * who in the course of their work discovers that FGM appears to have been carried out on a girl under 18 —
 * she tells them, or they see physical signs — must report it to the police themselves. Sources: Home Office
 * "Mandatory reporting of female genital mutilation: procedural information"; domain.md §6 [C]/[S].
 *
 * - The duty is personal and cannot be passed on: telling the DSL does not discharge it (the DSL should
 *   still be told). The one exception: the person knows another member of their profession has already
 *   reported the same case.
 * - Only KNOWN cases. Suspected FGM, a girl at risk, and women aged 18 or over go through local
 *   safeguarding procedures, not this duty.
 * - Report by calling 101 (999 if she is in immediate danger), by the close of the next working day as best
 *   practice: the `fgm-police-report` timescale rule.
 *
 * Who counts. The statute names teachers (in England, people employed or engaged to carry out teaching work
 * in schools and other institutions) and professionals registered with a regulator overseen by the
 * Professional Standards Authority (GMC, NMC, HCPC, GDC, GPhC, …, and Social Work England for social
 * workers). Together knows each person's organisation and platform role, not their profession, so this
 * errs towards showing the duty: everyone who might be covered sees it, and the notice says whom it binds.
 * Showing it to a receptionist costs a moment; hiding it from a nurse could mean a missed legal duty.
 * - teacher: staff, DSLs and deputies in a school or college; also early years settings, which include
 *   maintained nursery schools and employ teachers [U: whether every early years teacher is within s5B].
 * - health professional: staff, DSLs and deputies, and health safeguarding leads in a GP practice, NHS trust
 *   or integrated care board.
 * - social care professional: staff and social care roles in local authority children's social care.
 * Organisation administrators and partnership leads are not counted in their administrative role.
 */
import type { OrganisationKind } from '../../../platform/identity/organisations.js'
import type { Role } from '../../../platform/identity/roles.js'
import type { TimescaleRuleId } from '../../timescales/domain/rules.js'

export type FgmDutyProfession = 'teacher' | 'health_professional' | 'social_care_professional'

/** The timescale rule started when the duty applies; the `fgm_report_made` decision satisfies it. */
export const FGM_DUTY_RULE_ID = 'fgm-police-report' satisfies TimescaleRuleId

const teacherSettings: readonly OrganisationKind[] = ['school', 'college', 'early_years']
const healthSettings: readonly OrganisationKind[] = ['gp_practice', 'nhs_trust', 'icb']
const socialCareSettings: readonly OrganisationKind[] = ['la_childrens_social_care']

const teacherRoles: readonly Role[] = ['staff', 'dsl', 'deputy_dsl']
const healthRoles: readonly Role[] = ['staff', 'dsl', 'deputy_dsl', 'health_lead']
const socialCareRoles: readonly Role[] = ['staff', 'front_door', 'social_worker', 'team_manager', 'conference_chair']

/** Which profession named in s5B the person may belong to, judged from their organisation and roles. */
export function fgmDutyProfession(
  roles: readonly Role[],
  organisationKind: OrganisationKind,
): FgmDutyProfession | undefined {
  const any = (wanted: readonly Role[]): boolean => roles.some((r) => wanted.includes(r))
  if (teacherSettings.includes(organisationKind) && any(teacherRoles)) return 'teacher'
  if (healthSettings.includes(organisationKind) && any(healthRoles)) return 'health_professional'
  if (socialCareSettings.includes(organisationKind) && any(socialCareRoles)) return 'social_care_professional'
  return undefined
}

export interface FgmDutyFacts {
  /** The concern's categories; the duty needs 'fgm'. */
  readonly categories: readonly string[]
  /** The girl said, or the reporter saw signs, that FGM has been carried out (not merely suspected or at risk). */
  readonly fgmKnown: boolean
  /** As recorded: 'female' | 'male' | 'unknown'. */
  readonly childSex: string
  /** Age in whole years today; undefined for an unborn child. */
  readonly childAgeYears: number | undefined
  readonly reporterRoles: readonly Role[]
  readonly reporterOrganisationKind: OrganisationKind
}

/**
 * True when the person recording must report to the police themselves: known FGM ('fgm' chosen and
 * fgmKnown), a girl under 18, a reporter who may be a teacher or a regulated health or social care
 * professional (fgmDutyProfession). A child recorded as 'unknown' sex counts: the reporter has just learned
 * she is a girl, and the record may simply not say so yet. Only 'male' rules the duty out on sex.
 */
export function fgmMandatoryDutyApplies(facts: FgmDutyFacts): boolean {
  if (!facts.categories.includes('fgm') || !facts.fgmKnown) return false
  if (facts.childSex === 'male') return false
  if (facts.childAgeYears === undefined || facts.childAgeYears < 0 || facts.childAgeYears >= 18) return false
  return fgmDutyProfession(facts.reporterRoles, facts.reporterOrganisationKind) !== undefined
}

/** Shown at once, prominently, to the person recording the concern when fgmMandatoryDutyApplies. */
export const fgmDutyNotice = {
  heading: 'You must report this to the police yourself',
  paragraphs: [
    'If you are a teacher, or a regulated health or social care professional, the law requires you personally to report known female genital mutilation (FGM) in a girl under 18 to the police (Female Genital Mutilation Act 2003, section 5B).',
    'Call 101 and say you are making an FGM mandatory report. Do it as soon as you can, and by the end of the next working day at the latest. If she is in immediate danger, call 999.',
    'Write down the police reference number and add it to this concern.',
    // Who else to tell depends on who the person is: the next step's fgmAlsoTell (nextStep.ts) follows these.
  ],
} as const

/** Shown when FGM is chosen but the duty does not apply (suspected, at risk, 18 or over, or another role). */
export const fgmLocalProceduresNotice = {
  heading: 'Follow your local safeguarding procedures',
  // The first paragraph, who to tell today, is the next step's fgmLocalProcedures (nextStep.ts).
  paragraphs: ['If a girl is in immediate danger, or may be taken abroad for FGM soon, call 999.'],
} as const
