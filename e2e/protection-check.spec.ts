/**
 * The child protection plan check (as NHS CP-IS): a police officer checks a child who has a plan and is shown
 * which child matched, then the plan's start and category, and whom to call; the local authority is emailed and sees the check
 * listed. The child and the plan are made through the same code as the route tests (the concern use cases, then
 * the episode step engine), in the running server's database, with this run's own accounts.
 */
import { execFile } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { promisify } from 'node:util'
import { nhsCheckDigit } from '../src/modules/children/domain/identifiers.js'
import { signIn } from './support/journeys.js'
import { root, togetherEnv, type E2eUser } from './support/settings.js'
import { readMail } from './support/smtp.js'
import { expect, test } from './support/test.js'

test.describe.configure({ mode: 'serial' })

const run = promisify(execFile)
const runId = randomBytes(4).toString('hex')
const password = `${runId} correct horse battery staple`
const police: E2eUser = {
  email: `e2e-police-${runId}@northshire-police.example`,
  password,
  name: `DC Robin ${runId}`,
  organisation: 'Northshire Police',
  roles: ['police_officer'],
}
const teamManager: E2eUser = {
  email: `e2e-team-manager-${runId}@northshire-council.example`,
  password,
  name: `Kim Manager ${runId}`,
  organisation: "Northshire Council children's social care",
  roles: ['team_manager'],
}
const frontDoor: E2eUser = {
  email: `e2e-front-door-${runId}@northshire-council.example`,
  password,
  name: `Jo Front ${runId}`,
  organisation: "Northshire Council children's social care",
  roles: ['front_door'],
}
const reason = `Attending a report of a disturbance at the family home (${runId})`
const MAIL_TIMEOUT_MS = 30_000

/** A made-up but valid NHS number, different each run, so a kept database never holds it already. */
function randomNhsNumber(): string {
  for (;;) {
    const nine = `9${String(randomInt(0, 100_000_000)).padStart(8, '0')}`
    const check = nhsCheckDigit(nine)
    if (check !== undefined) return `${nine}${check}`
  }
}
const nhsNumber = randomNhsNumber()
const spaced = `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`
let seeded: { childId: string; phone: string | null } | undefined

test.beforeAll(async () => {
  const child = {
    givenName: `Rowan${runId}`,
    familyName: 'Checked',
    dateOfBirth: '2016-05-14',
    nhsNumber,
    postcode: 'NE2 4AB',
  }
  try {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'e2e/support/seed-protection-plan.ts',
        JSON.stringify({ users: [police, frontDoor, teamManager], child }),
      ],
      { env: togetherEnv(), cwd: root },
    )
    seeded = JSON.parse(stdout) as { childId: string; phone: string | null }
  } catch (e) {
    const { stderr, stdout } = e as { stderr?: string; stdout?: string }
    throw new Error(`seeding the child with a plan failed:\n${stderr ?? ''}${stdout ?? ''}`)
  }
})

