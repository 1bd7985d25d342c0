import { demoUser } from './support/settings.js'
import { expect, test } from './support/test.js'

// Progressive enhancement: every form posts and redirects, so nothing needs JavaScript.
test.use({ javaScriptEnabled: false })

test('signing in and out works with JavaScript turned off', async ({ page, signInPage, homePage }) => {
  const user = demoUser('teacher@oakfield-primary.example')

  await signInPage.goto()
  expect(await signInPage.submit('', '')).toBe(400)
  await signInPage.expectErrors(['Enter your email address', 'Enter your password'])
  // Without JavaScript nothing moves focus; the summary is still first in the content.
  await expect(signInPage.errorSummary).not.toBeFocused()

  expect(await signInPage.submit(user.email, 'not the password')).toBe(401)
  await signInPage.expectErrors(['The email address or password is not right'])

  expect(await signInPage.signIn(user)).toBe(303)
  await homePage.expectWelcome(user)

  await homePage.signOut()
  await page.goto('/')
  await expect(page).toHaveURL('/sign-in?returnTo=%2F')
  await signInPage.expectShown()
})
