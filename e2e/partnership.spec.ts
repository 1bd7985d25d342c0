/**
 * Learning from a serious incident, in the browser, with axe on every page. A school's DSL records a concern about
 * a child new to Together (with the child's NHS number). The child is later seriously harmed: the local
 * authority's lead safeguarding partner notifies the serious incident and the partners are told by email. The
 * partnership's business manager starts the rapid review, asking the police, health and the child's school; the
 * police's and the integrated care board's leads and the school's DSL each follow the email and submit their
 * agency's summary. The business manager records the decision "practice review", which the three lead
 * safeguarding partners sign off; a recommendation's action owned by the police appears on the police lead's Due
 * and overdue. The business manager drafts the yearly report, which shows the data set's charts and the actions'
 * status; the three leads sign it off and it is published as a PDF.
 *
 * Sign-ins are few: each person signs in once, in a browser context of their own, and keeps it for the journey.
 * The demo's lead partners and business manager are used because the partnership register names them; the DSL is
 * made for this run (other journeys sign the demo DSL in).
 */
import { randomBytes, randomInt } from 'node:crypto'
import type { Browser, Page } from '@playwright/test'
import { expectNoAxeViolations } from './support/axe.js'
import { createAccount, fillDate, follow, londonDate, randomName, signIn, type Account } from './support/journeys.js'
import { SignInPage, TwoFactorPage, type CheckPage } from './support/pages.js'
import { baseURL, demoUser } from './support/settings.js'
import { readMail } from './support/smtp.js'
import { expect, test } from './support/test.js'

const runId = randomBytes(3).toString('hex')
const OAKFIELD = 'Oakfield Primary School'
/** The outbox worker sends every 2 seconds; allow for a queue left by earlier runs on an external database. */
const MAIL_TIMEOUT_MS = 30_000

const LEADS = {
  la: 'partnership.lead@northshire-council.example',
  police: 'partnership.lead@northshire-police.example',
  icb: 'partnership.lead@northshire-icb.example',
} as const
const BUSINESS_MANAGER = 'business.manager@northshire-council.example'

/** A valid NHS number (modulus 11 check digit) that no earlier run used. */
function nhsNumber(): string {
  for (;;) {
    const digits = Array.from({ length: 9 }, () => randomInt(10))
    const sum = digits.reduce((s, d, i) => s + d * (10 - i), 0)
    const check = 11 - (sum % 11)
    if (check === 10) continue
    return [...digits, check === 11 ? 0 : check].join('')
  }
}

const child = { givenName: randomName(2), familyName: randomName(3), nhsNumber: nhsNumber() }
const childName = `${child.givenName} ${child.familyName}`

interface Person {
  readonly page: Page
  readonly check: CheckPage
  readonly user: Account
}

/** Signs a person in, once, in a browser context of their own; every page they see is checked with axe. */
async function signedIn(browser: Browser, user: Account): Promise<Person> {
  const context = await browser.newContext({ baseURL, locale: 'en-GB', timezoneId: 'Europe/London' })
  const page = await context.newPage()
  const check = () => expectNoAxeViolations(page)
  await signIn(page, check, new SignInPage(page, check), new TwoFactorPage(page, check), user)
  return { page, check, user }
}