test('a police officer checks a child with a plan: “yes”, and whom to call', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  await signIn(page, checkPage, signInPage, twoFactorPage, police)
  await page.getByRole('link', { name: 'Check for a child protection plan', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Check for a child protection plan' })).toBeVisible()
  await checkPage()

  // Nothing entered: the form says what it needs.
  await page.getByRole('button', { name: 'Check', exact: true }).click()
  await expect(page).toHaveTitle(/^Error: /)
  await expect(page.locator('.govuk-error-summary').getByRole('link')).toHaveText([
    'Enter the child’s NHS number, or their first name, last name and date of birth',
    'Give the reason for the check, for example the incident you are attending',
  ])
  await checkPage()

  await page.getByLabel('NHS number').fill(spaced)
  await page.getByLabel('Reason for the check').fill(reason)
  await page.getByRole('button', { name: 'Check', exact: true }).click()
  await expect(
    page.getByRole('heading', {
      level: 1,
      name: 'A current child protection plan was found: check this is the child you mean',
    }),
  ).toBeVisible()
  const main = page.getByRole('main')
  // Which child matched comes first: name, date of birth, postcode district (not the full postcode).
  const matched = main.locator('.govuk-summary-list').first()
  await expect(matched).toContainText(`Rowan${runId} Checked`)
  await expect(matched).toContainText('14 May 2016')
  await expect(matched).toContainText('NE2')
  await expect(main).not.toContainText('4AB')
  await expect(main).toContainText('Physical abuse')
  await expect(main).toContainText('Tom Bennett')
  await expect(main).toContainText("Northshire Council children's social care")
  await expect(main).toContainText(seeded?.phone ?? 'Not recorded in Together')
  await expect(main).toContainText(`NHS number ${spaced}`)
  // Only the answer: nothing of the plan itself or the child's story.
  await expect(main).not.toContainText('Safety plan')
  await checkPage()

  // The police sit in the core group, so the child's chronology shows them the plan, and not the local
  // authority's own work.
  await page.goto(`/children/${seeded?.childId ?? ''}`)
  const chronology = page.locator('#chronology')
  await expect(chronology).toContainText('Child protection plan started')
  await expect(chronology).toContainText('Category: Physical abuse')
  await expect(chronology).not.toContainText('Strategy discussion held')
  await checkPage()
})

/** One email per check to the local authority's front door mailbox (the demo area's contact address). */
const FRONT_DOOR_MAILBOX = 'mash@northshire-council.example'

test('the local authority is emailed about the check and sees it listed', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  const subject = 'Child protection plan check by Northshire Police'
  await expect
    .poll(() => readMail().filter((m) => m.subject === subject && m.deliveredTo === FRONT_DOOR_MAILBOX).length, {
      timeout: MAIL_TIMEOUT_MS,
      intervals: [500],
    })
    .toBeGreaterThan(0)
  for (const m of readMail().filter((x) => x.subject === subject)) {
    expect(m.text).not.toContain(`Rowan${runId}`)
    expect(m.text).not.toContain(nhsNumber)
  }

  await signIn(page, checkPage, signInPage, twoFactorPage, frontDoor)
  await page.getByRole('link', { name: 'Child protection plan checks', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Child protection plan checks' })).toBeVisible()
  const row = page.locator('#checks tbody tr').filter({ hasText: reason })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(police.name)
  await expect(row).toContainText('Northshire Police')
  await expect(row).toContainText('Plan found')
  await expect(row.getByRole('link', { name: `Rowan${runId} Checked` })).toHaveAttribute(
    'href',
    `/children/${seeded?.childId ?? ''}`,
  )
  await checkPage()
})

test('a team manager sees the case on the team caseload with its next statutory deadline', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  await signIn(page, checkPage, signInPage, twoFactorPage, teamManager)
  await page.getByRole('link', { name: 'Team caseload', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Team caseload' })).toBeVisible()
  await checkPage()
  await page
    .getByRole('table', { name: 'Cases by worker' })
    .getByRole('link', { name: 'Tom Bennett', exact: true })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Team caseload: Tom Bennett' })).toBeVisible()
  await checkPage()
  await page.getByLabel('Sort by').selectOption('referral')
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/sort=referral/)
  await checkPage()
  // A database kept between runs holds earlier runs' cases too: page on until this run's child is listed.
  const row = page.locator('#cases tbody tr').filter({ hasText: `Rowan${runId} Checked` })
  for (let pages = 0; (await row.count()) === 0 && pages < 100; pages++) {
    await page.getByRole('link', { name: /^Next/ }).click()
    await checkPage()
  }
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Child protection plan')
  await expect(row).toContainText('Hold the first core group meeting')
  await expect(row.locator('.govuk-tag')).toHaveText(/Not due|Due soon|Due today|Overdue/)

  await page.goto('/caseload')
  await expect(page.getByRole('heading', { level: 1, name: 'My cases' })).toBeVisible()
  await expect(page.locator('#no-cases')).toHaveText('There are no open cases here.')
  await checkPage()
})
