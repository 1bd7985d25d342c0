import type { Role } from '../../../platform/identity/roles.js'
import type { OrganisationKind } from '../../../platform/identity/organisations.js'

/*
 * Issue 17, item 11: "tell your DSL" is the next step for someone in a school or a club, not for a police officer, a
 * social worker, or the DSL themself. Every page that tells a person what to do after noticing a concern reads
 * its words from this one table, chosen by who the person is.
 *
 * Sources for each next step:
 * - staff in schools, colleges, early years and clubs tell their designated safeguarding lead (Keeping children
 *   safe in education 2025, paragraphs 70 and 71; Working Together 2023, chapter 4);
 * - a DSL (or deputy, or a health safeguarding lead) decides: refers to children's social care, or not (KCSIE
 *   paragraph 114, Annex C);
 * - police officers act under their force's procedures (police protection, Children Act 1989 section 46) and tell
 *   the local authority (Working Together 2023, paragraphs 134 and 141);
 * - local authority social workers act under their authority's procedures, with their manager; a child without an
 *   open case comes through the front door (Working Together 2023, chapter 3);
 * - health staff tell their named or designated safeguarding professional or practice lead (Safeguarding children,
 *   young people and adults at risk in the NHS: accountability and assurance framework, 2024).
 */

/** Who is recording the concern, as far as what they should do next goes. */
export type ConcernRecorder = 'school_or_club_staff' | 'health_staff' | 'safeguarding_lead' | 'police' | 'social_care'

/** A link to where the person follows up their concern. */
export interface NextStepLink {
  readonly href: string
  readonly text: string
}

/** The words for one kind of recorder, on each page that says what happens next. */
export interface ConcernNextStep {
  readonly recorder: ConcernRecorder
  /** Home page warning: what to do if a child is in immediate danger. */
  readonly dangerAdvice: string
  /** "What kind of concern is it?": who decides when the person is not sure. */
  readonly whoDecides: string
  /** "Is the child in immediate danger?": what answering yes does, and what the person does themself. */
  readonly dangerAnswer: string
  /** When an urgent alert could reach nobody in the person's organisation. */
  readonly nobodyAlerted: string
  /** Check your answers: what sending does. */
  readonly onSend: string
  readonly sendButton: string
  /** Concern recorded: the warning after immediate danger. */
  readonly dangerAlerted: string
  /** Concern recorded: what happens next. */
  readonly whatNext: string
  readonly followUp: NextStepLink
  /** Concern recorded: what the family is told. */
  readonly family: string
  /** The FGM reporting duty's last paragraph: who else to tell, and that they cannot report for you. */
  readonly fgmAlsoTell: string
  /** FGM that is not a known case: the local procedures' first step. */
  readonly fgmLocalProcedures: string
}

const schoolOrClubStaff: ConcernNextStep = {
  recorder: 'school_or_club_staff',
  dangerAdvice: 'If a child is in immediate danger, call 999 now, then tell your designated safeguarding lead.',
  whoDecides: 'Your designated safeguarding lead will decide.',
  dangerAnswer:
    'If you answer yes, your designated safeguarding lead and their deputies are sent an urgent alert as soon as you continue, with what you have entered so far, before you finish the concern.',
  nobodyAlerted:
    'Your organisation has no designated safeguarding lead or deputy in Together. Phone your safeguarding lead, or children’s services, now.',
  onSend: 'Your designated safeguarding lead will be told at once.',
  sendButton: 'Send to your safeguarding lead',
  dangerAlerted:
    'Your designated safeguarding lead and deputies have been alerted. If you have not called 999 and the child is in danger, call now.',
  whatNext:
    'Your designated safeguarding lead has been told. They will decide what to do, and you will see their decision on your concerns.',
  followUp: { href: '/concerns/mine', text: 'Your concerns' },
  family: 'Do not talk to the family about your concern unless your safeguarding lead asks you to.',
  fgmAlsoTell:
    'Tell your designated safeguarding lead too, but they cannot make the report for you. You do not need to report if you know someone in your profession has already reported this case.',
  fgmLocalProcedures:
    'Tell your designated safeguarding lead today. Suspected FGM, a girl at risk of FGM, and FGM in a woman aged 18 or over are handled through local safeguarding procedures.',
}

