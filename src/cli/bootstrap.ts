import os from 'node:os'
import { systemClock, type AppSettings, type Deps } from '../platform/context.js'
import { isDemoSeeded } from '../platform/settings.js'
import { loadConfig, type Config } from '../config.js'
import { migrateToLatest, openDatabase, type Database } from '../platform/db/database.js'
import type { Logger } from '../platform/db/embeddedPostgres.js'

export const consoleLogger: Logger = {
  info: (m) => console.error(`[together] ${m}`),
  warn: (m) => console.error(`[together] warning: ${m}`),
  error: (m) => console.error(`[together] error: ${m}`),
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
  }
}

/** Opens the database for a command, migrated to the latest schema. */
export async function openMigrated(mode: 'own' | 'attach', log: Logger = consoleLogger): Promise<Opened> {
  const config = loadConfig()
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
    return { config, database, deps: { db: database.db, clock: systemClock, settings } }
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
