import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import * as addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS with a default export; under ESM interop it arrives wrapped once or twice.
type AddFormats = (ajv: Ajv2020) => unknown
const addFormats: AddFormats = ((m: unknown): AddFormats =>
  typeof m === 'function' ? (m as AddFormats) : (m as { default: AddFormats }).default)(
  (addFormatsModule as unknown as { default: unknown }).default,
)

interface Operation {
  readonly operationId?: string
  readonly responses?: Record<string, { content?: Record<string, { schema?: object }> }>
}
interface Document {
  readonly paths: Record<string, Record<string, Operation>>
}

interface CompiledPath {
  readonly pattern: RegExp
  readonly template: string
  readonly methods: Record<string, Operation>
}

/**
 * Checks every answer of the JSON API against the OpenAPI document the app itself publishes: the status must
 * be one the operation declares, and the body must match that status's schema. Route tests get it through
 * buildTestApp, so every answer they provoke (successes, refusals, hostile input) is a check on the contract.
 */
export class ApiContract {
  private readonly paths: CompiledPath[]
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true })
  private readonly validators = new Map<string, ValidateFunction>()
  /** Operations seen, by operationId and status: which parts of the contract the tests exercised. */
  readonly seen = new Set<string>()

  constructor(document: Document) {
    addFormats(this.ajv)
    this.paths = Object.entries(document.paths).map(([template, methods]) => ({
      template,
      methods,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }))
  }

  /** Undefined when the answer keeps the contract (or is no part of it); otherwise what is wrong. */
  check(method: string, url: string, res: LightMyRequestResponse): string | undefined {
    const path = url.split('?')[0] ?? url
    if (!path.startsWith('/api/v1/')) return undefined
    const m = method.toLowerCase()
    const entry = this.paths.find((p) => p.pattern.test(path) && p.methods[m] !== undefined)
    // An address the API does not have answers with the app's 404; it is not an operation.
    if (entry === undefined) return undefined
    const op = entry.methods[m] as Operation
    const status = String(res.statusCode)
    const answer = op.responses?.[status]
    const name = `${op.operationId ?? `${method} ${entry.template}`}`
    if (answer === undefined)
      return `${name} answered ${status}, which the document does not declare (${Object.keys(op.responses ?? {}).join(', ')})`
    this.seen.add(`${name} ${status}`)
    const contentType = String(res.headers['content-type'] ?? '')
    const declared = Object.keys(answer.content ?? {})
    // A file answer (XML, a workbook, CSV) keeps the contract by being of a media type the operation declares.
    if (!declared.includes('application/json') && declared.some((type) => contentType.startsWith(type)))
      return undefined
    const schema = answer.content?.['application/json']?.schema
    if (schema === undefined) return res.body === '' ? undefined : `${name} ${status} has a body but no schema`
    if (!String(res.headers['content-type'] ?? '').startsWith('application/json'))
      return `${name} ${status} answered ${String(res.headers['content-type'])}, not JSON`
    const key = `${m} ${entry.template} ${status}`
    let validate = this.validators.get(key)
    if (validate === undefined) {
      validate = this.ajv.compile(schema)
      this.validators.set(key, validate)
    }
    let body: unknown
    try {
      body = JSON.parse(res.body)
    } catch {
      return `${name} ${status}: the body is not JSON`
    }
    if (validate(body)) return undefined
    const problems = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    return `${name} ${status} does not match the document: ${problems.join('; ')}`
  }
}

/**
 * Wraps app.inject so that every answer of the JSON API is checked against the app's own OpenAPI document;
 * an answer that breaks it fails the test that provoked it.
 */
export function checkAnswersAgainstContract(app: FastifyInstance): ApiContract {
  const contract = new ApiContract(app.swagger() as unknown as Document)
  const inject = app.inject.bind(app) as (opts: InjectOptions | string) => Promise<LightMyRequestResponse>
  const checked = async (opts: InjectOptions | string): Promise<LightMyRequestResponse> => {
    const res = await inject(opts)
    const method = typeof opts === 'string' ? 'GET' : (opts.method ?? 'GET')
    const url = typeof opts === 'string' ? opts : String(opts.url ?? opts.path ?? '')
    const problem = contract.check(String(method), url, res)
    if (problem !== undefined) throw new Error(`API contract broken: ${problem}`)
    return res
  }
  Object.defineProperty(app, 'inject', { value: checked, configurable: true, writable: true })
  return contract
}
