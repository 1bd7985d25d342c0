/**
 * Single sign-on in Chromium, through a real OpenID provider this spec starts on loopback (oidc-provider, the
 * same test provider the route tests use: test/support/oidcProvider.ts). Oakfield's administrator sets the
 * provider up on Together's page; a DSL then signs in with their "work account" at the provider, where a second
 * check was made, so Together does not ask for its own code; signing out ends the session at the provider too.
 * axe runs on every page, the provider's included.
 */
import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import { createAccount, signIn, type Account } from './support/journeys.js'
import type { CheckPage } from './support/pages.js'
import { baseURL } from './support/settings.js'
import { expect, test } from './support/test.js'
import { startTestProvider, type TestProvider } from '../test/support/oidcProvider.js'

const runId = randomBytes(3).toString('hex')
const OAKFIELD = 'Oakfield Primary School'
let idp: TestProvider
const people = {} as Record<'admin' | 'dsl', Account>

test.beforeAll(async () => {
  test.setTimeout(120_000)
  idp = await startTestProvider({
    redirectUris: [`${baseURL}/sign-in/organisation/callback`],
    postLogoutRedirectUris: [`${baseURL}/signed-out`],
  })
  people.admin = await createAccount(runId, 'sso-admin', 'Ada Min', OAKFIELD, 'org_admin', 'oakfield-primary.example')
  people.dsl = await createAccount(runId, 'sso-dsl', 'Dee Essel', OAKFIELD, 'dsl', 'oakfield-primary.example')
  idp.addAccount({ sub: `work-${runId}`, email: people.dsl.email, name: people.dsl.name })
})
test.afterAll(async () => idp.close())

/**
 * After Together's forms (sign in, sign out) a page of Together's sends the browser on to the provider at once, by
 * a refresh (not a redirect: Chromium applies the form page's CSP form-action to redirects). The refresh is
 * stopped here, so that the page can be checked with axe like every other; the journey then goes on by the page's
 * link to the same address, as a browser that does not follow refreshes would.
 */
async function onToProvider(
  page: Page,
  checkPage: CheckPage,
  to: { pathname: string; heading: string; link: string },
  act: () => Promise<void>,
): Promise<void> {
  const refreshedTo: string[] = []
  const toProvider = (url: URL) => url.origin === idp.issuer && url.pathname === to.pathname
  await page.route(toProvider, async (route) => {
    refreshedTo.push(route.request().url())
    await route.abort('aborted')
  })
  await act()
  await expect(page.getByRole('heading', { level: 1, name: to.heading })).toBeVisible()
  await expect.poll(() => refreshedTo.length, { message: 'the page went on to the provider by itself' }).toBe(1)
  await checkPage()
  await page.unroute(toProvider)
  const link = page.getByRole('link', { name: to.link, exact: true })
  expect(await link.getAttribute('href')).toBe(refreshedTo[0])
  await link.click()
}

test('an administrator sets up the provider; a DSL signs in with their work account and signs out', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
  homePage,
}) => {
  test.setTimeout(180_000)
  // The administrator, signed in with password and authenticator, sets the provider up.
  await signIn(page, checkPage, signInPage, twoFactorPage, people.admin)
  await page.goto('/admin/users')
  await checkPage()
  await page.getByRole('link', { name: 'Set up sign-in with your organisation’s accounts' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sign-in with your organisation’s accounts' })).toBeVisible()
  await checkPage()
  await page.getByLabel('Name of the provider').fill('Oakfield work accounts')
  await page.getByLabel('Issuer').fill(idp.issuer)
  await page.getByLabel('Client ID').fill(idp.clientId)
  await page.getByLabel('Client secret').fill(idp.clientSecret)
  await page.getByLabel('Email domains').fill('oakfield-primary.example')
  await page.getByLabel('Yes, rely on the provider’s multi-factor check when it says one was made').check()
  await page.getByRole('group', { name: 'Can people sign in this way now?' }).getByLabel('Yes').check()
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Your organisation’s sign-in settings are saved')).toBeVisible()
  // The secret is never shown again, not even in the field.
  await expect(page.getByLabel('Client secret')).toHaveValue('')
  expect(await page.content()).not.toContain(idp.clientSecret)
  await checkPage()
  await homePage.signOut()

  // The DSL signs in with their work account.
  await signInPage.goto()
  await page.getByRole('link', { name: 'Sign in with your organisation’s account' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in with your organisation’s account' })).toBeVisible()
  await checkPage()
  await page.getByLabel('Your work email address').fill(people.dsl.email)
  await onToProvider(
    page,
    checkPage,
    {
      pathname: '/auth',
      heading: 'Continue to Oakfield work accounts',
      link: 'Continue to Oakfield work accounts to sign in',
    },
    () => page.getByRole('button', { name: 'Continue' }).click(),
  )
  // At the provider.
  await expect(page.getByRole('heading', { level: 1, name: 'Test provider: sign in' })).toBeVisible()
  expect(page.url().startsWith(idp.issuer)).toBe(true)
  await checkPage()
  await page.getByLabel('Email address').fill(people.dsl.email)
  await page.getByLabel('A second check was made (multi-factor)').check()
  await page.getByRole('button', { name: 'Sign in' }).click()
  // Back at Together, signed in: the provider's second check stood in for Together's code.
  await homePage.expectWelcome(people.dsl)

  // Signing out ends Together's session, then the provider's.
  await onToProvider(
    page,
    checkPage,
    {
      pathname: '/session/end',
      heading: 'You have signed out of Together',
      link: 'Sign out of Oakfield work accounts',
    },
    () => page.getByRole('button', { name: 'Sign out' }).click(),
  )
  await expect(page.getByRole('heading', { level: 1, name: 'Sign out of the test provider' })).toBeVisible()
  await checkPage()
  await page.getByRole('button', { name: 'Yes, sign me out' }).click()
  await expect(page).toHaveURL('/signed-out')
  await expect(page.getByRole('heading', { level: 1, name: 'You have signed out' })).toBeVisible()
  await checkPage()
  await page.goto('/')
  await expect(page).toHaveURL(/\/sign-in/)
  await checkPage()
})
