import { test as base, type Response } from '@playwright/test'
import { expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript } from './axe.js'
import { AdminUsersPage, HomePage, SignInPage, TwoFactorPage, type CheckPage } from './pages.js'

interface Fixtures {
  /** Checks the page now showing with axe. Automatic: a test fails if it loads a page it never checked. */
  checkPage: CheckPage
  signInPage: SignInPage
  twoFactorPage: TwoFactorPage
  homePage: HomePage
  adminUsersPage: AdminUsersPage
}

export const test = base.extend<Fixtures>({
  checkPage: [
    async ({ page, browser, javaScriptEnabled }, use, testInfo) => {
      const loaded: string[] = []
      let checked = 0
      let lastDocument: Response | undefined
      page.on('domcontentloaded', (p) => loaded.push(p.url()))
      page.on('response', (r) => {
        const redirect = r.status() >= 300 && r.status() < 400
        if (r.request().isNavigationRequest() && r.frame() === page.mainFrame() && !redirect) lastDocument = r
      })
      await use(async () => {
        // Named steps, so the report (and a timing of the run) shows what the checks cost.
        await base.step('Check the page with axe', async () => {
          if (javaScriptEnabled) {
            await expectNoAxeViolations(page)
          } else {
            await page.waitForLoadState('load')
            if (lastDocument === undefined) throw new Error('No page has been loaded yet')
            await expectNoAxeViolationsWithoutJavaScript(browser, page.url(), await lastDocument.text())
          }
        })
        // Every page a journey visits goes into the test report as it looked when checked. A full-page screenshot
        // can take seconds on a loaded machine: it gets time of its own rather than eating the journey's.
        testInfo.setTimeout(testInfo.timeout + 20_000)
        await base.step('Screenshot the page for the report', async () => {
          await testInfo.attach(`page ${checked + 1}: ${new URL(page.url()).pathname}`, {
            body: await page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide', scale: 'css' }),
            contentType: 'image/png',
          })
        })
        // Anything loaded before the page now showing went unchecked.
        const skipped = loaded.slice(checked, -1)
        checked = loaded.length
        if (skipped.length > 0)
          throw new Error(`Pages loaded without an axe check: ${skipped.join(', ')}. Call checkPage() on every page.`)
      })
      if (testInfo.status === testInfo.expectedStatus) {
        const unchecked = loaded.slice(checked)
        if (unchecked.length > 0)
          throw new Error(
            `Pages loaded after the last axe check: ${unchecked.join(', ')}. Call checkPage() on every page.`,
          )
      }
    },
    { auto: true },
  ],
  signInPage: async ({ page, checkPage }, use) => use(new SignInPage(page, checkPage)),
  twoFactorPage: async ({ page, checkPage }, use) => use(new TwoFactorPage(page, checkPage)),
  homePage: async ({ page, checkPage }, use) => use(new HomePage(page, checkPage)),
  adminUsersPage: async ({ page, checkPage }, use) => use(new AdminUsersPage(page, checkPage)),
})

export { expect } from '@playwright/test'
