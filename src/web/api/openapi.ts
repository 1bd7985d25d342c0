/** The JSON API, described for clients. Later capabilities add their paths here. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Together API', version: '1', description: 'Multi-agency child safeguarding. Every call is audited.' },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      FieldErrors: {
        type: 'object',
        properties: { error: { type: 'string' }, errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } } },
      },
    },
  },
  security: [{ bearer: [] }],
  paths: {
    '/api/v1/auth/token': {
      post: {
        summary: 'Exchange email, password and (for roles that need it) an authenticator code for a bearer token',
        security: [],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['email', 'password'], properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' }, totp: { type: 'string', pattern: '^\\d{6}$' } } },
            },
          },
        },
        responses: {
          '200': { description: 'A token', content: { 'application/json': { schema: { type: 'object', properties: { token: { type: 'string' }, tokenType: { const: 'Bearer' }, expiresAt: { type: 'string', format: 'date-time' } } } } } },
          '400': { description: 'Field errors', content: { 'application/json': { schema: { $ref: '#/components/schemas/FieldErrors' } } } },
          '401': { description: 'Wrong email, password or code' },
          '423': { description: 'Account locked after repeated failures' },
        },
      },
    },
    '/api/v1/me': { get: { summary: 'The signed-in user', responses: { '200': { description: 'The user' }, '401': { description: 'No valid token' } } } },
    '/api/v1/children': {
      get: {
        summary: 'Find children your organisation is involved with (fuzzy name, date of birth, NHS number, UPN)',
        parameters: ['name', 'givenName', 'familyName', 'dob', 'nhsNumber', 'upn'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
        responses: { '200': { description: 'Likely matches, best first' }, '400': { description: 'Field errors', content: { 'application/json': { schema: { $ref: '#/components/schemas/FieldErrors' } } } } },
      },
      post: {
        summary: 'Create a child record (or link to the existing one with the same identifier, name and date of birth)',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['givenName', 'familyName'], properties: { givenName: { type: 'string' }, familyName: { type: 'string' }, dateOfBirth: { type: 'string', format: 'date' }, expectedDateOfDelivery: { type: 'string', format: 'date' }, sex: { enum: ['female', 'male', 'unknown'] }, nhsNumber: { type: 'string' }, upn: { type: 'string' } } } } } },
        responses: { '201': { description: 'Created' }, '200': { description: 'An existing record was matched' }, '400': { description: 'Field errors' } },
      },
    },
    '/api/v1/children/{id}/chronology': { get: { summary: 'The child’s chronology: what you may see, in time order', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { '200': { description: 'Entries' }, '404': { description: 'No such child, or not yours to see (audited)' } } } },
    '/api/v1/concerns': {
      post: {
        summary: 'Record a concern (durable once 201 is returned)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['childIds', 'observedAt', 'place', 'facts', 'categories', 'immediateDanger'],
                properties: {
                  childIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
                  observedAt: { type: 'string', format: 'date-time' },
                  place: { type: 'string', maxLength: 200 },
                  facts: { type: 'string', maxLength: 10000 },
                  childWords: { type: 'string', maxLength: 5000 },
                  othersPresent: { type: 'string', maxLength: 1000 },
                  categories: { type: 'array', items: { type: 'string' } },
                  immediateDanger: { type: 'boolean' },
                  policeCalledAt: { type: 'string', format: 'date-time' },
                  policeReference: { type: 'string', maxLength: 50 },
                  actionTaken: { type: 'string', maxLength: 5000 },
                  fgmKnown: { type: 'boolean' },
                  bodyMap: { type: 'array', maxItems: 50, items: { type: 'object', properties: { side: { enum: ['front', 'back'] }, x: { type: 'number' }, y: { type: 'number' }, region: { type: 'string' }, description: { type: 'string', maxLength: 500 } } } },
                },
              },
            },
          },
        },
        responses: { '201': { description: 'Recorded: id, reference' }, '400': { description: 'Field errors' }, '404': { description: 'A child you may not name (audited)' } },
      },
    },
    '/api/v1/concerns/{id}': { get: { summary: 'A concern with its events (author and the organisation’s safeguarding leads only)', responses: { '200': { description: 'The concern' }, '404': { description: 'Not found or not yours (audited)' } } } },
    '/api/v1/concerns/{id}/addenda': { post: { summary: 'Add an addendum (the concern itself never changes)', responses: { '201': { description: 'Added' } } } },
    '/api/v1/concerns/{id}/acknowledge': { post: { summary: 'DSL acknowledges the concern', responses: { '200': { description: 'Acknowledged' }, '409': { description: 'Not allowed in this state' } } } },
    '/api/v1/concerns/{id}/information-requests': { post: { summary: 'DSL asks the author for more information', responses: { '201': { description: 'Asked' } } } },
    '/api/v1/concerns/{id}/information': { post: { summary: 'The author answers a request for information', responses: { '201': { description: 'Answered' } } } },
    '/api/v1/concerns/{id}/decision': { post: { summary: 'DSL records a decision with a rationale', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['kind', 'rationale'], properties: { kind: { enum: ['no_further_action', 'monitor', 'internal_support', 'early_help', 'refer_to_childrens_social_care', 'inform_police', 'lado', 'fgm_report_made'] }, rationale: { type: 'string' }, reviewOn: { type: 'string', format: 'date' }, policeReference: { type: 'string' }, reportedOn: { type: 'string', format: 'date' }, parentsAware: { enum: ['yes', 'no'], description: 'Referral only (required): do the parents or carers know?' }, parentalConsent: { enum: ['given', 'refused', 'not_sought'], description: 'Referral only (required)' }, consentNotSoughtReason: { type: 'string', description: 'Required when parentalConsent is not_sought' }, parentsViews: { type: 'string' } } } } } }, responses: { '200': { description: 'Decided' }, '400': { description: 'Field errors' }, '409': { description: 'Not allowed in this state' } } } },
    '/api/v1/dsl/inbox': { get: { summary: 'Open concerns for the organisation’s safeguarding leads, urgent first', responses: { '200': { description: 'Items' }, '403': { description: 'Not a safeguarding lead' } } } },
    '/api/v1/referrals': {
      get: { summary: 'Your referrals (and, for a safeguarding lead, your organisation’s) with their acknowledgement and decision', responses: { '200': { description: 'Items, newest first' } } },
      post: {
        summary: 'A professional’s referral to children’s social care (the child’s home local authority; or your own area’s for a child your organisation has no record of)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['immediateDanger', 'details', 'parentsAware', 'parentalConsent'],
                properties: {
                  childId: { type: 'string', format: 'uuid', description: 'A child your organisation knows (from GET /api/v1/children); or give child instead' },
                  child: { type: 'object', properties: { givenName: { type: 'string' }, familyName: { type: 'string' }, dateOfBirth: { type: 'string', format: 'date' }, sex: { type: 'string' }, address: { type: 'string' } } },
                  immediateDanger: { type: 'boolean' },
                  details: {
                    type: 'object',
                    required: ['concern', 'childLocation'],
                    additionalProperties: false,
                    properties: Object.fromEntries(
                      ['concern', 'concernSource', 'concernWhen', 'concernWhere', 'childLocation', 'addresses', 'ethnicity', 'language', 'religion', 'communicationNeeds', 'disabilities', 'developmentalNeeds', 'parentalResponsibility', 'household', 'significantFamily', 'parentalCapacity', 'allegedPerpetrator', 'history', 'existingAssessments'].map((n) => [n, { type: 'string' }]),
                    ),
                  },
                  parentalFactors: { type: 'array', items: { enum: ['domestic_abuse', 'mental_health', 'substance_misuse', 'learning_disability'] } },
                  parentsAware: { enum: ['yes', 'no'] },
                  parentalConsent: { enum: ['given', 'refused', 'not_sought'] },
                  consentNotSoughtReason: { type: 'string', description: 'Required when parentalConsent is not_sought' },
                  parentsViews: { type: 'string' },
                  referrerRelationship: { type: 'string' },
                  referrerAnonymous: { type: 'boolean' },
                  referrerContact: { type: 'string' },
                  sourceCode: { type: 'string', description: 'CIN census ReferralSource (1A…10); default from your organisation’s kind' },
                },
              },
            },
          },
        },
        responses: { '201': { description: 'Sent: id, reference' }, '400': { description: 'Field errors', content: { 'application/json': { schema: { $ref: '#/components/schemas/FieldErrors' } } } }, '404': { description: 'A child your organisation may not name (audited)' } },
      },
    },
    '/api/v1/referrals/{id}': {
      get: {
        summary: 'A referral: everything received, requests for information and answers (receiving local authority only), and the decision',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { '200': { description: 'The referral' }, '404': { description: 'No such referral, or not yours to see (audited)' } },
      },
    },
    '/api/v1/front-door': {
      get: {
        summary: 'The front door’s queue: open referrals to your local authority, immediate danger first, then oldest, with the referral-decision clock',
        parameters: [
          { name: 'urgent', in: 'query', required: false, schema: { enum: ['true', 'false'] } },
          { name: 'channel', in: 'query', required: false, schema: { enum: ['dsl_decision', 'professional', 'public'] } },
          { name: 'acknowledged', in: 'query', required: false, schema: { enum: ['true', 'false'] } },
          { name: 'due', in: 'query', required: false, schema: { enum: ['overdue', 'due_today', 'later'] } },
          { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
        ],
        responses: { '200': { description: 'Counts and one page (50) of items' }, '403': { description: 'Not the local authority’s front door' } },
      },
    },
    '/api/v1/referrals/{id}/acknowledge': { post: { summary: 'The front door acknowledges the referral; the referrer is told in Together and by email', responses: { '200': { description: 'Acknowledged (again: unchanged)' }, '403': { description: 'You may see but not act on it' }, '404': { description: 'Not found (audited)' } } } },
    '/api/v1/referrals/{id}/child': {
      post: {
        summary: 'Link a referral that described a child in words to the child’s record (find with GET /api/v1/children first; create with POST /api/v1/children)',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['childId'], properties: { childId: { type: 'string', format: 'uuid' } } } } } },
        responses: { '200': { description: 'Linked' }, '404': { description: 'No such referral or child (audited)' }, '409': { description: 'Already linked to another child' } },
      },
    },
    '/api/v1/referrals/{id}/information-requests': {
      post: {
        summary: 'The front door asks another organisation in the area for information about the referral’s child',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['organisationId', 'question'], properties: { organisationId: { type: 'string', format: 'uuid' }, question: { type: 'string', maxLength: 2000 } } } } } },
        responses: { '201': { description: 'Asked: id' }, '400': { description: 'Field errors' }, '404': { description: 'Not found (audited)' }, '409': { description: 'Already decided' } },
      },
    },
    '/api/v1/referrals/{id}/decision': {
      post: {
        summary: 'The front door’s decision with its reasons: opens the episode (decide_referral) in one transaction',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['outcome', 'rationale'],
                properties: {
                  outcome: { enum: ['no_further_action', 'early_help', 'assessment', 'strategy_discussion', 'immediate_protection'] },
                  rationale: { type: 'string', maxLength: 5000 },
                  signposting: { type: 'string', description: 'Required for no_further_action' },
                  immediateProtection: {
                    type: 'object',
                    description: 'Required for immediate_protection: police protection (at, policeReference) or an emergency protection order (orderMadeOn, which starts its clock)',
                    properties: { kind: { enum: ['police_protection', 'emergency_protection_order'] }, at: { type: 'string', format: 'date-time' }, policeReference: { type: 'string' }, orderMadeOn: { type: 'string', format: 'date' } },
                  },
                  leadUserId: { type: 'string', format: 'uuid' },
                  teamManagerUserId: { type: 'string', format: 'uuid' },
                  submissionKey: { type: 'string', description: 'Send once per submission; a repeat is refused with 409 and nothing written' },
                },
              },
            },
          },
        },
        responses: { '200': { description: 'Decided: episodeId, episodeReference, outcome, phase' }, '400': { description: 'Field errors' }, '404': { description: 'Not found (audited)' }, '409': { description: 'Already decided, already submitted, or the child is not linked yet' } },
      },
    },
    '/api/v1/information-requests': { get: { summary: 'Requests for information to your organisation (its safeguarding leads), waiting first', responses: { '200': { description: 'Items' }, '403': { description: 'Not a safeguarding lead' } } } },
    '/api/v1/information-requests/{id}': { get: { summary: 'One request: the question and the child’s name and date of birth, nothing else (audited)', responses: { '200': { description: 'The request' }, '404': { description: 'Not found (audited)' } } } },
    '/api/v1/information-requests/{id}/responses': {
      post: {
        summary: 'Answer a request for information (audited; your organisation becomes involved with the child)',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['answer'], properties: { answer: { type: 'string', maxLength: 10000 } } } } } },
        responses: { '201': { description: 'Answered: id' }, '400': { description: 'Field errors' }, '404': { description: 'Not found (audited)' } },
      },
    },
    '/api/v1/deadlines': { get: { summary: 'Due and overdue statutory clocks', parameters: ['scope', 'rule', 'status', 'sort', 'page'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })), responses: { '200': { description: 'Counts and one page of items' }, '403': { description: 'Scope not allowed for your role' } } } },
    '/api/v1/timescales': { get: { summary: 'Timescale rules with national and local values', responses: { '200': { description: 'Rules' } } } },
  },
} as const
