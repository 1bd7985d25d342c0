import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import Fastify, { type RouteOptions } from 'fastify'
import { z } from 'zod'
import type { Deps } from '../context.js'
import { pageValues, text, textarea, yesNo } from '../forms/fields.js'
import { ok } from '../shared/result.js'
import { defineStep, type AnyStep, type StepDefinition } from './defineStep.js'
import { filledPath, mountSteps, viewFields } from './mountSteps.js'

/**
 * What a declaration publishes, read from the route options mountSteps gives Fastify (from which @fastify/swagger
 * writes the document): the success answers follow `okStatus` and `repeatedKey`, the tag follows `tag`, and the
 * submission key the engine reads is in the published body. No request is made, so no database is needed.
 */
const base = {
  module: 'test',
  submitText: 'Save',
  fields: { note: textarea({ label: 'Note', required: 'Enter a note', max: 100 }) },
  load: () => Promise.resolve({ id: 'x' }),
  access: () => ({ allowed: true as const, reason: 'test' }),
  run: () => Promise.resolve(ok({ id: 'x' })),
  subject: () => ({ type: 'test', id: 'x' }),
  action: 'test.done',
  output: z.object({ id: z.string() }),
  done: () => '/',
}

/** A step like `base` with its name, path and title, and whatever else a test declares. */
const thing = (
  operationId: string,
  path: string,
  title: string,
  more: Partial<StepDefinition<{ id: string }, { id: string }>> = {},
) => defineStep({ ...base, operationId, path, title, ...more })

/** Every route mountSteps gives Fastify for the steps. */
async function mountedRoutes(
  steps: Parameters<typeof mountSteps>[2],
  options?: Parameters<typeof mountSteps>[3],
): Promise<RouteOptions[]> {
  const app = Fastify()
  const seen: RouteOptions[] = []
  app.addHook('onRoute', (route) => {
    seen.push(route)
  })
  // Handlers never run here, so the dependencies are never read.
  mountSteps(app, {} as Deps, steps, options)
  await app.ready()
  await app.close()
  return seen
}

/** The API routes, by path. */
async function routesOf(steps: readonly AnyStep[]): Promise<Map<string, RouteOptions>> {
  const api = (await mountedRoutes(steps)).filter((r) => r.method === 'POST' && r.url.startsWith('/api/v1/'))
  return new Map(api.map((r) => [r.url, r]))
}

/** A route as `METHOD /path`. */
const named = (route: RouteOptions) => `${String(route.method)} ${route.url}`

const schemaOf = (route: RouteOptions | undefined) =>
  route?.schema as { tags: string[]; response: Record<string, unknown>; body: { properties: Record<string, unknown> } }

describe('mountSteps publishes what a declaration says', () => {
  test('by default: 201 when taken, 200 for the same key again, tagged with the module', async () => {
    const step = thing('makeThing', '/things/:id/made', 'Make a thing')
    const schema = schemaOf((await routesOf([step])).get('/api/v1/things/:id/made'))
    assert.deepEqual(schema.tags, ['test'])
    assert.ok('201' in schema.response && '200' in schema.response)
    assert.ok('submissionKey' in schema.body.properties && 'note' in schema.body.properties)
  })

  test('okStatus 200 and repeatedKey refuse: one 200 answer and a 409; a tag of its own', async () => {
    const step = thing('changeThing', '/things/:id/changed', 'Change a thing', {
      tag: 'Things',
      okStatus: 200,
      repeatedKey: 'refuse',
    })
    const schema = schemaOf((await routesOf([step])).get('/api/v1/things/:id/changed'))
    assert.deepEqual(schema.tags, ['Things'])
    assert.ok('200' in schema.response && !('201' in schema.response))
    assert.ok('409' in schema.response)
  })

  test('a download: one 200 answer, the file under its media type as binary, and the refusals it describes', async () => {
    // Its own output (the file), so declared in full.
    const step = defineStep({
      ...base,
      operationId: 'exportThing',
      path: '/things/:id/export',
      title: 'Export a thing',
      formPath: null,
      output: z.object({ id: z.string(), body: z.instanceof(Buffer) }),
      run: () => Promise.resolve(ok({ id: 'x', body: Buffer.from('x') })),
      download: {
        contentType: 'application/xml; charset=utf-8',
        described: 'The thing as XML',
        file: (o) => ({ filename: `thing-${o.id}.xml`, body: o.body }),
        refusedHeading: 'The thing cannot be exported yet',
      },
      apiErrors: { 409: 'The thing is not finished' },
    })
    const schema = schemaOf((await routesOf([step])).get('/api/v1/things/:id/export'))
    assert.deepEqual(
      Object.keys(schema.response).filter((s) => s.startsWith('2')),
      ['200'],
    )
    assert.deepEqual(schema.response['200'], {
      description: 'The thing as XML',
      content: { 'application/xml': { schema: { type: 'string', format: 'binary' } } },
    })
    assert.ok('409' in schema.response)
    assert.match(
      String((schema.body.properties.submissionKey as { description: string }).description),
      /refused with 409/,
    )
  })

  test('repeatedKey refuse with a new record: 201 only (a repeat is a 409, never a replayed 200)', async () => {
    const step = thing('addThing', '/things/:id/added', 'Add a thing', {
      repeatedKey: 'refuse',
    })
    const schema = schemaOf((await routesOf([step])).get('/api/v1/things/:id/added'))
    assert.ok('201' in schema.response && !('200' in schema.response))
  })

  test('okStatusOf: 201 and 200, each described; bodyRules: required and anyOf published on the body', async () => {
    const step = thing('addOrFindThing', '/things', 'Add a thing, or find the one there is', {
      okStatusOf: { status: () => 201, described: { 201: 'Added', 200: 'Found' } },
      bodyRules: { required: ['note'], anyOf: [{ required: ['note'] }] },
    })
    const schema = schemaOf((await routesOf([step])).get('/api/v1/things')) as unknown as {
      response: Record<string, { description: string }>
      body: { required: string[]; anyOf: unknown[] }
    }
    assert.equal(schema.response['201']?.description, 'Added')
    assert.match(schema.response['200']?.description ?? '', /^Found/)
    assert.deepEqual(schema.body.required, ['note'])
    assert.deepEqual(schema.body.anyOf, [{ required: ['note'] }])
  })
})

