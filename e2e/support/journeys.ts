/**
 * What the longer journeys share: accounts made for the run (the roles that need an authenticator app set it up
 * at their first sign-in, as a new colleague would), signing in with one, dates as the forms ask for them, and a
 * child known to a school, made the way a person would: their DSL records a concern about a child new to Together.
 */
import { execFile } from 'node:child_process'
import { randomInt } from 'node:crypto'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, test, type Page } from '@playwright/test'
import type { CheckPage, SignInPage, TwoFactorPage } from './pages.js'
import { root, togetherBin, togetherEnv, type E2eUser } from './settings.js'
import { nextCode, restoreSession, signInOverHttp } from './sessions.js'
import { Authenticator } from './totp.js'

const run = promisify(execFile)

export interface Account extends E2eUser {
  /** Set at the first sign-in, when the account sets up its authenticator app. */
  authenticator?: Authenticator
}

/** A made-up name, so a database kept between runs never offers an earlier run's child or person. */
export function randomName(syllables: number): string {
  const consonants = 'bdfgklmnprstvz'
  const vowels = 'aeiou'
  let name = ''
  for (let i = 0; i < syllables; i++)
    name += (consonants[randomInt(consonants.length)] ?? 'b') + (vowels[randomInt(vowels.length)] ?? 'a')
  return name.charAt(0).toUpperCase() + name.slice(1)
}

/** `together users create`, attached to the running server's database, as an administrator would. */
export async function createAccount(
  runId: string,
  key: string,
  name: string,
  organisation: string,
  role: string,
  domain: string,
): Promise<Account> {
  const user: Account = {
    email: `e2e-${key}-${runId}@${domain}`,
    password: `${runId} correct horse battery staple`,
    name: `${name} ${runId}`,
    organisation,
    roles: [role],
  }
  try {
    await run(
      process.execPath,
      [
        togetherBin,
        'users',
        'create',
        '--organisation',
        organisation,
        '--email',
        user.email,
        '--name',
        user.name,
        '--role',
        role,
        '--password',
        user.password,
      ],
      { env: togetherEnv() },
    )
  } catch (e) {
    const { stderr, stdout } = e as { stderr?: string; stdout?: string }
    throw new Error(`together users create ${user.email} failed:\n${stderr ?? ''}${stdout ?? ''}`)
  }
  return user
}

export interface AccountToCreate {
  /** Part of the email address, unique in the spec: e2e-<key>-<runId>@<domain>. */
  readonly key: string
  readonly name: string
  readonly organisation: string
  readonly role: string
  readonly domain: string
}

/**
 * Several accounts at once, made as `createAccount` makes one, in one process (see create-accounts.ts): for a
 * spec's beforeAll, where a process per account cost tens of seconds.
 */
export async function createAccounts<const T extends readonly AccountToCreate[]>(
  runId: string,
  accounts: T,
): Promise<{ -readonly [K in keyof T]: Account }> {
  const users: Account[] = accounts.map(({ key, name, organisation, role, domain }) => ({
    email: `e2e-${key}-${runId}@${domain}`,
    password: `${runId} correct horse battery staple`,
    name: `${name} ${runId}`,
    organisation,
    roles: [role],
  }))
  try {
    await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'e2e', 'support', 'create-accounts.ts'), JSON.stringify(users)],
      {
        env: togetherEnv(),
        cwd: root,
      },
    )
  } catch (e) {
    const { stderr, stdout } = e as { stderr?: string; stdout?: string }
    throw new Error(`creating ${users.map((u) => u.email).join(', ')} failed:\n${stderr ?? ''}${stdout ?? ''}`)
  }
  return users as { -readonly [K in keyof T]: Account }
}

/**
 * Runs the service's escalation pass once, as if `minutes` from now (see escalation-pass.ts), attached to the
 * running server's database. Returns how many concerns it escalated (across the whole database).
 */
export async function runEscalationPass(minutes: number): Promise<number> {
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'e2e', 'support', 'escalation-pass.ts'), String(minutes)],
      { env: togetherEnv(), cwd: root },
    )
    return Number(stdout.trim())
  } catch (e) {
    const { stderr, stdout } = e as { stderr?: string; stdout?: string }
    throw new Error(`the escalation pass failed:\n${stderr ?? ''}${stdout ?? ''}`)
  }
}

