/**
 * The front door journey: a member of the public reports a concern with no account and gets a reference; the
 * local authority's front door finds the report in its queue, links it to a child record (find before create),
 * acknowledges it and asks the police for information; a police officer answers inside Together; the front
 * door decides "strategy discussion" and is sent to the case. A teacher's professional referral goes through the
 * form too and shows as acknowledged on "Your referrals". Every page is checked with axe.
 *
 * The front door and police accounts are made for this run (they set up an authenticator app at first sign-in).
 */
import { randomBytes, randomInt } from 'node:crypto'
import type { Page } from '@playwright/test'
import { createAccounts, signIn } from './support/journeys.js'
import { demoUser, type E2eUser } from './support/settings.js'
import { readMail } from './support/smtp.js'
import { expect, test } from './support/test.js'
import { reportAsPublic } from './support/public-report.js'

test.describe.configure({ mode: 'serial' })

const runId = randomBytes(4).toString('hex')
const MAIL_TIMEOUT_MS = 30_000

function randomName(syllables: number): string {
  const consonants = 'bdfgklmnprstvz'
  const vowels = 'aeiou'
  let name = ''
  for (let i = 0; i < syllables; i++)
    name += (consonants[randomInt(consonants.length)] ?? 'b') + (vowels[randomInt(vowels.length)] ?? 'a')
  return name.charAt(0).toUpperCase() + name.slice(1)
}

/** Made up for this run, so a database kept between runs never offers an earlier run's child. */
const child = { givenName: randomName(3), familyName: randomName(4) }
const childName = `${child.givenName} ${child.familyName}`
const concernText = `Every night I hear a man shouting at ${child.givenName} next door, then crying for a long time. Run ${runId}.`
const question = 'Have the police been called to this family’s home in the last year?'
const answer = 'Yes: two domestic incidents in the last six months, the latest last Friday. No arrests.'

let frontDoor: E2eUser
let police: E2eUser
let reference = ''
let professionalReference = ''
let referralPath = ''

test.beforeAll(async () => {
  ;[frontDoor, police] = await createAccounts(runId, [
    {
      key: 'front-door',
      name: 'Fatima Door',
      organisation: "Northshire Council children's social care",
      role: 'front_door',
      domain: 'northshire-council.example',
    },
    {
      key: 'police',
      name: 'DC Paul Reed',
      organisation: 'Northshire Police',
      role: 'police_officer',
      domain: 'northshire-police.example',
    },
  ])
})

async function open(page: Page, checkPage: () => Promise<void>, link: string, heading: string): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
  await checkPage()
}

test('a member of the public reports a concern without an account and gets a reference, nothing else', async ({
  page,
  checkPage,
}) => {
  reference = await reportAsPublic(page, checkPage, {
    givenName: child.givenName,
    familyName: child.familyName,
    age: 'about 7',
    address: '14 Elm Road, Northshire',
    concern: concernText,
    email: `neighbour-${runId}@example.com`,
  })
})

