import { runUsers } from './support/settings.js'
import { expect, test } from './support/test.js'
import { Authenticator } from './support/totp.js'

test('an organisation administrator opens user management and sees what an empty invitation is missing', async ({
  page,
  signInPage,
  twoFactorPage,
  homePage,
  adminUsersPage,
}) => {
  const admin = runUsers().orgAdmin
  expect(admin.roles).toEqual(['org_admin'])

  // Administrators need an authenticator app too.
  await signInPage.goto()
  expect(await signInPage.signIn(admin)).toBe(303)
  const app = new Authenticator(await twoFactorPage.expectSetUp())
  expect(await twoFactorPage.submit(app.freshCode())).toBe(303)
  await homePage.expectWelcome(admin)

  await page.getByRole('link', { name: 'Manage users' }).click()
  await adminUsersPage.expectList(admin.organisation)
  await expect(adminUsersPage.row(admin.name)).toContainText('Organisation administrator')
  await expect(adminUsersPage.row('Amira Khan')).toContainText('Staff member or volunteer')

  await adminUsersPage.openInvite()
  expect(await adminUsersPage.submitInvite()).toBe(400)
  await adminUsersPage.expectErrors(['Enter their full name', 'Enter their email address', 'Select at least one role'])
  await expect(adminUsersPage.errorSummary).toBeFocused()
})

test('someone who is not an administrator is refused the user pages', async ({
  page,
  signInPage,
  homePage,
  checkPage,
}) => {
  const staff = runUsers().wrongPassword
  await signInPage.goto()
  expect(await signInPage.signIn(staff)).toBe(303)
  await homePage.expectWelcome(staff)

  const response = await page.goto('/admin/users/invite')
  expect(response?.status()).toBe(403)
  // The step engine's one refusal page, with the policy's reason.
  await expect(page.getByRole('heading', { level: 1, name: 'You cannot do that' })).toBeVisible()
  await expect(page.getByText('only organisation administrators manage users')).toBeVisible()
  await checkPage()
})
