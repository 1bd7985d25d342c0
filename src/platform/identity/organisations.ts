/**
 * Kinds of organisation that Working Together to Safeguard Children 2023 names as having safeguarding duties
 * (chapter 4, "Organisational responsibilities"), and the three statutory safeguarding partners (chapter 2).
 */
export const organisationKinds = [
  'school',
  'college',
  'early_years',
  'gp_practice',
  'nhs_trust',
  'icb',
  'police_force',
  'la_childrens_social_care',
  'probation',
  'youth_justice',
  'voluntary_charity',
  'faith_group',
  'sports_youth_club',
] as const
export type OrganisationKind = (typeof organisationKinds)[number]

export const organisationKindLabels: Readonly<Record<OrganisationKind, string>> = {
  school: 'School',
  college: 'College',
  early_years: 'Early years setting',
  gp_practice: 'GP practice',
  nhs_trust: 'NHS trust',
  icb: 'Integrated care board',
  police_force: 'Police force',
  la_childrens_social_care: "Local authority children's social care",
  probation: 'Probation service',
  youth_justice: 'Youth justice service',
  voluntary_charity: 'Voluntary or charity organisation',
  faith_group: 'Faith group',
  sports_youth_club: 'Sports or youth club',
}

/** The three statutory safeguarding partners for a local area (WT2023 chapter 2; Children Act 2004 s16E). */
export const statutoryPartnerKinds: readonly OrganisationKind[] = ['la_childrens_social_care', 'icb', 'police_force']

export const isOrganisationKind = (value: string): value is OrganisationKind =>
  (organisationKinds as readonly string[]).includes(value)
