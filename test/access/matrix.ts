import { randomUUID } from 'node:crypto'
import {
  isPartnershipAgencyLead,
  isPartnershipLead,
  isPartnershipRunner,
  partnershipStep,
  policies,
  type Policy,
} from './policies.js'
import { censusDisabilities, censusEthnicities } from '../../src/modules/children/domain/censusDetails.js'
import type { Fresh, Principal, SubjectKind, SubjectState, World } from './world.js'

/**
 * The access matrix: for every route the application registers, who may call it. One entry per
 * `METHOD /path` exactly as Fastify registers it; the walker (test/routes/access-matrix.test.ts) fails when a
 * route has no entry or an entry has no route. How to add one: docs/access-matrix.md.
 *
 * Each entry names a policy (test/access/policies.ts) and, if the path has a parameter, the kind of thing it
 * is. The walker then calls the route as every principal (anonymous, partway through sign-in, expired, and
 * every user of every demo organisation and role) with the parameter filled by each relation of that kind
 * (their own, a colleague's, another organisation's, unknown...), and checks the policy's outcome.
 */

export interface BodyContext {
  /** The subject's id (path parameter), when the route has one. */
  readonly id: string | undefined
  readonly principal: Principal
  readonly world: World
  /** A number unique to this request, for names and dates that must not repeat. */
  readonly n: number
}

export interface MatrixEntry {
  readonly policy: Policy
  /** What the path parameter is (or, with no parameter, what the body names), so it is filled per relation. */
  readonly subject?: SubjectKind
  /** A body the route accepts from someone allowed: denied cells send it too, and must be refused. */
  readonly body?: (c: BodyContext) => Record<string, unknown>
  /** An allowed call uses up its subject (e.g. acknowledging a new concern): each allowed cell gets a new one. */
  readonly fresh?: Fresh
  /** The state every cell's subject is in (a case in the phase where the route's step is open). */
  readonly state?: SubjectState
  /** Values for the path's other parameters, from the subject's id (a case's conference), by name. */
  readonly params?: (c: { readonly id: string | undefined; readonly world: World }) => Readonly<Record<string, string>>
  /** The status an allowed call answers with, when not the default (GET 200, page POST 303, API POST 200/201). */
  readonly ok?: readonly number[]
  /** The request ends the caller's session: each cell signs in afresh. */
  readonly endsSession?: true
  /** The concrete path to call, for wildcard routes. */
  readonly path?: string
  /** A query string the route needs to do its work (without the '?'). */
  readonly query?: string
}

/** Another name the child is known by, new for every call (so no call is refused as changing nothing). */
const correctionBody = ({ n }: BodyContext) => ({
  change: 'alias',
  aliasGivenName: `Matrix${n}`,
  aliasFamilyName: 'Known-As',
  reason: 'The access matrix recorded another name.',
})
/**
 * A child's census details, different for every call (the same details again are refused as changing nothing):
 * the disabilities are the bits of n, so two calls on one child repeat only 16,380 calls apart.
 */
const censusDetailsBody = ({ n }: BodyContext) => ({
  ethnicity: censusEthnicities[n % censusEthnicities.length]!.code,
  disabled: 'yes',
  disabilities: censusDisabilities.filter((_d, i) => (((n % 4095) + 1) >> i) & 1).map((d) => d.code),
  reason: 'The access matrix corrected the census details.',
})
/** A local authority number the principal's area does not hold yet: odd for Southshire, even for Northshire. */
const matrixLaCode = (n: number, principal: Principal): string =>
  String(100 + 2 * (n % 400) + (/southshire/i.test(principal.organisation.name) ? 1 : 0))
const subjectAccessBody = () => ({
  requester: 'child',
  requesterName: 'Matrix Requester',
  receivedOn: '2026-11-02',
  identityVerified: 'yes',
})
const subjectAccessForm = () => ({
  requester: 'child',
  requesterName: 'Matrix Requester',
  'receivedOn-day': '2',
  'receivedOn-month': '11',
  'receivedOn-year': '2026',
  identityVerified: 'yes',
})
const complaintFields = {
  complainantName: 'Matrix Complainant',
  complainantContact: 'matrix@example.com',
  receivedHow: 'email',
  summary: 'The access matrix complained.',
}
const complaintBody = ({ world }: BodyContext) => ({ ...complaintFields, receivedOn: world.today() })
const complaintForm = ({ world }: BodyContext) => ({ ...complaintFields, ...dateParts('receivedOn', world) })
const complaintOutcome = { outcome: 'not_upheld', response: 'The access matrix answered.' }
const withholdBody = () => ({ entry: 'abc123', ground: 'third_party', explanation: 'The access matrix withheld it.' })
const concernText = (field: string) => () => ({ [field]: 'Added by the access matrix.' })
const apiText = () => ({ text: 'Added by the access matrix.' })
const decisionForm = () => ({ kind: 'no_further_action', rationale: 'The access matrix decided this.' })
/** A check by the NHS number of a child the caller's organisation knows (any valid number would do). */
const protectionCheckBody = (world: World, principal: Principal) => ({
  nhsNumber: world.nhsNumberOf(principal),
  reason: 'The access matrix checked.',
})
/** A decision not to share, with its reasons, about another organisation of the area: writes, involves no one. */
/** Settings that differ on every call (the same values again would change nothing, and be refused). */
const sharingSettingsBody = (n: number) => ({
  repeatedConcernsCount: String(2 + (n % 19)),
  repeatedConcernsDays: String(7 + (n % 359)),
  openRecordHours: String(1 + (n % 72)),
  reason: 'The access matrix changed it.',
})

const sharingRefusalBody = (world: World, principal: Principal) => ({
  direction: 'refusal',
  decision: 'not_share',
  consent: 'not_needed_risk',
  recipientOrganisationId: (
    world.organisations.find(
      (o) => o.id !== principal.organisation.id && o.id !== principal.member.actor.organisationId,
    ) ?? principal.organisation
  ).id,
  refusalReasons: 'Matrix: no role with the child',
})
const referralBody = ({ id }: BodyContext) => ({
  childId: id,
  immediateDanger: false,
  details: { concern: 'Zyxfact: referred by the matrix.', childLocation: 'At home' },
  parentsAware: 'yes',
  parentalConsent: 'given',
})
const referralForm = ({ id }: BodyContext) => ({
  childId: id ?? '',
  immediateDanger: 'no',
  concern: 'Zyxfact: referred by the matrix.',
  childLocation: 'At home',
  parentsAware: 'yes',
  parentalConsent: 'given',
  identityWithheld: 'no',
})
const frontDoorDecision = () => ({ outcome: 'early_help', rationale: 'The access matrix decided this.' })

// Case work after the front door.
/** Today as a form's three date boxes. */
const dateParts = (name: string, world: World) => {
  const [year, month, day] = world.today().split('-').map(Number)
  return { [`${name}-day`]: String(day), [`${name}-month`]: String(month), [`${name}-year`]: String(year) }
}
/** A lead social worker and team manager of the local authority that holds the case. */
const allocation = ({ id, world }: BodyContext) => ({
  leadUserId: world.caseStaffFor(id).socialWorker.userId,
  teamManagerUserId: world.caseStaffFor(id).teamManager.userId,
})
const strategyAttendees = [
  { agency: 'local_authority', name: 'Matrix Social Worker', role: 'Social worker' },
  { agency: 'police', name: 'Matrix Officer', role: 'Child protection officer' },
  { agency: 'health', name: 'Matrix Nurse', role: 'Designated nurse' },
]
const familyInvitation = () => ({ kind: 'family', name: 'Matrix Relative', contact: '' })
/** The case's own conference in paths that name both. */
const conferenceOfCase = ({ id, world }: { readonly id: string | undefined; readonly world: World }) => ({
  conferenceId: world.conferenceOf(id),
})

// The safeguarding partnership. Dates go both as the API's YYYY-MM-DD and as the page's day, month and year boxes.
const dateFields = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-')
  return { [name]: iso, [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year }
}
const partnerKinds: Readonly<Record<string, string>> = {
  la_childrens_social_care: 'local_authority',
  police_force: 'police',
  icb: 'icb',
}
const yearlyReportBody = () => ({
  startYear: '2025',
  activity: 'Matrix activity.',
  reviews_and_learning: 'Matrix reviews.',
  scrutiny: 'Matrix scrutiny.',
  education: 'Matrix education.',
  impact: 'Matrix impact.',
  disproportionality: 'Matrix disproportionality.',
  priorities: 'Matrix priorities.',
})
const confirmBody = () => ({ confirm: ['yes'] })
/** An action's update: the business team, or the owning local authority's leads and administrator. */
const actionUpdater = (p: Principal) =>
  isPartnershipRunner(p) ||
  (p.member.actor.organisationKind === 'la_childrens_social_care' &&
    p.roles.some((r) => ['team_manager', 'partnership_lead', 'org_admin'].includes(r)))
