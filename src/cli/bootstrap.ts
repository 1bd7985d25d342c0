import os from 'node:os'
import { systemClock, type AppSettings, type Deps } from '../platform/context.js'
import { isDemoSeeded } from '../platform/settings.js'
import { loadConfig, type Config } from '../config.js'
import { migrateToLatest, openDatabase, type Database } from '../platform/db/database.js'
import { createLogger, type Log } from '../platform/logging/logger.js'

let processLog: Log | undefined

/**
 * The process's one logger, made on first use from TOGETHER_LOG_LEVEL and TOGETHER_LOG_FORMAT. It writes to
 * standard error: standard output is where commands print their answers (`audit verify`, `timescale due`), which
 * scripts read.
 */
export function logFor(config: Pick<Config, 'logLevel' | 'logFormat'>): Log {
  processLog ??= createLogger({ level: config.logLevel, format: config.logFormat })
  return processLog
}

export const operatorName = (): string => `${os.userInfo().username}@${os.hostname()}`

export interface Opened {
  readonly config: Config
  readonly database: Database
  readonly deps: Deps
}

export async function resolveSettings(config: Config, database: Database): Promise<AppSettings> {
  const demoMode = config.demoMode === 'on' || (config.demoMode === 'auto' && (await isDemoSeeded(database.db)))
  return {
    demoMode,
    sessionIdleMinutes: config.sessionIdleMinutes,
    sessionAbsoluteHours: config.sessionAbsoluteHours,
    apiTokenMinutes: config.apiTokenMinutes,
    serviceUrl: config.serviceUrl,
    sendsEmail: config.smtpUrl !== undefined,
  }
}

/** Opens the database for a command, migrated to the latest schema. */
export async function openMigrated(mode: 'own' | 'attach'): Promise<Opened> {
  const config = loadConfig()
  const log = logFor(config)
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    embeddedPgPort: config.embeddedPgPort,
    log,
    mode,
  })
  try {
    await migrateToLatest(database.db)
    const settings = await resolveSettings(config, database)
    return { config, database, deps: { db: database.db, clock: systemClock, settings, log } }
  } catch (e) {
    await database.close()
    throw e
  }
}

/** Runs a command body with an opened database and always closes it (stopping an embedded PostgreSQL we started). */
export async function withDatabase(mode: 'own' | 'attach', body: (opened: Opened) => Promise<number>): Promise<number> {
  const opened = await openMigrated(mode)
  try {
    return await body(opened)
  } finally {
    await opened.database.close()
  }
}
