import { runUsers } from './support/settings.js'
import { expect, test } from './support/test.js'
import { Authenticator } from './support/totp.js'

const wrongCodeMessage = 'Enter the 6-digit code shown in your authenticator app'

test('a DSL sets up an authenticator app, signs out, and signs in again with a fresh code', async ({
  page,
  signInPage,
  twoFactorPage,
  homePage,
}) => {
  const user = runUsers().dsl
  expect(user.roles).toEqual(['dsl'])

  // First sign-in: the password is right, so Together asks for an authenticator app to be set up.
  await signInPage.goto()
  expect(await signInPage.signIn(user)).toBe(303)
  await expect(page).toHaveURL(/^[^?]*\/sign-in\/two-factor(\?|$)/)
  const key = await twoFactorPage.expectSetUp()
  const app = new Authenticator(key)

  // A wrong code keeps the same key on the page.
  expect(await twoFactorPage.submit(app.wrongCode())).toBe(400)
  await twoFactorPage.expectErrors([wrongCodeMessage])
  expect(await twoFactorPage.expectSetUp()).toBe(key)

  expect(await twoFactorPage.submit(app.freshCode())).toBe(303)
  await homePage.expectWelcome(user)

  await homePage.signOut()

  // Second sign-in: the app is set up, so only a code is asked for.
  await signInPage.goto()
  expect(await signInPage.signIn(user)).toBe(303)
  await twoFactorPage.expectCodeRequested()

  expect(await twoFactorPage.submit(app.wrongCode())).toBe(400)
  await twoFactorPage.expectErrors([wrongCodeMessage])
  await twoFactorPage.expectCodeRequested()

  expect(await twoFactorPage.submit(app.freshCode())).toBe(303)
  await homePage.expectWelcome(user)
})

test('the two-factor page is not reachable without a password first', async ({ page, signInPage }) => {
  await page.goto('/sign-in/two-factor')
  await expect(page).toHaveURL('/sign-in')
  await signInPage.expectShown()
})
