import pino, { type DestinationStream, type Logger } from 'pino'

/**
 * The service's one logger (pino). It is made once per process (the CLI's bootstrap does it), travels in
 * `Deps.log`, is handed to Fastify as its logger, and every background part takes a child of it with a
 * `component` binding, so all lines share one format, one level and one set of redactions.
 *
 * What it must never write: a child's name, date of birth, NHS number or UPN, or anything typed into a search.
 * Those reach a request through the query string or the body, so request lines carry the path only (the query
 * string is replaced, see `withoutQuery`) and no body, headers or client address are ever serialised. Log lines
 * are not audited, not access-controlled and are often shipped to third parties: the audit trail, not the log,
 * is where what happened to a child's record is kept.
 */
export type Log = Logger

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** 'text' is for a person at a terminal; 'json' (one object a line) for a log collector; 'auto' picks by stderr. */
export type LogFormat = 'auto' | 'json' | 'text'

export interface LoggerOptions {
  readonly level?: LogLevel | undefined
  readonly format?: LogFormat | undefined
  /** Where the lines go; standard error when absent (standard output belongs to the CLI's own answers). */
  readonly destination?: DestinationStream | undefined
}

const CENSOR = '[redacted]'

/**
 * Secrets that ride in headers. Nothing in Together logs headers today; these paths make sure a line that ever
 * does (a `req`, a `res`, or a bare `headers` object, at the top level or one level down) cannot leak a session.
 */
const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'x-csrf-token']
// Bracket notation: pino's paths take `headers["set-cookie"]`, not a quoted dotted segment.
export const REDACTED_PATHS: readonly string[] = SECRET_HEADERS.flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`])

/**
 * The URL without its query string: `/children/search?q=Ann` → `/children/search?[redacted]`. Searches and
 * forms put names, dates of birth, NHS numbers and UPNs there; the path holds only ids.
 */
export function withoutQuery(url: string): string {
  const q = url.indexOf('?')
  return q === -1 ? url : `${url.slice(0, q)}?${CENSOR}`
}

interface RequestLike {
  readonly method?: string
  readonly url?: string
  readonly routeOptions?: { readonly url?: string | undefined }
}

/**
 * A request in a log line: its method, its path and the route it matched. Never its body, headers, cookies or
 * the client's address (the audit trail records who did what, under access control).
 */
export function serializeRequest(req: RequestLike): Record<string, string> {
  const out: Record<string, string> = {}
  if (typeof req.method === 'string') out.method = req.method
  if (typeof req.url === 'string') out.url = withoutQuery(req.url)
  const route = req.routeOptions?.url
  if (typeof route === 'string') out.route = route
  return out
}

export function serializeResponse(res: { readonly statusCode?: number }): Record<string, number> {
  return typeof res.statusCode === 'number' ? { statusCode: res.statusCode } : {}
}

/**
 * An error in a log line: its type, message, code and stack, and its cause. Everything else an error carries is
 * left out on purpose: PostgreSQL's `detail` quotes the offending values ("Key (nhs_number)=(…) already exists"),
 * and other libraries hang the request or the query's parameters on their errors.
 */
export function serializeError(e: unknown, depth = 0): unknown {
  if (!(e instanceof Error)) return e
  const out: Record<string, unknown> = { type: e.name, message: e.message }
  const { code, statusCode } = e as { code?: unknown; statusCode?: unknown }
  if (typeof code === 'string' || typeof code === 'number') out.code = code
  if (typeof statusCode === 'number') out.statusCode = statusCode
  if (e.stack !== undefined) out.stack = e.stack
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1)
  return out
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
}
const PLAIN_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'component', 'err'])

/**
 * One JSON line as a person reads it: `12:00:01 WARN  [audit-sealer] message (correlationId=…)`, and an error's
 * stack below. Made from the JSON pino wrote, so redaction and serialisers have already done their work.
 */
export function formatText(line: string): string {
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(line) as Record<string, unknown>
  } catch {
    return line
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : ''
  const level = (LEVEL_NAMES[Number(entry.level)] ?? String(entry.level)).padEnd(5)
  const component = typeof entry.component === 'string' ? `[${entry.component}] ` : ''
  const extras = Object.entries(entry)
    .filter(([k]) => !PLAIN_FIELDS.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
  const err = entry.err as { stack?: unknown; message?: unknown } | undefined
  const errText =
    err === undefined
      ? ''
      : `\n    ${String(err.stack ?? err.message)
          .split('\n')
          .join('\n    ')}`
  const msg = typeof entry.msg === 'string' ? entry.msg : ''
  return `${time} ${level} ${component}${msg}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}${errText}\n`
}

function standardError(format: LogFormat): DestinationStream {
  // Synchronous: the console is quiet (start-up, warnings, errors), and a line written just before the process
  // exits must not be lost in a buffer.
  const stderr = pino.destination({ dest: 2, sync: true })
  const text = format === 'text' || (format === 'auto' && process.stderr.isTTY)
  return text ? { write: (line: string) => stderr.write(formatText(line)) } : stderr
}

export function createLogger(options: LoggerOptions = {}): Log {
  return pino(
    {
      level: options.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACTED_PATHS], censor: CENSOR },
      serializers: { req: serializeRequest, res: serializeResponse, err: serializeError },
    },
    options.destination ?? standardError(options.format ?? 'auto'),
  )
}

/** For code that must be given a logger but whose lines nobody wants (benchmarks, the contract writer). */
export const silentLogger = (): Log => createLogger({ level: 'silent' })
