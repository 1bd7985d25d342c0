import type { Page } from '@playwright/test'
import { expect } from './test.js'

/** What a member of the public tells the form, page by page. */
export interface PublicAnswers {
  readonly givenName: string
  readonly familyName: string
  readonly age: string
  readonly address: string
  readonly concern: string
  readonly email: string
  /** Ask that the family not be told who they are, with this reason. */
  readonly keepIdentity?: string
}

/**
 * Reports a concern as a member of the public through the one-question-per-page form, checking every page with axe
 * (and the first error of one page), and returns the reference shown at the end.
 */
export async function reportAsPublic(page: Page, checkPage: () => Promise<void>, a: PublicAnswers): Promise<string> {
  const heading = (name: string) => expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  const cont = () => page.getByRole('button', { name: 'Continue' }).click()
  await page.goto('/report-a-concern-about-a-child')
  await heading('Report a concern about a child')
  await expect(page.locator('#who-to-call')).toContainText('999')
  await expect(page.locator('#who-to-call')).toContainText('101')
  await expect(page.locator('#who-to-call')).toContainText('0800 1111')
  await checkPage()
  await page.getByRole('button', { name: 'Start now' }).click()

  await heading('Is a child in immediate danger right now?')
  await checkPage()
  // Continuing without an answer shows the GOV.UK error summary.
  await cont()
  await expect(page).toHaveTitle(/^Error: /)
  await expect(page.locator('.govuk-error-summary')).toContainText('Select yes if a child is in immediate danger')
  await checkPage()
  await page.getByRole('radio', { name: 'No', exact: true }).check()
  await cont()

  await heading('Do you know the child’s name?')
  await checkPage()
  await page.getByRole('radio', { name: 'Yes', exact: true }).check()
  await page.getByLabel('First name', { exact: true }).fill(a.givenName)
  await page.getByLabel('Last name', { exact: true }).fill(a.familyName)
  await checkPage()
  await cont()

  await heading('How old is the child?')
  await checkPage()
  await page.getByLabel('Or their age, or roughly how old they are').fill(a.age)
  await cont()

  await heading('Where does the child live?')
  await checkPage()
  await page.getByLabel('Where does the child live?').fill(a.address)
  await cont()

  await heading('What are you worried about?')
  await checkPage()
  await page.getByLabel('What are you worried about?').fill(a.concern)
  await cont()

  await heading('Where is the child now?')
  await checkPage()
  await cont()

  await heading('Do the child’s parents or carers know you are telling us?')
  await checkPage()
  await page.getByRole('radio', { name: 'No', exact: true }).check()
  await cont()

  await heading('Who are you?')
  await checkPage()
  await page.getByRole('radio', { name: 'A neighbour, friend of the family or someone else who knows them' }).check()
  await cont()

  await heading('Your contact details (optional)')
  await checkPage()
  await page.getByLabel('Email address').fill(a.email)
  await cont()

  await heading('Should we keep who you are from the child’s family?')
  await checkPage()
  if (a.keepIdentity === undefined) await page.getByRole('radio', { name: 'No, the family may be told' }).check()
  else {
    await page.getByRole('radio', { name: 'Yes, do not tell the family who I am' }).check()
    await page.getByLabel('Tell us why, if you want to (optional)').fill(a.keepIdentity)
    await checkPage()
  }
  await cont()

  await heading('Check your answers before sending your report')
  await expect(page.locator('#report-answers')).toContainText(a.concern)
  await checkPage()
  await page.getByRole('button', { name: 'Send your report' }).click()

  await heading('Report sent')
  const reference = (await page.locator('#report-reference').innerText()).trim()
  expect(reference).toMatch(/^R-\d{4}-\d{6}$/)
  await expect(page.getByRole('main')).not.toContainText(a.familyName)
  await checkPage()
  return reference
}
