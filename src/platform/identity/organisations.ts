import { wordList } from '../shared/wordList.js'

/**
 * Kinds of organisation that Working Together to Safeguard Children 2023 names as having safeguarding duties
 * (chapter 4, "Organisational responsibilities"), and the three statutory safeguarding partners (chapter 2).
 */
export const {
  ids: organisationKinds,
  labels: organisationKindLabels,
  is: isOrganisationKind,
  labelOf: organisationKindLabel,
  options: organisationKindOptions,
} = wordList({
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
  british_transport_police: 'British Transport Police',
  prison: 'Prison or young offender institution',
  secure_training_centre: 'Secure training centre',
  district_council: 'District council',
  housing: 'Housing provider',
  independent_sector: 'Independent sector provider',
})
export type OrganisationKind = (typeof organisationKinds)[number]

/**
 * Kinds that work across local areas rather than inside one (WT2023 ch.2 names British Transport Police as a
 * national force that works with every partnership it operates in).
 */
export const nationalKinds: readonly OrganisationKind[] = ['british_transport_police']

/** The three statutory safeguarding partners for a local area (WT2023 chapter 2; Children Act 2004 s16E). */
export const statutoryPartnerKinds: readonly OrganisationKind[] = ['la_childrens_social_care', 'icb', 'police_force']
