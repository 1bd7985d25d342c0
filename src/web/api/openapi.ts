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
  },
} as const