/** Set to 1 to have the journeys sign in through the browser's sign-in pages, as before the session cache. */
const BROWSER_SIGN_IN = process.env.TOGETHER_E2E_BROWSER_SIGN_IN === '1'

/**
 * Signs in and lands on the home page, checked with axe. An account whose role needs a second factor sets up its
 * authenticator app the first time and gives a code from it afterwards; a staff account needs only its password.
 *
 * The sign-in pages themselves are the subject of sign-in.spec.ts and two-factor.spec.ts; here the account signs
 * in over HTTP through the same forms, once per run, and later journeys restore its session (see sessions.ts).
 * TOGETHER_E2E_BROWSER_SIGN_IN=1 signs in through the browser every time instead, checking each page.
 */
export async function signIn(
  page: Page,
  checkPage: CheckPage,
  signInPage: SignInPage,
  twoFactorPage: TwoFactorPage,
  user: Account,
  needsAuthenticator = true,
): Promise<void> {
  await test.step(`Sign in as ${user.email}`, async () => {
    if (BROWSER_SIGN_IN) {
      await signInPage.goto()
      expect(await signInPage.signIn(user)).toBe(303)
      if (needsAuthenticator) {
        if (user.authenticator === undefined) user.authenticator = new Authenticator(await twoFactorPage.expectSetUp())
        else await twoFactorPage.expectCodeRequested()
        expect(await twoFactorPage.submit(await nextCode(user.authenticator))).toBe(303)
      }
    } else {
      if (!(await restoreSession(page, user.email))) await signInOverHttp(page, user, needsAuthenticator)
      await page.goto('/')
    }
    await expect(page).toHaveURL('/')
    await expect(page.getByRole('heading', { level: 1, name: `Hello, ${user.name}` })).toBeVisible()
    await expect(page.getByRole('main').getByText(user.organisation, { exact: true })).toBeVisible()
    await checkPage()
  })
}

/** Follows a link (on the home page, or any page) and checks the page it lands on by its heading. */
export async function follow(
  page: Page,
  checkPage: CheckPage,
  link: string | RegExp,
  heading: string | RegExp,
): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
  await checkPage()
}

export interface DateParts {
  readonly day: string
  readonly month: string
  readonly year: string
}

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

function londonParts(at: Date): DateParts & { time: string } {
  const p = Object.fromEntries(LONDON_DATE.formatToParts(at).map((x) => [x.type, x.value]))
  return {
    day: String(Number(p.day)),
    month: String(Number(p.month)),
    year: String(p.year),
    time: `${p.hour}:${p.minute}`,
  }
}

