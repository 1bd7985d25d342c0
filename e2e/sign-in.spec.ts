import { demoUser, runUsers } from './support/settings.js'
import { expect, test } from './support/test.js'

const teacher = () => demoUser('teacher@oakfield-primary.example')

test.describe('signing in with a password', () => {
  test('a staff member signs in and lands on their home page', async ({ page, signInPage, homePage }) => {
    const user = teacher()
    expect(user.roles).toEqual(['staff'])

    await signInPage.goto()
    expect(await signInPage.signIn(user)).toBe(303)

    await homePage.expectWelcome(user)
    await expect(page.getByRole('region', { name: 'Demo mode' })).toHaveCount(0)
  })

  test('a wrong password shows the error summary, which takes focus', async ({ page, signInPage, homePage }) => {
    const user = runUsers().wrongPassword

    await signInPage.goto()
    expect(await signInPage.submit(user.email, `${user.password}-not`)).toBe(401)

    await signInPage.expectErrors(['The email address or password is not right'])
    await expect(signInPage.errorSummary).toBeFocused()
    await expect(page.getByLabel('Email address')).toHaveValue(user.email)
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('')

    expect(await signInPage.signIn(user)).toBe(303)
    await homePage.expectWelcome(user)
  })

  test('an empty form says what is missing', async ({ signInPage }) => {
    await signInPage.goto()
    expect(await signInPage.submit('', '')).toBe(400)
    await signInPage.expectErrors(['Enter your email address', 'Enter your password'])
  })

  test('five wrong passwords in a row lock the account, and then the right one is refused too', async ({
    signInPage,
  }) => {
    const user = runUsers().lockOut
    const locked =
      'Your account is locked for 15 minutes because the password was entered wrongly too many times. Try again later or ask your organisation administrator'

    await signInPage.goto()
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await signInPage.submit(user.email, `wrong password ${attempt}`), `attempt ${attempt}`).toBe(401)
      await signInPage.expectErrors(['The email address or password is not right'])
    }
    expect(await signInPage.submit(user.email, 'wrong password 5')).toBe(423)
    await signInPage.expectErrors([locked])

    expect(await signInPage.signIn(user)).toBe(423)
    await signInPage.expectErrors([locked])
  })
})

test.describe('signing out', () => {
  test('signing out ends the session: going back to the home page asks for sign-in', async ({
    page,
    signInPage,
    homePage,
  }) => {
    const user = teacher()
    await signInPage.goto()
    expect(await signInPage.signIn(user)).toBe(303)
    await homePage.expectWelcome(user)

    await homePage.signOut()

    await page.goBack()
    await expect(page).toHaveURL('/sign-in?returnTo=%2F')
    await signInPage.expectShown()
    await expect(page.getByText(`Hello, ${user.name}`)).toHaveCount(0)

    // Signing in again returns to where the person was going.
    expect(await signInPage.signIn(user)).toBe(303)
    await homePage.expectWelcome(user)
  })

  test('a signed-out visitor to the home page is sent to sign in', async ({ page, signInPage }) => {
    await page.goto('/')
    await expect(page).toHaveURL('/sign-in?returnTo=%2F')
    await signInPage.expectShown()
  })
})
