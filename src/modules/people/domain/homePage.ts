import type { Role } from '../../../platform/identity/roles.js'

/** One piece of a role's work, as a link on the home page. */
export interface WorkLink {
  readonly href: string
  readonly title: string
  readonly description: string
}

export interface HomeSection {
  readonly role: Role
  readonly heading: string
  readonly links: readonly WorkLink[]
}

const respondToChild: WorkLink = {
  href: '/guidance/if-a-child-tells-you',
  title: 'If a child tells you something',
  description: 'How to listen, what to say and what to do straight afterwards.',
}
const deadlines: WorkLink = {
  href: '/deadlines',
  title: 'Due and overdue',
  description: 'Statutory timescales for the work you hold, with what is due soon and what is overdue.',
}
const manageUsers: WorkLink = {
  href: '/admin/users',
  title: 'Manage users',
  description: 'Invite people, change their roles and deactivate accounts for your organisation.',
}
const emailOutbox: WorkLink = {
  href: '/admin/outbox',
  title: 'Email outbox',
  description: 'Emails Together has sent or is waiting to send for your organisation.',
}
const recordConcern: WorkLink = {
  href: '/concerns/new',
  title: 'Record a concern',
  description: 'Write down what you saw or heard about a child and send it to your designated safeguarding lead.',
}
const yourConcerns: WorkLink = {
  href: '/concerns/mine',
  title: 'Your concerns',
  description: 'Concerns you have recorded and what your safeguarding lead decided.',
}
const inbox: WorkLink = {
  href: '/inbox',
  title: 'Safeguarding inbox',
  description: 'Concerns recorded in your organisation that are waiting for you, most urgent first.',
}
const conferenceInvitations: WorkLink = {
  href: '/conferences',
  title: 'Conference invitations',
  description: 'Child protection conferences your organisation is invited to, and your agency’s report for each.',
}
const frontDoor: WorkLink = {
  href: '/front-door',
  title: 'Front door: referrals',
  description: 'Referrals waiting for a decision, a child in immediate danger first, with the one working day clock.',
}
const informationRequests: WorkLink = {
  href: '/information-requests',
  title: 'Requests for information',
  description: 'What children’s social care has asked your organisation about a child, to answer inside Together.',
}
const makeReferral: WorkLink = {
  href: '/referrals/new',
  title: 'Make a referral to children’s social care',
  description: 'Refer a child you are worried may be in need or at risk of significant harm.',
}
const yourReferrals: WorkLink = {
  href: '/referrals',
  title: 'Your referrals',
  description: 'Referrals you have made to children’s social care, and what they decided.',
}
const timescales: WorkLink = {
  href: '/timescales',
  title: 'Statutory timescales',
  description: 'Every timescale rule, its source, and any local variation your partnership has made.',
}

const myCases: WorkLink = {
  href: '/caseload',
  title: 'My cases',
  description: 'Open cases you lead, manage or chair, with the next statutory deadline for each.',
}
const teamCaseload: WorkLink = {
  href: '/caseload/team',
  title: 'Team caseload',
  description: 'Every open case in your local authority by worker, the unallocated ones, and what is due or overdue.',
}
const protectionCheck: WorkLink = {
  href: '/protection-check',
  title: 'Check for a child protection plan',
  description:
    'Find out whether a child in your area has a child protection plan, and whom to call at the local authority.',
}
const protectionChecks: WorkLink = {
  href: '/protection-checks',
  title: 'Child protection plan checks',
  description: 'Police and health checks made about children in your area, and what they were told.',
}