/** London's date `days` from today (negative for the past), as the forms ask for it. */
export function londonDate(days = 0): DateParts {
  const { day, month, year } = londonParts(new Date(Date.now() + days * 86_400_000))
  return { day, month, year }
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/** How the pages write a date: 4 December 2026. */
export const longDate = (d: DateParts): string => `${d.day} ${MONTHS[Number(d.month) - 1] ?? ''} ${d.year}`

/** Fills a GOV.UK date input, found by its legend. */
export async function fillDate(page: Page, legend: string, d: DateParts = londonDate()): Promise<void> {
  const group = page.getByRole('group', { name: legend, exact: true })
  await group.getByLabel('Day').fill(d.day)
  await group.getByLabel('Month').fill(d.month)
  await group.getByLabel('Year').fill(d.year)
}

export interface ChildOnRecord {
  readonly givenName: string
  readonly familyName: string
  /** /children/<id>; empty when the journey did not open the child's record (see recordConcernAboutNewChild) */
  readonly path: string
  /** The concern that put the child on the school's record, e.g. C-2026-000012. */
  readonly concernReference: string
}

/**
 * A school's DSL records a concern about a child new to Together, from their home page: find before create, the
 * child's details, not in immediate danger, what happened an hour ago, what kind of concern. The school is then
 * involved with the child, and the concern's page links to the child's record, where the journey ends.
 */
export async function recordConcernAboutNewChild(
  page: Page,
  checkPage: CheckPage,
  child: { readonly givenName: string; readonly familyName: string; readonly facts: string },
  options: {
    readonly place?: string
    /**
     * False for someone who is not a safeguarding lead (a coach, a teacher): they see the concern they wrote but
     * not the child's record, so the journey ends on the concern's page and `path` is empty.
     */
    readonly openChildRecord?: boolean
  } = {},
): Promise<ChildOnRecord> {
  const name = `${child.givenName} ${child.familyName}`
  await follow(page, checkPage, 'Record a concern', 'Which child is it about?')
  await page.getByLabel('First name', { exact: true }).fill(child.givenName)
  await page.getByLabel('Last name', { exact: true }).fill(child.familyName)
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'No matching children' })).toBeVisible()
  await checkPage()

  await page.getByRole('link', { name: 'The child is not listed: add their details' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Add the child’s details' })).toBeVisible()
  await checkPage()
  const born = page.getByRole('group', { name: 'Date of birth', exact: true })
  await born.getByLabel('Day').fill('21')
  await born.getByLabel('Month').fill('9')
  await born.getByLabel('Year').fill(String(new Date().getFullYear() - 9))
  await page.getByRole('group', { name: 'Sex' }).getByLabel('Male', { exact: true }).check()
  await page.getByRole('button', { name: 'Add child' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Which child is it about?' })).toBeVisible()
  await expect(page.getByRole('main').getByText(name)).toBeVisible()
  await checkPage()
  await page.getByRole('button', { name: 'Continue' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Is the child in immediate danger?' })).toBeVisible()
  await checkPage()
  await page.getByRole('radio', { name: 'No', exact: true }).check()
  await page.getByRole('button', { name: 'Continue' }).click()

  // An hour and five minutes ago: in the past even across a change of the clocks.
  await expect(page.getByRole('heading', { level: 1, name: 'What happened?' })).toBeVisible()
  await checkPage()
  const seen = londonParts(new Date(Date.now() - 65 * 60_000))
  const when = page.getByRole('group', { name: 'When did you see or hear it?' })
  await when.getByLabel('Day').fill(seen.day)
  await when.getByLabel('Month').fill(seen.month)
  await when.getByLabel('Year').fill(seen.year)
  await page.getByLabel('Time', { exact: true }).fill(seen.time)
  await page.getByLabel('Where?', { exact: true }).fill(options.place ?? 'School playground')
  await page.getByLabel('What did you see or hear?').fill(child.facts)
  await page.getByRole('button', { name: 'Continue' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'What kind of concern is it?' })).toBeVisible()
  await checkPage()
  await page.getByRole('checkbox', { name: 'Neglect', exact: true }).check()
  await page.getByRole('button', { name: 'Continue' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Check your answers before sending' })).toBeVisible()
  await checkPage()
  // A DSL's own concern goes to the safeguarding inbox, where they decide; anyone else's to their safeguarding lead.
  await page.getByRole('button', { name: /^Send to (your safeguarding lead|the safeguarding inbox)$/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Concern recorded' })).toBeVisible()
  const concernReference = (await page.locator('#concern-reference').innerText()).trim()
  expect(concernReference).toMatch(/^C-\d{4}-\d{6}$/)
  await checkPage()

  await page.getByRole('link', { name: 'view your concern' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Concern ${concernReference}`)
  await checkPage()
  if (options.openChildRecord === false) return { ...child, path: '', concernReference }
  await page.getByRole('link', { name, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
  const path = new URL(page.url()).pathname
  expect(path).toMatch(/^\/children\/[0-9a-f-]{36}$/)
  await checkPage()
  return { ...child, path, concernReference }
}

/** The value beside `key` in a GOV.UK summary list on the page. */
export function summaryValue(page: Page, key: string) {
  return page
    .locator('.govuk-summary-list__row')
    .filter({ has: page.locator('.govuk-summary-list__key').getByText(key, { exact: true }) })
    .locator('.govuk-summary-list__value')
}

/**
 * The GOV.UK error pattern on a form sent back: "Error:" in the title, "There is a problem" with a link to each
 * problem in order, and each message beside its field.
 */
export async function expectErrors(page: Page, checkPage: CheckPage, messages: readonly string[]): Promise<void> {
  await expect(page).toHaveTitle(/^Error: /)
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) })
  await expect(summary.getByRole('link')).toHaveText([...messages])
  for (const message of messages)
    await expect(page.locator('.govuk-error-message').filter({ hasText: message }).first()).toBeVisible()
  await checkPage()
}
