/**
 * Playwright's webServer command: prepares the data, then runs `together serve` in the foreground.
 *
 * - Embedded PostgreSQL (no DATABASE_URL): the data directory is deleted first, so every run starts from an empty
 *   cluster, which `serve` seeds with the Northshire demo area (writing demo-users.json).
 * - DATABASE_URL: `serve` never seeds an external database, so `together seed --demo` runs first. It is
 *   idempotent, and demo-users.json is written again either way. Accounts whose state a journey changes (lock-out,
 *   authenticator set-up) are created per run with a random suffix in global-setup.ts, so a second run on the same
 *   database does not trip over the first.
 *
 * Mail: this process also runs the run's SMTP server (smtp.ts) on a free loopback port and starts `serve` with
 * SMTP_URL pointing at it, so the outbox worker really sends, and the journeys read what arrived in
 * .tmp/e2e-mail. Set TOGETHER_E2E_SMTP_PORT to fix the port.
 *
 * Playwright stops the server with SIGTERM to the whole process group (gracefulShutdown in the config), so
 * `serve` closes its connections and stops its PostgreSQL itself; this wrapper waits for it, then stops the
 * SMTP server (after `serve`, so the worker's last send still has somewhere to go).
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { dataDir, externalDatabase, togetherBin, togetherEnv } from './settings.js'
import { startSmtpCatcher } from './smtp.js'

function removeEmbeddedData(): void {
  // Running as root, the cluster may live outside the data directory; a pointer file says where.
  const pointer = path.join(dataDir, 'pg-location')
  if (fs.existsSync(pointer)) fs.rmSync(fs.readFileSync(pointer, 'utf8').trim(), { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
}

const env = togetherEnv()
if (externalDatabase) {
  const seeded = spawnSync(process.execPath, [togetherBin, 'seed', '--demo'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (seeded.status !== 0) {
    console.error(`e2e: \`together seed --demo\` failed (exit ${String(seeded.status ?? seeded.signal)})`)
    process.exit(1)
  }
} else {
  removeEmbeddedData()
}

const smtp = await startSmtpCatcher({ port: Number(process.env.TOGETHER_E2E_SMTP_PORT ?? 0) })
const server = spawn(process.execPath, [togetherBin, 'serve'], {
  env: { ...env, SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
  stdio: 'inherit',
})
// The signal reaches `serve` directly (same process group); passing it on would count as a second signal and
// make it exit without stopping PostgreSQL cleanly.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined)
server.on('exit', (code, signal) => {
  void smtp.close().finally(() => process.exit(code ?? (signal === null ? 1 : 0)))
})
