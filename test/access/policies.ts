import type { Role } from '../../src/platform/identity/roles.js'
import type { Principal, Relation } from './world.js'

/**
 * What a request should get. The walker turns each into concrete checks:
 * - allow: the route's success status (200, 201 or a 303 that is not to the sign-in page);
 * - forbidden: 403 — the role may not do this at all (nothing about a child is at stake);
 * - refused: 403 to someone who may see the subject but whose role does not do this (a social worker asked to
 *   authorise an assessment): nothing is revealed to them, so the answer may show what they may see;
 * - hidden: 404 exactly like a made-up id, with no child's names or ids in the body, and the denial audited;
 * - notFound: 404 — not theirs (another organisation's user or message) or nothing there;
 * - signIn: pages redirect to /sign-in, the API answers 401;
 * - secondFactor: pages redirect to /sign-in/two-factor (the API has no half-signed-in state: 401);
 * - home: a redirect to the home page (the sign-in pages, for someone already signed in).
 */
export type Outcome = 'allow' | 'forbidden' | 'refused' | 'hidden' | 'notFound' | 'signIn' | 'secondFactor' | 'home'

export interface Policy {
  /** Shown in failure messages and the docs; say who may, in a few words. */
  readonly name: string
  readonly decide: (principal: Principal, relation: Relation | undefined) => Outcome
}

// The role groups below are written out here, not imported from the product, on purpose: the matrix is an
// independent statement of who may do what, so a change to the product's lists fails it until someone agrees.

/** Lead safeguarding for their organisation: see and act on its concerns, have the inbox. */
const safeguardingLeads: readonly Role[] = ['dsl', 'deputy_dsl', 'health_lead']
/** See the record of a child their organisation is involved with (not only the concerns they wrote). */
const childRecordRoles: readonly Role[] = [
  ...safeguardingLeads,
  'front_door',
  'social_worker',
  'team_manager',
  'conference_chair',
  'police_officer',
]

/** Local authority children's social care: see referrals their authority received. */
const socialCareRoles: readonly Role[] = ['front_door', 'social_worker', 'team_manager', 'conference_chair']
/** Work the front door: the queue, acknowledging, asking other agencies, linking a child. */
const frontDoorRoles: readonly Role[] = ['front_door', 'team_manager', 'social_worker']
/** Decide on a referral. */
const referralDeciders: readonly Role[] = ['front_door', 'team_manager']
/** Answer another agency's request for information for their organisation. */
const agencyLeads: readonly Role[] = [...safeguardingLeads, 'police_officer']

/** Correct a child's identity (src/modules/access/domain/policy.ts CHILD_CORRECTION_ROLES, written out again). */
const childCorrectors: readonly Role[] = [...safeguardingLeads, ...socialCareRoles]
/** Answer a subject access request (SUBJECT_ACCESS_ROLES, written out again). */
const subjectAccessHandlers: readonly Role[] = ['dsl', 'team_manager', 'health_lead']
/** Who may see a child's record (childViewer below). */
const seesChild = (p: Principal, relation: Relation | undefined): boolean =>
  relation === 'authored' || (relation === 'involved' && has(p, childRecordRoles))

const has = (p: Principal, roles: readonly Role[]): boolean => p.roles.some((r) => roles.includes(r))

/** Whether someone may see a referral at all: who made it, their organisation's leads, the receiving social care. */
const seesReferral = (p: Principal, relation: Relation | undefined): boolean =>
  relation === 'own' ||
  (relation === 'organisation' && has(p, safeguardingLeads)) ||
  (relation === 'received' && has(p, socialCareRoles))

/** Pages and API calls that need a full sign-in; the inner rule decides for signed-in people. */
function signedIn(name: string, inner: (p: Principal, relation: Relation | undefined) => Outcome): Policy {
  return {
    name,
    decide: (p, relation) => {
      if (p.kind === 'anonymous' || p.kind === 'expired') return 'signIn'
      if (p.kind === 'partway') return 'secondFactor'
      return inner(p, relation)
    },
  }
}

// Case work after the front door: who takes each step is the transition table's `who`
// (src/domain/protection/episode.ts), written out again here.

/** Children's social care: see the cases their local authority holds. */
const socialCare: readonly Role[] = ['front_door', 'social_worker', 'team_manager', 'conference_chair']
/** Hold the case: record the assessment, the strategy discussion, section 47, core groups, child in need work. */
const caseHolder: readonly Role[] = ['social_worker', 'team_manager']
// Answering for an agency invited to a conference is the same set as answering a request for information: agencyLeads above.