const actionStep: Policy = {
  name: 'business team, or the owning organisation’s leads',
  decide: (p, relation) => {
    const outer = partnershipStep('', () => true).decide(p, relation)
    if (outer !== 'allow') return outer
    return actionUpdater(p) ? 'allow' : 'hidden'
  },
}
const runnerStep = partnershipStep('partnership lead or business manager, own area', isPartnershipRunner)
const leadStep = partnershipStep('lead safeguarding partner, own area', isPartnershipLead)
const summaryStep = partnershipStep('an asked agency’s safeguarding leads, own area', isPartnershipAgencyLead)
/** Three routes per step: the form, the page's POST and the API's POST. */
function stepRoutes(
  page: string,
  apiPath: string,
  entry: Omit<MatrixEntry, 'fresh'> & { readonly fresh?: MatrixEntry['fresh'] },
): Record<string, MatrixEntry> {
  const { body, fresh, ...rest } = entry
  return {
    [`GET ${page}`]: rest,
    [`POST ${page}`]: { ...rest, ...(body === undefined ? {} : { body }), ...(fresh === undefined ? {} : { fresh }) },
    [`POST ${apiPath}`]: {
      ...rest,
      ...(body === undefined ? {} : { body }),
      ...(fresh === undefined ? {} : { fresh }),
    },
  }
}
const incidentStepRoutes = (slug: string, entry: Omit<MatrixEntry, 'subject' | 'fresh'>) =>
  stepRoutes(`/partnership/incidents/:incidentId/${slug}`, `/api/v1/partnership/incidents/:incidentId/${slug}`, {
    ...entry,
    subject: 'incident',
    fresh: 'partnership',
  })

const partnershipEntries: Record<string, MatrixEntry> = {
  'GET /partnership': { policy: policies.partnershipReader },
  'GET /partnership/incidents': { policy: policies.partnershipReader },
  'GET /partnership/summaries': { policy: policies.agencyAnswerer },
  'GET /partnership/actions': { policy: policies.actionLogReader },
  'GET /partnership/data-set': { policy: policies.partnershipReader },
  'GET /partnership/yearly-reports': { policy: policies.partnershipReader },
  'GET /api/v1/partnership': { policy: policies.partnershipReader },
  'GET /api/v1/partnership/data-set': { policy: policies.partnershipReader },
  'GET /partnership/data-set/:measureId': { policy: policies.measureReader, subject: 'measure' },
  'GET /partnership/data-set/:measureId/csv': { policy: policies.measureReader, subject: 'measure' },
  'GET /api/v1/partnership/data-set/:measureId': { policy: policies.measureReader, subject: 'measure' },
  'GET /partnership/incidents/:incidentId': { policy: policies.incidentReader, subject: 'incident' },
  'GET /partnership/yearly-reports/:reportId': { policy: policies.partnershipRecordReader, subject: 'yearlyReport' },
  'GET /partnership/yearly-reports/:reportId/pdf': {
    policy: policies.partnershipRecordReader,
    subject: 'yearlyReport',
  },
  ...stepRoutes('/partnership/incidents/new', '/api/v1/partnership/incidents', {
    policy: policies.incidentNotifier,
    body: ({ world, principal }) => ({
      ...dateFields('awareOn', '2026-11-17'),
      ...dateFields('notifiedPanelOn', '2026-11-18'),
      location: 'Matrix',
      harm: 'serious_harm',
      abuseOrNeglect: 'suspected',
      child1NhsNumber: world.nhsNumberOf(principal),
      child1Status: 'none',
      happenedIn: 'Matrix',
      childLivesIn: 'Matrix',
    }),
  }),
  ...stepRoutes('/partnership/recommendations/new', '/api/v1/partnership/recommendations', {
    policy: policies.partnershipRunner,
    body: ({ principal }) => ({
      source: 'audit',
      text: 'Matrix recommendation',
      actionDescription: 'Matrix action',
      ownerEmail: principal.member.email,
      ...dateFields('dueOn', '2027-06-30'),
    }),
  }),
  ...stepRoutes('/partnership/partners/new', '/api/v1/partnership/partners', {
    policy: policies.partnershipRunner,
    // The seat's own lead again, so the register (and the sign-off cells) stay as seeded.
    body: ({ principal }) => ({
      partner: partnerKinds[principal.member.actor.organisationKind] ?? 'local_authority',
      leadEmail:
        principal.organisation.members.find((m) => m.actor.roles.includes('partnership_lead'))?.email ??
        principal.member.email,
    }),
  }),
  ...stepRoutes('/partnership/documents/new', '/api/v1/partnership/documents', {
    policy: policies.partnershipRunner,
    body: () => ({ kind: 'threshold', title: 'Matrix thresholds', summary: 'Matrix' }),
  }),
  ...stepRoutes('/partnership/yearly-reports/new', '/api/v1/partnership/yearly-reports', {
    policy: policies.partnershipRunner,
    body: yearlyReportBody,
  }),
  ...incidentStepRoutes('rapid-review', {
    policy: runnerStep,
    state: 'incident:notified',
    body: () => ({ agencies: ['police'], ...dateFields('summariesDueOn', '2026-12-01') }),
  }),
  ...incidentStepRoutes('summary', {
    policy: summaryStep,
    state: 'incident:rapid_review',
    body: () => ({ answer: 'holds_nothing' }),
  }),
  ...stepRoutes(
    '/partnership/incidents/:incidentId/agencies/:organisationId/close-gap',
    '/api/v1/partnership/incidents/:incidentId/agencies/:organisationId/close-gap',
    {
      policy: runnerStep,
      subject: 'incident',
      fresh: 'partnership',
      state: 'incident:rapid_review',
      params: ({ id, world }) => ({
        organisationId: (id === undefined ? undefined : world.partnership.awaitedOf.get(id)) ?? randomUUID(),
      }),
      body: () => ({ reason: 'The matrix closed the gap.' }),
    },
  ),
  ...incidentStepRoutes('decision', {
    policy: runnerStep,
    state: 'incident:answered',
    body: () => ({
      ...dateFields('meetingOn', '2026-11-20'),
      decision: 'practice_review',
      immediateActions: 'Matrix actions',
      learning: 'Matrix learning',
    }),
  }),
  ...incidentStepRoutes('sign-off', { policy: leadStep, state: 'incident:awaiting_sign_off', body: confirmBody }),
  ...incidentStepRoutes('practice-review', {
    policy: runnerStep,
    state: 'incident:practice_review',
    body: () => ({
      stage: 'commissioned',
      ...dateFields('occurredOn', '2026-11-20'),
      reviewer: 'Matrix reviewer',
      termsOfReference: 'Matrix terms',
    }),
  }),
  ...stepRoutes('/partnership/actions/:actionId/update', '/api/v1/partnership/actions/:actionId/update', {
    policy: actionStep,
    subject: 'learningAction',
    fresh: 'partnership',
    body: () => ({ status: 'in_progress' }),
  }),
  ...stepRoutes('/partnership/documents/:documentId/sign-off', '/api/v1/partnership/documents/:documentId/sign-off', {
    policy: leadStep,
    subject: 'partnershipDocument',
    fresh: 'partnership',
    body: confirmBody,
  }),
  ...stepRoutes(
    '/partnership/yearly-reports/:reportId/sign-off',
    '/api/v1/partnership/yearly-reports/:reportId/sign-off',
    { policy: leadStep, subject: 'yearlyReport', fresh: 'partnership', body: confirmBody },
  ),
}
/** A family help step's three routes (form, form post, API), with its dates today; `blocked`: not open in a new episode. */
function familyHelpStep(
  path: string,
  dates: readonly string[],
  fields: () => Record<string, unknown>,
  blocked?: 409,
): Record<string, MatrixEntry> {
  const common = { policy: policies.familyHelpMember, subject: 'familyHelp', fresh: 'familyHelp' } as const
  return {
    [`GET /family-help/:id/${path}`]: { policy: policies.familyHelpMember, subject: 'familyHelp' },
    [`POST /family-help/:id/${path}`]: {
      ...common,
      body: ({ world }) => ({ ...fields(), ...Object.assign({}, ...dates.map((d) => dateParts(d, world))) }),
      ...(blocked === undefined ? {} : { ok: [blocked] }),
    },
    [`POST /api/v1/family-help/:id/${path}`]: {
      ...common,
      body: ({ world }) => ({ ...fields(), ...Object.fromEntries(dates.map((d) => [d, world.today()])) }),
      ...(blocked === undefined ? {} : { ok: [blocked] }),
    },
  }
}
const stepDownBody = (_world: World) => ({
  level: 'early_help',
  leadEmail: 'teacher@oakfield-primary.example',
  leadRole: 'teacher',
  familyHadSay: 'yes',
  handoverTime: '10:00',
  handoverPlace: 'School',
})
// The workforce and schools (issue 14).
const trainingBody = ({ world }: BodyContext) => ({
  course: 'level_1',
  title: 'Matrix course',
  provider: 'The access matrix',
  completedOn: world.today(),
  hours: '2',
})
const trainingForm = ({ world }: BodyContext) => ({
  course: 'level_1',
  title: 'Matrix course',
  provider: 'The access matrix',
  ...dateParts('completedOn', world),
  hours: '2',
})
const allegationBody = ({ world }: BodyContext) => ({
  subjectName: 'Qwmatrix Adult',
  subjectRole: 'Coach',
  subjectEmployer: 'The access matrix',
  awareOn: world.today(),
  account: 'Zyxfact: alleged by the matrix.',
  limbs: ['harmed'],
})
const allegationForm = ({ world }: BodyContext) => ({
  subjectName: 'Qwmatrix Adult',
  subjectRole: 'Coach',
  subjectEmployer: 'The access matrix',
  ...dateParts('awareOn', world),
  account: 'Zyxfact: alleged by the matrix.',
  limbs: 'harmed',
})
const lowLevelBody = () => ({
  subjectName: 'Qwmatrix Adult',
  subjectKind: 'volunteer',
  account: 'Zyxfact: a nagging doubt.',
})
const outcomeBody = () => ({
  policeInvolved: 'no',
  investigation: 'By the matrix',
  outcome: 'unfounded',
  dbsReferral: 'no',
  traReferral: 'no',
})
const transferBody = ({ world }: BodyContext) => ({
  movedOn: world.today(),
  reason: 'in_year',
  destination: 'by_link',
  toSchoolName: 'Matrix School',
  toEmail: 'dsl@matrix-school.example',
})
const transferForm = ({ world }: BodyContext) => ({
  ...dateParts('movedOn', world),
  reason: 'in_year',
  destination: 'by_link',
  toSchoolName: 'Matrix School',
  toEmail: 'dsl@matrix-school.example',
})

