/**
 * What the children in need census needs that only people can record, in the browser with axe on every page: the
 * local authority's administrator sets the area's local authority number (refused when it is not 3 digits, nothing
 * saved), and sees the change in its history; a social worker records a child's ethnicity and disability in words
 * (refused without an answer) and sees them on the child's record.
 */
import { randomBytes } from 'node:crypto'
import { createAccounts, expectErrors, signIn } from './support/journeys.js'
import { expect, test } from './support/test.js'

const runId = randomBytes(3).toString('hex')

test('the administrator sets the area’s local authority number, with its reason kept', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  const [admin] = await createAccounts(runId, [
    {
      key: 'census-admin',
      name: 'Ola Admin',
      organisation: "Northshire Council children's social care",
      role: 'org_admin',
      domain: 'northshire-council.example',
    },
  ] as const)
  await signIn(page, checkPage, signInPage, twoFactorPage, admin)
  await page.goto('/area')
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations in your area' })).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: /(Change|Set) local authority number/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Local authority number' })).toBeVisible()
  await checkPage()
  await page.getByLabel('Local authority number').fill('98')
  await page.getByRole('button', { name: 'Save the number' }).click()
  await expectErrors(page, checkPage, [
    'Enter the local authority number as 3 digits, like 873',
    'Enter why the number is being set or changed',
  ])
  // A number no other area of the shared test database holds: 100 to 899, from this run's id.
  const code = String(100 + (parseInt(runId, 16) % 800))
  await page.getByLabel('Local authority number').fill(code)
  await page.getByLabel('Why is it being set or changed?').fill(`Browser journey ${runId}`)
  await page.getByRole('button', { name: 'Save the number' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations in your area' })).toBeVisible()
  await expect(page.locator('.govuk-summary-list')).toContainText(code)
  await page.getByText('History of the local authority number').click()
  await expect(page.getByText(`Browser journey ${runId}`)).toBeVisible()
  await checkPage()
})

test('a social worker records a child’s ethnicity and disability in words', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  const [worker] = await createAccounts(runId, [
    {
      key: 'census-worker',
      name: 'Sam Worker',
      organisation: "Northshire Council children's social care",
      role: 'social_worker',
      domain: 'northshire-council.example',
    },
  ] as const)
  await signIn(page, checkPage, signInPage, twoFactorPage, worker)
  // Leo Marsh, of the demo: on a child protection plan with Northshire's children's social care.
  await page.goto('/children/search')
  await checkPage()
  await page.getByLabel('First name', { exact: true }).fill('Leo')
  await page.getByLabel('Last name', { exact: true }).fill('Marsh')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByRole('link', { name: 'Leo Marsh' }).first()).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: 'Leo Marsh' }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: 'Leo Marsh' })).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: /^(Record|Correct) Leo’s ethnicity and disability$/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Ethnicity and disability' })).toBeVisible()
  await checkPage()
  await page.getByRole('button', { name: 'Save the details' }).click()
  await expectErrors(page, checkPage, ['Select the child’s ethnicity', 'Select whether the child has a disability'])
  // A different answer from any earlier run's (a correction must change something): the run's id picks it.
  const ethnicity = ['White and Asian', 'Indian', 'Black African', 'Chinese'][parseInt(runId, 16) % 4]!
  const disability = ['Hearing', 'Vision', 'Learning'][parseInt(runId, 16) % 3]!
  await page.getByRole('radio', { name: ethnicity, exact: true }).check()
  await page.getByRole('radio', { name: 'Yes', exact: true }).check()
  await page.getByRole('checkbox', { name: disability, exact: true }).check()
  await page.getByLabel('If you are correcting details recorded before, why?').fill(`Browser journey ${runId}`)
  await page.getByRole('button', { name: 'Save the details' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Leo Marsh' })).toBeVisible()
  const shown = page.locator('#census-details + .govuk-summary-list')
  await expect(shown).toContainText(ethnicity)
  await expect(shown).toContainText(disability)
  await checkPage()
})
