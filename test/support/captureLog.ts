import { createLogger, type Log, type LogLevel } from '../../src/platform/logging/logger.js'

export interface LogLine {
  readonly level: number
  readonly msg?: string
  readonly component?: string
  readonly correlationId?: string
  readonly [key: string]: unknown
}

export interface CapturedLog {
  /** The real logger (same redaction and serialisers as the service's), writing into memory. */
  readonly log: Log
  /** Every line written so far, exactly as the service would have written it. */
  text(): string
  lines(): LogLine[]
  messages(): string[]
}

/** Pino's numeric levels: 40 is warn, 50 error. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const

export function captureLog(level: LogLevel = 'debug'): CapturedLog {
  const written: string[] = []
  const log = createLogger({ level, destination: { write: (line: string) => void written.push(line) } })
  const lines = () => written.map((l) => JSON.parse(l) as LogLine)
  return {
    log,
    text: () => written.join(''),
    lines,
    messages: () => lines().map((l) => l.msg ?? ''),
  }
}
