/**
 * Writes the generated OpenAPI document to .tmp/openapi.json, for `redocly lint` in `npm test`
 * (npm run test:contract). The document comes from the routes' schemas, so the app is built (never listening,
 * and never connecting: no route is called).
 */
import fs from 'node:fs'
import path from 'node:path'
import { buildApp } from '../../src/app/app.js'
import { systemClock } from '../../src/platform/context.js'
import { connect } from '../../src/platform/db/database.js'
import { silentLogger } from '../../src/platform/logging/logger.js'

const root = path.resolve(import.meta.dirname, '../..')
const db = connect('postgres://unused@127.0.0.1:1/unused', 1)
const app = await buildApp({
  deps: {
    db,
    clock: systemClock,
    settings: {
      demoMode: false,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 10,
      apiTokenMinutes: 60,
      serviceUrl: 'http://localhost:3000',
      sendsEmail: false,
    },
    log: silentLogger(),
  },
  cookieSecret: 'only-building-the-document-not-serving',
  secureCookies: 'auto',
  publicUrl: 'https://together.example.org',
})
await app.ready()
const out = path.join(root, '.tmp', 'openapi.json')
fs.mkdirSync(path.dirname(out), { recursive: true })
fs.writeFileSync(out, `${JSON.stringify(app.swagger(), null, 2)}\n`)
await app.close()
await db.destroy()
console.log(`OpenAPI document written to ${path.relative(root, out)}`)
