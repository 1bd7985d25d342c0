import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createLogger, formatText, withoutQuery, type LogLevel } from './logger.js'

/** The real logger, writing into memory instead of standard error. */
function capture(level?: LogLevel) {
  const written: string[] = []
  const log = createLogger({
    ...(level === undefined ? {} : { level }),
    destination: { write: (l) => written.push(l) },
  })
  return {
    log,
    text: () => written.join(''),
    lines: () => written.map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}

describe('the logger', () => {
  test('a URL loses its query string, where searches and forms put names, dates of birth and identifiers', () => {
    assert.equal(withoutQuery('/children/search?q=Ann'), '/children/search?[redacted]')
    assert.equal(withoutQuery('/api/v1/children?name=Ann+Smith&dob=2015-03-01'), '/api/v1/children?[redacted]')
    assert.equal(withoutQuery('/concerns/new?'), '/concerns/new?[redacted]')
    assert.equal(withoutQuery('/children/5a3c/chronology'), '/children/5a3c/chronology')
  })

  test('a request is logged as its method, path and route: never its query, body, headers or address', () => {
    const { log, text, lines } = capture()
    log.error(
      {
        req: {
          method: 'GET',
          url: '/referrals/new/child?givenName=Ann&familyName=Smith&dateOfBirth=2015-03-01&nhsNumber=9434765919&upn=A123456789012',
          routeOptions: { url: '/referrals/new/child' },
          ip: '203.0.113.7',
          body: { givenName: 'Ann' },
          query: { givenName: 'Ann' },
          headers: { authorization: 'Bearer tok-secret', cookie: 'together_session=sess-secret' },
        },
      },
      'request failed',
    )
    assert.deepEqual(lines()[0]?.req, {
      method: 'GET',
      url: '/referrals/new/child?[redacted]',
      route: '/referrals/new/child',
    })
    assert.doesNotMatch(text(), /Ann|Smith|2015-03-01|9434765919|A123456789012|203\.0\.113\.7|tok-secret|sess-secret/)
  })

  test('secret headers are redacted wherever a line carries headers', () => {
    const { log, text } = capture()
    const headers = {
      authorization: 'Bearer tok-secret',
      cookie: 'together_session=sess-secret',
      'set-cookie': 'together_session=new-secret; HttpOnly',
      'x-csrf-token': 'csrf-secret',
      accept: 'text/html',
    }
    log.warn({ headers }, 'bare headers')
    log.warn({ request: { headers }, response: { headers } }, 'headers one level down')
    log.warn({ res: { statusCode: 200, headers } }, 'a response')
    const out = text()
    assert.doesNotMatch(out, /tok-secret|sess-secret|new-secret|csrf-secret/)
    assert.match(out, /"authorization":"\[redacted\]"/)
    assert.match(out, /"set-cookie":"\[redacted\]"/)
    assert.match(out, /"accept":"text\/html"/, 'other headers are left alone')
  })

  test('an error keeps its message, code and stack, but not the values PostgreSQL quotes in its detail', () => {
    const { log, lines, text } = capture()
    const e = Object.assign(new Error('duplicate key value violates unique constraint "child_nhs_number_key"'), {
      code: '23505',
      detail: 'Key (nhs_number)=(9434765919) already exists.',
      parameters: ['Ann', 'Smith'],
    })
    log.error({ err: new Error('could not record the concern', { cause: e }) }, 'request failed')
    const err = lines()[0]?.err as Record<string, unknown>
    assert.equal(err.message, 'could not record the concern')
    assert.equal((err.cause as Record<string, unknown>).code, '23505')
    assert.match(String(err.stack), /logger\.test\.ts/)
    assert.doesNotMatch(text(), /9434765919|Ann|Smith/)
  })

  test('info is the default level: debug lines are not written', () => {
    const { log, lines } = capture()
    log.debug('PostgreSQL chatter')
    log.info('Together is serving')
    assert.deepEqual(
      lines().map((l) => l.msg),
      ['Together is serving'],
    )
  })

  test('child loggers carry their component and the correlation id into every line', () => {
    const { log, lines } = capture()
    log.child({ component: 'web' }).child({ correlationId: 'abc-123-def' }).warn('answered 503')
    assert.equal(lines()[0]?.component, 'web')
    assert.equal(lines()[0]?.correlationId, 'abc-123-def')
  })

  test('the text format reads as a sentence, with the component, the correlation id and the stack', () => {
    const { log, text } = capture()
    log
      .child({ component: 'audit-sealer', correlationId: 'abc-123' })
      .error({ err: new Error('boom') }, 'sealing failed')
    const line = formatText(text())
    assert.match(
      line,
      /^\d\d:\d\d:\d\d ERROR \[audit-sealer\] sealing failed \(correlationId=abc-123\)\n {4}Error: boom\n/,
    )
    assert.equal(formatText('not json\n'), 'not json\n')
  })
})
