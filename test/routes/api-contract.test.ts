import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, DEMO, type TestContext } from '../support/testApp.js'
import { concernCategories } from '../../src/modules/concerns/domain/concern.js'
import { decisionKinds } from '../../src/modules/concerns/domain/workflow.js'
import { bodyRegions } from '../../src/modules/concerns/domain/bodyMap.js'
import { reasonsForClosure } from '../../src/modules/protection/domain/codes.js'

type Schema = {
  type?: string | string[]
  enum?: unknown[]
  format?: string
  properties?: Record<string, Schema>
  required?: string[]
  anyOf?: Schema[]
  items?: Schema
  minItems?: number
  minimum?: number
  maxLength?: number
}
interface Operation {
  operationId?: string
  security?: unknown[]
  parameters?: { name: string; in: string; required?: boolean }[]
  requestBody?: { content: { 'application/json': { schema: Schema } } }
  responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }>
}
interface Document {
  openapi: string
  info: { license?: { name: string } }
  servers?: { url: string }[]
  components: { securitySchemes: Record<string, { type: string; scheme: string }> }
  paths: Record<string, Record<string, Operation>>
}

let ctx: TestContext
let doc: Document
before(async () => {
  ctx = await buildTestApp()
  doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Document
})
after(async () => ctx.close())

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  )
const find = (operationId: string) => {
  const found = operations().find((o) => o.op.operationId === operationId)
  assert.ok(found, `the document has no operation ${operationId}`)
  return found
}
/** Every enum in a schema, wherever it is nested. */
const enumsIn = (schema: unknown): unknown[][] => {
  if (schema === null || typeof schema !== 'object') return []
  const own = Array.isArray((schema as Schema).enum) ? [(schema as Schema).enum as unknown[]] : []
  return [...own, ...Object.values(schema).flatMap(enumsIn)]
}