test('a teacher makes a professional referral through the form', async ({ page, checkPage, signInPage, homePage }) => {
  const teacher = demoUser('teacher@oakfield-primary.example')
  await signInPage.goto()
  expect(await signInPage.signIn(teacher)).toBe(303)
  await homePage.expectWelcome(teacher)
  await open(page, checkPage, 'Make a referral to children’s social care', 'Is the child in immediate danger?')
  // The danger question is the page heading here (a fieldset legend).
  await page.getByRole('radio', { name: 'No', exact: true }).check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Which child is the referral about?' })).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: 'My organisation has no record of the child: give their details' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Make a referral to children’s social care' })).toBeVisible()
  await checkPage()
  const pupil = { givenName: randomName(2), familyName: randomName(3) }
  await page.getByLabel('First name', { exact: true }).fill(pupil.givenName)
  await page.getByLabel('Last name', { exact: true }).fill(pupil.familyName)
  await page.getByLabel('What are you worried about?').fill('Comes to school hungry and in the same clothes all week.')
  await page.getByLabel('Where is the child now, and how are they?').fill('In class, quiet but well.')
  await page
    .getByRole('group', { name: 'Do the child’s parents or carers know about this referral?' })
    .getByRole('radio', { name: 'Yes', exact: true })
    .check()
  await page
    .getByRole('group', { name: 'Did they agree to the referral?' })
    .getByRole('radio', { name: 'Yes, they agreed to the referral' })
    .check()
  await page
    .getByRole('group', { name: 'Must the family not be told who made this referral?' })
    .getByRole('radio', { name: 'No, the family may be told' })
    .check()
  await page.getByRole('button', { name: 'Send the referral' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Referral sent' })).toBeVisible()
  professionalReference = (await page.locator('#referral-reference').innerText()).trim()
  await checkPage()
  await page.getByRole('link', { name: 'your referrals' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Your referrals' })).toBeVisible()
  await expect(page.locator('#my-referrals')).toContainText(professionalReference)
  await checkPage()
})

test('the front door finds the report, links it to a new child record, acknowledges it and asks the police', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  await signIn(page, checkPage, signInPage, twoFactorPage, frontDoor)
  await open(page, checkPage, 'Front door: referrals', 'Front door: referrals')
  const row = page.locator('#queue tbody tr').filter({ has: page.getByRole('link', { name: reference, exact: true }) })
  await expect(row).toContainText(childName)
  await expect(row).toContainText('Not yet linked to a record')
  await expect(row).toContainText('Member of the public')

  // Acknowledge the teacher's referral straight from the queue's referral page.
  await page.getByRole('link', { name: professionalReference, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Referral ${professionalReference}`)
  await checkPage()
  await page.getByRole('button', { name: 'Acknowledge the referral' }).click()
  await expect(page.getByText('The referral is acknowledged.')).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: 'Back to the referrals' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Front door: referrals' })).toBeVisible()
  await checkPage()

  await page.getByRole('link', { name: reference, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Referral ${reference}`)
  await expect(page.getByRole('main')).toContainText(concernText)
  referralPath = new URL(page.url()).pathname
  // Nothing can be decided until the referral is linked to a child record.
  await expect(page.getByRole('link', { name: 'Record the decision' })).toHaveCount(0)
  await checkPage()

  await page.getByRole('link', { name: 'Link the referral to the child’s record' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Find the child’s record' })).toBeVisible()
  await expect(page.getByLabel('First name', { exact: true })).toHaveValue(child.givenName)
  await expect(page.getByRole('heading', { level: 2, name: 'No matching children' })).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: 'The child is not listed: add a record for them' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Add the child’s details' })).toBeVisible()
  await expect(page.getByLabel('Last name', { exact: true })).toHaveValue(child.familyName)
  await checkPage()
  const born = page.getByRole('group', { name: 'Date of birth', exact: true })
  await born.getByLabel('Day').fill('3')
  await born.getByLabel('Month').fill('3')
  await born.getByLabel('Year').fill(String(new Date().getFullYear() - 7))
  await page.getByRole('group', { name: 'Sex' }).getByLabel('Female').check()
  await page.getByRole('button', { name: 'Add the child and link the referral' }).click()
  await expect(page.getByText('The referral is linked to the child’s record.')).toBeVisible()
  await checkPage()

  await page.getByRole('button', { name: 'Acknowledge the referral' }).click()
  await expect(page.getByText('The referral is acknowledged.')).toBeVisible()
  await checkPage()

  await page.getByRole('link', { name: 'Ask another agency for information' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Ask another agency for information' })).toBeVisible()
  await checkPage()
  await page.getByLabel('Which organisation?').selectOption({ label: 'Northshire Police (Police force)' })
  await page.getByLabel('What do you need to know?').fill(question)
  await page.getByRole('button', { name: 'Send the request' }).click()
  await expect(page.getByText('Your request for information has been sent.')).toBeVisible()
  await expect(page.locator('#information-requests ~ .app-information-request').first()).toContainText(
    'Waiting for an answer',
  )
  await checkPage()
})

test('the public referrer is emailed the reference only', async () => {
  await expect
    .poll(() => readMail().filter((m) => m.deliveredTo === `neighbour-${runId}@example.com`).length, {
      timeout: MAIL_TIMEOUT_MS,
      intervals: [500],
    })
    .toBe(1)
  const [mail] = readMail().filter((m) => m.deliveredTo === `neighbour-${runId}@example.com`)
  expect(mail?.text).toContain(reference)
  expect(mail?.text).not.toContain(child.givenName)
  expect(mail?.text).not.toContain('http')
})

test('a police officer answers the request inside Together, seeing only the question and who the child is', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  await signIn(page, checkPage, signInPage, twoFactorPage, police)
  await open(page, checkPage, 'Requests for information', 'Requests for information')
  const row = page.locator('#information-requests tbody tr').filter({ hasText: childName })
  await expect(row).toContainText('Waiting for your answer')
  await row.getByRole('link', { name: childName }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Request for information' })).toBeVisible()
  await expect(page.locator('#question')).toContainText(question)
  await expect(page.getByRole('main')).not.toContainText('shouting')
  await checkPage()
  await page.getByLabel('Your answer').fill(answer)
  await page.getByRole('button', { name: 'Send your answer' }).click()
  await expect(page.getByText('Your answer has been sent')).toBeVisible()
  await checkPage()
})

test('the front door reads the answer, decides “strategy discussion” and is sent to the case', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  await signIn(page, checkPage, signInPage, twoFactorPage, frontDoor)
  await page.goto(referralPath)
  await expect(page.getByRole('main')).toContainText(answer)
  await checkPage()
  await page.getByRole('link', { name: 'Record the decision' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Record the decision' })).toBeVisible()
  await checkPage()
  await page.getByRole('button', { name: 'Record the decision' }).click()
  await expect(page).toHaveTitle(/^Error: /)
  await expect(page.locator('.govuk-error-summary')).toContainText('Select the decision')
  await checkPage()
  await page.getByRole('radio', { name: 'Strategy discussion (reasonable cause to suspect significant harm)' }).check()
  await page
    .getByLabel('Your reasons')
    .fill(
      'Repeated domestic incidents reported by police and a neighbour hearing the child crying: reasonable cause to suspect significant harm.',
    )
  await page.getByLabel('Social worker (lead practitioner)').selectOption({ label: 'Tom Bennett' })
  await page.getByRole('button', { name: 'Record the decision' }).click()
  await expect(page.getByRole('heading', { name: 'Decision recorded' })).toBeVisible()
  await expect(page.locator('#episode-reference')).toHaveText(/^E-\d{4}-\d{6}$/)
  const caseLink = page.getByRole('link', { name: /^Go to the case E-/ })
  await expect(caseLink).toHaveAttribute('href', /^\/cases\/[0-9a-f-]{36}$/)
  await checkPage()
  await page.getByRole('link', { name: 'Back to the referrals' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Front door: referrals' })).toBeVisible()
  await expect(page.getByRole('link', { name: reference, exact: true })).toHaveCount(0)
  await checkPage()
})