/** A step on a case held by their own local authority, for `roles`; other social care staff there may see the
 * case, so they are refused (403) without anything being revealed; anyone else is told there is no such case. */
function caseStep(name: string, roles: readonly Role[]): Policy {
  return signedIn(name, (p, relation) => {
    if (relation !== 'own-la' || !has(p, socialCare)) return 'hidden'
    return has(p, roles) ? 'allow' : 'refused'
  })
}

/** Roles of a statutory partner (local authority, police, ICB) that host the partnership's work. */
const partnershipTeam = (p: Principal, roles: readonly Role[]): boolean =>
  ['la_childrens_social_care', 'police_force', 'icb'].includes(p.member.actor.organisationKind) && has(p, roles)
/** The roles that answer for an agency asked for a rapid review summary. */
const partnershipAgencyLeads: readonly Role[] = [
  'dsl',
  'deputy_dsl',
  'health_lead',
  'police_officer',
  'team_manager',
  'partnership_lead',
]

// Family help (src/modules/family-help/domain/policy.ts), written out again: safeguarding leads of an agency in the
// team around the family see and (before a lead practitioner is named) act; the area's early help coordinators
// oversee; an agency outside the team, and the local authority's other staff, see nothing.
const familyHelpLeads: readonly Role[] = [
  'dsl',
  'deputy_dsl',
  'health_lead',
  'police_officer',
  'front_door',
  'social_worker',
  'team_manager',
  'early_help_coordinator',
]
const earlyHelpCoordinators: readonly Role[] = ['early_help_coordinator', 'team_manager']
const inLocalAuthority = (p: Principal): boolean => p.member.actor.organisationKind === 'la_childrens_social_care'
const seesFamilyHelp = (p: Principal, relation: Relation | undefined): boolean =>
  relation === 'team' && (inLocalAuthority(p) ? has(p, earlyHelpCoordinators) : has(p, familyHelpLeads))
const dslRoles: readonly Role[] = ['dsl', 'deputy_dsl']
const caseManagerRoles: readonly Role[] = ['head', 'chair_of_governors', 'dsl', 'deputy_dsl']
// The workforce (src/modules/allegations/domain/policy.ts, training and transfers), written out again.
const trainingVerifiers: readonly Role[] = ['org_admin', 'head']
/** Review low-level concerns not about the head (the fixtures' concerns are about nobody on Together). */
const lowLevelReviewers: readonly Role[] = ['head']

