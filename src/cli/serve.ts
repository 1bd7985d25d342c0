import closeWithGrace from 'close-with-grace'
import type { OutboxWorker } from '../modules/notifications/steps/outboxWorker.js'
import { DataDirectoryInUseError, EmbeddedPostgresError } from '../platform/db/embeddedPostgres.js'
import { startAuditSealer } from '../platform/audit/auditSealer.js'
import { openMigrated, operatorName, resolveSettings } from './bootstrap.js'
import type { CliIo } from './io.js'

/**
 * The web layer and the background work: most of the code there is to load, and none of it is needed until the
 * database is up. Loading it while PostgreSQL starts (or recovers after a crash) shortens every start.
 */
async function loadService() {
  const [app, seed, demoFile, outbox, escalation, settings, mailer] = await Promise.all([
    import('../app/app.js'),
    import('../modules/people/steps/seedDemoArea.js'),
    import('./seed.js'),
    import('../modules/notifications/steps/outboxWorker.js'),
    import('../modules/concerns/steps/escalateUnacknowledged.js'),
    import('../platform/settings.js'),
    import('../platform/mail/mailer.js'),
  ])
  return {
    buildApp: app.buildApp,
    seedDemoArea: seed.seedDemoArea,
    writeDemoUsersFile: demoFile.writeDemoUsersFile,
    startOutboxWorker: outbox.startOutboxWorker,
    escalateUnacknowledgedConcerns: escalation.escalateUnacknowledgedConcerns,
    cookieSecret: settings.cookieSecret,
    createSmtpMailer: mailer.createSmtpMailer,
  }
}

/**
 * Starts the service. On the embedded database the first start on an empty database seeds the Northshire demo
 * area, so `npm start` on a fresh clone gives something to sign in to.
 */
export async function serve(_args: string[], io: CliIo): Promise<number> {
  const started = Date.now()
  const loading = loadService()
  // If the database fails to open, that is the error to report; a loading failure surfaces at the await below.
  loading.catch(() => undefined)
  let opened
  try {
    opened = await openMigrated('own')
  } catch (e) {
    if (e instanceof DataDirectoryInUseError || e instanceof EmbeddedPostgresError) {
      io.err(e.message)
      return 1
    }
    throw e
  }
  const { config, database } = opened
  const {
    buildApp,
    seedDemoArea,
    writeDemoUsersFile,
    startOutboxWorker,
    escalateUnacknowledgedConcerns,
    cookieSecret,
    createSmtpMailer,
  } = await loading
  let deps = opened.deps
  const { log } = deps
  const empty = (await database.db.selectFrom('local_area').select('id').limit(1).execute()).length === 0
  if (empty && config.databaseUrl === undefined) {
    const seeded = await seedDemoArea(deps, operatorName())
    const file = await writeDemoUsersFile(config.dataDir, seeded.users)
    log.info(`Seeded the Northshire demo area. Demo sign-ins are in ${file}.`)
    const { tellDemoStories } = await import('../modules/demo/steps/demoStories.js')
    await tellDemoStories(deps)
    deps = { ...deps, settings: await resolveSettings(config, database) }
  }
  // auto: always Secure when the public address is https; otherwise whenever a request arrives over TLS.
  const httpsAddress = config.publicUrl?.startsWith('https://') === true
  const secure =
    config.secureCookies === 'on' ? true : config.secureCookies === 'off' ? false : httpsAddress ? true : 'auto'
  // Audit rows are written in each request's own transaction and sealed into the hash chain just after it.
  const sealer = startAuditSealer(database.db, { log })
  const app = await buildApp({
    deps,
    cookieSecret: await cookieSecret(database.db),
    secureCookies: secure,
    publicUrl: config.publicUrl,
    auditSealer: sealer,
  })

  let outboxWorker: OutboxWorker | undefined
  // Every minute, escalate concerns nobody has acknowledged in time (the emails wait in the outbox either way).
  let escalating: Promise<unknown> = Promise.resolve()
  const escalationLog = log.child({ component: 'escalation' })
  const escalation = setInterval(() => {
    escalating = escalateUnacknowledgedConcerns(deps).catch((e: unknown) =>
      escalationLog.error({ err: e }, 'escalation check failed; trying again in a minute'),
    )
  }, 60_000)
  escalation.unref()
  const closer = closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err !== undefined) log.fatal({ err }, 'stopping after an unexpected error')
    else log.info(`stopping on ${String(signal)}`)
    await app.close()
    clearInterval(escalation)
    await escalating
    await outboxWorker?.stop()
    await sealer.stop()
    await database.close()
    log.info('stopped')
  })
  app.addHook('onClose', async () => {
    closer.uninstall()
  })
  const address = await app.listen({ port: config.port, host: config.host })
  log.info(
    `Together is serving at ${address.replace('127.0.0.1', 'localhost')} (ready in ${Date.now() - started} ms; database: ${config.databaseUrl === undefined ? `embedded PostgreSQL in ${config.dataDir}` : 'external PostgreSQL'}${deps.settings.demoMode ? '; demo mode' : ''})`,
  )
  // With no SMTP_URL (the demo) nothing is sent: administrators read the messages on the Email outbox page.
  if (config.smtpUrl !== undefined)
    outboxWorker = startOutboxWorker(deps, createSmtpMailer(config.smtpUrl, config.mailFrom))
  // Keep running until a signal arrives; close-with-grace stops the server and then the database.
  return new Promise<number>(() => undefined)
}
