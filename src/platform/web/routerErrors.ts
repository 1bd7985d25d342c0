import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Socket } from 'node:net'
import { errorPage } from './errorPage.js'

/** Where a request the router could not take is sent, to be answered by the app's own error page or JSON. */
export const ADDRESS_PROBLEM_PATH = '/address-problem'

export type AddressProblem = 'not-valid' | 'too-long'

/**
 * Fastify's `frameworkErrors`: a malformed percent-encoding or an over-long path segment is found before any
 * route or hook runs, and Fastify's own answer is bare JSON that echoes the address with no security headers.
 * The request is routed again, to the app's address-problem route, so that every onRequest hook (security
 * headers, CSP nonce, sign-in) runs and the answer is the app's own. The address itself is never repeated: it
 * may hold a child's name or NHS number.
 */
export function rerouteFrameworkError(app: () => FastifyInstance) {
  return (error: FastifyError, request: FastifyRequest, _reply: FastifyReply): void => {
    const raw = request.raw
    const api = (raw.url ?? '').startsWith('/api/')
    const kind: AddressProblem = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'too-long' : 'not-valid'
    raw.url = `${ADDRESS_PROBLEM_PATH}?kind=${kind}${api ? '&api=1' : ''}`
    // The route answers GET: a body sent to an address that does not exist is not read.
    raw.method = 'GET'
    app().routing(raw, _reply.raw)
  }
}

const securityHeaders = [
  "Content-Security-Policy: default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'X-Content-Type-Options: nosniff',
  'X-Frame-Options: DENY',
  'Referrer-Policy: same-origin',
  'Cache-Control: no-store',
  'Cross-Origin-Opener-Policy: same-origin',
  'Cross-Origin-Resource-Policy: same-origin',
]

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused the request (headers or request line over the
 * limit, or not HTTP at all) before Fastify saw it, so there is no route, hook or template to use. The answer is
 * written directly: a small page in the service's style, with the same security headers as every other answer.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
  const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
  const status = tooLarge ? '431 Request Header Fields Too Large' : timeout ? '408 Request Timeout' : '400 Bad Request'
  const reason = tooLarge
    ? 'The web address or the request was too long.'
    : timeout
      ? 'The request took too long to arrive.'
      : 'The request could not be read.'
  const body = `<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head><meta charset="utf-8"><title>There is a problem – Together</title>
<link rel="stylesheet" href="/assets/together-govuk.css"><link rel="stylesheet" href="/static/together.css"></head>
<body class="govuk-template__body"><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">There is a problem with what you sent</h1>
<p class="govuk-body">${reason} Go back and try again.</p>
<p class="govuk-body"><a class="govuk-link" href="/">Go to the home page</a></p>
</main></div></body></html>
`
  socket.end(
    [
      `HTTP/1.1 ${status}`,
      'Content-Type: text/html; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      ...securityHeaders,
      '',
      body,
    ].join('\r\n'),
  )
}

/** The app's answer for an address the router could not take: the error page, or the API's JSON error. */
export function addressProblemRoute(app: FastifyInstance): void {
  app.get(ADDRESS_PROBLEM_PATH, { config: { access: 'public' } }, async (request, reply) => {
    const q = request.query as { kind?: string; api?: string }
    const tooLong = q.kind === 'too-long'
    const status = tooLong ? 414 : 400
    const message = tooLong ? 'A part of the web address is too long' : 'The web address is not valid'
    void reply.header('cache-control', 'no-store')
    if (q.api === '1') return reply.code(status).send({ error: 'bad_request', message })
    return errorPage(reply, status, {
      heading: 'There is a problem with the web address',
      paragraphs: [`${message}. If you typed it, check it is correct; if you pasted it, check you copied all of it.`],
      pageTitle: 'There is a problem',
    })
  })
}
