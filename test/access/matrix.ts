import { policies, type Policy } from './policies.js'
import type { Fresh, Principal, SubjectKind, World } from './world.js'

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
  /** The status an allowed call answers with, when not the default (GET 200, page POST 303, API POST 200/201). */
  readonly ok?: readonly number[]
  /** The request ends the caller's session: each cell signs in afresh. */
  readonly endsSession?: true
  /** The concrete path to call, for wildcard routes. */
  readonly path?: string
  /** A query string the route needs to do its work (without the '?'). */
  readonly query?: string
}

const concernText = (field: string) => () => ({ [field]: 'Added by the access matrix.' })
const apiText = () => ({ text: 'Added by the access matrix.' })
const decisionForm = () => ({ kind: 'no_further_action', rationale: 'The access matrix decided this.' })

export const matrix: Readonly<Record<string, MatrixEntry>> = {
  // Public: information, assets, health, and signing in.
  'GET /assets/*': { policy: policies.public, path: '/assets/govuk-frontend.min.css' },
  'GET /static/*': { policy: policies.public, path: '/static/together.css' },
  'GET /health': { policy: policies.public },
  'GET /cookies': { policy: policies.public },
  'GET /accessibility': { policy: policies.public },
  'GET /guidance/if-a-child-tells-you': { policy: policies.public },
  'GET /signed-out': { policy: policies.public },
  'GET /api/openapi.json': { policy: policies.public },
  'GET /sign-in': { policy: policies.signInForm },
  'POST /sign-in': { policy: policies.public, body: ({ world }) => ({ email: world.signInTarget, password: 'Northshire-demo-2026' }) },
  // A malformed code: the step is reachable, and nobody's sign-in is used up.
  'GET /sign-in/two-factor': { policy: policies.secondFactorStep },
  'POST /sign-in/two-factor': { policy: policies.secondFactorStep, body: () => ({ code: 'not-a-code' }), ok: [400] },
  'POST /sign-out': { policy: policies.public, endsSession: true },
  'POST /api/v1/auth/token': { policy: policies.public, body: ({ world }) => ({ email: world.signInTarget, password: 'Northshire-demo-2026' }) },
  // Passwords that do not match: the page is reachable with a valid link, and the invitation is not used up.
  'GET /invitations/:token': { policy: policies.public, subject: 'invitation' },
  'POST /invitations/:token': { policy: policies.public, subject: 'invitation', body: () => ({ password: 'A-long-enough-password-1', confirm: 'something else' }), ok: [400] },

  // Anyone signed in.
  'GET /': { policy: policies.signedIn },
  'GET /api/v1/me': { policy: policies.signedIn },
  'GET /deadlines': { policy: policies.signedIn },
  'GET /api/v1/deadlines': { policy: policies.signedIn },
  'GET /timescales': { policy: policies.signedIn },
  'GET /api/v1/timescales': { policy: policies.signedIn },
  'GET /concerns/mine': { policy: policies.signedIn },
  'GET /concerns/new': { policy: policies.signedIn, ok: [303] },
  'GET /api/v1/children': { policy: policies.signedIn, query: 'name=Qwmatrix%20Zyxleak' },
  'POST /api/v1/children': { policy: policies.signedIn, body: ({ n }) => ({ givenName: 'Matrixnew', familyName: `Child ${String.fromCharCode(97 + (n % 26))}`, dateOfBirth: '2016-03-03', sex: 'male' }) },

  // Organisation administrators.
  'GET /admin/users': { policy: policies.orgAdmin },
  'GET /admin/users/invite': { policy: policies.orgAdmin },
  'POST /admin/users/invite': { policy: policies.orgAdmin, body: ({ n }) => ({ displayName: 'Matrix Invitee', email: `matrix.invitee.${n}@matrix.example`, roles: 'staff' }), ok: [200] },
  'GET /admin/users/:id/roles': { policy: policies.orgAdmin, subject: 'user' },
  'POST /admin/users/:id/roles': { policy: policies.orgAdmin, subject: 'user', body: () => ({ roles: 'staff' }) },
  'GET /admin/users/:id/deactivate': { policy: policies.orgAdmin, subject: 'user' },
  'POST /admin/users/:id/deactivate': { policy: policies.orgAdmin, subject: 'user', fresh: 'user' },
  'GET /admin/users/:id/reset': { policy: policies.orgAdmin, subject: 'user' },
  'POST /admin/users/:id/reset': { policy: policies.orgAdmin, subject: 'user', fresh: 'user', ok: [200] },
  'GET /admin/outbox': { policy: policies.orgAdmin },
  'GET /admin/outbox/:id': { policy: policies.orgAdmin, subject: 'message' },

  // Partnership leads: local timescales and the local calendar.
  'GET /timescales/:ruleId/local': { policy: policies.partnershipLeadForRule, subject: 'rule' },
  'POST /timescales/:ruleId/local': { policy: policies.partnershipLeadForRule, subject: 'rule', body: () => ({ amount: '12', reason: 'The access matrix set this.' }) },
  'POST /timescales/non-working-days': {
    policy: policies.partnershipLead,
    body: ({ world }) => {
      const d = world.nextFreeDay()
      return { 'day-day': String(d.day), 'day-month': String(d.month), 'day-year': String(d.year), description: 'Matrix closure' }
    },
  },
  'POST /timescales/non-working-days/:id/remove': { policy: policies.partnershipLead, subject: 'nonWorkingDay', fresh: 'nonWorkingDay' },

  // Recording a concern: the journey's drafts belong to the person writing.
  'GET /concerns/new/:id/child': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/child': { policy: policies.draftOwner, subject: 'draft', body: ({ world, principal }) => ({ add: world.childOfPrincipal(principal) }) },
  'GET /concerns/new/:id/new-child': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/new-child': {
    policy: policies.draftOwner,
    subject: 'draft',
    body: ({ n }) => ({ givenName: 'Matrixjourney', familyName: `Child ${String.fromCharCode(97 + (n % 26))}`, 'dob-day': '4', 'dob-month': '4', 'dob-year': '2017', sex: 'female' }),
  },
  'GET /concerns/new/:id/danger': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/danger': { policy: policies.draftOwner, subject: 'draft', body: () => ({ immediateDanger: 'no' }) },
  'GET /concerns/new/:id/what-happened': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/what-happened': {
    policy: policies.draftOwner,
    subject: 'draft',
    body: () => ({ 'observed-day': '23', 'observed-month': '11', 'observed-year': '2026', observedTime: '08:15', place: 'Hall', facts: 'Zyxfact: what the matrix saw.' }),
  },
  'GET /concerns/new/:id/categories': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/categories': { policy: policies.draftOwner, subject: 'draft', body: () => ({ categories: 'neglect' }) },
  'GET /concerns/new/:id/check': { policy: policies.draftOwner, subject: 'draft' },
  'POST /concerns/new/:id/check': { policy: policies.draftOwner, subject: 'draft', fresh: 'draft:complete' },
  'POST /api/v1/concerns': {
    policy: policies.involvedChild,
    subject: 'child',
    body: ({ id }) => ({ childIds: [id], observedAt: '2026-11-23T09:00:00Z', place: 'Hall', facts: 'Zyxfact: recorded by the matrix.', categories: ['neglect'], immediateDanger: false }),
  },

  // Concerns: the author and the organisation's safeguarding leads.
  'GET /concerns/:id': { policy: policies.concernReader, subject: 'concern' },
  'GET /api/v1/concerns/:id': { policy: policies.concernReader, subject: 'concern' },
  'GET /concerns/:id/recorded': { policy: policies.concernAuthor, subject: 'concern' },
  'POST /concerns/:id/addenda': { policy: policies.concernReader, subject: 'concern', body: concernText('addendum') },
  'POST /api/v1/concerns/:id/addenda': { policy: policies.concernReader, subject: 'concern', body: apiText },
  'POST /concerns/:id/acknowledge': { policy: policies.concernLead, subject: 'concern', fresh: 'concern:new' },
  'POST /api/v1/concerns/:id/acknowledge': { policy: policies.concernLead, subject: 'concern', fresh: 'concern:new' },
  'POST /concerns/:id/information-requests': { policy: policies.concernLead, subject: 'concern', fresh: 'concern:acknowledged', body: concernText('request') },
  'POST /api/v1/concerns/:id/information-requests': { policy: policies.concernLead, subject: 'concern', fresh: 'concern:acknowledged', body: apiText },
  'POST /concerns/:id/information': { policy: policies.concernAuthor, subject: 'concern', fresh: 'concern:information_requested', body: concernText('information') },
  'POST /api/v1/concerns/:id/information': { policy: policies.concernAuthor, subject: 'concern', fresh: 'concern:information_requested', body: apiText },
  'POST /concerns/:id/decision': { policy: policies.concernLead, subject: 'concern', fresh: 'concern:acknowledged', body: decisionForm },
  'POST /api/v1/concerns/:id/decision': { policy: policies.concernLead, subject: 'concern', fresh: 'concern:acknowledged', body: decisionForm },
  'GET /inbox': { policy: policies.safeguardingLead },
  'GET /api/v1/dsl/inbox': { policy: policies.safeguardingLead },

  // A child's record.
  'GET /children/:id': { policy: policies.childViewer, subject: 'child' },
  'GET /children/:id/chronology.pdf': { policy: policies.childViewer, subject: 'child' },
  'GET /api/v1/children/:id/chronology': { policy: policies.childViewer, subject: 'child' },
  'POST /children/:id/people': { policy: policies.childViewer, subject: 'child', body: () => ({ givenName: 'Matrix', familyName: 'Carer', relationship: 'carer', sameHousehold: 'yes' }) },
}
