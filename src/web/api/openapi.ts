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
    '/api/v1/concerns/{id}/decision': { post: { summary: 'DSL records a decision with a rationale', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['kind', 'rationale'], properties: { kind: { enum: ['no_further_action', 'monitor', 'internal_support', 'early_help', 'refer_to_childrens_social_care', 'inform_police', 'lado', 'fgm_report_made'] }, rationale: { type: 'string' }, reviewOn: { type: 'string', format: 'date' }, policeReference: { type: 'string' }, reportedOn: { type: 'string', format: 'date' } } } } } }, responses: { '200': { description: 'Decided' }, '400': { description: 'Field errors' }, '409': { description: 'Not allowed in this state' } } } },
    '/api/v1/dsl/inbox': { get: { summary: 'Open concerns for the organisation’s safeguarding leads, urgent first', responses: { '200': { description: 'Items' }, '403': { description: 'Not a safeguarding lead' } } } },
    '/api/v1/deadlines': { get: { summary: 'Due and overdue statutory clocks', parameters: ['scope', 'rule', 'status', 'sort', 'page'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })), responses: { '200': { description: 'Counts and one page of items' }, '403': { description: 'Scope not allowed for your role' } } } },
    '/api/v1/caseload': {
      get: {
        summary: 'My cases: open episodes you lead, manage or chair, each with its next statutory deadline (from the clock engine)',
        parameters: [
          { name: 'sort', in: 'query', required: false, schema: { enum: ['due', 'referral'] } },
          { name: 'status', in: 'query', required: false, schema: { enum: ['overdue', 'due_today', 'due_soon', 'not_due', 'none'] } },
          { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
        ],
        responses: { '200': { description: 'Counts by the state of each case’s next deadline, and one page of cases' }, '403': { description: 'Not a social care role' } },
      },
    },
    '/api/v1/caseload/team': {
      get: {
        summary: 'Team caseload (team managers): every open episode of your local authority, counts by worker and the unallocated',
        parameters: [
          { name: 'worker', in: 'query', required: false, schema: { type: 'string', description: 'A worker’s user id, or "unallocated"' } },
          { name: 'sort', in: 'query', required: false, schema: { enum: ['due', 'referral'] } },
          { name: 'status', in: 'query', required: false, schema: { enum: ['overdue', 'due_today', 'due_soon', 'not_due', 'none'] } },
          { name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
        ],
        responses: { '200': { description: 'Workers with their counts, totals, and one page of cases' }, '403': { description: 'Not a team manager of this local authority' } },
      },
    },
    '/api/v1/protection-checks': {
      post: {
        summary: 'Check whether a child in your local area has a current child protection plan (police and health safeguarding roles; audited; the local authority is told)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['reason'],
                description: 'Give nhsNumber, or givenName, familyName and dateOfBirth',
                properties: {
                  nhsNumber: { type: 'string' },
                  givenName: { type: 'string', maxLength: 100 },
                  familyName: { type: 'string', maxLength: 100 },
                  dateOfBirth: { type: 'string', format: 'date' },
                  reason: { type: 'string', maxLength: 1000 },
                  localAreaId: { type: 'string', format: 'uuid', description: 'Defaults to your own; any other is refused' },
                },
              },
            },
          },
        },
        responses: {
          '201': { description: 'The answer: planFound, plans (start date, category, lead practitioner, local authority contact) and the area’s children’s social care contacts. No plan found reads the same whether or not the child is known.' },
          '400': { description: 'Field errors', content: { 'application/json': { schema: { $ref: '#/components/schemas/FieldErrors' } } } },
          '403': { description: 'Not a police or health safeguarding role, or another local area' },
        },
      },
      get: { summary: 'Checks your local authority was told about, newest first (children’s social care)', parameters: [{ name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }], responses: { '200': { description: 'One page of checks' }, '403': { description: 'Not children’s social care' } } },
    },
    '/api/v1/protection-checks/{id}': { get: { summary: 'A check you made, as it was answered', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { '200': { description: 'The check' }, '404': { description: 'No such check, or not yours (audited)' } } } },
    '/api/v1/timescales': { get: { summary: 'Timescale rules with national and local values', responses: { '200': { description: 'Rules' } } } },
  },
} as const