const myFamilies: WorkLink = {
  href: '/family-help/mine',
  title: 'My families',
  description: 'Families you support as lead practitioner, with the next review or assessment due.',
}
const earlyHelpArea: WorkLink = {
  href: '/family-help/area',
  title: 'Family help in your area',
  description: 'Families without a lead practitioner or a plan, overdue reviews, step-ups and step-downs.',
}
const partnership: WorkLink = {
  href: '/partnership',
  title: 'Safeguarding partnership',
  description: 'The partners, relevant agencies, signed-off documents, the agreed data set and the yearly report.',
}
const learning: WorkLink = {
  href: '/partnership/incidents',
  title: 'Serious incidents and reviews',
  description: 'Serious incident notifications, rapid reviews, practice reviews and the actions agreed from them.',
}
const yourTraining: WorkLink = {
  href: '/training',
  title: 'Your safeguarding training',
  description: 'Record training you have done and see what is due.',
}
const organisationTraining: WorkLink = {
  href: '/training/organisation',
  title: 'Training across your organisation',
  description: 'Who is current, due in the next 90 days or lapsed, and training waiting to be verified.',
}
const allegations: WorkLink = {
  href: '/allegations',
  title: 'Allegations about adults',
  description: 'Allegations against people who work with children, and referrals to the LADO.',
}
const lowLevelConcerns: WorkLink = {
  href: '/low-level-concerns',
  title: 'Low-level concerns about adults',
  description: 'Record or review a concern about how an adult working here has behaved.',
}
const schoolMoves: WorkLink = {
  href: '/school-moves',
  title: 'Child protection files on a school move',
  description: 'Send a child’s file to their new school, and confirm files you receive.',
}

/** The work a safeguarding lead and their deputy share; the lead's section adds school moves and training. */
const safeguardingLeadWork: readonly WorkLink[] = [
  inbox,
  informationRequests,
  conferenceInvitations,
  yourReferrals,
  myFamilies,
  deadlines,
  recordConcern,
  respondToChild,
]

/**
 * Sends each role to its work. A person with several roles sees a section for each, most senior work first.
 * Links only go to pages that exist; later capabilities add theirs here.
 */
const sectionsByRole: Readonly<Record<Role, Omit<HomeSection, 'role'>>> = {
  dsl: { heading: 'Designated safeguarding lead', links: [...safeguardingLeadWork, schoolMoves, yourTraining] },
  deputy_dsl: { heading: 'Deputy designated safeguarding lead', links: safeguardingLeadWork },
  front_door: { heading: 'Front door', links: [frontDoor, myCases, protectionChecks, deadlines, timescales] },
  social_worker: { heading: 'Your cases', links: [myCases, frontDoor, deadlines, protectionChecks, timescales] },
  team_manager: {
    heading: 'Your team',
    links: [teamCaseload, frontDoor, myCases, deadlines, protectionChecks, timescales],
  },
  conference_chair: { heading: 'Child protection conferences', links: [myCases, deadlines, timescales] },
  police_officer: {
    heading: 'Police child protection',
    links: [
      protectionCheck,
      informationRequests,
      conferenceInvitations,
      makeReferral,
      yourReferrals,
      deadlines,
      timescales,
    ],
  },
  health_lead: {
    heading: 'Health safeguarding',
    links: [
      inbox,
      informationRequests,
      conferenceInvitations,
      protectionCheck,
      yourReferrals,
      deadlines,
      recordConcern,
      timescales,
    ],
  },
  partnership_lead: { heading: 'Safeguarding partnership', links: [partnership, learning, deadlines, timescales] },
  business_manager: { heading: 'Partnership business unit', links: [partnership, learning, deadlines, timescales] },
  independent_scrutineer: { heading: 'Independent scrutiny', links: [partnership, learning] },
  org_admin: { heading: 'Administration', links: [manageUsers, organisationTraining, emailOutbox] },
  early_help_coordinator: { heading: 'Family help', links: [earlyHelpArea, myFamilies, deadlines, timescales] },
  staff: {
    heading: 'Keeping children safe',
    links: [
      recordConcern,
      yourConcerns,
      makeReferral,
      yourReferrals,
      myFamilies,
      respondToChild,
      lowLevelConcerns,
      yourTraining,
    ],
  },
  head: {
    heading: 'Headteacher or manager',
    links: [allegations, lowLevelConcerns, organisationTraining, yourTraining],
  },
  chair_of_governors: { heading: 'Chair of governors or trustees', links: [lowLevelConcerns, allegations] },
  lado: { heading: 'Local authority designated officer', links: [allegations, deadlines, timescales] },
}

const order: readonly Role[] = [
  'partnership_lead',
  'early_help_coordinator',
  'business_manager',
  'independent_scrutineer',
  'lado',
  'head',
  'chair_of_governors',
  'team_manager',
  'conference_chair',
  'front_door',
  'social_worker',
  'police_officer',
  'health_lead',
  'dsl',
  'deputy_dsl',
  'staff',
  'org_admin',
]

export function homeSections(userRoles: readonly Role[]): HomeSection[] {
  return order.filter((r) => userRoles.includes(r)).map((role) => ({ role, ...sectionsByRole[role] }))
}
