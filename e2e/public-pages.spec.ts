import { expect, test } from './support/test.js'
import { reportAsPublic } from './support/public-report.js'

const pages = [
  { path: '/cookies', heading: 'Cookies' },
  { path: '/accessibility', heading: 'Accessibility statement' },
  { path: '/guidance/if-a-child-tells-you', heading: 'If a child tells you something' },
]

test('stylesheets and scripts are served to people who are not signed in, in Together’s own type', async ({
  request,
}) => {
  // Without them the sign-in page and every public page render unstyled (and axe fails them on target size).
  const get = async (path: string, type: string): Promise<string> => {
    const response = await request.get(path, { maxRedirects: 0 })
    expect(response.status(), `${path} for a signed-out visitor`).toBe(200)
    expect(response.headers()['content-type']).toContain(type)
    return response.text()
  }
  const css = await get('/assets/together-govuk.css', 'text/css')
  await get('/assets/govuk-frontend.min.js', 'javascript')
  await get('/static/together.css', 'text/css')
  // GDS Transport is reserved to GOV.UK services: not named, not loaded.
  expect(css).not.toContain('GDS Transport')
})

test('pages are set in the system font, never GDS Transport', async ({ page, checkPage }) => {
  await page.goto('/sign-in')
  await checkPage()
  // Strings, not functions: the journeys are type-checked without the DOM's types.
  const family = await page.evaluate('getComputedStyle(document.querySelector("h1")).fontFamily')
  expect(family).toMatch(/^system-ui/)
  expect(await page.evaluate('document.fonts.size'), 'no web font is declared').toBe(0)
})

for (const { path, heading } of pages) {
  test(`${path} can be read without signing in`, async ({ page, checkPage }) => {
    const response = await page.goto(path)
    expect(response?.status()).toBe(200)
    await expect(page).toHaveURL(path)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(new RegExp(`^${heading}`))
    await expect(page).toHaveTitle(new RegExp(`– Together$`))
    await checkPage()
  })
}

test('an unknown address shows "Page not found" with a 404', async ({ page, checkPage }) => {
  const response = await page.goto('/no-such-page')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
  await expect(page).toHaveTitle('Page not found – Together')
  await checkPage()
})

test('the footer links to the public pages', async ({ page, checkPage }) => {
  await page.goto('/sign-in')
  await checkPage()
  const footer = page.getByRole('contentinfo')
  for (const { path, heading } of pages) {
    await expect(footer.getByRole('link', { name: heading })).toHaveAttribute('href', path)
  }
})

test('a member of the public reports a concern one question at a time, and gets a reference (axe on every page)', async ({
  page,
  checkPage,
}) => {
  const reference = await reportAsPublic(page, checkPage, {
    givenName: 'Poppy',
    familyName: `Public${Date.now().toString(36)}`,
    age: 'about 9',
    address: '3 Mill Lane',
    concern: 'I often hear a child crying late at night and an adult shouting at her.',
    email: 'a.neighbour@example.com',
    keepIdentity: 'I live next door.',
  })
  expect(reference).toMatch(/^R-/)
  // No government branding on the public form: Together's own.
  await page.goto('/report-a-concern-about-a-child')
  await checkPage()
  await expect(page.locator('body')).not.toContainText('GOV.UK')
  await expect(page.locator('.govuk-header__logotype')).toHaveCount(0)
})

test('the public form works without JavaScript: the reason is revealed under its answer', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto('/report-a-concern-about-a-child')
  await page.getByRole('button', { name: 'Start now' }).click()
  await page.getByRole('radio', { name: 'Yes', exact: true }).check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Call 999 now' })).toBeVisible()
  await page.getByRole('button', { name: 'I have called 999: continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Do you know the child’s name?' })).toBeVisible()
  // Without JavaScript the revealed questions show under their option.
  await expect(page.getByLabel('First name', { exact: true })).toBeVisible()
  await expect(page.getByLabel('Describe the child')).toBeVisible()
  await context.close()
})
