/**
 * From a strategy discussion to the first review, in the browser, with axe on every page. The case starts in
 * 'strategy discussion needed' (made by e2e/support/protection-case.ts through the real front-door engine):
 * the social worker records a strategy discussion with police and health that starts a section 47 enquiry,
 * concludes it with a conference, arranges the conference and invites the school; the school's DSL sees the
 * invitation and submits a report; the chair records a plan with a core group (the child's brother considered);
 * the social worker records the core group; the chair holds the first review. A GP practice that was not
 * invited sees nothing.
 */
import { execFile } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Page } from '@playwright/test'
import { createAccounts, signIn as signInAs, type Account } from './support/journeys.js'
import type { SignInPage, TwoFactorPage } from './support/pages.js'
import { root, togetherEnv } from './support/settings.js'
import { expect, test } from './support/test.js'

test.describe.configure({ mode: 'serial' })

const run = promisify(execFile)
const runId = randomBytes(3).toString('hex')
const la = "Northshire Council children's social care"

function randomName(syllables: number): string {
  const consonants = 'bdfgklmnprstvz'
  const vowels = 'aeiou'
  let name = ''
  for (let i = 0; i < syllables; i++)
    name += (consonants[randomInt(consonants.length)] ?? 'b') + (vowels[randomInt(vowels.length)] ?? 'a')
  return name.charAt(0).toUpperCase() + name.slice(1)
}
const child = { givenName: randomName(3), familyName: randomName(3) }
const childName = `${child.givenName} ${child.familyName}`

const people: Record<'socialWorker' | 'chair' | 'schoolDsl' | 'gpLead', Account> = {} as never
let episodeId = ''
let conferenceId = ''

/** London's date today and the wall-clock parts of it, as the forms ask for them. */
function today(): { day: string; month: string; year: string } {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(new Date())
      .map((x) => [x.type, x.value]),
  )
  return { day: String(p.day), month: String(p.month), year: String(p.year) }
}

test.beforeAll(async () => {
  test.setTimeout(120_000)
  const council = { organisation: la, domain: 'northshire-council.example' }
  // The accounts and the case are independent: made side by side.
  const [accounts, { stdout }] = await Promise.all([
    createAccounts(runId, [
      { key: 'cp-sw', name: 'Sol Worker', role: 'social_worker', ...council },
      { key: 'cp-chair', name: 'Chris Chair', role: 'conference_chair', ...council },
      {
        key: 'cp-dsl',
        name: 'Dee Lead',
        organisation: 'Oakfield Primary School',
        role: 'dsl',
        domain: 'oakfield-primary.example',
      },
      {
        key: 'cp-gp',
        name: 'Gia Practice',
        organisation: 'Elm Tree Surgery',
        role: 'health_lead',
        domain: 'elmtree-surgery.example',
      },
    ]),
    run(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(root, 'e2e', 'support', 'protection-case.ts'),
        'strategy_discussion',
        child.givenName,
        child.familyName,
      ],
      { env: togetherEnv(), cwd: root },
    ),
  ])
  ;[people.socialWorker, people.chair, people.schoolDsl, people.gpLead] = accounts
  episodeId = (JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { episodeId: string }).episodeId
  expect(episodeId).toMatch(/^[0-9a-f-]{36}$/)
})

/** Signs in and lands on the home page (the first time, setting up the authenticator app): see journeys.ts. */
async function signIn(
  page: Page,
  signInPage: SignInPage,
  twoFactorPage: TwoFactorPage,
  checkPage: () => Promise<void>,
  user: Account,
): Promise<void> {
  await signInAs(page, checkPage, signInPage, twoFactorPage, user)
}

async function openCase(page: Page, checkPage: () => Promise<void>): Promise<void> {
  await page.goto(`/cases/${episodeId}`)
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(childName) })).toBeVisible()
  await checkPage()
}

async function fillDate(page: Page, legend: string, d = today()): Promise<void> {
  const group = page.getByRole('group', { name: legend })
  await group.getByLabel('Day').fill(d.day)
  await group.getByLabel('Month').fill(d.month)
  await group.getByLabel('Year').fill(d.year)
}