describe('where the page is', () => {
  async function pagesOf(steps: readonly AnyStep[]): Promise<string[]> {
    const pages = (await mountedRoutes(steps)).filter((r) => !r.url.startsWith('/api/')).map(named)
    return pages.filter((r) => !r.startsWith('HEAD ')).sort()
  }

  test('by default the form is shown and sent at the step’s path', async () => {
    const step = thing('makeThing', '/things/:id/made', 'Make a thing')
    assert.deepEqual(await pagesOf([step]), ['GET /things/:id/made', 'POST /things/:id/made'])
  })

  test('formPath: the form at /things/new is sent to /things; null: no form page, only where it is sent', async () => {
    const shown = thing('addThing', '/things', 'Add a thing', {
      formPath: '/things/new',
    })
    assert.deepEqual(await pagesOf([shown]), ['GET /things/new', 'POST /things'])
    const elsewhere = thing('chooseThing', '/things/:id/chosen', 'Choose a thing', {
      formPath: null,
    })
    assert.deepEqual(await pagesOf([elsewhere]), ['POST /things/:id/chosen'])
  })

  test('mount: api has no page, page has no API route', async () => {
    const apiOnly = thing('addThing', '/things', 'Add', { mount: 'api' })
    assert.deepEqual(await pagesOf([apiOnly]), [])
    assert.ok((await routesOf([apiOnly])).has('/api/v1/things'))
    const pageOnly = thing('editThing', '/things/:id', 'Edit', {
      mount: 'page',
    })
    assert.deepEqual(await pagesOf([pageOnly]), ['GET /things/:id', 'POST /things/:id'])
    assert.equal((await routesOf([pageOnly])).size, 0)
  })

  test('public: its pages need no sign-in, the form sent has the mount’s route config, and it is page only', async () => {
    const step = thing('reportThing', '/report/check', 'Report', {
      public: true,
    })
    const routes = await mountedRoutes([{ ...step, mount: 'page' }], { sentConfig: { rateLimit: { max: 10 } } })
    const config = new Map(routes.map((r) => [named(r), r.config]))
    assert.deepEqual(config.get('GET /report/check'), { access: 'public' })
    assert.deepEqual(config.get('POST /report/check'), { access: 'public', rateLimit: { max: 10 } })
    assert.equal([...config.keys()].filter((k) => k.includes('/api/')).length, 0)
    // An API route would need a bearer token, which no one without an account has: the declaration must say so.
    assert.throws(() => mountSteps(Fastify(), {} as Deps, [step]), /reportThing: a public step is mount 'page'/)
  })

  test('the form is sent to the step’s path with its parameters filled in', () => {
    assert.equal(filledPath('/things/:id/parts/:partId', { id: 'a b', partId: '7' }), '/things/a%20b/parts/7')
  })
})

describe('how the page shows a field', () => {
  const fields = {
    clientId: text({ label: 'Client ID', required: 'Enter the client ID', spellcheck: false }),
    clientSecret: text({ label: 'Client secret', type: 'password' }),
    trustMfa: yesNo({ label: 'Rely on it?', yes: 'Yes, rely on it', no: 'No, ask for a code' }),
    enabled: yesNo({ label: 'On now?' }),
  }
  const shown = (body: Record<string, unknown>) =>
    Object.fromEntries(viewFields(fields, body).map((f) => [String(f.name), f]))

  test('a password is never written back into the page, typed or as a starting value', () => {
    const typed = shown({ clientId: 'abc', clientSecret: 'hunter2' })
    assert.equal(typed.clientId?.value, 'abc')
    assert.equal(typed.clientId?.spellcheck, false)
    assert.equal(typed.clientSecret?.value, undefined)
    assert.equal(typed.clientSecret?.type, 'password')
    assert.deepEqual(pageValues(fields, { clientId: 'abc', clientSecret: 'hunter2', trustMfa: true }), {
      clientId: 'abc',
      trustMfa: 'yes',
    })
  })

  test('a yes or no question says what each answer means when told, one above the other; plain Yes and No inline', () => {
    const { trustMfa, enabled } = shown({ trustMfa: 'no' })
    assert.equal(trustMfa?.inline, false)
    assert.deepEqual(
      (trustMfa?.items as { text: string; checked: boolean }[]).map((i) => [i.text, i.checked]),
      [
        ['Yes, rely on it', false],
        ['No, ask for a code', true],
      ],
    )
    assert.equal(enabled?.inline, true)
    assert.deepEqual(
      (enabled?.items as { text: string }[]).map((i) => i.text),
      ['Yes', 'No'],
    )
  })
})