const healthStaff: ConcernNextStep = {
  recorder: 'health_staff',
  dangerAdvice: 'If a child is in immediate danger, call 999 now, then tell your named safeguarding lead.',
  whoDecides: 'Your named safeguarding lead will decide.',
  dangerAnswer:
    'If you answer yes, your organisation’s safeguarding leads are sent an urgent alert as soon as you continue, with what you have entered so far, before you finish the concern.',
  nobodyAlerted:
    'Your organisation has no safeguarding lead in Together. Phone your named or designated safeguarding professional, or children’s services, now.',
  onSend: 'Your organisation’s safeguarding leads will be told at once.',
  sendButton: 'Send to your safeguarding lead',
  dangerAlerted:
    'Your organisation’s safeguarding leads have been alerted. If you have not called 999 and the child is in danger, call now.',
  whatNext:
    'Your named safeguarding lead has been told. They will decide what to do with you, and you will see their decision on your concerns.',
  followUp: { href: '/concerns/mine', text: 'Your concerns' },
  family: 'Agree with your named safeguarding lead what the family is told, and when.',
  fgmAlsoTell:
    'Tell your named safeguarding lead too, but they cannot make the report for you. You do not need to report if you know someone in your profession has already reported this case.',
  fgmLocalProcedures:
    'Tell your named safeguarding lead today. Suspected FGM, a girl at risk of FGM, and FGM in a woman aged 18 or over are handled through local safeguarding procedures.',
}

const safeguardingLead: ConcernNextStep = {
  recorder: 'safeguarding_lead',
  dangerAdvice:
    'If a child is in immediate danger, call 999 now, then refer the child to children’s social care straight away.',
  whoDecides: 'You, or another safeguarding lead here, will decide from the safeguarding inbox.',
  dangerAnswer:
    'If you answer yes, every safeguarding lead in your organisation, you included, is sent an urgent alert as soon as you continue. Do not wait for it: you decide the next step, and a child in immediate danger is referred to children’s social care straight away.',
  nobodyAlerted: 'Nobody else in your organisation could be alerted. Refer the child to children’s social care now.',
  onSend: 'It goes to your organisation’s safeguarding inbox, where you decide what happens next.',
  sendButton: 'Send to the safeguarding inbox',
  dangerAlerted:
    'Your organisation’s safeguarding leads have been alerted. If you have not called 999 and the child is in danger, call now, then refer the child to children’s social care.',
  whatNext:
    'It is in your organisation’s safeguarding inbox. You decide what happens next: acknowledge it there and record your decision, or refer the child to children’s social care.',
  followUp: { href: '/inbox', text: 'Your safeguarding inbox' },
  family:
    'You decide whether and when the family is told. Do not tell them if that could put the child at greater risk.',
  fgmAlsoTell:
    'Nobody else can make the report for you, not even another safeguarding lead. You do not need to report if you know someone in your profession has already reported this case.',
  fgmLocalProcedures:
    'Decide today how to act under your local safeguarding procedures: suspected FGM, a girl at risk of FGM, and FGM in a woman aged 18 or over are handled through them.',
}

