import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

export interface ApiDocsOptions {
  /** The service's public address, for `servers`; a relative server when not configured. */
  readonly publicUrl: string | undefined
}

/** Only the versioned JSON API is the contract; pages, assets and the documents themselves are not in it. */
const inContract = (url: string): boolean => url.startsWith('/api/v1/')

/**
 * The OpenAPI document, generated from the routes' own Fastify schemas (see `apiRoute`, and `defineStep` for
 * workflow steps), and interactive documentation at /api/docs served from this service's own files (no CDN:
 * the page's scripts and styles are same-origin, so the app's Content-Security-Policy holds as it is).
 * Must be registered before any route, because @fastify/swagger collects routes as they are added.
 */
export async function registerApiDocs(app: FastifyInstance, opts: ApiDocsOptions): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Together API',
        version: '1',
        description:
          'Multi-agency child safeguarding for England. Every call is checked against who you are and is audited; ' +
          'a record is never changed in place (corrections are addenda). Get a bearer token with issueToken.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: opts.publicUrl ?? '/', description: 'This Together service' }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A token from POST /api/v1/auth/token (issueToken), valid for a limited time',
          },
        },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'Sign-in', description: 'Tokens and who you are' },
        { name: 'Children', description: 'Finding and adding children, and their chronology' },
        { name: 'Concerns', description: 'Recording a concern and the safeguarding lead’s work on it' },
        { name: 'Referrals', description: 'Referrals to children’s social care and the front door' },
        { name: 'Cases', description: 'Assessment, section 47 enquiries, conferences and plans' },
        { name: 'Protection checks', description: 'Whether a child has a child protection plan' },
        { name: 'Timescales', description: 'Statutory clocks and deadlines' },
      ],
    },
    transform: ({ schema, url }) => ({
      schema: inContract(url) && schema !== undefined ? schema : { ...(schema ?? {}), hide: true },
      url,
    }),
  })
  // The documentation is public like the document it shows; its routes are added by the plugin, so they are
  // marked here (the access matrix lists them).
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), access: 'public' }
  })
  // Pages are never kept by a browser or proxy (the access matrix checks every HTML answer for it).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/docs') && String(reply.getHeader('content-type') ?? '').startsWith('text/html'))
      void reply.header('cache-control', 'no-store')
    return payload
  })
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null },
    theme: { title: 'Together API' },
  })
}