export const matrix: Readonly<Record<string, MatrixEntry>> = {
  // Public: information, assets, health, and signing in.
  'GET /assets/*': { policy: policies.public, path: '/assets/govuk-frontend.min.js' },
  'GET /assets/together-govuk.css': { policy: policies.public },
  'GET /static/*': { policy: policies.public, path: '/static/together.css' },
  'GET /health': { policy: policies.public },
  'GET /cookies': { policy: policies.public },
  'GET /accessibility': { policy: policies.public },
  'GET /guidance/if-a-child-tells-you': { policy: policies.public },
  'GET /signed-out': { policy: policies.public },
  'GET /api/openapi.json': { policy: policies.public },
  // Where an address the router cannot take is answered (src/platform/web/routerErrors.ts).
  'GET /address-problem': { policy: policies.public, ok: [400] },
  // Interactive API documentation (@fastify/swagger-ui), served from this service's own files.
  'GET /api/docs/': { policy: policies.public },
  'HEAD /api/docs': { policy: policies.public },
  'GET /api/docs/json': { policy: policies.public },
  'GET /api/docs/yaml': { policy: policies.public },
  'GET /api/docs/static/index.html': { policy: policies.public, ok: [302] },
  'GET /api/docs/static/swagger-initializer.js': { policy: policies.public },
  'GET /api/docs/static/*': { policy: policies.public, path: '/api/docs/static/swagger-ui.css' },
  'GET /sign-in': { policy: policies.signInForm },
  'POST /sign-in': {
    policy: policies.public,
    body: ({ world }) => ({ email: world.signInTarget, password: 'Northshire-demo-2026' }),
  },
  // A malformed code: the step is reachable, and nobody's sign-in is used up.
  'GET /sign-in/two-factor': { policy: policies.secondFactorStep },
  'POST /sign-in/two-factor': { policy: policies.secondFactorStep, body: () => ({ code: 'not-a-code' }), ok: [400] },
  'POST /sign-out': { policy: policies.public, endsSession: true },
  // Single sign-on (people/pages/sso): a domain no organisation has set up is told so (400); the answer from a
  // provider without a sign-in started in this browser is refused (400). Signed-in people are sent home.
  'GET /sign-in/organisation': { policy: policies.signInForm },
  'POST /sign-in/organisation': {
    policy: policies.signInForm,
    body: () => ({ email: 'someone@no-provider.example' }),
    ok: [400],
  },
  'GET /sign-in/organisation/callback': { policy: policies.signInForm, ok: [400] },
  'POST /api/v1/auth/token': {
    policy: policies.public,
    body: ({ world }) => ({ email: world.signInTarget, password: 'Northshire-demo-2026' }),
  },
  // Passwords that do not match: the page is reachable with a valid link, and the invitation is not used up.
  'GET /invitations/:token': { policy: policies.public, subject: 'invitation' },
  'POST /invitations/:token': {
    policy: policies.public,
    subject: 'invitation',
    body: () => ({ password: 'A-long-enough-password-1', confirm: 'something else' }),
    ok: [400],
  },

  // Anyone signed in.
  'GET /': { policy: policies.signedIn },
  'GET /api/v1/me': { policy: policies.signedIn },
  'GET /deadlines': { policy: policies.signedIn },
  'GET /api/v1/deadlines': { policy: policies.signedIn },
  'GET /timescales': { policy: policies.signedIn },
  'GET /api/v1/timescales': { policy: policies.signedIn },
  'GET /concerns/mine': { policy: policies.signedIn },
  'GET /concerns/unacknowledged': { policy: policies.unacknowledgedConcerns },
  'GET /concerns/new': { policy: policies.signedIn, ok: [303] },
  'GET /api/v1/children': { policy: policies.signedIn, query: 'name=Qwmatrix%20Zyxleak' },
  'POST /api/v1/children': {
    policy: policies.signedIn,
    body: ({ n }) => ({
      givenName: 'Matrixnew',
      familyName: `Child ${String.fromCharCode(97 + (n % 26))}`,
      dateOfBirth: '2016-03-03',
      sex: 'male',
    }),
  },

  // Organisation administrators.
  'GET /admin/users': { policy: policies.orgAdmin },
  'GET /admin/identity-provider': { policy: policies.orgAdmin },
  // Both POSTs are the step configureIdentityProvider (src/modules/people/steps/sso/configureIdentityProvider.ts).
  'POST /admin/identity-provider': {
    policy: policies.orgAdmin,
    body: ({ n }) => ({
      displayName: `Provider ${n}`,
      issuer: 'https://login.example.com/tenant/v2.0',
      clientId: `client-${n}`,
      clientSecret: `secret-${n}`,
      emailDomains: 'example.org',
      trustMfa: 'yes',
      enabled: 'no',
    }),
  },
  'GET /api/v1/organisation/identity-provider': { policy: policies.orgAdmin },
  'POST /api/v1/organisation/identity-provider': {
    policy: policies.orgAdmin,
    body: ({ n }) => ({
      displayName: `Provider ${n}`,
      issuer: 'https://login.example.com/tenant/v2.0',
      clientId: `client-${n}`,
      clientSecret: `secret-${n}`,
      emailDomains: ['example.org'],
      trustMfa: true,
      enabled: false,
    }),
    ok: [200],
  },
  'GET /admin/users/invite': { policy: policies.orgAdmin },
  'POST /admin/users/invite': {
    policy: policies.orgAdmin,
    body: ({ n }) => ({ displayName: 'Matrix Invitee', email: `matrix.invitee.${n}@matrix.example`, roles: 'staff' }),
    ok: [200],
  },
  'GET /admin/users/:id/roles': { policy: policies.orgAdmin, subject: 'user' },
  'POST /admin/users/:id/roles': { policy: policies.orgAdmin, subject: 'user', body: () => ({ roles: 'staff' }) },
  'GET /admin/users/:id/deactivate': { policy: policies.orgAdmin, subject: 'user' },
  'POST /admin/users/:id/deactivate': { policy: policies.orgAdmin, subject: 'user', fresh: 'user' },
  'GET /admin/users/:id/reset': { policy: policies.orgAdmin, subject: 'user' },
  'POST /admin/users/:id/reset': { policy: policies.orgAdmin, subject: 'user', fresh: 'user', ok: [200] },
  'GET /admin/outbox': { policy: policies.orgAdmin },
  'GET /admin/outbox/:id': { policy: policies.orgAdmin, subject: 'message' },

  // Partnership leads: local timescales and the local calendar.
  'GET /timescales/:rule/local': { policy: policies.partnershipLeadForRule, subject: 'rule' },
  'POST /timescales/:rule/local': {
    policy: policies.partnershipLeadForRule,
    subject: 'rule',
    body: () => ({ amount: '8', reason: 'The access matrix set this.' }),
  },
  'POST /api/v1/timescales/:rule/local': {
    policy: policies.partnershipLeadForRule,
    subject: 'rule',
    ok: [201],
    body: () => ({ amount: 8, reason: 'The access matrix set this.' }),
  },
  'POST /timescales/non-working-days': {
    policy: policies.partnershipLead,
    body: ({ world }) => {
      const d = world.nextFreeDay()
      return {
        'day-day': String(d.day),
        'day-month': String(d.month),
        'day-year': String(d.year),
        description: 'Matrix closure',
      }
    },
  },
  'POST /api/v1/timescales/non-working-days': {
    policy: policies.partnershipLead,
    ok: [201],
    body: ({ world }) => {
      const d = world.nextFreeDay()
      return {
        day: `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`,
        description: 'Matrix closure',
      }
    },
  },
  'POST /timescales/non-working-days/:id/remove': {
    policy: policies.partnershipLead,
    subject: 'nonWorkingDay',
    fresh: 'nonWorkingDay',
  },
  'POST /api/v1/timescales/non-working-days/:id/remove': {
    policy: policies.partnershipLead,
    subject: 'nonWorkingDay',
    fresh: 'nonWorkingDay',
    ok: [200],
  },

  // Recording a concern: the journey's drafts belong to the person writing.
  'GET /concerns/new/:id/child': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/child': {
    policy: policies.draftOwner,
    subject: 'draft',
    body: ({ world, principal }) => ({ add: world.childOfPrincipal(principal) }),
  },
  'GET /concerns/new/:id/new-child': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/new-child': {
    policy: policies.draftOwner,
    subject: 'draft',
    body: ({ n }) => ({
      givenName: 'Matrixjourney',
      familyName: `Child ${String.fromCharCode(97 + (n % 26))}`,
      'dob-day': '4',
      'dob-month': '4',
      'dob-year': '2017',
      sex: 'female',
    }),
  },
  'GET /concerns/new/:id/danger': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/danger': {
    policy: policies.draftOwner,
    subject: 'draft',
    body: () => ({ immediateDanger: 'no' }),
  },
  'GET /concerns/new/:id/what-happened': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/what-happened': {
    policy: policies.draftOwner,
    subject: 'draft',
    body: () => ({
      'observed-day': '23',
      'observed-month': '11',
      'observed-year': '2026',
      observedTime: '08:15',
      place: 'Hall',
      facts: 'Zyxfact: what the matrix saw.',
    }),
  },
  'GET /concerns/new/:id/categories': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/categories': {
    policy: policies.draftOwner,
    subject: 'draft',
    body: () => ({ categories: 'neglect' }),
  },
  'GET /concerns/new/:id/check': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/check': { policy: policies.draftOwner, subject: 'draft', fresh: 'draft:complete' },
  'POST /api/v1/concerns': {
    policy: policies.involvedChild,
    subject: 'child',
    body: ({ id }) => ({
      childIds: [id],
      observedAt: '2026-11-23T09:00:00Z',
      place: 'Hall',
      facts: 'Zyxfact: recorded by the matrix.',
      categories: ['neglect'],
      immediateDanger: false,
    }),
  },

  // Concerns: the author and the organisation's safeguarding leads.
  'GET /concerns/:id': { policy: policies.concernReader, subject: 'concern' },
  'GET /api/v1/concerns/:id': { policy: policies.concernReader, subject: 'concern' },
  'GET /concerns/:id/recorded': { policy: policies.concernAuthor, subject: 'concern' },
  'POST /concerns/:id/addenda': { policy: policies.concernReader, subject: 'concern', body: apiText },
  'POST /api/v1/concerns/:id/addenda': { policy: policies.concernReader, subject: 'concern', body: apiText },
  'POST /concerns/:id/acknowledge': { policy: policies.concernLead, subject: 'concern', fresh: 'concern:new' },
  'POST /api/v1/concerns/:id/acknowledge': { policy: policies.concernLead, subject: 'concern', fresh: 'concern:new' },
  'POST /concerns/:id/information-requests': {
    policy: policies.concernLead,
    subject: 'concern',
    fresh: 'concern:acknowledged',
    body: concernText('request'),
  },
  'POST /api/v1/concerns/:id/information-requests': {
    policy: policies.concernLead,
    subject: 'concern',
    fresh: 'concern:acknowledged',
    body: apiText,
  },
  'POST /concerns/:id/information': {
    policy: policies.concernAuthor,
    subject: 'concern',
    fresh: 'concern:information_requested',
    body: concernText('information'),
  },
  'POST /api/v1/concerns/:id/information': {
    policy: policies.concernAuthor,
    subject: 'concern',
    fresh: 'concern:information_requested',
    body: apiText,
  },
  'POST /concerns/:id/decision': {
    policy: policies.concernLead,
    subject: 'concern',
    fresh: 'concern:acknowledged',
    body: decisionForm,
  },
  'POST /api/v1/concerns/:id/decision': {
    policy: policies.concernLead,
    subject: 'concern',
    fresh: 'concern:acknowledged',
    body: decisionForm,
  },
  'GET /inbox': { policy: policies.safeguardingLead },
  'GET /api/v1/dsl/inbox': { policy: policies.safeguardingLead },

  // A child's record.
  'GET /children/search': { policy: policies.childFinder, query: 'givenName=Qwmatrix&familyName=Zyxleak' },
  'GET /children/:id': { policy: policies.childViewer, subject: 'child' },
  'GET /children/:id/chronology.pdf': { policy: policies.childViewer, subject: 'child' },
  // Corrections to a child's identity: everyone who may see the record sees the form; leads and social care correct.
  'GET /children/:childId/corrections/new': { policy: policies.childViewer, subject: 'child' },
  'POST /children/:childId/corrections/new': {
    policy: policies.childCorrector,
    subject: 'child',
    body: correctionBody,
  },
  'POST /api/v1/children/:childId/corrections': {
    policy: policies.childCorrector,
    subject: 'child',
    body: correctionBody,
  },
  // A child's census ethnicity and disability: everyone who may see the record sees the form; social care records.
  'GET /children/:childId/census-details/new': { policy: policies.childViewer, subject: 'child' },
  'POST /children/:childId/census-details/new': {
    policy: policies.childCensusRecorder,
    subject: 'child',
    body: censusDetailsBody,
  },
  'POST /api/v1/children/:childId/census-details': {
    policy: policies.childCensusRecorder,
    subject: 'child',
    body: censusDetailsBody,
  },
  // Subject access requests (the organisation's one open request about the child). An allowed call finds the request
  // in whatever state earlier cells left it: recorded (201/303) or already open (409); withheld entries are named
  // by a key from the page, so the matrix's made-up key is refused as bad input (400) once a request is open.
  'GET /children/:childId/subject-access': { policy: policies.subjectAccessHandler, subject: 'child' },
  'GET /children/:childId/subject-access/new': { policy: policies.subjectAccessHandler, subject: 'child' },
  'POST /children/:childId/subject-access/new': {
    policy: policies.subjectAccessHandler,
    subject: 'child',
    body: subjectAccessForm,
    ok: [303, 409],
  },
  'POST /api/v1/children/:childId/subject-access': {
    policy: policies.subjectAccessHandler,
    subject: 'child',
    body: subjectAccessBody,
    ok: [201, 409],
  },
  'GET /children/:childId/subject-access/verify': { policy: policies.subjectAccessHandler, subject: 'child' },
  'POST /children/:childId/subject-access/verify': {
    policy: policies.subjectAccessHandler,
    subject: 'child',
    body: () => ({ verified: 'yes' }),
    ok: [303, 409],
  },
  'POST /api/v1/children/:childId/subject-access/verify': {
    policy: policies.subjectAccessHandler,
    subject: 'child',
    body: () => ({ verified: ['yes'] }),
    ok: [201, 409],
  },
  'GET /children/:childId/subject-access/extend': { policy: policies.subjectAccessHandler, subject: 'child' },
  'POST /children/:childId/subject-access/extend': {
    policy: policies.subjectAccessHandler,
    subject: 'child',
    body: () => ({ reason: 'The access matrix needs more time.' }),
    ok: [303, 409],
  },
  'POST /api/v1/children/:childId/subject-access/extend': {
    policy: policies.subjectAccessHandler,
    subject: 'child',
    body: () => ({ reason: 'The access matrix needs more time.' }),
    ok: [201, 409],
  },
  'GET /children/:childId/subject-access/withhold': { policy: policies.subjectAccessHandler, subject: 'child' },
  'POST /children/:childId/subject-access/withhold': {
    policy: policies.subjectAccessHandler,
    subject: 'child',
    body: withholdBody,
    ok: [400, 409],
  },
  'POST /api/v1/children/:childId/subject-access/withhold': {
    policy: policies.subjectAccessHandler,
    subject: 'child',
    body: withholdBody,
    ok: [400, 409],
  },
  'POST /children/:childId/subject-access/export': {
    policy: policies.subjectAccessHandler,
    subject: 'child',
    ok: [200, 409],
  },
  'POST /api/v1/children/:childId/subject-access/export': {
    policy: policies.subjectAccessHandler,
    subject: 'child',
    ok: [200, 409],
  },
  'GET /api/v1/children/:id/chronology': { policy: policies.childViewer, subject: 'child' },
  'POST /children/:id/people': {
    policy: policies.childViewer,
    subject: 'child',
    body: () => ({ givenName: 'Matrix', familyName: 'Carer', relationship: 'carer', sameHousehold: 'yes' }),
  },

  // Working together on one child: who else is involved, sharing decisions, opening a record with a reason,
  // who has seen this child.
  'GET /children/:id/involved': { policy: policies.childViewer, subject: 'child' },
  'GET /api/v1/children/:id/involved-organisations': { policy: policies.childViewer, subject: 'child' },
  'GET /children/:id/sharing': { policy: policies.sharingLead, subject: 'child' },
  'GET /children/:id/sharing/new': { policy: policies.sharingLead, subject: 'child' },
  'GET /api/v1/children/:id/sharing-decisions': { policy: policies.sharingLead, subject: 'child' },
  'POST /children/:id/sharing/new': {
    policy: policies.sharingLead,
    subject: 'child',
    body: ({ world, principal }) => sharingRefusalBody(world, principal),
  },
  'POST /api/v1/children/:id/sharing-decisions': {
    policy: policies.sharingLead,
    subject: 'child',
    ok: [201],
    body: ({ world, principal }) => sharingRefusalBody(world, principal),
  },
  'POST /children/:id/sharing/receipt': { policy: policies.sharingLead, subject: 'child', body: () => ({}) },
  'POST /api/v1/children/:id/sharing-receipts': { policy: policies.sharingLead, subject: 'child', body: () => ({}) },
  'GET /open-record': { policy: policies.recordOpener },
  'POST /open-record': {
    policy: policies.recordOpener,
    body: ({ world, principal }) => ({ nhsNumber: world.uninvolvedNhsNumberOf(principal), reason: 'Matrix: opened' }),
  },
  'POST /api/v1/record-openings': {
    policy: policies.recordOpener,
    ok: [201],
    body: ({ world, principal }) => ({ nhsNumber: world.uninvolvedNhsNumberOf(principal), reason: 'Matrix: opened' }),
  },
  'GET /children/:id/access': { policy: policies.recordAccessReader, subject: 'child' },
  'GET /children/:id/access.csv': { policy: policies.recordAccessReader, subject: 'child' },
  'GET /api/v1/children/:id/record-access': { policy: policies.recordAccessReader, subject: 'child' },
  // The partnership's settings for working together (repeated concerns, opening a record): its lead only.
  'GET /settings/working-together': { policy: policies.partnershipLead },
  'GET /settings/working-together/change': { policy: policies.partnershipLead },
  'POST /settings/working-together/change': {
    policy: policies.partnershipLead,
    body: ({ n }) => sharingSettingsBody(n),
  },
  'GET /api/v1/sharing-settings': { policy: policies.partnershipLead },
  'POST /api/v1/sharing-settings': {
    policy: policies.partnershipLead,
    ok: [201],
    body: ({ n }) => sharingSettingsBody(n),
  },

  // Caseloads.
  'GET /caseload': { policy: policies.caseloadHolder },
  'GET /api/v1/caseload': { policy: policies.caseloadHolder },
  'GET /caseload/team': { policy: policies.teamManager },
  'GET /api/v1/caseload/team': { policy: policies.teamManager },

  // The child protection plan check: police and health ask; the asker sees the answer again; the local
  // authority lists the checks.
  'GET /protection-check': { policy: policies.protectionChecker },
  'POST /protection-check': {
    policy: policies.protectionChecker,
    body: ({ world, principal }) => protectionCheckBody(world, principal),
  },
  'POST /api/v1/protection-checks': {
    policy: policies.protectionChecker,
    body: ({ world, principal }) => protectionCheckBody(world, principal),
  },
  'GET /protection-check/:id': { policy: policies.protectionCheckOwner, subject: 'protectionCheck' },
  'GET /api/v1/protection-checks/:id': { policy: policies.protectionCheckOwner, subject: 'protectionCheck' },
  'GET /protection-checks': { policy: policies.protectionChecksReader },
  'GET /api/v1/protection-checks': { policy: policies.protectionChecksReader },
  // Reporting a concern as a member of the public: no account. Every principal posts from the same test
  // address, so after ten the rate limit answers 429 (its own route test checks the limit per address).
  'GET /report-a-concern-about-a-child': { policy: policies.public },
  // Starting a report makes its draft (rate-limited like sending). Every question page, "Call 999 now" and check your
  // answers need the draft's cookie: a principal without one is sent to the first page.
  'POST /report-a-concern-about-a-child/start': { policy: policies.public, ok: [303, 429] },
  ...Object.fromEntries(
    [
      'immediate-danger',
      'area',
      'child-name',
      'child-age',
      'child-address',
      'concern',
      'child-location',
      'parents-aware',
      'who-are-you',
      'your-details',
      'keep-your-identity',
    ].flatMap((slug): [string, MatrixEntry][] => [
      [`GET /report-a-concern-about-a-child/${slug}`, { policy: policies.public, ok: [303] }],
      [`POST /report-a-concern-about-a-child/${slug}`, { policy: policies.public, ok: [303] }],
    ]),
  ),
  'GET /report-a-concern-about-a-child/call-999': { policy: policies.public, ok: [303] },
  'GET /report-a-concern-about-a-child/check': { policy: policies.public, ok: [303] },
  'POST /report-a-concern-about-a-child/check': { policy: policies.public, ok: [303, 429] },
  // Shows the reference only to whoever sent the report (a signed cookie); everyone else is sent to the start.
  'GET /report-a-concern-about-a-child/sent': { policy: policies.public, ok: [303] },

  // Referrals by professionals, and what became of them.
  'GET /referrals': { policy: policies.signedIn },
  'GET /api/v1/referrals': { policy: policies.signedIn },
  'GET /referrals/new': { policy: policies.signedIn },
  'GET /referrals/new/child': { policy: policies.signedIn, query: 'immediateDanger=no' },
  'GET /referrals/new/details': { policy: policies.signedIn, query: 'immediateDanger=no' },
  'POST /referrals': { policy: policies.involvedChild, subject: 'child', body: referralForm },
  'POST /api/v1/referrals': { policy: policies.involvedChild, subject: 'child', body: referralBody },
  'GET /referrals/:id/sent': { policy: policies.referralSender, subject: 'referral' },
  // The receiving front door is sent on to its own page for the referral.
  'GET /referrals/:id': { policy: policies.referralViewer, subject: 'referral', ok: [200, 303] },
  'GET /api/v1/referrals/:id': { policy: policies.referralViewer, subject: 'referral' },

  // The local authority's front door.
  'GET /front-door': { policy: policies.frontDoorQueue },
  'GET /api/v1/front-door': { policy: policies.frontDoorQueue },
  'GET /front-door/referrals/:id': { policy: policies.frontDoorPage, subject: 'referral' },
  'GET /front-door/referrals/:id/acknowledge': { policy: policies.frontDoorStep, subject: 'referral' },
  'POST /front-door/referrals/:id/acknowledge': { policy: policies.frontDoorStep, subject: 'referral' },
  'POST /api/v1/referrals/:id/acknowledge': { policy: policies.frontDoorStep, subject: 'referral' },
  // A linked referral sends the search pages back to the referral.
  'GET /front-door/referrals/:id/child': { policy: policies.frontDoorPage, subject: 'referral', ok: [200, 303] },
  'GET /front-door/referrals/:id/child/new': { policy: policies.frontDoorPage, subject: 'referral', ok: [200, 303] },
  'POST /front-door/referrals/:id/child': {
    policy: policies.frontDoorStep,
    subject: 'referral',
    fresh: 'referral:unlinked',
    body: ({ world, principal }) => ({ childId: world.childOfPrincipal(principal) }),
  },
  'POST /api/v1/referrals/:id/child': {
    policy: policies.frontDoorStep,
    subject: 'referral',
    fresh: 'referral:unlinked',
    body: ({ world, principal }) => ({ childId: world.childOfPrincipal(principal) }),
  },
  'POST /front-door/referrals/:id/child/new': {
    policy: policies.frontDoorPage,
    subject: 'referral',
    fresh: 'referral:unlinked',
    body: ({ n }) => ({
      givenName: 'Matrixlinked',
      familyName: `Child ${String.fromCharCode(97 + (n % 26))}`,
      'dateOfBirth-day': '5',
      'dateOfBirth-month': '5',
      'dateOfBirth-year': '2018',
      sex: 'female',
    }),
  },
  // The form's page answers as sending it does: the referrer, who sees the referral, is refused rather than told
  // it does not exist.
  'GET /front-door/referrals/:id/information-requests/new': { policy: policies.frontDoorStep, subject: 'referral' },
  'POST /front-door/referrals/:id/information-requests': {
    policy: policies.frontDoorStep,
    subject: 'referral',
    body: ({ world, principal }) => ({
      organisationId: world.askableOrganisation(principal),
      question: 'What does the matrix know?',
    }),
  },
  'POST /api/v1/referrals/:id/information-requests': {
    policy: policies.frontDoorStep,
    subject: 'referral',
    body: ({ world, principal }) => ({
      organisationId: world.askableOrganisation(principal),
      question: 'What does the matrix know?',
    }),
  },
  'GET /front-door/referrals/:id/decision': { policy: policies.frontDoorDecisionPage, subject: 'referral' },
  'POST /front-door/referrals/:id/decision': {
    policy: policies.referralDecider,
    subject: 'referral',
    fresh: 'referral:received',
    body: frontDoorDecision,
  },
  'POST /api/v1/referrals/:id/decision': {
    policy: policies.referralDecider,
    subject: 'referral',
    fresh: 'referral:received',
    body: frontDoorDecision,
  },
  // Before the decision, the page sends the front door back to the referral.
  'GET /front-door/referrals/:id/decided': { policy: policies.frontDoorPage, subject: 'referral', ok: [200, 303] },

  // Requests for information, for the organisation asked.
  'GET /information-requests': { policy: policies.informationRequestLead },
  'GET /api/v1/information-requests': { policy: policies.informationRequestLead },
  'GET /information-requests/:id': { policy: policies.informationRequestAnswerer, subject: 'informationRequest' },
  'GET /api/v1/information-requests/:id': {
    policy: policies.informationRequestAnswerer,
    subject: 'informationRequest',
  },
  'GET /information-requests/:id/responses': {
    policy: policies.informationRequestAnswerer,
    subject: 'informationRequest',
  },
  'POST /information-requests/:id/responses': {
    policy: policies.informationRequestAnswerer,
    subject: 'informationRequest',
    body: () => ({ answer: 'The matrix answers.' }),
  },
  'POST /api/v1/information-requests/:id/responses': {
    policy: policies.informationRequestAnswerer,
    subject: 'informationRequest',
    body: () => ({ answer: 'The matrix answers.' }),
  },
  // Case work after the front door. Every step's case is in the phase where the step is open (`state`), so a
  // refusal is about who asks; steps that move the case on give each allowed cell a case of its own (`fresh`).
  'GET /cases/:id': { policy: policies.caseViewer, subject: 'case' },
  'GET /api/v1/cases/:id': { policy: policies.caseViewer, subject: 'case' },
  'GET /cases/:id/allocate': { policy: policies.caseViewer, subject: 'case', state: 'assessment' },
  'POST /cases/:id/allocate': {
    policy: policies.caseAllocator,
    subject: 'case',
    state: 'assessment',
    body: allocation,
  },
  'POST /api/v1/cases/:id/allocation': {
    policy: policies.caseAllocator,
    subject: 'case',
    state: 'assessment',
    body: allocation,
  },
  'GET /cases/:id/assessment': { policy: policies.caseViewer, subject: 'case', state: 'assessment' },
  'POST /cases/:id/assessment': {
    policy: policies.assessmentWriter,
    subject: 'case',
    state: 'assessment',
    body: ({ world }) => ({
      ...dateParts('childSeenOn', world),
      childSeenAlone: 'yes',
      factors: '1B',
      primaryNeed: 'N1',
      summary: 'Zyxfact: seen by the matrix.',
    }),
  },
  'POST /api/v1/cases/:id/assessment': {
    policy: policies.assessmentWriter,
    subject: 'case',
    state: 'assessment',
    body: ({ world }) => ({
      childSeenOn: world.today(),
      childSeenAlone: true,
      factors: ['1B'],
      primaryNeed: 'N1',
      summary: 'Zyxfact: seen by the matrix.',
    }),
  },
  'GET /cases/:id/assessment/submit': { policy: policies.caseViewer, subject: 'case', state: 'assessment_filled' },
  'POST /cases/:id/assessment/submit': {
    policy: policies.assessmentWriter,
    subject: 'case',
    state: 'assessment_filled',
    fresh: 'case',
  },
  'POST /api/v1/cases/:id/assessment/submission': {
    policy: policies.assessmentWriter,
    subject: 'case',
    state: 'assessment_filled',
    fresh: 'case',
  },
  'GET /cases/:id/assessment/authorise': {
    policy: policies.caseViewer,
    subject: 'case',
    state: 'assessment_submitted',
  },
  'POST /cases/:id/assessment/authorise': {
    policy: policies.assessmentAuthoriser,
    subject: 'case',
    state: 'assessment_submitted',
    fresh: 'case',
    body: () => ({ outcome: 'no_further_action' }),
  },
  'POST /api/v1/cases/:id/assessment/authorisation': {
    policy: policies.assessmentAuthoriser,
    subject: 'case',
    state: 'assessment_submitted',
    fresh: 'case',
    body: () => ({ outcome: 'no_further_action' }),
  },
  'GET /cases/:id/strategy-discussion/request': { policy: policies.caseViewer, subject: 'case', state: 'assessment' },
  'POST /cases/:id/strategy-discussion/request': {
    policy: policies.strategyDiscussionRequester,
    subject: 'case',
    state: 'assessment',
    fresh: 'case',
    body: () => ({ reason: 'The matrix has reasonable cause.' }),
  },
  'POST /api/v1/cases/:id/strategy-discussion-requests': {
    policy: policies.strategyDiscussionRequester,
    subject: 'case',
    state: 'assessment',
    fresh: 'case',
    body: () => ({ reason: 'The matrix has reasonable cause.' }),
  },
  'GET /cases/:id/strategy-discussion': { policy: policies.caseViewer, subject: 'case', state: 'strategy_discussion' },
  'POST /cases/:id/strategy-discussion': {
    policy: policies.caseHolderStep,
    subject: 'case',
    state: 'strategy_discussion',
    fresh: 'case',
    body: ({ world }) => ({
      ...dateParts('heldOn', world),
      heldTime: '09:00',
      ...Object.fromEntries(
        strategyAttendees.flatMap((a, i) => [
          [`attendees-${i + 1}-agency`, a.agency],
          [`attendees-${i + 1}-name`, a.name],
          [`attendees-${i + 1}-role`, a.role],
        ]),
      ),
      decision: 'section_47',
      minutes: 'The matrix agreed on section 47 enquiries.',
    }),
  },
  'POST /api/v1/cases/:id/strategy-discussions': {
    policy: policies.caseHolderStep,
    subject: 'case',
    state: 'strategy_discussion',
    fresh: 'case',
    body: ({ world }) => ({
      heldOn: world.today(),
      heldTime: '09:00',
      attendees: strategyAttendees,
      decision: 'section_47',
      minutes: 'The matrix agreed on section 47 enquiries.',
    }),
  },
  'GET /cases/:id/section-47': { policy: policies.caseViewer, subject: 'case', state: 'section_47' },
  'POST /cases/:id/section-47': {
    policy: policies.caseHolderStep,
    subject: 'case',
    state: 'section_47',
    fresh: 'case',
    body: ({ world }) => ({
      finding: 'substantiated',
      outcome: 'conference',
      ...dateParts('concludedOn', world),
      summary: 'The matrix found continuing risk.',
    }),
  },
  'POST /api/v1/cases/:id/section-47/conclusion': {
    policy: policies.caseHolderStep,
    subject: 'case',
    state: 'section_47',
    fresh: 'case',
    body: ({ world }) => ({
      finding: 'substantiated',
      outcome: 'conference',
      concludedOn: world.today(),
      summary: 'The matrix found continuing risk.',
    }),
  },
  'GET /cases/:id/conferences/new': { policy: policies.caseViewer, subject: 'case', state: 'initial_conference' },
  'POST /cases/:id/conferences/new': {
    policy: policies.conferenceArranger,
    subject: 'case',
    state: 'initial_conference',
    fresh: 'case',
    body: ({ world }) => ({ ...dateParts('scheduledOn', world), scheduledTime: '15:00', chairUserId: '' }),
  },
  'POST /api/v1/cases/:id/conferences': {
    policy: policies.conferenceArranger,
    subject: 'case',
    state: 'initial_conference',
    fresh: 'case',
    // No chair decided yet: the field left out (the published schema's chair is an id).
    body: ({ world }) => ({ scheduledOn: world.today(), scheduledTime: '15:00' }),
  },
  // Family members can be invited again and again: the shared conference serves every allowed cell.
  'GET /cases/:id/conferences/:conferenceId/invitations': {
    policy: policies.caseViewer,
    subject: 'case',
    state: 'conference_scheduled',
    params: conferenceOfCase,
  },
  'POST /cases/:id/conferences/:conferenceId/invitations': {
    policy: policies.conferenceArranger,
    subject: 'case',
    state: 'conference_scheduled',
    params: conferenceOfCase,
    body: familyInvitation,
  },
  'POST /api/v1/cases/:id/conferences/:conferenceId/invitations': {
    policy: policies.conferenceArranger,
    subject: 'case',
    state: 'conference_scheduled',
    params: conferenceOfCase,
    body: familyInvitation,
  },
  'GET /cases/:id/initial-conference/decision': {
    policy: policies.caseViewer,
    subject: 'case',
    state: 'conference_scheduled',
  },
  'POST /cases/:id/initial-conference/decision': {
    policy: policies.conferenceChairStep,
    subject: 'case',
    state: 'conference_scheduled',
    fresh: 'case',
    body: ({ world }) => ({ ...dateParts('heldOn', world), outcome: 'no_further_action' }),
  },
  'POST /api/v1/cases/:id/conferences/:conferenceId/decision': {
    policy: policies.conferenceChairStep,
    subject: 'case',
    state: 'conference_scheduled',
    fresh: 'case',
    params: conferenceOfCase,
    body: ({ world }) => ({ heldOn: world.today(), outcome: 'no_further_action' }),
  },
  // Core groups and reviews that continue the plan leave the case where it was: the shared one serves.
  'GET /cases/:id/core-groups': { policy: policies.caseViewer, subject: 'case', state: 'child_protection_plan' },
  'POST /cases/:id/core-groups': {
    policy: policies.caseHolderStep,
    subject: 'case',
    state: 'child_protection_plan',
    body: ({ world }) => ({ ...dateParts('heldOn', world), notes: 'The matrix core group met.' }),
  },
  'POST /api/v1/cases/:id/core-groups': {
    policy: policies.caseHolderStep,
    subject: 'case',
    state: 'child_protection_plan',
    body: ({ world }) => ({ heldOn: world.today(), notes: 'The matrix core group met.' }),
  },
  'GET /cases/:id/review-conference': { policy: policies.caseViewer, subject: 'case', state: 'child_protection_plan' },
  'POST /cases/:id/review-conference': {
    policy: policies.conferenceChairStep,
    subject: 'case',
    state: 'child_protection_plan',
    body: ({ world }) => ({
      ...dateParts('heldOn', world),
      outcome: 'continue_plan',
      latestCategory: '',
      notes: 'The matrix reviewed the plan.',
    }),
  },
  'POST /api/v1/cases/:id/reviews': {
    policy: policies.conferenceChairStep,
    subject: 'case',
    state: 'child_protection_plan',
    body: ({ world }) => ({
      heldOn: world.today(),
      outcome: 'continue_plan',
      latestCategory: '',
      notes: 'The matrix reviewed the plan.',
    }),
  },
  'GET /cases/:id/end-plan': { policy: policies.caseViewer, subject: 'case', state: 'child_protection_plan' },
  'POST /cases/:id/end-plan': {
    policy: policies.planEnder,
    subject: 'case',
    state: 'child_protection_plan',
    fresh: 'case',
    body: ({ world }) => ({
      ...dateParts('endedOn', world),
      reason: 'no_continuing_risk',
      outcome: 'no_further_action',
    }),
  },
  'POST /api/v1/cases/:id/plan/end': {
    policy: policies.planEnder,
    subject: 'case',
    state: 'child_protection_plan',
    fresh: 'case',
    body: ({ world }) => ({ endedOn: world.today(), reason: 'no_continuing_risk', outcome: 'no_further_action' }),
  },
  'GET /cases/:id/child-in-need-reviews': { policy: policies.caseViewer, subject: 'case', state: 'child_in_need_plan' },
  'POST /cases/:id/child-in-need-reviews': {
    policy: policies.caseHolderStep,
    subject: 'case',
    state: 'child_in_need_plan',
    body: ({ world }) => ({ ...dateParts('heldOn', world), notes: 'The matrix reviewed the plan.' }),
  },
  'POST /api/v1/cases/:id/child-in-need-reviews': {
    policy: policies.caseHolderStep,
    subject: 'case',
    state: 'child_in_need_plan',
    body: ({ world }) => ({ heldOn: world.today(), notes: 'The matrix reviewed the plan.' }),
  },
  'GET /cases/:id/close': { policy: policies.caseViewer, subject: 'case', state: 'child_in_need_plan' },
  'POST /cases/:id/close': {
    policy: policies.caseHolderStep,
    subject: 'case',
    state: 'child_in_need_plan',
    fresh: 'case',
    body: ({ world }) => ({ ...dateParts('closedOn', world), reason: 'RC7' }),
  },
  'POST /api/v1/cases/:id/closure': {
    policy: policies.caseHolderStep,
    subject: 'case',
    state: 'child_in_need_plan',
    fresh: 'case',
    body: ({ world }) => ({ closedOn: world.today(), reason: 'RC7' }),
  },

  // Conference invitations, for invited agencies: reports can be sent again until the conference is held.
  'GET /conferences': { policy: policies.agencyLead },
  'GET /api/v1/conference-invitations': { policy: policies.agencyLead },
  'GET /conferences/:id': { policy: policies.conferenceInvitee, subject: 'conference' },
  'GET /api/v1/conferences/:conferenceId': { policy: policies.conferenceInvitee, subject: 'conference' },
  'GET /conferences/:id/reports': { policy: policies.conferenceInvitee, subject: 'conference' },
  'POST /conferences/:id/reports': {
    policy: policies.conferenceInvitee,
    subject: 'conference',
    body: () => ({ text: 'The matrix school’s report.' }),
  },
  'POST /api/v1/conferences/:conferenceId/reports': {
    policy: policies.conferenceInvitee,
    subject: 'conference',
    body: () => ({ text: 'The matrix school’s report.' }),
  },
  ...partnershipEntries,

  // Family help (src/modules/family-help): every allowed step cell gets its own episode (fresh); a step not open in
  // the episode's phase answers 409 past the access check, which is what the matrix is testing.
  'GET /family-help/mine': { policy: policies.signedIn },
  'GET /family-help/area': { policy: policies.earlyHelpCoordinator },
  'GET /api/v1/family-help': { policy: policies.signedIn },
  'GET /family-help/:id': { policy: policies.familyHelpMember, subject: 'familyHelp' },
  'GET /api/v1/family-help/:id': { policy: policies.familyHelpMember, subject: 'familyHelp' },
  'GET /children/:id/family-help/new': { policy: policies.familyHelpOpener, subject: 'child' },
  'POST /children/:id/family-help/new': {
    policy: policies.familyHelpOpener,
    subject: 'child',
    body: () => ({ level: 'early_help', openerRole: 'teacher' }),
    ok: [303, 409],
  },
  'POST /api/v1/family-help/episodes/for-child/:id': {
    policy: policies.familyHelpOpener,
    subject: 'child',
    body: () => ({ level: 'early_help', openerRole: 'teacher' }),
    ok: [201, 409],
  },
  'GET /cases/:id/step-down-to-family-help': { policy: policies.familyHelpStepDown, subject: 'case' },
  'POST /cases/:id/step-down-to-family-help': {
    policy: policies.familyHelpStepDown,
    subject: 'case',
    body: ({ world }) => ({ ...stepDownBody(world), ...dateParts('handoverOn', world) }),
    ok: [409],
  },
  'POST /api/v1/family-help/step-downs/:id': {
    policy: policies.familyHelpStepDown,
    subject: 'case',
    body: ({ world }) => ({ ...stepDownBody(world), handoverOn: world.today() }),
    ok: [409],
  },
  ...familyHelpStep('consent', ['decidedOn'], () => ({
    outcome: 'given',
    givenBy: 'parent_or_carer',
    givenByName: 'Matrix Parent',
    scope: 'Matrix support',
  })),
  ...familyHelpStep('lead-practitioner', ['startsOn'], () => ({
    email: 'dsl@oakfield-primary.example',
    familyHadSay: 'yes',
  })),
  ...familyHelpStep('team', ['joinedOn'], () => ({ email: 'teacher@oakfield-primary.example', role: 'teacher' })),
  ...familyHelpStep(
    'assessments',
    ['startedOn', 'completedOn'],
    () => ({
      needs: ['education'],
      needsSummary: 'Matrix needs',
      strengths: 'Matrix strengths',
      childVoice: 'Matrix child',
      parentsVoice: 'Matrix parents',
    }),
    409,
  ),
  ...familyHelpStep(
    'plans',
    ['agreedOn', 'action1ByWhen'],
    () => ({
      action1What: 'Matrix action',
      action1Who: 'School',
      goal1Area: 'education',
      goal1Goal: 'g',
      goal1Score: '5',
    }),
    409,
  ),
  ...familyHelpStep('meetings', ['on'], () => ({ kind: 'team_around_the_family', time: '10:00', place: 'School' })),
  ...familyHelpStep(
    'reviews',
    ['heldOn'],
    () => ({ attendees: 'Matrix', decision: 'continue', notes: 'Matrix review' }),
    409,
  ),
  ...familyHelpStep('step-up', [], () => ({
    reason: 'Matrix step-up',
    parentsAware: 'yes',
    parentalConsent: 'given',
  })),
  ...familyHelpStep('closure', ['closedOn'], () => ({ reason: 'other', notes: 'Matrix closure' })),
  'GET /family-help/:id/meetings/:meetingId/contributions': {
    policy: policies.familyHelpMember,
    subject: 'familyHelp',
    params: ({ id, world }) => ({ meetingId: world.meetingOf(id) }),
  },
  'POST /family-help/:id/meetings/:meetingId/contributions': {
    policy: policies.familyHelpMember,
    subject: 'familyHelp',
    fresh: 'familyHelp',
    params: ({ id, world }) => ({ meetingId: world.meetingOf(id) }),
    body: () => ({ contribution: 'The matrix agency’s contribution.' }),
  },
  'POST /api/v1/family-help/:id/meetings/:meetingId/contributions': {
    policy: policies.familyHelpMember,
    subject: 'familyHelp',
    fresh: 'familyHelp',
    params: ({ id, world }) => ({ meetingId: world.meetingOf(id) }),
    body: () => ({ contribution: 'The matrix agency’s contribution.' }),
  },
  // Statutory returns (issue 15). The walker's area has no DfE number, so an allowed export answers 409 there
  // (record the number first); the export itself is checked in test/routes/returns.test.ts.
  'GET /returns': { policy: policies.returnsMaker },
  'GET /returns/cin-census/:year': { policy: policies.returnsMaker, path: '/returns/cin-census/2027' },
  'GET /returns/cin-census/:year/findings.csv': {
    policy: policies.returnsMaker,
    path: '/returns/cin-census/2027/findings.csv',
  },
  'POST /returns/cin-census/:year/export': {
    policy: policies.returnsMaker,
    path: '/returns/cin-census/2027/export',
    body: () => ({ errorsListed: 'yes' }),
    ok: [200, 409],
  },
  'GET /returns/annex-a': { policy: policies.returnsMaker },
  'GET /returns/annex-a.xlsx': { policy: policies.returnsMaker },
  'GET /returns/annex-a/list-:list.csv': { policy: policies.returnsMaker, path: '/returns/annex-a/list-3.csv' },
  'GET /api/v1/returns/cin-census/:year/validation': {
    policy: policies.returnsMaker,
    path: '/api/v1/returns/cin-census/2027/validation',
  },
  'POST /api/v1/returns/cin-census/:year/export': {
    policy: policies.returnsMaker,
    path: '/api/v1/returns/cin-census/2027/export',
    body: () => ({ errorsListed: true }),
    ok: [200, 409],
  },
  'GET /api/v1/returns/annex-a': { policy: policies.returnsMaker },
  // Setting up the area: each allowed call imports one new faith group (or person) with a name never used before.
  'GET /area': { policy: policies.areaAdministrator },
  'GET /area/import': { policy: policies.areaAdministrator },
  'POST /area/import': {
    policy: policies.areaAdministrator,
    body: ({ n }) => ({ what: 'organisations', csv: `name,kind\nMatrix Faith Group ${n},faith_group\n` }),
    ok: [200],
  },
  'POST /api/v1/area/organisations/import': {
    policy: policies.areaAdministrator,
    body: ({ n }) => ({ csv: `name,kind\nMatrix Faith Group ${n},faith_group\n` }),
    ok: [201],
  },
  'POST /api/v1/area/users/import': {
    policy: policies.areaAdministrator,
    body: ({ n, principal }) => ({
      csv: `organisation,email,name,roles\n"${principal.organisation.name}",matrix.person.${n}@example.test,Matrix Person,staff\n`,
    }),
    ok: [201],
  },
  'GET /area/organisations/new': { policy: policies.areaAdministrator },
  'POST /area/organisations/new': {
    policy: policies.areaAdministrator,
    body: ({ n }) => ({ name: `Matrix Youth Club ${n}`, kind: 'sports_youth_club' }),
  },
  'POST /api/v1/area/organisations': {
    policy: policies.areaAdministrator,
    body: ({ n }) => ({ name: `Matrix Youth Club ${n}`, kind: 'sports_youth_club' }),
    ok: [201],
  },
  // The area's local authority number: each allowed call sets a new number, odd for Southshire and even for
  // Northshire, so one area never asks for a number the other holds (which is refused).
  'GET /area/local-authority-number': { policy: policies.areaAdministrator },
  'POST /area/local-authority-number': {
    policy: policies.areaAdministrator,
    body: ({ n, principal }) => ({ laCode: matrixLaCode(n, principal), reason: 'Matrix: setting up the area' }),
  },
  'POST /api/v1/area': {
    policy: policies.areaAdministrator,
    body: ({ n, principal }) => ({ laCode: matrixLaCode(n, principal), reason: 'Matrix: setting up the area' }),
    ok: [200],
  },
  // The workforce and schools (issue 14).
  'GET /training': { policy: policies.signedIn },
  'GET /training/new': { policy: policies.signedIn },
  'POST /training/new': { policy: policies.signedIn, body: trainingForm },
  'POST /api/v1/training/records': { policy: policies.signedIn, body: trainingBody },
  'GET /training/organisation': { policy: policies.trainingAdministrator },
  'GET /api/v1/training/currency': { policy: policies.trainingAdministrator },
  'GET /training/records/:recordId/verify': { policy: policies.trainingVerifier, subject: 'trainingRecord' },
  'POST /training/records/:recordId/verify': {
    policy: policies.trainingVerifier,
    subject: 'trainingRecord',
    fresh: 'trainingRecord',
    body: () => ({ seen: 'yes' }),
  },
  'POST /api/v1/training/records/:recordId/verify': {
    policy: policies.trainingVerifier,
    subject: 'trainingRecord',
    fresh: 'trainingRecord',
    body: () => ({ seen: ['yes'] }),
  },
  'GET /allegations': { policy: policies.allegationReader },
  'GET /allegations/new': { policy: policies.caseManager },
  'POST /allegations/new': { policy: policies.caseManager, body: allegationForm },
  'POST /api/v1/allegations': { policy: policies.caseManager, body: allegationBody },
  'GET /allegations/:allegationId': { policy: policies.allegationViewer, subject: 'allegation' },
  'GET /allegations/:allegationId/lado-referral': { policy: policies.allegationReferrer, subject: 'allegation' },
  'POST /allegations/:allegationId/lado-referral': {
    policy: policies.allegationReferrer,
    subject: 'allegation',
    fresh: 'allegation:recorded',
    body: ({ world }) => dateParts('sentOn', world),
  },
  'POST /api/v1/allegations/:allegationId/lado-referral': {
    policy: policies.allegationReferrer,
    subject: 'allegation',
    fresh: 'allegation:recorded',
    body: ({ world }) => ({ sentOn: world.today() }),
  },
  'GET /allegations/:allegationId/outcome': { policy: policies.allegationOutcome, subject: 'allegation' },
  'POST /allegations/:allegationId/outcome': {
    policy: policies.allegationOutcome,
    subject: 'allegation',
    fresh: 'allegation:referred',
    body: outcomeBody,
  },
  'POST /api/v1/allegations/:allegationId/outcome': {
    policy: policies.allegationOutcome,
    subject: 'allegation',
    fresh: 'allegation:referred',
    body: outcomeBody,
  },
  'GET /concerns/:concernId/allegation': { policy: policies.allegationFromConcern, subject: 'concern' },
  'POST /concerns/:concernId/allegation': {
    policy: policies.allegationFromConcern,
    subject: 'concern',
    fresh: 'concern:lado',
    body: allegationForm,
  },
  'POST /api/v1/concerns/:concernId/allegation': {
    policy: policies.allegationFromConcern,
    subject: 'concern',
    fresh: 'concern:lado',
    body: allegationBody,
  },
  'GET /low-level-concerns': { policy: policies.signedIn },
  'GET /low-level-concerns/new': { policy: policies.signedIn },
  'POST /low-level-concerns/new': { policy: policies.signedIn, body: lowLevelBody },
  'POST /api/v1/low-level-concerns': { policy: policies.signedIn, body: lowLevelBody },
  'GET /low-level-concerns/:concernId': { policy: policies.lowLevelViewer, subject: 'lowLevelConcern' },
  'GET /low-level-concerns/:concernId/review': { policy: policies.lowLevelReviewer, subject: 'lowLevelConcern' },
  'POST /low-level-concerns/:concernId/review': {
    policy: policies.lowLevelReviewer,
    subject: 'lowLevelConcern',
    fresh: 'lowLevelConcern:recorded',
    body: () => ({ decision: 'no_further_action' }),
  },
  'POST /api/v1/low-level-concerns/:concernId/review': {
    policy: policies.lowLevelReviewer,
    subject: 'lowLevelConcern',
    fresh: 'lowLevelConcern:recorded',
    body: () => ({ decision: 'no_further_action' }),
  },
  'GET /low-level-concerns/:concernId/allegation': { policy: policies.lowLevelReviewer, subject: 'lowLevelConcern' },
  'POST /low-level-concerns/:concernId/allegation': {
    policy: policies.lowLevelReviewer,
    subject: 'lowLevelConcern',
    fresh: 'lowLevelConcern:allegation',
    body: allegationForm,
  },
  'POST /api/v1/low-level-concerns/:concernId/allegation': {
    policy: policies.lowLevelReviewer,
    subject: 'lowLevelConcern',
    fresh: 'lowLevelConcern:allegation',
    body: allegationBody,
  },
  'GET /school-moves': { policy: policies.schoolDsl },
  'GET /school-moves/:transferId': { policy: policies.transferViewer, subject: 'transfer' },
  'GET /school-moves/:transferId/receipt': { policy: policies.transferReceiver, subject: 'transfer' },
  'POST /school-moves/:transferId/receipt': {
    policy: policies.transferReceiver,
    subject: 'transfer',
    fresh: 'transfer',
    body: () => ({ received: 'yes' }),
  },
  'POST /api/v1/school-moves/:transferId/receipt': {
    policy: policies.transferReceiver,
    subject: 'transfer',
    fresh: 'transfer',
    body: () => ({ received: ['yes'] }),
  },
  'GET /children/:childId/school-move': { policy: policies.fileSender, subject: 'child' },
  'POST /children/:childId/school-move': {
    policy: policies.fileSender,
    subject: 'child',
    body: transferForm,
  },
  'POST /api/v1/children/:childId/child-protection-file': {
    policy: policies.fileSender,
    subject: 'child',
    body: transferBody,
  },
  'GET /child-protection-file/:token': { policy: policies.public, subject: 'fileLink' },
  'GET /child-protection-file/:token/file.pdf': { policy: policies.public, subject: 'fileLink' },
  'GET /child-protection-file/:token/file.json': { policy: policies.public, subject: 'fileLink' },
  'POST /child-protection-file/:token': {
    policy: policies.public,
    subject: 'fileLink',
    fresh: 'fileLink',
    // The confirmation page is the answer (the link is used up, so there is nothing to redirect back to).
    ok: [200],
    body: () => ({ confirmedBy: 'A Matrix' }),
  },

  // Data protection duties (issue 15, item 6).
  'GET /data-protection': { policy: policies.dataProtectionReader },
  'GET /api/v1/data-protection/processing-records': { policy: policies.dataProtectionReader },
  'GET /api/v1/data-protection/retention-schedule': { policy: policies.dataProtectionReader },
  'GET /data-protection/complaints': { policy: policies.complaintKeeper },
  'GET /data-protection/complaints/new': { policy: policies.complaintKeeper },
  'POST /data-protection/complaints/new': { policy: policies.complaintKeeper, body: complaintForm },
  'POST /api/v1/data-protection/complaints': { policy: policies.complaintKeeper, body: complaintBody },
  'GET /data-protection/complaints/:complaintId': {
    policy: policies.complaintHandler,
    subject: 'dataProtectionComplaint',
  },
  'GET /data-protection/complaints/:complaintId/acknowledgement': {
    policy: policies.complaintHandler,
    subject: 'dataProtectionComplaint',
  },
  'POST /data-protection/complaints/:complaintId/acknowledgement': {
    policy: policies.complaintHandler,
    subject: 'dataProtectionComplaint',
    fresh: 'complaint:received',
    body: ({ world }) => ({ ...dateParts('acknowledgedOn', world), sentHow: 'email' }),
  },
  'POST /api/v1/data-protection/complaints/:complaintId/acknowledgement': {
    policy: policies.complaintHandler,
    subject: 'dataProtectionComplaint',
    fresh: 'complaint:received',
    body: ({ world }) => ({ acknowledgedOn: world.today(), sentHow: 'email' }),
  },
  'GET /data-protection/complaints/:complaintId/outcome': {
    policy: policies.complaintHandler,
    subject: 'dataProtectionComplaint',
  },
  'POST /data-protection/complaints/:complaintId/outcome': {
    policy: policies.complaintHandler,
    subject: 'dataProtectionComplaint',
    fresh: 'complaint:acknowledged',
    body: ({ world }) => ({ ...dateParts('decidedOn', world), ...complaintOutcome }),
  },
  'POST /api/v1/data-protection/complaints/:complaintId/outcome': {
    policy: policies.complaintHandler,
    subject: 'dataProtectionComplaint',
    fresh: 'complaint:acknowledged',
    body: ({ world }) => ({ decidedOn: world.today(), ...complaintOutcome }),
  },
}