async function submitAndReturn(page: Page, checkPage: () => Promise<void>, button: string): Promise<void> {
  await page.getByRole('button', { name: button }).click()
  await expect(page.getByText('Recorded.')).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`/cases/${episodeId}\\?recorded=1$`))
  await checkPage()
}

test('the social worker records a strategy discussion with police and health, then the section 47 conclusion, and invites the school', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  await signIn(page, signInPage, twoFactorPage, checkPage, people.socialWorker)
  await openCase(page, checkPage)
  await expect(page.getByText('Strategy discussion needed').first()).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Complete the child and family assessment' })).toBeVisible()

  await page.getByRole('link', { name: 'Record the strategy discussion' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Record the strategy discussion' })).toBeVisible()
  await checkPage()
  await fillDate(page, 'When was it held?')
  await page.getByLabel('Time it started').fill('00:00')
  await page.getByLabel('Agency of attendee 1').selectOption('local_authority')
  await page.getByLabel('Name of attendee 1').fill('Sol Worker')
  await page.getByRole('radio', { name: 'Start a section 47 enquiry' }).check()
  await page.getByLabel('Minutes').fill('Marks and account consistent with physical abuse.')
  // Without police and health it is not a strategy discussion.
  await page.getByRole('button', { name: 'Record the strategy discussion' }).click()
  await expect(page.locator('.govuk-error-summary')).toContainText(
    'A strategy discussion must include police and health',
  )
  await checkPage()
  await page.getByLabel('Agency of attendee 2').selectOption('police')
  await page.getByLabel('Name of attendee 2').fill('DC Patel')
  await page.getByLabel('Agency of attendee 3').selectOption('health')
  await page.getByLabel('Name of attendee 3').fill('Nurse Jones')
  await page.getByLabel('Action 1', { exact: true }).fill('Joint visit to see the child alone')
  await page.getByLabel('Who does action 1').fill('Sol Worker and DC Patel')
  await submitAndReturn(page, checkPage, 'Record the strategy discussion')
  await expect(page.getByText('Section 47 enquiry').first()).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Hold the initial child protection conference' })).toBeVisible()

  await page.getByRole('link', { name: 'Conclude the section 47 enquiry' }).click()
  await checkPage()
  await page
    .getByRole('group', { name: 'What did the enquiry find?' })
    .getByRole('radio', { name: /^Concerns substantiated/ })
    .check()
  await page
    .getByRole('group', { name: /What happens next/ })
    .getByRole('radio', { name: /initial child protection conference$/ })
    .check()
  await fillDate(page, 'When did the enquiry conclude?')
  await page.getByLabel('Summary of the enquiry').fill('Substantiated; continuing risk from the mother’s partner.')
  await submitAndReturn(page, checkPage, 'Record the conclusion')

  await page.getByRole('link', { name: 'Arrange a conference' }).click()
  await checkPage()
  await fillDate(page, 'Date of the conference')
  await page.getByLabel('Time', { exact: true }).fill('23:30')
  await submitAndReturn(page, checkPage, 'Arrange the conference')

  await page.getByRole('link', { name: 'Invite to the conference' }).click()
  await checkPage()
  conferenceId = /\/conferences\/([0-9a-f-]{36})\/invitations/.exec(page.url())?.[1] ?? ''
  await page.getByRole('radio', { name: 'An agency' }).check()
  await page.getByLabel('Agency', { exact: true }).selectOption({ label: 'Oakfield Primary School' })
  await submitAndReturn(page, checkPage, 'Send the invitation')
  await expect(page.getByText('Oakfield Primary School').first()).toBeVisible()
})

test('the school DSL sees the invitation and submits a report; a GP practice not invited sees nothing', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
  homePage,
}) => {
  await signIn(page, signInPage, twoFactorPage, checkPage, people.schoolDsl)
  await page.goto('/conferences')
  await expect(page.getByRole('heading', { level: 1, name: 'Conference invitations' })).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: childName }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Conference for ${childName}` })).toBeVisible()
  await checkPage()
  await page
    .getByLabel('Submit a report for the conference')
    .fill('Attendance 84%. Marks seen twice this term, both recorded as concerns.')
  await page.getByRole('button', { name: 'Send the report' }).click()
  await expect(page.getByText('Attendance 84%')).toBeVisible()
  await checkPage()
  // The school still cannot open the case itself.
  await page.goto(`/cases/${episodeId}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
  await checkPage()
  await homePage.signOut()

  await signIn(page, signInPage, twoFactorPage, checkPage, people.gpLead)
  await page.goto('/conferences')
  await expect(page.getByText('Your organisation has no conference invitations.')).toBeVisible()
  await checkPage()
  await page.goto(`/conferences/${conferenceId}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
  await checkPage()
})

test('the chair records a plan with a core group, considering the brother', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  await signIn(page, signInPage, twoFactorPage, checkPage, people.chair)
  await openCase(page, checkPage)
  await expect(page.getByText('Attendance 84%')).toBeVisible()
  await page.getByRole('link', { name: 'Record the initial conference decision' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Record the initial conference decision' })).toBeVisible()
  await checkPage()
  await fillDate(page, 'When was the conference held?')
  await page.getByRole('radio', { name: 'Child protection plan', exact: true }).check()
  await page.getByRole('radio', { name: 'Physical abuse (PHY)' }).check()
  await page.getByLabel('Lead practitioner (social worker)').selectOption({ label: people.socialWorker.name })
  await expect(page.getByRole('checkbox', { name: 'Oakfield Primary School' })).toBeChecked()
  await page.getByRole('checkbox', { name: 'Northshire Police' }).check()
  await page.getByLabel('Name of family member 1').fill('Grace')
  await page.getByLabel('Relationship to the child of family member 1').fill('Mother')
  await page
    .getByLabel('Outline child protection plan')
    .fill('Weekly visits, seen alone; school monitors and reports any marks the same day.')
  await page.getByLabel('Contingency plan').fill('Any new injury: strategy discussion the same day.')
  // The brother must be considered.
  await page.getByRole('button', { name: 'Record the decision' }).click()
  await expect(page.locator('.govuk-error-summary')).toContainText(
    /Record what the conference decided or noted for Tobi/,
  )
  await checkPage()
  await page
    .getByRole('textbox', { name: /^Tobi .*: what was decided or noted$/ })
    .fill('Tobi to be seen alone; no plan needed for him now.')
  await submitAndReturn(page, checkPage, 'Record the decision')
  await expect(page.getByText('Child protection plan').first()).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Hold the first core group meeting' })).toBeVisible()
})

test('the social worker records the core group; the chair holds the first review', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
  homePage,
}) => {
  await signIn(page, signInPage, twoFactorPage, checkPage, people.socialWorker)
  await openCase(page, checkPage)
  await page.getByRole('link', { name: 'Record a core group meeting' }).click()
  await checkPage()
  await fillDate(page, 'When did the core group meet?')
  await page.getByLabel('What was discussed and agreed').fill('Visits agreed; school to share attendance weekly.')
  await submitAndReturn(page, checkPage, 'Record the meeting')
  await expect(page.getByRole('cell', { name: 'Hold the first core group meeting' })).toHaveCount(0)
  await homePage.signOut()

  await signIn(page, signInPage, twoFactorPage, checkPage, people.chair)
  await openCase(page, checkPage)
  await page.getByRole('link', { name: 'Record a review conference' }).click()
  await checkPage()
  await fillDate(page, 'When was the review conference held?')
  await page.getByRole('radio', { name: 'Continue the child protection plan' }).check()
  await page.getByLabel('Summary of the review').fill('Some progress. Plan continues.')
  await submitAndReturn(page, checkPage, 'Record the review')
  await expect(page.getByRole('cell', { name: 'Hold the next child protection review conference' })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Hold the first child protection review conference' })).toHaveCount(0)
})