describe('the OpenAPI document, generated from the routes', () => {
  test('lists every /api/v1 route the app registers, each once, with a unique verbNoun operationId', () => {
    const registered = ctx.app
      .registeredRoutes()
      .filter((r) => r.url.startsWith('/api/v1/'))
      .map((r) => `${r.method.toLowerCase()} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
      .sort()
    const documented = operations()
      .map((o) => `${o.method} ${o.path}`)
      .sort()
    assert.deepEqual(documented, registered)
    const ids = operations().map((o) => o.op.operationId ?? '')
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique')
    for (const id of ids) assert.match(id, /^[a-z]+[A-Z][A-Za-z0-9]*$/, `${id} is verbNoun`)
    for (const kept of [
      'issueToken',
      'getMe',
      'searchChildren',
      'createChild',
      'getChildChronology',
      'recordConcern',
      'getConcern',
      'addConcernAddendum',
      'acknowledgeConcern',
      'decideConcern',
      'listDslInbox',
      'makeReferral',
      'getReferral',
      'decideReferral',
      'listFrontDoor',
      'getCase',
      'checkProtectionPlan',
      'listDeadlines',
      'listTimescales',
      // Data protection duties (issue 15, item 6).
      'listProcessingRecords',
      'listRetentionSchedule',
      'recordDataProtectionComplaint',
      'acknowledgeDataProtectionComplaint',
      'recordComplaintOutcome',
    ])
      find(kept)
  })

  test('every operation declares its path parameters, a schema for every answer, a 4xx, and 401 when it needs a token', () => {
    for (const { path, method, op } of operations()) {
      const name = op.operationId ?? `${method} ${path}`
      for (const param of path.match(/\{(\w+)\}/g) ?? []) {
        const p = op.parameters?.find((x) => x.in === 'path' && `{${x.name}}` === param)
        assert.ok(p?.required, `${name} declares ${param}`)
      }
      const statuses = Object.keys(op.responses)
      assert.ok(
        statuses.some((s) => s.startsWith('2')),
        `${name} has a success answer`,
      )
      assert.ok(
        statuses.some((s) => s.startsWith('4')),
        `${name} has a 4xx answer`,
      )
      // A file answer (the census XML, a workbook) is declared under its own media type rather than JSON.
      for (const s of statuses) {
        const content = op.responses[s]?.content ?? {}
        assert.ok(
          Object.keys(content).length > 0 && Object.values(content).every((media) => media?.schema),
          `${name} ${s}`,
        )
      }
      const isPublic = Array.isArray(op.security) && op.security.length === 0
      if (!isPublic) assert.ok(statuses.includes('401'), `${name}: 401 documented, as a token is needed`)
    }
    assert.deepEqual(doc.components.securitySchemes.bearer, {
      type: 'http',
      scheme: 'bearer',
      description: doc.components.securitySchemes.bearer?.['description' as 'type'],
    })
    assert.equal(doc.info.license?.name, 'MIT')
    assert.ok((doc.servers ?? []).length > 0)
  })

  test('publishes the code lists: concern categories, decision kinds, body-map regions, CIN closure reasons', () => {
    const has = (operationId: string, values: readonly string[]) => {
      const body = find(operationId).op.requestBody?.content['application/json'].schema
      const lists = enumsIn(body)
      assert.ok(
        lists.some((l) => values.every((v) => l.includes(v)) && l.length === values.length),
        `${operationId} publishes ${values.slice(0, 3).join(', ')}…`,
      )
    }
    has(
      'recordConcern',
      concernCategories.map((c) => c.id),
    )
    has(
      'recordConcern',
      bodyRegions.map((r) => r.id),
    )
    has(
      'decideConcern',
      decisionKinds.map((k) => k.id),
    )
    has(
      'closeCase',
      reasonsForClosure.map((r) => r.code),
    )
  })

  test('says what a new child needs: names, sex, and a date of birth or (unborn) an expected date of delivery', () => {
    const schema = find('createChild').op.requestBody?.content['application/json'].schema
    assert.deepEqual(schema?.required, ['givenName', 'familyName', 'sex'])
    assert.deepEqual(schema?.anyOf, [{ required: ['dateOfBirth'] }, { required: ['expectedDateOfDelivery'] }])
  })

  test('interactive documentation is served by the service itself, under its security headers', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/api/docs/' })
    assert.equal(page.statusCode, 200)
    assert.match(page.headers['content-type'] as string, /text\/html/)
    assert.doesNotMatch(page.body, /https?:\/\//, 'no script, style or font from another site')
    const csp = String(page.headers['content-security-policy'])
    assert.match(csp, /script-src 'self'/)
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/)
    for (const src of page.body.match(/(?:src|href)="([^"]+)"/g) ?? []) {
      const url = new URL(src.replace(/^(?:src|href)="|"$/g, ''), 'http://localhost/api/docs/').pathname
      const asset = await ctx.app.inject({ method: 'GET', url })
      assert.equal(asset.statusCode, 200, url)
    }
  })
})

/**
 * A client that knows only the document (and its user's credentials): it finds each operation by its
 * operationId, fills each request body from the schema (required fields, the first branch of an anyOf, enum
 * values, formats), and reads ids from the answers the document describes.
 */
class DocumentOnlyClient {
  private token: string | undefined
  constructor(
    private readonly document: Document,
    private readonly now: Date,
  ) {}

  private example(schema: Schema, name: string, given: Record<string, unknown>): unknown {
    if (name in given) return given[name]
    if (schema.enum !== undefined) return schema.enum[0]
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
    if (type === 'object') {
      const required = new Set([...(schema.required ?? []), ...(schema.anyOf?.[0]?.required ?? [])])
      return Object.fromEntries([...required].map((k) => [k, this.example(schema.properties?.[k] ?? {}, k, given)]))
    }
    if (type === 'array') return [this.example(schema.items ?? {}, `${name}[]`, given)]
    if (type === 'boolean') return false
    if (type === 'integer' || type === 'number') return schema.minimum ?? 0
    if (schema.format === 'date') return new Date(this.now.getTime() - 8 * 365 * 86_400_000).toISOString().slice(0, 10)
    if (schema.format === 'date-time') return new Date(this.now.getTime() - 3_600_000).toISOString()
    return 'Written by a client that read only the API document.'.slice(0, schema.maxLength ?? 200)
  }

  async call(
    app: TestContext['app'],
    operationId: string,
    given: Record<string, unknown> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const entry = Object.entries(this.document.paths)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })))
      .find((o) => o.op.operationId === operationId)
    if (entry === undefined) throw new Error(`no ${operationId}`)
    const schema = entry.op.requestBody?.content['application/json'].schema
    const server = this.document.servers?.[0]?.url ?? ''
    const res = await app.inject({
      method: entry.method.toUpperCase() as 'POST',
      url: `${new URL(server, 'http://localhost').pathname.replace(/\/$/, '')}${entry.path}`,
      headers: this.token === undefined ? {} : { authorization: `Bearer ${this.token}` },
      ...(schema === undefined ? {} : { payload: this.example(schema, '(body)', given) as Record<string, unknown> }),
    })
    const body = res.json() as Record<string, unknown>
    if (operationId === 'issueToken' && typeof body.token === 'string') this.token = body.token
    return { status: res.statusCode, body }
  }
}

describe('a client that knows only the document', () => {
  test('signs in, adds a child and records a concern about them', async () => {
    const client = new DocumentOnlyClient(doc, ctx.clock.now())
    const signedIn = await client.call(ctx.app, 'issueToken', { email: DEMO.teacher, password: DEMO.password })
    assert.equal(signedIn.status, 200)
    const child = await client.call(ctx.app, 'createChild', { givenName: 'Docu', familyName: 'Mentcliento' })
    assert.equal(child.status, 201, JSON.stringify(child.body))
    const concern = await client.call(ctx.app, 'recordConcern', { childIds: [child.body.id] })
    assert.equal(concern.status, 201, JSON.stringify(concern.body))
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/concerns/${String(concern.body.id)}` })
    assert.equal(read.statusCode, 401, 'and nothing is readable without its token')
  })
})
