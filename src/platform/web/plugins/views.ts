import { createRequire } from 'node:module'
import { londonDateTime } from '../dateTime.js'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import view from '@fastify/view'
import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import nunjucks from 'nunjucks'

import { withLineBreaks } from '../html.js'
import { serviceNavigation } from '../navigation.js'
import { govukStylesheet } from '../styles/stylesheet.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
export const govukDist = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist')

const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})
declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page with what every page needs: CSRF token, CSP nonce, the signed-in person, demo mode. */
    page(template: string, data?: Record<string, unknown>, status?: number): FastifyReply
  }
}

export interface ViewOptions {
  readonly demoMode: boolean
}

export const viewsPlugin = fp(
  async (app: FastifyInstance, opts: ViewOptions) => {
    // Stylesheets, scripts, fonts and images are the same for everyone; signed-out pages need them too.
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/assets/') || route.url.startsWith('/static/'))
        route.config = { ...route.config, access: 'public' }
    })
    await app.register(fastifyStatic, {
      root: [path.join(govukDist, 'govuk', 'assets'), path.join(govukDist, 'govuk')],
      prefix: '/assets/',
      // Serve only built assets, never source files that happen to sit beside them.
      // The stylesheet is Together's own build (below); GOV.UK's fonts are not ours to serve.
      allowedPath: (p) => /^\/images\/|^\/manifest\.json$|^\/govuk-frontend\.min\.js(\.map)?$/.test(p),
      maxAge: '1d',
    })
    const stylesheet = govukStylesheet()
    const etag = `"${stylesheet.version}"`
    app.get('/assets/together-govuk.css', async (request, reply) => {
      void reply.header('cache-control', 'public, max-age=86400').header('etag', etag)
      if (request.headers['if-none-match'] === etag) return reply.code(304).send()
      return reply.type('text/css; charset=utf-8').send(stylesheet.css)
    })
    await app.register(fastifyStatic, {
      root: path.join(here, '..', 'static'),
      prefix: '/static/',
      decorateReply: false,
      maxAge: '1h',
    })
    await app.register(view, {
      engine: { nunjucks },
      templates: [path.join(here, '..', 'views'), path.join(here, '..', '..', '..', 'modules'), govukDist],
      options: {
        autoescape: true,
        throwOnUndefined: false,
        onConfigure: (env: nunjucks.Environment) => {
          env.addFilter('londonDate', (d: Date | string | null | undefined) =>
            d ? londonDate.format(new Date(d)) : '',
          )
          // Long answers keep their line breaks as <br>, and nothing else: GOV.UK macros indent what they wrap, and
          // white-space: pre-wrap would show that indent before the first line and on every line after it.
          env.addFilter('preserveLines', (text: unknown) => new nunjucks.runtime.SafeString(withLineBreaks(text)))
          env.addFilter('londonDateTime', (d: Date | string | null | undefined) =>
            d ? londonDateTime(new Date(d)) : '',
          )
        },
      },
    })
    app.decorateReply(
      'page',
      function (this: FastifyReply, template: string, data: Record<string, unknown> = {}, status = 200) {
        const request = this.request
        const nonce = (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script
        void this.code(status)
          .header('cache-control', 'no-store')
          .view(template, {
            csrfToken: this.generateCsrf(),
            cspNonce: nonce,
            actor: request.actor,
            demoMode: opts.demoMode,
            currentPath: request.url,
            // Everyone signed in gets the navigation for their roles, with the page they are on marked.
            navigation: request.actor === undefined ? undefined : serviceNavigation(request.actor.roles, request.url),
            ...data,
          })
        return this
      },
    )
  },
  { name: 'views', dependencies: ['security'] },
)
