import path from 'node:path'
import { z } from 'zod'
import { LOG_LEVELS, type LogFormat, type LogLevel } from './platform/logging/logger.js'

/**
 * The service's configuration, read once from the environment and checked at start-up so that a typo
 * fails loudly at boot rather than quietly at the first request.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  TOGETHER_DATA_DIR: z.string().min(1).default('data'),
  TOGETHER_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  TOGETHER_DEMO_MODE: z.enum(['auto', 'on', 'off']).default('auto'),
  TOGETHER_SECURE_COOKIES: z.enum(['auto', 'on', 'off']).default('auto'),
  TOGETHER_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  TOGETHER_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(10),
  TOGETHER_API_TOKEN_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  TOGETHER_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  TOGETHER_LOG_FORMAT: z.enum(['auto', 'json', 'text']).default('auto'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Together <no-reply@together.invalid>'),
  PUBLIC_URL: z.string().url().optional(),
  NODE_ENV: z.string().optional(),
})

export interface Config {
  readonly port: number
  readonly host: string
  /** An external PostgreSQL (15+). When absent the service runs its own embedded PostgreSQL under dataDir. */
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  /** Port for the embedded PostgreSQL; 0 picks a free port at each start. */
  readonly embeddedPgPort: number
  /** 'auto': demo mode is on exactly when the demo area has been seeded. */
  readonly demoMode: 'auto' | 'on' | 'off'
  readonly secureCookies: 'auto' | 'on' | 'off'
  readonly sessionIdleMinutes: number
  readonly sessionAbsoluteHours: number
  readonly apiTokenMinutes: number
  /** 'info' (the default) logs start-up, warnings and errors; never a line per request (see logger.ts). */
  readonly logLevel: LogLevel
  /** 'auto': readable text on a terminal, one JSON object a line otherwise (for a log collector). */
  readonly logFormat: LogFormat
  readonly smtpUrl: string | undefined
  readonly mailFrom: string
  /** PUBLIC_URL as set; undefined when it is not (then the OpenAPI document's server is relative). */
  readonly publicUrl: string | undefined
  /**
   * The address every link in an email starts with: PUBLIC_URL, or the service's own listen address when it is not
   * set (right on a developer's machine; a real service sets PUBLIC_URL). Never ends with a slash.
   */
  readonly serviceUrl: string
}

/** The service's own address, as a person on this machine would type it. */
function listenAddress(host: string, port: number): string {
  const local = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host)
  const name = local ? 'localhost' : host.includes(':') ? `[${host}]` : host
  return `http://${name}:${port}`
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new ConfigError(`The environment has values Together cannot use:\n${problems}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL === '' ? undefined : e.DATABASE_URL,
    dataDir: path.resolve(cwd, e.TOGETHER_DATA_DIR),
    embeddedPgPort: e.TOGETHER_PG_PORT,
    demoMode: e.TOGETHER_DEMO_MODE,
    secureCookies: e.TOGETHER_SECURE_COOKIES,
    sessionIdleMinutes: e.TOGETHER_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.TOGETHER_SESSION_ABSOLUTE_HOURS,
    apiTokenMinutes: e.TOGETHER_API_TOKEN_MINUTES,
    logLevel: e.TOGETHER_LOG_LEVEL,
    logFormat: e.TOGETHER_LOG_FORMAT,
    smtpUrl: e.SMTP_URL === '' ? undefined : e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL,
    serviceUrl: (e.PUBLIC_URL ?? listenAddress(e.HOST, e.PORT)).replace(/\/+$/, ''),
  }
}