export const policies = {
  /** Anyone, signed in or not (information pages, assets, the health check, sign-in itself); an unknown
   * subject (a made-up invitation link) is not found. */
  public: { name: 'public', decide: (_p, relation) => (relation === 'unknown' ? 'notFound' : 'allow') },
  /** The sign-in form: anyone not yet signed in; signed-in people are sent home. */
  signInForm: { name: 'sign-in form', decide: (p) => (p.kind === 'user' ? 'home' : 'allow') },
  /** The authenticator-code step: only someone partway through signing in. */
  secondFactorStep: {
    name: 'second-factor step',
    decide: (p) => (p.kind === 'partway' ? 'allow' : p.kind === 'user' ? 'home' : 'signIn'),
  },
  /** Anyone signed in (their own work, recording a concern, searching for a child their organisation knows). */
  signedIn: signedIn('any signed-in person', () => 'allow'),
  /** Organisation administrators, for their own organisation's users and outbox; others' are not found. */
  orgAdmin: signedIn('administrator of own organisation', (p, relation) => {
    if (!has(p, ['org_admin'])) return 'forbidden'
    return relation === undefined || relation === 'same-org' || relation === 'own-org' ? 'allow' : 'notFound'
  }),
  /** DSLs, deputies and health safeguarding leads: the safeguarding inbox. */
  safeguardingLead: signedIn('safeguarding lead (DSL, deputy, health lead)', (p) =>
    has(p, safeguardingLeads) ? 'allow' : 'forbidden',
  ),
  /** Find a child: the roles that may open a child's record once found. */
  childFinder: signedIn('safeguarding leads, social care and police officers', (p) =>
    has(p, childRecordRoles) ? 'allow' : 'forbidden',
  ),
  /** Partnership leads, for their own local area; another area's things are not found. */
  partnershipLead: signedIn('partnership lead of own area', (p, relation) => {
    if (!has(p, ['partnership_lead'])) return 'forbidden'
    return relation === undefined || relation === 'own-area' || relation === 'local-variation-allowed'
      ? 'allow'
      : 'notFound'
  }),
  /** A local variation of a timescale rule: an unknown rule is not found for anyone; then partnership leads. */
  partnershipLeadForRule: signedIn('partnership lead (rule must exist)', (p, relation) => {
    if (relation === 'unknown') return 'notFound'
    return has(p, ['partnership_lead']) ? 'allow' : 'forbidden'
  }),
  /** Read a concern, or add an addendum: its author, and safeguarding leads of the organisation that recorded it. */
  concernReader: signedIn('concern author or own organisation’s safeguarding lead', (p, relation) =>
    relation === 'own' || (relation === 'colleague' && has(p, safeguardingLeads)) ? 'allow' : 'hidden',
  ),
  /** Act on a concern (acknowledge, ask for more, decide): safeguarding leads of the organisation that recorded it. */
  concernLead: signedIn('safeguarding lead of the concern’s organisation', (p, relation) =>
    (relation === 'own' || relation === 'colleague') && has(p, safeguardingLeads) ? 'allow' : 'hidden',
  ),
  /** Answer a request for more information, or see the "recorded" confirmation: the author only. */
  concernAuthor: signedIn('author of the concern', (_p, relation) => (relation === 'own' ? 'allow' : 'hidden')),
  /** A child's record (chronology, PDF, people): leads and statutory roles of an involved organisation, and
   * anyone who recorded a concern about the child. */
  childViewer: signedIn('involved organisation’s leads and statutory roles, or a concern author', (p, relation) =>
    relation === 'authored' || (relation === 'involved' && has(p, childRecordRoles)) ? 'allow' : 'hidden',
  ),
  /** Correct a child's identity: safeguarding leads and social care of an involved organisation; others who may
   * see the record are refused (403); anyone else is told there is no such child. */
  childCorrector: signedIn('safeguarding lead or social care of an involved organisation', (p, relation) => {
    if (!seesChild(p, relation)) return 'hidden'
    return has(p, childCorrectors) ? 'allow' : 'refused'
  }),
  /** A child's census ethnicity and disability: children's social care of an involved organisation; others who may
   * see the record are refused (403); anyone else is told there is no such child. */
  childCensusRecorder: signedIn('children’s social care of an involved organisation', (p, relation) => {
    if (!seesChild(p, relation)) return 'hidden'
    return has(p, socialCareRoles) ? 'allow' : 'refused'
  }),
  /** A subject access request about a child: the DSL, a team manager or a health lead of an involved organisation;
   * others who may see the record are refused (403); anyone else is told there is no such child. */
  subjectAccessHandler: signedIn('DSL, team manager or health lead of an involved organisation', (p, relation) => {
    if (!seesChild(p, relation)) return 'hidden'
    return has(p, subjectAccessHandlers) ? 'allow' : 'refused'
  }),
  /** Name a child in a new concern: only children the organisation is involved with (ids are not a way in). */
  involvedChild: signedIn('anyone, about a child their organisation is involved with', (_p, relation) =>
    relation === 'authored' || relation === 'involved' ? 'allow' : 'hidden',
  ),
  /** A concern being written: only the person writing it. */
  draftOwner: signedIn('the person writing the draft', (_p, relation) => (relation === 'own' ? 'allow' : 'hidden')),
  /** My cases: social care staff who lead, manage or chair cases. */
  caseloadHolder: signedIn('social worker, team manager, front door or conference chair', (p) =>
    has(p, ['social_worker', 'team_manager', 'front_door', 'conference_chair']) ? 'allow' : 'forbidden',
  ),
  /** The team caseload: team managers, of their own local authority (the page shows nothing else). */
  teamManager: signedIn('team manager', (p) => (has(p, ['team_manager']) ? 'allow' : 'forbidden')),
  /** The child protection plan check (as NHS CP-IS): police officers and health safeguarding leads, in their own area. */
  protectionChecker: signedIn('police officer or health safeguarding lead', (p) =>
    has(p, ['police_officer', 'health_lead']) ? 'allow' : 'forbidden',
  ),
  /** A check's answer, shown again: only the person who made the check. */
  protectionCheckOwner: signedIn('the person who made the check', (_p, relation) =>
    relation === 'own' ? 'allow' : 'hidden',
  ),
  /** The checks a local authority was told about: its front door, team managers and social workers. */
  protectionChecksReader: signedIn('local authority front door, team manager or social worker', (p) =>
    has(p, ['front_door', 'team_manager', 'social_worker']) ? 'allow' : 'forbidden',
  ),
  /** A referral: who made it, their organisation's safeguarding leads, and the receiving local authority's social care. */
  referralViewer: signedIn('the referrer, their organisation’s leads, or the receiving social care', (p, relation) =>
    seesReferral(p, relation) ? 'allow' : 'hidden',
  ),
  /** The confirmation after sending a referral: only the person who sent it. */
  referralSender: signedIn('the person who sent the referral', (_p, relation) =>
    relation === 'own' ? 'allow' : 'hidden',
  ),
  /**
   * Concerns nobody acknowledged (the DSL's chain): an organisation's safeguarding leads and its backup (the head
   * or manager, the administrator), and the local authority's front door and its managers.
   */
  unacknowledgedConcerns: signedIn('safeguarding leads, the backup, and the local authority’s front door', (p) =>
    has(p, [...safeguardingLeads, 'head', 'org_admin', 'front_door', 'team_manager']) ? 'allow' : 'forbidden',
  ),
  /** The front door's queue: a local authority's front door, managers and social workers. */
  frontDoorQueue: signedIn('local authority front door, managers and social workers', (p) =>
    has(p, frontDoorRoles) ? 'allow' : 'forbidden',
  ),
  /** The front door's pages for one referral: the receiving authority's front door, managers and social workers. */
  frontDoorPage: signedIn('the receiving authority’s front door, managers and social workers', (p, relation) =>
    relation === 'received' && has(p, frontDoorRoles) ? 'allow' : 'hidden',
  ),
  /** Acknowledge, ask another agency, link a child: the receiving front door; others who may see it are refused. */
  frontDoorStep: signedIn('the receiving front door (others who see the referral: 403)', (p, relation) => {
    if (relation === 'received' && has(p, frontDoorRoles)) return 'allow'
    return seesReferral(p, relation) ? 'forbidden' : 'hidden'
  }),
  /** The decision form: the receiving front door and managers; its social workers see the referral but may not decide. */
  frontDoorDecisionPage: signedIn('the receiving front door and managers', (p, relation) => {
    if (relation !== 'received' || !has(p, frontDoorRoles)) return 'hidden'
    return has(p, referralDeciders) ? 'allow' : 'forbidden'
  }),
  /** Deciding on a referral: the receiving front door and managers; others who may see it are refused. */
  referralDecider: signedIn('the receiving front door and managers (others who see it: 403)', (p, relation) => {
    if (relation === 'received' && has(p, referralDeciders)) return 'allow'
    return seesReferral(p, relation) ? 'forbidden' : 'hidden'
  }),
  /** The list of requests for information: safeguarding leads and police officers (of any organisation). */
  informationRequestLead: signedIn('safeguarding leads and police officers', (p) =>
    has(p, agencyLeads) ? 'allow' : 'forbidden',
  ),
  /** One request for information: the safeguarding leads and police officers of the organisation asked. */
  informationRequestAnswerer: signedIn('leads of the organisation asked', (p, relation) =>
    relation === 'asked' && has(p, agencyLeads) ? 'allow' : 'hidden',
  ),

  // Case work after the front door.
  /** A case and its forms: children's social care of the local authority that holds it. Anyone else, even an
   * agency invited to its conference or in its core group, is told there is no such case. */
  /** A family help episode and its steps: the team's agency leads and the area's coordinators; others hidden. */
  familyHelpMember: signedIn(
    'the team around the family’s agency leads and the area’s early help coordinators',
    (p, r) => (seesFamilyHelp(p, r) ? 'allow' : 'hidden'),
  ),
  /** The early help coordinator's view of the area. */
  earlyHelpCoordinator: signedIn('the local authority’s early help coordinators', (p) =>
    inLocalAuthority(p) && has(p, earlyHelpCoordinators) ? 'allow' : 'forbidden',
  ),
  /** Start family help for a child: safeguarding leads of an organisation involved with the child. */
  familyHelpOpener: signedIn('safeguarding leads of an organisation involved with the child', (p, r) =>
    r === 'authored' || r === 'involved' ? (has(p, familyHelpLeads) ? 'allow' : 'refused') : 'hidden',
  ),
  /** Step a case down to family help: social care of the holding local authority. */
  familyHelpStepDown: signedIn('social care of the holding local authority', (p, r) =>
    r === 'own-la' && has(p, ['front_door', 'social_worker', 'team_manager', 'early_help_coordinator'])
      ? 'allow'
      : 'hidden',
  ),
  caseViewer: signedIn('social care of the holding local authority', (p, relation) =>
    relation === 'own-la' && has(p, socialCare) ? 'allow' : 'hidden',
  ),
  /** Allocate a lead practitioner and team manager. */
  caseAllocator: caseStep('team manager of the holding local authority', ['team_manager']),
  /** Record and submit the child and family assessment. */
  assessmentWriter: caseStep('social worker or team manager of the holding local authority', caseHolder),
  /** complete_assessment from the assessment phase: a manager authorises. */
  assessmentAuthoriser: caseStep('team manager of the holding local authority', ['team_manager']),
  /** request_strategy_discussion: the case holders, and the front door. */
  strategyDiscussionRequester: caseStep('social worker, team manager or front door of the holding local authority', [
    ...caseHolder,
    'front_door',
  ]),
  /** record_strategy_discussion, conclude_section_47, record_core_group, review_child_in_need_plan, close_episode. */
  caseHolderStep: caseStep('social worker or team manager of the holding local authority', caseHolder),
  /** Arrange a conference and invite to it. */
  conferenceArranger: caseStep('social worker, team manager or chair of the holding local authority', [
    ...caseHolder,
    'conference_chair',
  ]),
  /** hold_initial_conference and hold_review_conference: the chair decides. */
  conferenceChairStep: caseStep('conference chair of the holding local authority', ['conference_chair']),
  /** end_plan between reviews: the chair or a team manager. */
  planEnder: caseStep('conference chair or team manager of the holding local authority', [
    'conference_chair',
    'team_manager',
  ]),
  /** The Conference invitations list: an agency's safeguarding leads (it shows only their own invitations). */
  agencyLead: signedIn('an agency’s safeguarding lead (DSL, deputy, health lead, police officer)', (p) =>
    has(p, agencyLeads) ? 'allow' : 'forbidden',
  ),
  /** One conference, and the agency's report to it: safeguarding leads of an organisation invited to it. */
  conferenceInvitee: signedIn('safeguarding lead of an invited organisation', (p, relation) =>
    relation === 'invited' && has(p, agencyLeads) ? 'allow' : 'hidden',
  ),

  // The safeguarding partnership (src/modules/partnership/domain/policy.ts), written out again here.
  /** The partnership's pages: its leads, business manager and independent scrutineer, hosted by a statutory partner. */
  partnershipReader: signedIn('partnership lead, business manager or scrutineer', (p) =>
    partnershipTeam(p, ['partnership_lead', 'business_manager', 'independent_scrutineer']) ? 'allow' : 'forbidden',
  ),
  /** The partnership's work: its leads and business manager (the scrutineer reads only). */
  partnershipRunner: signedIn('partnership lead or business manager', (p) =>
    partnershipTeam(p, ['partnership_lead', 'business_manager']) ? 'allow' : 'forbidden',
  ),
  /** Notify a serious incident: the local authority's team managers, partnership lead and business manager. */
  incidentNotifier: signedIn('local authority manager, partnership lead or business manager', (p) =>
    p.member.actor.organisationKind === 'la_childrens_social_care' &&
    has(p, ['team_manager', 'partnership_lead', 'business_manager'])
      ? 'allow'
      : 'forbidden',
  ),
  /** Summaries asked of an agency: the roles that answer for it. */
  agencyAnswerer: signedIn('an agency’s safeguarding leads', (p) =>
    has(p, partnershipAgencyLeads) ? 'allow' : 'forbidden',
  ),
  /** The action log: the partnership's readers see all; an agency's leads and administrators see their own. */
  actionLogReader: signedIn('partnership readers, or an agency’s leads for its own actions', (p) =>
    partnershipTeam(p, ['partnership_lead', 'business_manager', 'independent_scrutineer']) ||
    has(p, [...partnershipAgencyLeads, 'org_admin'])
      ? 'allow'
      : 'forbidden',
  ),
  /** One measure of the data set: an unknown measure is not found; then the partnership's readers. */
  measureReader: signedIn('partnership readers (measure must exist)', (p, relation) => {
    if (relation === 'unknown') return 'notFound'
    return partnershipTeam(p, ['partnership_lead', 'business_manager', 'independent_scrutineer'])
      ? 'allow'
      : 'forbidden'
  }),
  /** One serious incident's page: readers of its own area; anyone else is told there is no such incident. */
  incidentReader: signedIn('partnership readers of the incident’s area', (p, relation) => {
    if (!partnershipTeam(p, ['partnership_lead', 'business_manager', 'independent_scrutineer'])) return 'hidden'
    return relation === 'own-area' ? 'allow' : 'notFound'
  }),
  /** A yearly report or document: readers of its own area; unknown or another area's is not found to them. */
  partnershipRecordReader: signedIn('partnership readers of its area', (p, relation) => {
    if (!partnershipTeam(p, ['partnership_lead', 'business_manager', 'independent_scrutineer'])) return 'forbidden'
    return relation === 'own-area' ? 'allow' : 'notFound'
  }),
  // Working together on one child (sharing module).
  /** Information-sharing decisions about a child (list, record, confirm receipt): the leads of an organisation
   * involved with the child; anyone else is told there is no such child. */
  sharingLead: signedIn('safeguarding lead, police or social care of an involved organisation', (p, relation) =>
    (relation === 'authored' || relation === 'involved') &&
    has(p, ['dsl', 'deputy_dsl', 'health_lead', 'police_officer', 'front_door', 'social_worker', 'team_manager'])
      ? 'allow'
      : 'hidden',
  ),
  /** Open a child's record with a reason: front door, police, health leads and DSLs. */
  recordOpener: signedIn('front door, police officer, health lead or DSL', (p) =>
    has(p, ['front_door', 'police_officer', 'health_lead', 'dsl', 'deputy_dsl']) ? 'allow' : 'forbidden',
  ),
  /** Who has seen this child: DSLs, deputies and team managers of an involved organisation, and the local
   * authority's front door and social workers. */
  recordAccessReader: signedIn('DSL, team manager or local authority of an involved organisation', (p, relation) =>
    (relation === 'authored' || relation === 'involved') &&
    has(p, ['dsl', 'deputy_dsl', 'team_manager', 'front_door', 'social_worker'])
      ? 'allow'
      : 'hidden',
  ),
  /** Statutory returns (census, Annex A): the local authority's team managers and administrators. */
  returnsMaker: signedIn('local authority team manager or administrator', (p) =>
    p.member.actor.organisationKind === 'la_childrens_social_care' && has(p, ['team_manager', 'org_admin'])
      ? 'allow'
      : 'forbidden',
  ),
  /** Setting up the area (organisations, people by CSV): partnership leads and local authority administrators. */
  areaAdministrator: signedIn('partnership lead, or local authority administrator', (p) =>
    has(p, ['partnership_lead']) ||
    (p.member.actor.organisationKind === 'la_childrens_social_care' && has(p, ['org_admin']))
      ? 'allow'
      : 'forbidden',
  ),
  // Data protection duties (issue 15, item 6): the record of processing and the retention schedule, and the
  // organisation's complaints log kept by its administrators and DSLs.
  dataProtectionReader: signedIn('organisation administrator or partnership lead', (p) =>
    has(p, ['org_admin', 'partnership_lead']) ? 'allow' : 'forbidden',
  ),
  complaintKeeper: signedIn('organisation administrator or DSL', (p) =>
    has(p, ['org_admin', 'dsl']) ? 'allow' : 'forbidden',
  ),
  /** One complaint: its organisation's administrators and DSLs; others there are refused; elsewhere, hidden. */
  complaintHandler: signedIn('administrator or DSL of the organisation the complaint was made to', (p, relation) => {
    if (relation === 'own-org') return has(p, ['org_admin', 'dsl']) ? 'allow' : 'refused'
    return 'hidden'
  }),
  // The workforce and schools (issue 14).
  trainingAdministrator: signedIn('organisation administrator or head', (p) =>
    has(p, ['org_admin', 'head']) ? 'allow' : 'forbidden',
  ),
  allegationReader: signedIn('head, chair of governors, DSL, deputy or LADO', (p) =>
    has(p, [...caseManagerRoles, 'lado']) ? 'allow' : 'forbidden',
  ),
  caseManager: signedIn('head, chair of governors, DSL or deputy (the case manager)', (p) =>
    has(p, caseManagerRoles) ? 'allow' : 'forbidden',
  ),
  schoolDsl: signedIn('a DSL or deputy', (p) => (has(p, dslRoles) ? 'allow' : 'forbidden')),
  /** Verify a training record: administrators and heads, for a colleague's record; their own, or someone in
   * their organisation without the role, is refused (they may see it); another organisation's is hidden. */
  trainingVerifier: signedIn('organisation administrator or head, not for their own training', (p, relation) => {
    if (relation === 'colleague') return has(p, trainingVerifiers) ? 'allow' : 'refused'
    return relation === 'own' ? 'refused' : 'hidden'
  }),
  /** One allegation: its case manager and the LADO of its area; nobody else learns it exists. */
  allegationViewer: signedIn('case manager, or the LADO of the area', (p, relation) =>
    relation === 'managed' || (relation === 'area' && has(p, ['lado'])) ? 'allow' : 'hidden',
  ),
  /** Refer an allegation to the LADO: its case manager; the LADO sees it but is refused. */
  allegationReferrer: signedIn('the case manager', (p, relation) =>
    relation === 'managed' ? 'allow' : relation === 'area' && has(p, ['lado']) ? 'refused' : 'hidden',
  ),
  /** Record the outcome: the LADO of the area; the case manager sees it but is refused. */
  allegationOutcome: signedIn('the LADO of the area', (p, relation) =>
    relation === 'area' && has(p, ['lado']) ? 'allow' : relation === 'managed' ? 'refused' : 'hidden',
  ),
  /** An allegation from a concern the DSL referred to the LADO: a case manager of the concern's organisation. */
  allegationFromConcern: signedIn(
    'head, chair of governors, DSL or deputy of the concern’s organisation',
    (p, relation) =>
      (relation === 'own' || relation === 'colleague') && has(p, caseManagerRoles) ? 'allow' : 'hidden',
  ),
  /** One low-level concern: who raised it, and the head of their organisation (the reviewer). */
  lowLevelViewer: signedIn('who raised it, or the head', (p, relation) =>
    relation === 'own' || (relation === 'colleague' && has(p, lowLevelReviewers)) ? 'allow' : 'hidden',
  ),
  /** Review a low-level concern, or make it an allegation: the head of its organisation; who raised it sees it
   * but is refused. */
  lowLevelReviewer: signedIn('the head of the organisation', (p, relation) => {
    if (relation !== 'own' && relation !== 'colleague') return 'hidden'
    if (has(p, lowLevelReviewers)) return 'allow'
    return relation === 'own' ? 'refused' : 'hidden'
  }),
  /** Send a child's child protection file to their new school: a DSL of a school involved with the child. */
  fileSender: signedIn('a school’s DSL, for a child the school knows', (p, relation) =>
    (relation === 'authored' || relation === 'involved') &&
    ['school', 'college'].includes(p.member.actor.organisationKind) &&
    has(p, dslRoles)
      ? 'allow'
      : 'hidden',
  ),
  /** A file sent between schools: the DSLs of the sending and the receiving school. */
  transferViewer: signedIn('a DSL of the sending or receiving school', (p, relation) =>
    (relation === 'incoming' || relation === 'outgoing') && has(p, dslRoles) ? 'allow' : 'hidden',
  ),
  /** Confirm a file arrived: the receiving school's DSLs; the sender's DSLs see it but are refused. */
  transferReceiver: signedIn('a DSL of the receiving school', (p, relation) => {
    if (!has(p, dslRoles)) return 'hidden'
    return relation === 'incoming' ? 'allow' : relation === 'outgoing' ? 'refused' : 'hidden'
  }),
} as const satisfies Record<string, Policy>

/** A step on a partnership record (an incident, an action, a document, a report) of the caller's own area, for
 * those `allowed`; others there are refused (403: the product says who may), another area's is hidden. */
export function partnershipStep(name: string, allowed: (p: Principal) => boolean): Policy {
  return signedIn(name, (p, relation) => {
    if (relation !== 'own-area') return 'hidden'
    return allowed(p) ? 'allow' : 'forbidden'
  })
}
export const isPartnershipRunner = (p: Principal): boolean =>
  partnershipTeam(p, ['partnership_lead', 'business_manager'])
export const isPartnershipAgencyLead = (p: Principal): boolean => has(p, partnershipAgencyLeads)
export const isPartnershipLead = (p: Principal): boolean => partnershipTeam(p, ['partnership_lead'])
