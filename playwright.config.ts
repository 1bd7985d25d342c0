/**
 * Browser journeys in Debian's Chromium (never a downloaded browser), against one Together server started for
 * the run on its own port and data directory. See e2e/support/web-server.ts for how the data is prepared on the
 * embedded PostgreSQL and on an external one (DATABASE_URL).
 */
import { defineConfig } from '@playwright/test'
import { baseURL } from './e2e/support/settings.js'

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  // One server and one database, and journeys that sign the same seeded accounts in: run them one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: process.env.CI !== undefined,
  retries: 0,
  // The HTML report holds a full-page screenshot of every page each journey visited (see e2e/support/test.ts).
  reporter: [['list'], ['html', { open: 'never', outputFolder: './.tmp/e2e-report' }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: './.tmp/e2e-results',
  use: {
    baseURL,
    browserName: 'chromium',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'node --import tsx e2e/support/web-server.ts',
    url: `${baseURL}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    // SIGTERM lets `serve` close its connections and stop its embedded PostgreSQL before the run ends.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
