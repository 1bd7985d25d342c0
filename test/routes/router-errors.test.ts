import assert from 'node:assert/strict'
import net from 'node:net'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, type TestContext } from '../support/testApp.js'

let ctx: TestContext
before(async () => {
  ctx = await buildTestApp({ seed: false })
})
after(async () => ctx.close())

const secret = 'Jayden-Smith-9434765919'
const assertSecured = (headers: Record<string, unknown>) => {
  assert.match(String(headers['content-security-policy']), /default-src/)
  assert.equal(headers['x-content-type-options'], 'nosniff')
  assert.equal(headers['cache-control'], 'no-store')
}

describe('addresses the router cannot take answer through the app’s own error handling', () => {
  for (const [what, url, status] of [
    ['malformed percent-encoding', `/children/${secret}%E0%A4%A`, 400],
    ['an invalid escape', `/concerns/%zz${secret}`, 400],
    ['an over-long path segment', `/concerns/${secret}${'x'.repeat(300)}`, 414],
  ] as const) {
    test(`${what}: a GOV.UK error page with the security headers, the address never echoed`, async () => {
      const res = await ctx.app.inject({ method: 'GET', url })
      assert.equal(res.statusCode, status)
      assertSecured(res.headers)
      assert.match(String(res.headers['content-type']), /text\/html/)
      assert.match(res.body, /govuk-heading-l[^>]*>\s*There is a problem with the web address/)
      assert.ok(!res.body.includes(secret), 'the address is not repeated')
      const api = await ctx.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: { text: 'x' } })
      assert.equal(api.statusCode, status)
      assertSecured(api.headers)
      const body = api.json() as { error: string; message: string }
      assert.equal(body.error, 'bad_request')
      assert.ok(!api.body.includes(secret))
    })
  }

  test('an over-long header or query (refused by the HTTP parser) still gets the security headers and a page', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = new URL(address)
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(request))
        let answer = ''
        socket.on('data', (d: Buffer) => (answer += d.toString('utf8')))
        socket.on('end', () => resolve(answer))
        socket.on('error', reject)
      })
    for (const request of [
      `GET /cookies HTTP/1.1\r\nHost: x\r\nX-Long: ${secret}${'a'.repeat(20_000)}\r\n\r\n`,
      `GET /children?name=${secret}${'b'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ]) {
      const answer = await raw(request)
      assert.match(answer, /^HTTP\/1\.1 431 /)
      assert.match(answer, /\r\nContent-Security-Policy: default-src 'none'/i)
      assert.match(answer, /\r\nX-Content-Type-Options: nosniff/i)
      assert.match(answer, /There is a problem with what you sent/)
      assert.ok(!answer.includes(secret))
    }
  })
})
