/**
 * The partnership's settings for working together, in the browser, with axe on every page: the safeguarding
 * partnership lead finds them beside the statutory timescales, sees each with its default and where it comes from,
 * is refused a value out of bounds and a change without a reason (the GOV.UK error summary, nothing saved), then
 * changes the repeated-concerns threshold and how long a record opened with a reason stays open, and sees the
 * change in the history with its reason.
 */
import { randomBytes } from 'node:crypto'
import { createAccounts, expectErrors, follow, signIn } from './support/journeys.js'
import { expect, test } from './support/test.js'

const runId = randomBytes(3).toString('hex')

test('the partnership lead changes the settings for working together, with a reason kept in the history', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  const [lead] = await createAccounts(runId, [
    {
      key: 'settings-lead',
      name: 'Hana Lead',
      organisation: "Northshire Council children's social care",
      role: 'partnership_lead',
      domain: 'northshire-council.example',
    },
  ] as const)
  await signIn(page, checkPage, signInPage, twoFactorPage, lead)
  await page.goto('/timescales')
  await expect(page.getByRole('heading', { level: 1, name: 'Statutory timescales' })).toBeVisible()
  await checkPage()
  await follow(
    page,
    checkPage,
    'Partnership settings for working together',
    'Partnership settings for working together',
  )
  const settings = page.locator('#settings')
  await expect(settings.locator('#setting-repeatedConcernsCount')).toContainText('3 concerns')
  await expect(settings.locator('#setting-openRecordHours')).toContainText('24 hours')
  await expect(page.getByText('No changes yet')).toBeVisible()

  // A GOV.UK button that is a link: the role it announces is a button.
  await page.getByRole('button', { name: 'Change the settings' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Change the partnership’s settings' })).toBeVisible()
  await checkPage()
  await expect(page.getByLabel('Repeated concerns: how many concerns')).toHaveValue('3')
  await page.getByLabel('Repeated concerns: how many concerns').fill('25')
  await page.getByRole('button', { name: 'Save the settings' }).click()
  await expectErrors(page, checkPage, [
    'The number of concerns must be between 2 and 20',
    'Enter why the partnership is making this change',
  ])

  await page.getByLabel('Repeated concerns: how many concerns').fill('2')
  await page.getByLabel('Repeated concerns: within how many days').fill('30')
  await page.getByLabel('Opening a record with a reason: how many hours it stays open').fill('8')
  await page.getByLabel('Why the partnership is making this change').fill('Partnership board decision, November')
  await page.getByRole('button', { name: 'Save the settings' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Partnership settings for working together' })).toBeVisible()
  await expect(page.getByText('The settings were changed.')).toBeVisible()
  await expect(settings.locator('#setting-repeatedConcernsCount')).toContainText('2 concerns')
  await expect(settings.locator('#setting-openRecordHours')).toContainText('8 hours')
  const history = page.locator('#settings-history')
  await expect(history.locator('tbody tr')).toHaveCount(3)
  await expect(history).toContainText('Partnership board decision, November')
  await expect(history).toContainText('24 hours (Together’s default)')
  await checkPage()
})