const police: ConcernNextStep = {
  recorder: 'police',
  dangerAdvice:
    'If a child is in immediate danger, act now under your force’s procedures (police protection if needed), then tell the local authority’s front door.',
  whoDecides: 'You decide the next step under your force’s procedures.',
  dangerAnswer:
    'If you answer yes, act now under your force’s procedures, using police protection if needed. Anyone your force has set up as a safeguarding lead in Together is also sent an urgent alert as soon as you continue.',
  nobodyAlerted:
    'Your force has nobody set up to receive alerts in Together. Act under your force’s procedures now, and tell the local authority’s front door.',
  onSend:
    'It is recorded for your force. Then follow your force’s procedures: tell your child protection team, and refer the child to the local authority’s front door.',
  sendButton: 'Record the concern',
  dangerAlerted:
    'Act now under your force’s procedures, using police protection if needed, and tell the local authority’s front door straight away.',
  whatNext:
    'Follow your force’s procedures: tell your child protection team, and if the child may be in need or at risk of significant harm, refer them to the local authority’s front door.',
  followUp: { href: '/referrals/new', text: 'Make a referral to children’s social care' },
  family: 'Follow your force’s procedures on what the family is told, so that no investigation is put at risk.',
  fgmAlsoTell:
    'Tell your force’s child protection team too. You do not need to report if you know someone in your profession has already reported this case.',
  fgmLocalProcedures:
    'Tell your force’s child protection team today. Suspected FGM, a girl at risk of FGM, and FGM in a woman aged 18 or over are handled through local safeguarding procedures.',
}

const socialCare: ConcernNextStep = {
  recorder: 'social_care',
  dangerAdvice:
    'If a child is in immediate danger, call 999 now, then arrange immediate protection with your team manager and record it on the child’s case.',
  whoDecides: 'You and your team manager decide, under your local authority’s procedures.',
  dangerAnswer:
    'If you answer yes, tell your team manager now and arrange immediate protection. Anyone your local authority has set up as a safeguarding lead in Together is also sent an urgent alert as soon as you continue.',
  nobodyAlerted:
    'Nobody in your local authority is set up to receive alerts in Together. Phone your team manager or the front door now.',
  onSend:
    'It is recorded for your local authority. Then discuss it with your team manager; if the child has no open case, pass it to the front door.',
  sendButton: 'Record the concern',
  dangerAlerted:
    'Arrange immediate protection with your team manager now and record it on the child’s case. If you have not called 999 and the child is in danger, call now.',
  whatNext:
    'Discuss it with your team manager today. If the child has an open case, record what you do on the case; if not, pass it to your front door as a referral.',
  followUp: { href: '/caseload', text: 'Your cases' },
  family: 'Agree with your team manager what the family is told, and when.',
  fgmAlsoTell:
    'Tell your team manager too, but they cannot make the report for you. You do not need to report if you know someone in your profession has already reported this case.',
  fgmLocalProcedures:
    'Tell your team manager today. Suspected FGM, a girl at risk of FGM, and FGM in a woman aged 18 or over are handled through local safeguarding procedures.',
}

const byRecorder: Readonly<Record<ConcernRecorder, ConcernNextStep>> = {
  school_or_club_staff: schoolOrClubStaff,
  health_staff: healthStaff,
  safeguarding_lead: safeguardingLead,
  police,
  social_care: socialCare,
}

const leadRoles: readonly Role[] = ['dsl', 'deputy_dsl', 'health_lead']
const socialCareRoles: readonly Role[] = ['front_door', 'social_worker', 'team_manager', 'conference_chair', 'lado']
const policeOrganisations: readonly OrganisationKind[] = ['police_force', 'british_transport_police']
const healthOrganisations: readonly OrganisationKind[] = ['gp_practice', 'nhs_trust', 'icb']

/**
 * Which kind of recorder a person is: a safeguarding lead first (the concern lands in their own inbox), then the
 * police and social care by role or by organisation, then health staff by organisation; anyone else tells their DSL.
 */
export function concernRecorder(userRoles: readonly Role[], organisationKind: OrganisationKind): ConcernRecorder {
  const has = (rs: readonly Role[]) => rs.some((r) => userRoles.includes(r))
  if (has(leadRoles)) return 'safeguarding_lead'
  if (userRoles.includes('police_officer') || policeOrganisations.includes(organisationKind)) return 'police'
  if (has(socialCareRoles) || organisationKind === 'la_childrens_social_care') return 'social_care'
  if (healthOrganisations.includes(organisationKind)) return 'health_staff'
  return 'school_or_club_staff'
}

/** The next step, in words, for a person recording a concern. */
export function concernNextStep(userRoles: readonly Role[], organisationKind: OrganisationKind): ConcernNextStep {
  return byRecorder[concernRecorder(userRoles, organisationKind)]
}
