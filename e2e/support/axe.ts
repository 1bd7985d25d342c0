import { AxeBuilder } from '@axe-core/playwright'
import { expect, type Browser, type Page } from '@playwright/test'
import type { AxeResults } from 'axe-core'

/** WCAG 2.2 AA, as the accessibility statement promises (axe's rules for 2.0 A/AA, 2.1 AA and 2.2 AA). */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']

function expectNone(results: AxeResults, url: string): void {
  const found = results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'unknown impact'}) at ${n.target.map(String).join(' > ')}: ${v.help}`),
  )
  expect(found, `axe found accessibility problems on ${url}`).toEqual([])
}

/**
 * Runs axe on the page as it is now and fails with each violation's rule id and the elements it found.
 *
 * Together's pages have no frames, so axe runs in "legacy mode": once, inside the page. The default mode runs it
 * in each frame and then opens a blank page, injects axe (580 KB) a second time there and merges the frames'
 * results in it, which doubled the time of every check (the largest part of the suite's time: a median of
 * 7.6 s against 3.4 s per check on this machine under load). Same rules, same tags, same results for a page
 * without frames; a page that has frames still gets the default mode, which also checks inside them.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.waitForLoadState('load')
  const framed = page.frames().length > 1
  expectNone(await new AxeBuilder({ page }).withTags(wcagTags).setLegacyMode(!framed).analyze(), page.url())
}

/**
 * axe runs inside the page, and with JavaScript turned off its timers never fire. So the HTML the server sent is
 * shown again, at the same address, in a page whose own scripts are all removed and blocked (so it renders
 * exactly as without JavaScript, stylesheets included), and axe runs there.
 */
export async function expectNoAxeViolationsWithoutJavaScript(
  browser: Browser,
  url: string,
  html: string,
): Promise<void> {
  // Explicitly on: inside a test, new contexts take the test's options, and axe needs timers to run.
  const context = await browser.newContext({ javaScriptEnabled: true })
  try {
    const mirror = await context.newPage()
    await mirror.route('**/*', async (route) => {
      const request = route.request()
      if (request.isNavigationRequest() && request.url() === url) {
        await route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, ''),
        })
      } else if (request.resourceType() === 'script') {
        await route.abort()
      } else {
        await route.continue()
      }
    })
    await mirror.goto(url)
    const framed = mirror.frames().length > 1
    expectNone(
      await new AxeBuilder({ page: mirror }).withTags(wcagTags).setLegacyMode(!framed).analyze(),
      `${url} (without JavaScript)`,
    )
  } finally {
    await context.close()
  }
}
