/**
 * The core journey: a teacher records a concern about a child new to Together, the school's safeguarding leads
 * are emailed (over real SMTP, see support/smtp.ts), a DSL acknowledges it from the inbox and records a
 * decision, the teacher sees the outcome, and another school can find neither the child nor the concern.
 *
 * The steps run in order in one worker, each in a fresh browser, and hand the concern on in `recorded`.
 */
import { randomInt } from 'node:crypto'
import type { Page } from '@playwright/test'
import { signIn } from './support/journeys.js'
import type { SignInPage, TwoFactorPage } from './support/pages.js'
import { baseURL, demoUser, runUsers, type E2eUser } from './support/settings.js'
import { readMail } from './support/smtp.js'
import { expect, test } from './support/test.js'

test.describe.configure({ mode: 'serial' })

const teacher = () => demoUser('teacher@oakfield-primary.example')
const otherSchoolTeacher = () => demoUser('teacher@riverside-academy.example')
const decision = 'Refer to children’s social care'
const rationale = 'A bruise on the forearm and what she said about home: children’s social care need to assess.'
/** The outbox worker sends every 2 seconds; allow for a queue left by earlier runs on an external database. */
const MAIL_TIMEOUT_MS = 30_000

/** A made-up name for this run, so a database kept between runs never offers an earlier run's child. */
function randomName(syllables: number): string {
  const consonants = 'bdfgklmnprstvz'
  const vowels = 'aeiou'
  let name = ''
  for (let i = 0; i < syllables; i++)
    name += (consonants[randomInt(consonants.length)] ?? 'b') + (vowels[randomInt(vowels.length)] ?? 'a')
  return name.charAt(0).toUpperCase() + name.slice(1)
}

const child = { givenName: randomName(3), familyName: randomName(4) }
const childName = `${child.givenName} ${child.familyName}`

/**
 * Europe/London wall clock at an instant, as the form asks for it. Together refuses an observation in the
 * future, so the journey uses a time an hour and five minutes ago: still in the past even if the clocks went back
 * in between (Together reads a repeated hour as the later one), and on yesterday's date just after midnight.
 */
function londonWallClock(at: Date): { day: string; month: string; year: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  )
  return {
    day: String(Number(parts.day)),
    month: String(Number(parts.month)),
    year: String(parts.year),
    time: `${parts.hour}:${parts.minute}`,
  }
}

interface Recorded {
  readonly reference: string
  /** /concerns/<id> */
  readonly path: string
}
let recorded: Recorded | undefined
/** /children/<id>, as the DSL's concern page links to it. */
let childPath: string | undefined

function concern(): Recorded {
  if (recorded === undefined) throw new Error('The concern was not recorded: the first step failed')
  return recorded
}

/** Who a delivered message with this exact subject went to, sorted. */
function recipientsOf(subject: string): string[] {
  return readMail()
    .filter((m) => m.subject === subject)
    .map((m) => m.deliveredTo)
    .sort()
}

/** A staff member signs in with their password alone and lands on their home page (see journeys.ts). */
async function signInWithPassword(
  page: Page,
  checkPage: () => Promise<void>,
  signInPage: SignInPage,
  twoFactorPage: TwoFactorPage,
  user: E2eUser,
): Promise<void> {
  await signIn(page, checkPage, signInPage, twoFactorPage, user, false)
}