/** Opens an address and checks the page by its heading. */
async function visit(p: Person, path: string, heading: string | RegExp): Promise<void> {
  await p.page.goto(path)
  await expect(p.page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
  await p.check()
}

/** The one email with this subject delivered to this person, once the outbox has sent it. */
async function mailTo(email: string, subject: string): Promise<string> {
  const find = () => readMail().filter((m) => m.deliveredTo === email && m.subject === subject)
  await expect.poll(() => find().length, { timeout: MAIL_TIMEOUT_MS, intervals: [500] }).toBe(1)
  return find()[0]?.text ?? ''
}

/** The address an email links to on this service (an absolute link when the service's address is configured). */
const linkIn = (text: string, path: RegExp): string => {
  const found = new RegExp(`(?:https?://[^\\s/]+)?(${path.source})`).exec(text)
  expect(found, `a link like ${path.source} in:\n${text}`).not.toBeNull()
  return found?.[1] ?? ''
}

test('a serious incident: notified, rapid review with three agencies’ summaries, practice review signed off, actions on Due and overdue, the yearly report published', async ({
  browser,
}) => {
  // Five people sign in, three of them setting up an authenticator app, and the yearly report draws every chart.
  test.setTimeout(1_800_000)
  const dslAccount = await createAccount(runId, 'sp-dsl', 'Sana Partner', OAKFIELD, 'dsl', 'oakfield-primary.example')

  // The school's DSL records a concern about a child new to Together, with the child's NHS number.
  const dsl = await signedIn(browser, dslAccount)
  await follow(dsl.page, dsl.check, 'Record a concern', 'Which child is it about?')
  await dsl.page.getByLabel('First name', { exact: true }).fill(child.givenName)
  await dsl.page.getByLabel('Last name', { exact: true }).fill(child.familyName)
  await dsl.page.getByRole('button', { name: 'Search' }).click()
  await expect(dsl.page.getByRole('heading', { level: 2, name: 'No matching children' })).toBeVisible()
  await dsl.check()
  await dsl.page.getByRole('link', { name: 'The child is not listed: add their details' }).click()
  await expect(dsl.page.getByRole('heading', { level: 1, name: 'Add the child’s details' })).toBeVisible()
  await dsl.check()
  await fillDate(dsl.page, 'Date of birth', { day: '3', month: '2', year: String(new Date().getFullYear() - 7) })
  await dsl.page.getByRole('group', { name: 'Sex' }).getByLabel('Female', { exact: true }).check()
  await dsl.page.getByLabel('NHS number (optional)').fill(child.nhsNumber)
  await dsl.page.getByRole('button', { name: 'Add child' }).click()
  await expect(dsl.page.getByRole('heading', { level: 1, name: 'Which child is it about?' })).toBeVisible()
  await dsl.check()
  await dsl.page.getByRole('button', { name: 'Continue' }).click()
  await expect(dsl.page.getByRole('heading', { level: 1, name: 'Is the child in immediate danger?' })).toBeVisible()
  await dsl.check()
  await dsl.page.getByRole('radio', { name: 'No', exact: true }).check()
  await dsl.page.getByRole('button', { name: 'Continue' }).click()
  await expect(dsl.page.getByRole('heading', { level: 1, name: 'What happened?' })).toBeVisible()
  await dsl.check()
  const seen = new Date(Date.now() - 65 * 60_000)
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      day: 'numeric',
      month: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(seen)
      .map((x) => [x.type, x.value]),
  )
  await fillDate(dsl.page, 'When did you see or hear it?', {
    day: String(Number(parts.day)),
    month: String(Number(parts.month)),
    year: String(parts.year),
  })
  await dsl.page.getByLabel('Time', { exact: true }).fill(`${parts.hour}:${parts.minute}`)
  await dsl.page.getByLabel('Where?', { exact: true }).fill('School gate')
  await dsl.page
    .getByLabel('What did you see or hear?')
    .fill(`Bruising to both arms; says her mum's new partner grabbed her. Run ${runId}.`)
  await dsl.page.getByRole('button', { name: 'Continue' }).click()
  await expect(dsl.page.getByRole('heading', { level: 1, name: 'What kind of concern is it?' })).toBeVisible()
  await dsl.check()
  await dsl.page.getByRole('checkbox', { name: 'Physical abuse', exact: true }).check()
  await dsl.page.getByRole('button', { name: 'Continue' }).click()
  await expect(dsl.page.getByRole('heading', { level: 1, name: 'Check your answers before sending' })).toBeVisible()
  await dsl.check()
  await dsl.page.getByRole('button', { name: /^Send/ }).click()
  await expect(dsl.page.getByRole('heading', { level: 1, name: 'Concern recorded' })).toBeVisible()
  await dsl.check()

  // The local authority's lead partner notifies the serious incident.
  const la = await signedIn(browser, demoUser(LEADS.la))
  await visit(la, '/partnership/incidents', 'Serious incidents and reviews')
  await follow(la.page, la.check, 'Notify a serious incident', 'Notify a serious incident')
  const today = londonDate()
  await fillDate(la.page, 'Date the local authority became aware', today)
  await fillDate(la.page, 'Date the Panel was notified', today)
  await la.page.getByLabel('Where it happened', { exact: true }).fill('The family home, Northshire')
  await la.page.getByRole('radio', { name: 'The child was seriously harmed' }).check()
  await la.page
    .getByRole('group', { name: 'Abuse or neglect' })
    .getByRole('radio', { name: 'Suspected', exact: true })
    .check()
  await la.page.getByLabel('NHS number of the child', { exact: true }).fill(child.nhsNumber)
  await la.page.getByLabel('The child’s legal status', { exact: true }).selectOption({ label: 'Child in need' })
  await la.page.getByLabel('Local authority where it happened').fill('Northshire')
  await la.page.getByLabel('Local authority where the child lives').fill('Northshire')
  await la.page.getByRole('button', { name: 'Record the notification and tell the partners' }).click()
  const reference = la.page.getByRole('heading', { level: 1, name: /^SI-\d{4}-\d{4}$/ })
  await expect(reference).toBeVisible()
  const incident = { reference: await reference.innerText(), path: new URL(la.page.url()).pathname }
  await expect(la.page.locator('#children')).toContainText(childName)
  await la.check()

  // The partners are told, by an email that names no child and says where the incident is.
  const told = await mailTo(LEADS.police, `Serious incident ${incident.reference} notified`)
  expect(told).not.toContain(child.familyName)
  expect(linkIn(told, /\/partnership\/incidents\/[0-9a-f-]{36}/)).toBe(incident.path)

  // The business manager starts the rapid review, asking the police, health and the child's school.
  const bm = await signedIn(browser, demoUser(BUSINESS_MANAGER))
  await visit(bm, incident.path, incident.reference)
  await follow(bm.page, bm.check, 'Start the rapid review', 'Start the rapid review')
  const agencies = bm.page.getByRole('group', { name: 'Which agencies to ask for a summary' })
  await agencies.getByRole('checkbox', { name: 'Police', exact: true }).check()
  await agencies.getByRole('checkbox', { name: /^Health/ }).check()
  await agencies.getByRole('checkbox', { name: 'The children’s schools, colleges and childcare' }).check()
  await fillDate(bm.page, 'Date the summaries are due', londonDate(7))
  await bm.page.getByRole('button', { name: 'Ask the agencies for their summaries' }).click()
  await expect(bm.page.getByRole('heading', { level: 1, name: incident.reference })).toBeVisible()
  const summaries = bm.page.locator('#agency-summaries')
  await expect(summaries.getByRole('rowheader')).toHaveText(['Northshire ICB', 'Northshire Police', OAKFIELD])
  await bm.check()

  // Each agency follows its email and submits its summary.
  const subject = `Rapid review ${incident.reference}: your agency’s summary is needed`
  const police = await signedIn(browser, demoUser(LEADS.police))
  const icb = await signedIn(browser, demoUser(LEADS.icb))
  for (const [who, involvement] of [
    [police, 'Attended the home on the day of the incident; earlier call-out recorded in the spring.'],
    [icb, 'Health visitor contact at 2 years; GP saw the child for a minor injury last year.'],
    [dsl, 'Concern recorded about bruising; DSL spoke to mum the same day.'],
  ] as const) {
    const email = await mailTo(who.user.email, subject)
    expect(email).not.toContain(child.familyName)
    await who.page.goto(linkIn(email, /\/partnership\/summaries/))
    await expect(
      who.page.getByRole('heading', { level: 1, name: 'Rapid review summaries asked of your agency' }),
    ).toBeVisible()
    await who.check()
    await follow(who.page, who.check, `Submit your summary for ${incident.reference}`, 'Submit your agency’s summary')
    await who.page.getByRole('radio', { name: 'We were involved: here is our summary' }).check()
    await who.page.getByLabel('Your agency’s involvement, in date order').fill(involvement)
    await who.page.getByLabel('Your analysis of that involvement').fill('Each contact was handled on its own.')
    await who.page
      .getByLabel('Learning and what your agency has already done')
      .fill('Ask about new adults in the household.')
    await who.page.getByRole('button', { name: 'Submit the summary' }).click()
    await expect(who.page.getByText('Your agency’s answer has been sent to the rapid review.')).toBeVisible()
    await who.check()
  }

  // The business manager records the decision: a local child safeguarding practice review.
  await bm.page.reload()
  await expect(summaries.getByRole('cell')).toHaveText([/Summary submitted/, /Summary submitted/, /Summary submitted/])
  await bm.check()
  await follow(bm.page, bm.check, 'Record the rapid review’s decision', 'Record the rapid review’s decision')
  await fillDate(bm.page, 'Date of the rapid review meeting', today)
  await bm.page.getByLabel('Immediate actions to keep children safe').fill('Safety plan for the younger brother.')
  await bm.page.getByLabel('Learning identified').fill('Information about a new adult in the household was not shared.')
  await bm.page.getByRole('radio', { name: 'Hold a local child safeguarding practice review' }).check()
  await bm.page.getByRole('button', { name: 'Record the decision and ask the partners to sign it off' }).click()
  await expect(bm.page.getByRole('heading', { level: 1, name: incident.reference })).toBeVisible()
  await expect(bm.page.locator('#sign-offs')).toHaveText('No one has signed yet.')
  await bm.check()

  // The three lead partners sign it off; the third completes the rapid review.
  for (const lead of [la, police, icb]) {
    await visit(lead, incident.path, incident.reference)
    await follow(lead.page, lead.check, 'Sign off the rapid review', 'Sign off the rapid review')
    await lead.page.getByRole('checkbox', { name: /^I sign off this rapid review/ }).check()
    await lead.page.getByRole('button', { name: 'Sign off', exact: true }).click()
    await expect(lead.page.getByRole('heading', { level: 1, name: incident.reference })).toBeVisible()
    await lead.check()
  }
  await expect(icb.page.locator('#sign-offs li')).toHaveCount(3)
  await expect(icb.page.getByText('Local child safeguarding practice review', { exact: true })).toBeVisible()

  // A recommendation, with its action owned by the police's lead.
  await visit(bm, incident.path, incident.reference)
  await follow(bm.page, bm.check, 'Record a recommendation and its action', /recommendation/i)
  await bm.page.getByRole('radio', { name: 'Rapid review', exact: true }).check()
  await bm.page.getByLabel('Serious incident reference').fill(incident.reference)
  await bm.page
    .getByLabel('Recommendation', { exact: true })
    .fill('Share information about new adults in the household.')
  await bm.page
    .getByLabel('Action', { exact: true })
    .fill(`Brief response officers on asking about new adults (${runId})`)
  await bm.page.getByLabel('Email address of the person who owns the action').fill(LEADS.police)
  await fillDate(bm.page, 'Date the action is due', londonDate(28))
  await bm.page.getByRole('button', { name: 'Record the recommendation' }).click()
  await expect(bm.page.getByRole('heading', { level: 1, name: 'Recommendations and actions' })).toBeVisible()
  await bm.check()

  const action = bm.page.getByRole('row').filter({ hasText: runId })
  await expect(action).toContainText('Northshire Police')
  const recommendation = /R-\d{4}-\d{4}/.exec(await action.innerText())?.[0] ?? ''
  expect(recommendation).not.toBe('')

  // It is on its owner's Due and overdue.
  await visit(police, '/', /^Hello/)
  // The home page's own link: the service navigation repeats it.
  await police.page.getByRole('main').getByRole('link', { name: 'Due and overdue', exact: true }).click()
  await expect(police.page.getByRole('heading', { level: 1, name: 'Due and overdue' })).toBeVisible()
  await police.check()
  await expect(police.page.getByRole('main')).toContainText(`Action from recommendation ${recommendation}`)

  // The yearly report: drafted by the business manager, with the data set's charts and the actions' status.
  await visit(bm, '/partnership/yearly-reports', 'Yearly reports')
  await follow(bm.page, bm.check, 'Draft a yearly report', 'Draft the yearly report')
  const startYear = Number(today.month) >= 4 ? Number(today.year) : Number(today.year) - 1
  await bm.page.getByLabel('The year the report starts').fill(String(startYear))
  for (const [section, words] of [
    ['What we did', 'The partners met monthly and held one rapid review.'],
    ['Reviews and learning', `Rapid review ${incident.reference} led to a local practice review.`],
    ['Independent scrutiny', 'The scrutineer attended every executive meeting.'],
    ['How education is engaged', 'Schools sit on every subgroup.'],
    ['Impact on children and families', 'See the measures below.'],
    ['Disproportionality', 'Numbers are too small to analyse by ethnicity this year.'],
    ['Priorities for next year', 'Information about new adults in a household.'],
  ] as const)
    await bm.page.getByLabel(section, { exact: true }).fill(words)
  await bm.page.getByRole('button', { name: 'Save the draft' }).click()
  const reportHeading = `Yearly report, April ${startYear} to March ${startYear + 1}`
  await expect(bm.page.getByRole('heading', { level: 1, name: reportHeading })).toBeVisible()
  await expect(bm.page.locator('#report-status')).toContainText('Draft')
  const reportPath = new URL(bm.page.url()).pathname
  // The actions' status, and the data set's charts (each an image with its figures as a table).
  await expect(bm.page.locator('#report-actions')).toContainText(`${recommendation}: Brief response officers`)
  await expect(bm.page.locator('#report-actions')).toContainText('Northshire Police')
  for (const measure of [
    'Referrals to children’s social care',
    'Family help started',
    'Safeguarding training up to date',
  ])
    await expect(bm.page.getByRole('heading', { level: 3, name: measure, exact: true })).toBeVisible()
  expect(await bm.page.locator('svg[role="img"]').count()).toBeGreaterThan(10)
  await bm.check()

  // The three lead partners sign it off; it is published.
  for (const lead of [la, police, icb]) {
    await visit(lead, reportPath, reportHeading)
    await follow(lead.page, lead.check, 'Sign off the report', /Sign off/)
    await lead.page.getByRole('checkbox', { name: /^I sign off/ }).check()
    await lead.page.getByRole('button', { name: 'Sign off', exact: true }).click()
    await expect(lead.page.getByRole('heading', { level: 1, name: reportHeading })).toBeVisible()
    await lead.check()
  }
  await expect(icb.page.locator('#report-status')).toContainText('Published')

  // Published as a PDF.
  await visit(bm, reportPath, reportHeading)
  const pdf = await bm.page.request.get(`${reportPath}/pdf`)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
})
