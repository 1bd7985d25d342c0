import { domainError, err, ok, type DomainError, type Result } from '../shared/result.js'
import type { OrganisationKind } from './organisations.js'
import { wordList } from '../shared/wordList.js'

export const {
  ids: roles,
  labels: roleLabels,
  is: isRole,
  options: roleOptions,
} = wordList({
  staff: 'Staff member or volunteer',
  dsl: 'Designated safeguarding lead',
  deputy_dsl: 'Deputy designated safeguarding lead',
  front_door: 'Front door (MASH) social worker',
  social_worker: 'Social worker',
  team_manager: 'Team manager',
  conference_chair: 'Child protection conference chair',
  police_officer: 'Police child protection officer',
  health_lead: 'Health safeguarding lead',
  partnership_lead: 'Safeguarding partnership lead',
  business_manager: 'Safeguarding partnership business manager',
  independent_scrutineer: 'Independent scrutineer (reads the partnership’s work)',
  org_admin: 'Organisation administrator',
  early_help_coordinator: 'Early help coordinator',
  head: 'Headteacher or manager',
  chair_of_governors: 'Chair of governors or trustees',
  lado: 'Local authority designated officer (LADO)',
})
export type Role = (typeof roles)[number]

const socialCareRoles: readonly Role[] = ['front_door', 'social_worker', 'team_manager', 'conference_chair']
const everywhere: readonly Role[] = ['staff', 'org_admin']
const namedLead: readonly Role[] = ['dsl', 'deputy_dsl']
/** The partnership's business unit and its independent scrutineer are hosted by one of the three partners. */
const partnershipTeam: readonly Role[] = ['partnership_lead', 'business_manager', 'independent_scrutineer']
/**
 * The head or manager is the case manager for allegations, the reviewer of low-level concerns and the named
 * backup when the organisation's only DSL does not acknowledge a concern; the chair of governors or trustees
 * reviews concerns about the head (KCSIE Part 4).
 */
const leadership: readonly Role[] = ['head', 'chair_of_governors']

/**
 * Which roles make sense in which kind of organisation. Social care roles belong to the local authority,
 * police roles to a police force, health leads to health bodies; every organisation has staff, an
 * administrator and a designated (or named) safeguarding lead with deputies. Partnership leads sit in one of
 * the three statutory partners.
 */
export const rolesAllowedIn: Readonly<Record<OrganisationKind, readonly Role[]>> = {
  school: [...everywhere, ...namedLead, ...leadership],
  college: [...everywhere, ...namedLead, ...leadership],
  early_years: [...everywhere, ...namedLead, ...leadership],
  gp_practice: [...everywhere, ...namedLead, 'health_lead', 'head'],
  nhs_trust: [...everywhere, ...namedLead, 'health_lead', 'head'],
  icb: [...everywhere, 'health_lead', ...partnershipTeam],
  police_force: [...everywhere, 'police_officer', ...partnershipTeam],
  la_childrens_social_care: [...everywhere, ...socialCareRoles, ...partnershipTeam, 'early_help_coordinator', 'lado'],
  probation: [...everywhere, ...namedLead, 'head'],
  youth_justice: [...everywhere, ...namedLead, 'head'],
  voluntary_charity: [...everywhere, ...namedLead, ...leadership],
  faith_group: [...everywhere, ...namedLead, ...leadership],
  sports_youth_club: [...everywhere, ...namedLead, ...leadership],
  british_transport_police: [...everywhere, 'police_officer'],
  prison: [...everywhere, ...namedLead, 'head'],
  secure_training_centre: [...everywhere, ...namedLead, 'head'],
  district_council: [...everywhere, ...namedLead, 'head'],
  housing: [...everywhere, ...namedLead, 'head'],
  independent_sector: [...everywhere, ...namedLead, ...leadership],
}

/**
 * Roles that see or act on other people's child-level records need a second factor (TOTP): every role but plain
 * staff and volunteers, who record concerns and see only their own, so a password suffices for them. A role added
 * later needs a second factor unless it is left out here as staff is.
 */
const secondFactorRoles: ReadonlySet<Role> = new Set<Role>(roles.filter((r) => r !== 'staff'))

export const requiresSecondFactor = (userRoles: readonly Role[]): boolean =>
  userRoles.some((r) => secondFactorRoles.has(r))

export const invalidRolesFor = (kind: OrganisationKind, wanted: readonly Role[]): Role[] =>
  wanted.filter((r) => !rolesAllowedIn[kind].includes(r))

/** The roles an administrator asked for, checked against the kind of organisation; the error names a field. */
export function checkRolesAllowed(
  kind: OrganisationKind,
  wanted: readonly Role[],
): Result<readonly Role[], DomainError<'USER.ROLE_NOT_ALLOWED'>> {
  const wrong = invalidRolesFor(kind, wanted)[0]
  if (wrong === undefined) return ok(wanted)
  const message = `${roleLabels[wrong]} is not a role in this kind of organisation`
  return err(domainError('USER.ROLE_NOT_ALLOWED', message, { roles: message }))
}