async function openFromHome(page: Page, checkPage: () => Promise<void>, link: string, heading: string): Promise<void> {
  await page.locator('#main-content').getByRole('link', { name: link, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
  await checkPage()
}

test('a teacher records a concern about a child new to Together and gets a reference', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  const user = teacher()
  expect(user.roles).toEqual(['staff'])
  await signInWithPassword(page, checkPage, signInPage, twoFactorPage, user)

  // Which child: find before create. Nobody has recorded this child, so the search finds no one.
  await openFromHome(page, checkPage, 'Record a concern', 'Which child is it about?')
  await expect(page).toHaveURL(/\/concerns\/new\/[^/]+\/child$/)
  await page.getByLabel('First name', { exact: true }).fill(child.givenName)
  await page.getByLabel('Last name', { exact: true }).fill(child.familyName)
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'No matching children' })).toBeVisible()
  await checkPage()

  await page.getByRole('link', { name: 'The child is not listed: add their details' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Add the child’s details' })).toBeVisible()
  // The names searched for are carried over.
  await expect(page.getByLabel('First name', { exact: true })).toHaveValue(child.givenName)
  await expect(page.getByLabel('Last name', { exact: true })).toHaveValue(child.familyName)
  await checkPage()
  const born = page.getByRole('group', { name: 'Date of birth', exact: true })
  await born.getByLabel('Day').fill('14')
  await born.getByLabel('Month').fill('5')
  await born.getByLabel('Year').fill(String(new Date().getFullYear() - 8))
  await page.getByRole('group', { name: 'Sex' }).getByLabel('Female').check()
  await page.getByRole('button', { name: 'Add child' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Which child is it about?' })).toBeVisible()
  await expect(page.locator('#selected-children')).toContainText(childName)
  await checkPage()
  await page.getByRole('button', { name: 'Continue' }).click()

  // Immediate danger: no.
  await expect(page.getByRole('heading', { level: 1, name: 'Is the child in immediate danger?' })).toBeVisible()
  await checkPage()
  await page.getByRole('radio', { name: 'No', exact: true }).check()
  await page.getByRole('button', { name: 'Continue' }).click()

  // What happened, an hour ago.
  await expect(page.getByRole('heading', { level: 1, name: 'What happened?' })).toBeVisible()
  await checkPage()
  const seen = londonWallClock(new Date(Date.now() - 65 * 60_000))
  const when = page.getByRole('group', { name: 'When did you see or hear it?' })
  await when.getByLabel('Day').fill(seen.day)
  await when.getByLabel('Month').fill(seen.month)
  await when.getByLabel('Year').fill(seen.year)
  await page.getByLabel('Time', { exact: true }).fill(seen.time)
  await page.getByLabel('Where?', { exact: true }).fill('Year 4 classroom')
  await page
    .getByLabel('What did you see or hear?')
    .fill(
      'When she rolled up her sleeves for painting I saw a purple bruise about 3cm across on the inside of her left forearm. She pulled her sleeve down when she saw me looking.',
    )
  await page.getByLabel('The child’s own words (optional)').fill('I fell over. Please don’t tell my mum you saw it.')
  await page.getByLabel('Who else was there? (optional)').fill('Mr Patel, teaching assistant')
  await page.getByLabel('What have you done already? (optional)').fill('Nothing else. I did not ask her about it.')
  await page.getByRole('button', { name: 'Continue' }).click()

  // What kind, with a mark on the body map.
  await expect(page.getByRole('heading', { level: 1, name: 'What kind of concern is it?' })).toBeVisible()
  await checkPage()
  await page.getByRole('checkbox', { name: 'Physical abuse', exact: true }).check()
  await page.getByLabel('Where on the body?').selectOption({ label: 'Left forearm' })
  await page.getByLabel('Describe the mark').fill('Purple bruise, about 3cm across, on the inside')
  await page.getByRole('button', { name: 'Add this mark' }).click()
  await expect(page.locator('#marks')).toContainText('Left forearm: Purple bruise, about 3cm across, on the inside')
  await expect(page.getByRole('checkbox', { name: 'Physical abuse', exact: true })).toBeChecked()
  await checkPage()
  await page.getByRole('button', { name: 'Continue' }).click()

  // Check answers, then send.
  await expect(page.getByRole('heading', { level: 1, name: 'Check your answers before sending' })).toBeVisible()
  const answer = (key: string) =>
    page
      .locator('.govuk-summary-list__row')
      .filter({ has: page.getByText(key, { exact: true }) })
      .locator('.govuk-summary-list__value')
  await expect(answer('Child or children')).toHaveText(childName)
  await expect(answer('Immediate danger')).toHaveText('No')
  await expect(answer('When')).toHaveText(`${seen.day}/${seen.month}/${seen.year} at ${seen.time}`)
  await expect(answer('Where')).toHaveText('Year 4 classroom')
  await expect(answer('Type of concern')).toHaveText('Physical abuse')
  await expect(answer('Marks or injuries')).toContainText(
    'Left forearm: Purple bruise, about 3cm across, on the inside',
  )
  await checkPage()
  await page.getByRole('button', { name: 'Send to your safeguarding lead' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Concern recorded' })).toBeVisible()
  const reference = (await page.locator('#concern-reference').innerText()).trim()
  expect(reference).toMatch(/^C-\d{4}-\d{6}$/)
  const path = await page.getByRole('link', { name: 'view your concern' }).getAttribute('href')
  expect(path).toMatch(/^\/concerns\/[0-9a-f-]{36}$/)
  await checkPage()
  recorded = { reference, path: path ?? '' }
})

test('the school’s safeguarding leads are emailed the reference, and no one else is', async () => {
  const { reference, path } = concern()
  const subject = `New safeguarding concern ${reference}`
  const leads = [
    runUsers().concernDsl.email,
    runUsers().dsl.email,
    demoUser('dsl@oakfield-primary.example').email,
    demoUser('deputy.dsl@oakfield-primary.example').email,
  ]

  await expect
    .poll(() => recipientsOf(subject), { timeout: MAIL_TIMEOUT_MS, intervals: [500] })
    .toEqual(expect.arrayContaining(leads.sort()))

  const messages = readMail().filter((m) => m.subject.includes(reference))
  // Every DSL and deputy at Oakfield (earlier runs' too, on a kept database), each once, and nobody elsewhere.
  const recipients = messages.map((m) => m.deliveredTo)
  expect(new Set(recipients).size, 'one message per lead').toBe(recipients.length)
  for (const to of recipients) expect(to).toMatch(/@oakfield-primary\.example$/)
  expect(recipients).not.toContain(teacher().email)
  for (const message of messages) {
    expect(message.to).toContain(message.deliveredTo)
    expect(message.text).toContain(`Reference: ${reference}`)
    expect(message.text).toContain(`Recorded by: ${teacher().name}`)
    expect(message.text).toContain(`${baseURL}${path}`)
    // No child's name in email: it may be read on a shared device.
    expect(message.text).not.toContain(child.familyName)
    expect(message.subject).not.toContain(child.familyName)
  }
})

test('a DSL finds it in the safeguarding inbox, acknowledges it and refers the child', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  const { reference, path } = concern()
  const dsl = runUsers().concernDsl
  expect(dsl.roles).toEqual(['dsl'])

  // First sign-in of this run's DSL: set up the authenticator app.
  await signIn(page, checkPage, signInPage, twoFactorPage, dsl)

  await openFromHome(page, checkPage, 'Safeguarding inbox', 'Safeguarding inbox')
  const row = page.locator('#inbox tbody tr').filter({ has: page.getByRole('link', { name: reference, exact: true }) })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(childName)
  await expect(row).toContainText('Physical abuse')
  await expect(row).toContainText(`by ${teacher().name}`)
  await expect(row).toContainText('New')

  await row.getByRole('link', { name: reference, exact: true }).click()
  await expect(page).toHaveURL(path)
  const heading = page.getByRole('heading', { level: 1 })
  await expect(heading).toHaveText(`Concern ${reference} New`)
  await expect(page.getByRole('main')).toContainText('Left forearm: Purple bruise, about 3cm across, on the inside')
  await expect(page.getByRole('main')).toContainText('I fell over. Please don’t tell my mum you saw it.')
  childPath = (await page.getByRole('link', { name: childName, exact: true }).getAttribute('href')) ?? undefined
  expect(childPath).toMatch(/^\/children\/[0-9a-f-]{36}$/)
  // Nothing can be decided before the concern is acknowledged.
  await expect(page.getByRole('button', { name: 'Record decision' })).toHaveCount(0)
  await checkPage()

  await page.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(heading).toHaveText(`Concern ${reference} Acknowledged`)
  await expect(page.locator('#events')).toContainText(`Acknowledged by ${dsl.name}`)
  await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0)
  await checkPage()

  await page
    .getByRole('group', { name: 'Record a decision' })
    .getByRole('radio', { name: decision, exact: true })
    .check()
  await page.getByLabel('Why?', { exact: true }).fill(rationale)
  await page
    .getByRole('group', { name: 'Do the child’s parents or carers know about the referral?' })
    .getByRole('radio', { name: 'No', exact: true })
    .check()
  await page
    .getByRole('group', { name: 'Did they agree to the referral?' })
    .getByRole('radio', { name: 'I did not ask them' })
    .check()
  await page
    .getByLabel('If you did not ask them: why not?')
    .fill('She asked us not to tell her mum; asking could put her at greater risk.')
  await page
    .getByRole('group', { name: 'Must the family not be told who made this referral?' })
    .getByRole('radio', { name: 'No, the family may be told' })
    .check()
  await page.getByRole('button', { name: 'Record decision' }).click()
  await expect(heading).toHaveText(`Concern ${reference} Decision made`)
  const decided = page.locator('#events li').filter({ hasText: `Decision: ${decision}` })
  await expect(decided).toContainText(`by ${dsl.name}`)
  await expect(decided).toContainText(rationale)
  await checkPage()
})

test('the teacher sees the outcome on Your concerns, and is emailed that it was reviewed', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  const { reference } = concern()
  const user = teacher()

  await expect
    .poll(() => recipientsOf(`Your concern ${reference} has been reviewed`), {
      timeout: MAIL_TIMEOUT_MS,
      intervals: [500],
    })
    .toEqual([user.email])

  await signInWithPassword(page, checkPage, signInPage, twoFactorPage, user)
  await openFromHome(page, checkPage, 'Your concerns', 'Your concerns')
  const row = page
    .locator('#my-concerns tbody tr')
    .filter({ has: page.getByRole('link', { name: reference, exact: true }) })
  await expect(row).toHaveCount(1)
  await expect(row.locator('td')).toHaveText([new RegExp(`^${reference}`), childName, decision])
})

test('another school can find neither the child nor the concern', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  const { path } = concern()
  const user = otherSchoolTeacher()
  expect(user.organisation).not.toBe(teacher().organisation)
  await signInWithPassword(page, checkPage, signInPage, twoFactorPage, user)

  await openFromHome(page, checkPage, 'Record a concern', 'Which child is it about?')
  await page.getByLabel('First name', { exact: true }).fill(child.givenName)
  await page.getByLabel('Last name', { exact: true }).fill(child.familyName)
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'No matching children' })).toBeVisible()
  await expect(page.getByRole('main')).not.toContainText(childName)
  await checkPage()

  // The addresses themselves give nothing away: the same "Page not found" as an address that never existed.
  if (childPath === undefined) throw new Error('The child’s address was not found: the DSL step failed')
  for (const address of [path, childPath]) {
    const response = await page.goto(address)
    expect(response?.status(), address).toBe(404)
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
    await expect(page.getByRole('main')).not.toContainText(childName)
    await checkPage()
  }
})
