/**
 * The workforce and schools (issue 14), in the browser, with axe on every page:
 *
 * - Low-level concerns about one adult: a teacher raises one, the head reviews it (a low-level concern, with what
 *   will be done); the teacher raises a second about the same person, which the head sees flagged as a pattern
 *   beside the first, finds it meets the harm threshold and records the allegation and the referral to the LADO;
 *   the LADO finds it among the area's allegations and records the outcome; the teacher sees what became of her
 *   concern but cannot open the allegation.
 * - Training: a DSL records a course (a date in the future and impossible hours are refused first, nothing
 *   written); the organisation's administrator finds it waiting and verifies it.
 * - Lapsed training: a DSL whose course was more than 2 years ago is warned before the next decision, and the
 *   decision says it was taken with lapsed training; they record the renewed course, the administrator verifies
 *   it, and the next decision carries no warning.
 * - A school move: Oakfield's DSL records a concern about a child new to Together, then sends the child's child
 *   protection file to Riverside Academy by its URN (a URN that finds no school is refused first); Riverside's DSL
 *   reads it and confirms receipt; the clock stops for Oakfield.
 * - A school not on Together: the file goes by a link emailed to its DSL (read from the run's mail server); they
 *   open it without an account, download the PDF and the JSON and confirm receipt; the link then refuses a second
 *   use in plain words; Oakfield sees the receipt and its clock stopped.
 * - The DSL's chain at the football club: the volunteer coach records a concern that the club's welfare officer
 *   does not acknowledge; the service's escalation pass (run as if a day later, see support/escalation-pass.ts)
 *   tells the club's manager, who finds and reads it; a day after that, the local authority's front door, which
 *   sees the club and whom to call, never the child.
 *
 * The head, the LADO, the DSLs, the administrator, the club's manager and the front door need an authenticator
 * app, so they are made for this run (as in cases.spec.ts) and set theirs up at their first sign-in; the teacher
 * and the coach are seeded staff.
 */
import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import {
  createAccounts,
  runEscalationPass,
  expectErrors,
  fillDate,
  follow,
  londonDate,
  longDate,
  randomName,
  recordConcernAboutNewChild,
  signIn,
  summaryValue,
  type Account,
  type ChildOnRecord,
  type DateParts,
} from './support/journeys.js'
import type { CheckPage } from './support/pages.js'
import { demoUser } from './support/settings.js'
import { readMail } from './support/smtp.js'
import { expect, test } from './support/test.js'

const runId = randomBytes(3).toString('hex')
const OAKFIELD = 'Oakfield Primary School'
const RIVERSIDE = 'Riverside Academy'
const LA = "Northshire Council children's social care"

const CLUB = 'Northshire Youth Football Club'

const people = {} as Record<
  'head' | 'lado' | 'dsl' | 'admin' | 'riversideDsl' | 'lapsedDsl' | 'clubManager' | 'frontDoor',
  Account
>
const teacher = (): Account => demoUser('teacher@oakfield-primary.example')
/** The club's volunteer coach, as seeded; a staff account, so no authenticator app. */
const coach = (): Account => demoUser('coach@northshire-youth-fc.example')

test.beforeAll(async () => {
  test.setTimeout(120_000)
  const oakfield = { organisation: OAKFIELD, domain: 'oakfield-primary.example' }
  const council = { organisation: LA, domain: 'northshire-council.example' }
  ;[
    people.head,
    people.lado,
    people.dsl,
    people.admin,
    people.riversideDsl,
    people.lapsedDsl,
    people.clubManager,
    people.frontDoor,
  ] = await createAccounts(runId, [
    { key: 'head', name: 'Hana Head', role: 'head', ...oakfield },
    { key: 'lado', name: 'Lena Lado', role: 'lado', ...council },
    { key: 'wf-dsl', name: 'Dev Lead', role: 'dsl', ...oakfield },
    { key: 'wf-admin', name: 'Ari Admin', role: 'org_admin', ...oakfield },
    { key: 'rs-dsl', name: 'Rhea Lead', organisation: RIVERSIDE, role: 'dsl', domain: 'riverside-academy.example' },
    { key: 'lapsed-dsl', name: 'Lou Lapsed', role: 'dsl', ...oakfield },
    // The club's backup: a manager (the head role) made for the run, beside the seeded one.
    {
      key: 'club-manager',
      name: 'Mo Manager',
      role: 'head',
      organisation: CLUB,
      domain: 'northshire-youth-fc.example',
    },
    { key: 'front-door', name: 'Fran Door', role: 'front_door', ...council },
  ])
})

/** The row of a table that names `text`, e.g. a reference or a child. */
const rowWith = (page: Page, table: string, text: string) =>
  page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text })

test.describe('low-level concerns about the same adult: a pattern, then an allegation', () => {
  test.describe.configure({ mode: 'serial' })

  /** Not anyone on Together, and new each run, so no earlier concern about the "same person" makes a pattern. */
  const subject = `${randomName(2)} ${randomName(3)}`
  const firstAccount =
    'In the lunch queue they called a Year 4 pupil “useless” in front of the class and laughed when she got upset.'
  const account =
    'At the end of the school day I saw them grab a Year 5 pupil by the arm and pull him out of the line hard enough that he cried.'
  let first = { reference: '', path: '' }
  let concern = { reference: '', path: '' }
  let allegation = { reference: '', path: '' }

  /** The teacher records a low-level concern about `subject` from her home page; ends on the concern's page. */
  async function recordLowLevelConcern(page: Page, checkPage: CheckPage, what: string) {
    await follow(page, checkPage, 'Low-level concerns about adults', 'Low-level concerns about adults')
    await page.getByRole('button', { name: 'Record a low-level concern' }).click()
    await expect(
      page.getByRole('heading', { level: 1, name: 'Record a low-level concern about an adult' }),
    ).toBeVisible()
    await checkPage()
    await page.getByLabel('Name of the adult the concern is about').fill(subject)
    await page
      .getByRole('group', { name: 'How do they work with you?' })
      .getByRole('radio', { name: 'Member of staff' })
      .check()
    await page.getByLabel('What happened, and why it concerns you').fill(what)
    await page.getByRole('button', { name: 'Record the concern' }).click()

    await expect(page.getByText('Your concern has been recorded and sent for review.')).toBeVisible()
    const heading = page.getByRole('heading', { level: 1 })
    await expect(heading).toHaveText(/^Low-level concern L-\d{4}-\d{6}$/)
    await expect(summaryValue(page, 'About')).toHaveText(`${subject} (Member of staff)`)
    await expect(summaryValue(page, 'Raised by')).toHaveText(teacher().name)
    await expect(summaryValue(page, 'Status')).toHaveText('Waiting for review')
    await expect(summaryValue(page, 'Decision')).toHaveText('Not yet reviewed')
    // Only the head reviews, and only the head sees the other concerns about the same person.
    await expect(page.getByRole('button', { name: 'Review this concern' })).toHaveCount(0)
    await expect(page.locator('#pattern')).toHaveCount(0)
    await checkPage()
    return {
      reference: (await heading.innerText()).replace('Low-level concern ', ''),
      path: new URL(page.url()).pathname,
    }
  }

  test('a teacher raises a low-level concern about an adult', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, teacher(), false)
    first = await recordLowLevelConcern(page, checkPage, firstAccount)
  })

  test('the head reviews it: a low-level concern, with what will be done', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    const head = people.head
    await signIn(page, checkPage, signInPage, twoFactorPage, head)
    await follow(page, checkPage, 'Low-level concerns about adults', 'Low-level concerns about adults')
    const row = rowWith(page, 'Low-level concerns', first.reference)
    await expect(row).toContainText('Waiting for review')
    await expect(row).not.toContainText('Pattern')
    await follow(page, checkPage, first.reference, `Low-level concern ${first.reference}`)
    await expect(page.locator('#pattern')).toHaveCount(0)
    await page.getByRole('button', { name: 'Review this concern' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Review a low-level concern' })).toBeVisible()
    await checkPage()
    await page.getByRole('group', { name: 'Your decision' }).getByRole('radio', { name: 'A low-level concern' }).check()
    await page
      .getByLabel('What will be done')
      .fill('A conversation about the code of conduct; the head will check in with the class.')
    await page.getByRole('button', { name: 'Record your decision' }).click()
    await expect(page.getByText('Your decision has been recorded.')).toBeVisible()
    await expect(summaryValue(page, 'Status')).toHaveText('Reviewed')
    await expect(summaryValue(page, 'Decision')).toHaveText(`A low-level concern (${head.name})`)
    await checkPage()
  })

  test('the teacher raises a second concern about the same adult', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, teacher(), false)
    concern = await recordLowLevelConcern(page, checkPage, account)
  })

  test('the head sees the pattern, finds that it meets the harm threshold, records the allegation and the referral to the LADO', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    const head = people.head
    await signIn(page, checkPage, signInPage, twoFactorPage, head)
    await follow(page, checkPage, 'Low-level concerns about adults', 'Low-level concerns about adults')
    const row = rowWith(page, 'Low-level concerns', concern.reference)
    await expect(row).toContainText(subject)
    await expect(row).toContainText('Waiting for review')
    // The second concern about the same person is flagged, in the list and on the concern.
    await expect(row).toContainText('Pattern')
    await follow(page, checkPage, concern.reference, `Low-level concern ${concern.reference}`)
    await expect(summaryValue(page, 'What happened')).toHaveText(account)
    await expect(page.locator('#pattern')).toHaveText(
      /Pattern: this is one of 2 concerns about the same person\. Read them together before deciding\./,
    )
    await expect(page.getByRole('heading', { level: 2, name: 'Other concerns about the same person' })).toBeVisible()
    await expect(page.getByRole('link', { name: first.reference })).toHaveAttribute('href', first.path)

    await page.getByRole('button', { name: 'Review this concern' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Review a low-level concern' })).toBeVisible()
    await expect(page.getByText(`Low-level concern ${concern.reference}`, { exact: true })).toBeVisible()
    await checkPage()
    await page
      .getByRole('group', { name: 'Your decision' })
      .getByRole('radio', { name: 'It meets the harm threshold' })
      .check()
    await page.getByRole('button', { name: 'Record your decision' }).click()

    // Straight on to the allegation, as the decision's hint says.
    await expect(page).toHaveURL(`${concern.path}/allegation`)
    await expect(page.getByRole('heading', { level: 1, name: 'Record an allegation about an adult' })).toBeVisible()
    await checkPage()
    await page.getByLabel('Name of the person the allegation is about').fill(subject)
    await page.getByLabel('Their job or role').fill('Teaching assistant')
    await page.getByLabel('Who employs them').fill(OAKFIELD)
    await fillDate(page, 'Date you became aware of the allegation')
    await page.getByLabel('What is alleged to have happened').fill(account)
    await page
      .getByRole('group', { name: 'The person has' })
      .getByRole('checkbox', { name: 'behaved in a way that has harmed a child, or may have harmed a child' })
      .check()
    await page.getByRole('button', { name: 'Record the allegation' }).click()

    const heading = page.getByRole('heading', { level: 1 })
    await expect(heading).toHaveText(/^Allegation A-\d{4}-\d{6}$/)
    allegation = {
      reference: (await heading.innerText()).replace('Allegation ', ''),
      path: new URL(page.url()).pathname,
    }
    expect(allegation.path).toMatch(/^\/allegations\/[0-9a-f-]{36}$/)
    await expect(summaryValue(page, 'Status')).toHaveText('Not yet referred to the LADO')
    await expect(summaryValue(page, 'About')).toHaveText(`${subject}, Teaching assistant`)
    await expect(summaryValue(page, 'Case manager')).toHaveText(head.name)
    await expect(summaryValue(page, 'Referred to the LADO')).toHaveText('Not yet')
    await checkPage()

    await page.getByRole('button', { name: 'Record the referral to the LADO' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Record the referral to the LADO' })).toBeVisible()
    await checkPage()
    await fillDate(page, 'Date the referral was sent to the LADO')
    await page.getByLabel('The LADO’s reference (optional)').fill(`LADO-${runId}`)
    await page.getByRole('button', { name: 'Record the referral' }).click()
    await expect(page.getByText('The referral to the LADO has been recorded.')).toBeVisible()
    await expect(summaryValue(page, 'Status')).toHaveText('Referred to the LADO')
    await expect(summaryValue(page, 'Referred to the LADO')).toHaveText(
      `${longDate(londonDate())} (reference LADO-${runId})`,
    )
    // The case manager refers; only the LADO records the outcome.
    await expect(page.getByRole('button', { name: 'Record the referral to the LADO' })).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Record the outcome' })).toHaveCount(0)
    await checkPage()

    // The low-level concern now says what became of it, and leads the head to the allegation.
    await page.goto(concern.path)
    await expect(summaryValue(page, 'Status')).toHaveText('Became an allegation')
    await expect(summaryValue(page, 'Decision')).toHaveText(`It meets the harm threshold (${head.name})`)
    await expect(page.getByRole('link', { name: 'Read the allegation' })).toHaveAttribute('href', allegation.path)
    await checkPage()
  })

  test('the LADO finds the referral among the area’s allegations and records the outcome', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, people.lado)
    await follow(page, checkPage, 'Allegations about adults', 'Allegations about adults')
    const row = rowWith(page, 'Allegations', allegation.reference)
    await expect(row.getByRole('cell')).toHaveText([
      allegation.reference,
      subject,
      OAKFIELD,
      longDate(londonDate()),
      'Referred to the LADO',
    ])
    await follow(page, checkPage, allegation.reference, `Allegation ${allegation.reference}`)
    await expect(summaryValue(page, 'What is alleged')).toHaveText(account)

    await page.getByRole('button', { name: 'Record the outcome' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Record the outcome of the allegation' })).toBeVisible()
    await checkPage()
    await page
      .getByRole('group', { name: 'Were the police involved?' })
      .getByRole('radio', { name: 'No', exact: true })
      .check()
    await page
      .getByLabel('How the allegation was investigated')
      .fill('Statements from the pupil, two staff on duty and the teaching assistant; CCTV of the line reviewed.')
    await page.getByRole('group', { name: 'Outcome' }).getByRole('radio', { name: 'Unsubstantiated' }).check()
    await page
      .getByRole('group', { name: 'Was a referral made to the Disclosure and Barring Service?' })
      .getByRole('radio', { name: 'No', exact: true })
      .check()
    await page
      .getByRole('group', { name: 'Was a referral made to the Teaching Regulation Agency?' })
      .getByRole('radio', { name: 'No', exact: true })
      .check()
    await page.getByLabel('Lessons learned (optional)').fill('Refresher on positive handling for all support staff.')
    await page.getByRole('button', { name: 'Record the outcome' }).click()

    await expect(page.getByText('The outcome has been recorded.')).toBeVisible()
    await expect(summaryValue(page, 'Status')).toHaveText('Concluded')
    await expect(page.getByRole('heading', { level: 2, name: 'The LADO’s record' })).toBeVisible()
    await expect(summaryValue(page, 'Outcome')).toHaveText('Unsubstantiated')
    await expect(summaryValue(page, 'Police involved')).toHaveText('No')
    await expect(summaryValue(page, 'Suspension')).toHaveText('None')
    await expect(page.getByRole('button', { name: 'Record the outcome' })).toHaveCount(0)
    await checkPage()

    await follow(page, checkPage, 'Back to allegations', 'Allegations about adults')
    await expect(rowWith(page, 'Allegations', allegation.reference)).toContainText('Concluded')
  })

  test('the teacher sees that her concern became an allegation, but cannot open the allegation', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, teacher(), false)
    await follow(page, checkPage, 'Low-level concerns about adults', 'Low-level concerns about adults')
    await expect(rowWith(page, 'Low-level concerns', concern.reference)).toContainText('Became an allegation')
    await follow(page, checkPage, concern.reference, `Low-level concern ${concern.reference}`)
    await expect(summaryValue(page, 'Status')).toHaveText('Became an allegation')
    await expect(page.getByRole('link', { name: 'Read the allegation' })).toHaveCount(0)

    // The allegation's address gives nothing away: the same "Page not found" as one that never existed.
    const response = await page.goto(allegation.path)
    expect(response?.status()).toBe(404)
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
    await expect(page.getByRole('main')).not.toContainText(allegation.reference)
    await expect(page.getByRole('main')).not.toContainText(subject)
    await checkPage()
  })
})

test.describe('safeguarding training', () => {
  test.describe.configure({ mode: 'serial' })

  const title = `DSL two-day course ${runId}`
  const dslRequirement = 'Designated safeguarding lead training, at least every 2 years'
  const completed = londonDate(-7)
  const twoYearsOn = { ...completed, year: String(Number(completed.year) + 2) }

  test('a DSL records a course; a date in the future and impossible hours are refused first, nothing written', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    const dsl = people.dsl
    await signIn(page, checkPage, signInPage, twoFactorPage, dsl)
    await follow(page, checkPage, 'Your safeguarding training', 'Your safeguarding training')
    await expect(rowWith(page, 'What you need', dslRequirement)).toContainText('Not done')
    await expect(page.getByText('You have not recorded any training yet.')).toBeVisible()

    await page.getByRole('button', { name: 'Record training you have done' }).click()
    const formHeading = page.getByRole('heading', { level: 1, name: 'Record safeguarding training you have done' })
    await expect(formHeading).toBeVisible()
    await checkPage()
    await page.getByLabel('Kind of training').selectOption({ label: 'Designated safeguarding lead course' })
    await page.getByLabel('Name of the course').fill(title)
    await page.getByLabel('Who provided it').fill('Northshire Safeguarding Partnership')
    await fillDate(page, 'Date you completed it', londonDate(1))
    await page.getByLabel('How many hours it took').fill('2.25')
    await page.getByRole('button', { name: 'Record the training' }).click()

    await expect(formHeading).toBeVisible()
    await expectErrors(page, checkPage, [
      'The date you completed the training must be today or in the past',
      'Hours must be a number between 0.5 and 100, like 3 or 1.5',
    ])
    // What was typed is kept.
    await expect(page.getByLabel('Name of the course')).toHaveValue(title)
    await expect(page.getByLabel('How many hours it took')).toHaveValue('2.25')

    // Nothing was written.
    await follow(page, checkPage, 'Back to your training', 'Your safeguarding training')
    await expect(page.getByText('You have not recorded any training yet.')).toBeVisible()

    await page.getByRole('button', { name: 'Record training you have done' }).click()
    await expect(formHeading).toBeVisible()
    await checkPage()
    await page.getByLabel('Kind of training').selectOption({ label: 'Designated safeguarding lead course' })
    await page.getByLabel('Name of the course').fill(title)
    await page.getByLabel('Who provided it').fill('Northshire Safeguarding Partnership')
    await fillDate(page, 'Date you completed it', completed)
    await page.getByLabel('How many hours it took').fill('12')
    await page.getByLabel('Where the certificate is kept (optional)').fill('Staff file, school office')
    await page.getByRole('button', { name: 'Record the training' }).click()

    await expect(page).toHaveURL('/training?recorded=1')
    await expect(page.getByText('Your training has been recorded. Your administrator will verify it.')).toBeVisible()
    await expect(rowWith(page, 'Training you have recorded', title).getByRole('cell')).toHaveText([
      `${title}Designated safeguarding lead course, Northshire Safeguarding Partnership`,
      longDate(completed),
      '12',
      'Not yet verified',
    ])
    await expect(rowWith(page, 'What you need', dslRequirement).getByRole('cell')).toHaveText([
      /^Designated safeguarding lead training, at least every 2 years/,
      'Current',
      longDate(twoYearsOn),
    ])
    await checkPage()
  })

  test('the organisation’s administrator finds it waiting and verifies it, having seen the certificate', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    const dsl = people.dsl
    await signIn(page, checkPage, signInPage, twoFactorPage, people.admin)
    await follow(page, checkPage, 'Training across your organisation', 'Training across your organisation')
    const waiting = page.getByRole('listitem').filter({ hasText: `${dsl.name}: ${title}` })
    await expect(waiting).toHaveText(
      `${dsl.name}: ${title} (Designated safeguarding lead course), ${longDate(completed)}. Verify ${dsl.name}’s ${title}`,
    )

    await waiting.getByRole('link', { name: `Verify ${dsl.name}’s ${title}` }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Verify training' })).toBeVisible()
    await expect(page.getByText(dsl.name, { exact: true })).toBeVisible()
    await expect(
      page.getByText(`Designated safeguarding lead course: ${title}, completed on ${longDate(completed)}.`),
    ).toBeVisible()
    await checkPage()

    // Not without seeing the evidence.
    await page.getByRole('button', { name: 'Verify the training' }).click()
    await expectErrors(page, checkPage, ['Confirm you have seen the certificate or other evidence'])

    await page.getByRole('checkbox', { name: 'I have seen the certificate or other evidence of this training' }).check()
    await page.getByRole('button', { name: 'Verify the training' }).click()
    await expect(page).toHaveURL('/training/organisation?verified=1')
    await expect(page.getByText('The training has been verified.')).toBeVisible()
    await expect(page.getByRole('listitem').filter({ hasText: `${dsl.name}: ${title}` })).toHaveCount(0)
    await expect(rowWith(page, 'Training by person', dsl.name)).toContainText(
      `${dslRequirement}: Current until ${longDate(twoYearsOn)}`,
    )
    await checkPage()
  })
})

test.describe('a child protection file on a school move', () => {
  test.describe.configure({ mode: 'serial' })

  const child = {
    givenName: randomName(2),
    familyName: randomName(3),
    facts: `Came to school without breakfast again and fell asleep in assembly. Run ${runId}.`,
  }
  const childName = `${child.givenName} ${child.familyName}`
  let onRecord: ChildOnRecord | undefined
  let file = { reference: '', path: '' }
  const clockTitle = () => `Child protection file ${file.reference}: receipt confirmed by the new school`

  test('Oakfield’s DSL sends the child’s file to Riverside Academy by its URN; a URN of no school is refused first', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, people.dsl)
    onRecord = await recordConcernAboutNewChild(page, checkPage, child)

    await page.getByRole('link', { name: 'Send the child protection file to the new school' }).click()
    const heading = page.getByRole('heading', { level: 1, name: 'Send the child protection file to the new school' })
    await expect(heading).toBeVisible()
    await expect(page.getByText(childName, { exact: true })).toBeVisible()
    await checkPage()
    await fillDate(page, 'Date the child moved, or will move, to the new school')
    await page
      .getByRole('group', { name: 'Why is the child moving?' })
      .getByRole('radio', { name: 'Moving school during the school year' })
      .check()
    await page
      .getByRole('group', { name: 'Is the new school on Together?' })
      .getByRole('radio', { name: 'Yes – find it by its URN' })
      .check()
    await page.getByLabel('The new school’s URN').fill('999999')
    await page.getByRole('button', { name: 'Send the file' }).click()

    await expect(heading).toBeVisible()
    await expectErrors(page, checkPage, [
      'No school with that URN is on Together. Check the URN, or send a secure link to the school’s DSL instead',
    ])
    await expect(page.getByLabel('The new school’s URN')).toHaveValue('999999')

    await page.getByLabel('The new school’s URN').fill('100002')
    await page
      .getByLabel('Anything the new school needs to know before the file arrives (optional)')
      .fill('Breakfast club every day; tell the DSL if he arrives hungry.')
    await page.getByRole('button', { name: 'Send the file' }).click()

    const due = summaryValue(page, 'Receipt due by')
    await expect(due).toHaveText(/^\s*\d{1,2} \w+ \d{4}\s*$/)
    await expect(
      page.getByText(`The file has been sent. Receipt is due by ${await due.innerText()}.`, { exact: true }),
    ).toBeVisible()
    const fileHeading = page.getByRole('heading', { level: 1 })
    await expect(fileHeading).toHaveText(/^Child protection file F-\d{4}-\d{6}$/)
    file = {
      reference: (await fileHeading.innerText()).replace('Child protection file ', ''),
      path: new URL(page.url()).pathname,
    }
    await expect(summaryValue(page, 'From')).toHaveText(OAKFIELD)
    await expect(summaryValue(page, 'To')).toHaveText(RIVERSIDE)
    await expect(summaryValue(page, 'Status')).toHaveText('Sent, receipt not yet confirmed')
    await expect(summaryValue(page, 'Receipt confirmed by')).toHaveText('Not yet')
    await expect(page.getByRole('heading', { level: 3, name: `Concern ${onRecord.concernReference}` })).toBeVisible()
    await checkPage()

    // One file went, the refused attempt wrote nothing; and its clock is running.
    await follow(page, checkPage, 'Back to school moves', 'Child protection files on a school move')
    const sent = rowWith(page, 'Files you have sent', childName)
    await expect(sent).toHaveCount(1)
    await expect(sent.getByRole('cell')).toHaveText([
      file.reference,
      childName,
      RIVERSIDE,
      /^\d{1,2} \w+ \d{4}$/,
      'Sent, receipt not yet confirmed',
    ])
    await page.goto('/deadlines?scope=mine')
    await expect(page.getByRole('heading', { level: 1, name: 'Due and overdue' })).toBeVisible()
    await expect(page.getByRole('row').filter({ hasText: clockTitle() })).toHaveCount(1)
    await checkPage()
  })

  test('Riverside’s DSL reads the file and confirms receipt', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    const rs = people.riversideDsl
    await signIn(page, checkPage, signInPage, twoFactorPage, rs)
    await follow(page, checkPage, 'Child protection files on a school move', 'Child protection files on a school move')
    const incoming = rowWith(page, 'Files sent to you', file.reference)
    await expect(incoming.getByRole('cell')).toHaveText([
      file.reference,
      childName,
      OAKFIELD,
      /^\d{1,2} \w+ \d{4}$/,
      'Sent, receipt not yet confirmed',
    ])

    await follow(page, checkPage, file.reference, `Child protection file ${file.reference}`)
    await expect(summaryValue(page, 'Shared in advance')).toHaveText(
      'Breakfast club every day; tell the DSL if he arrives hungry.',
    )
    await expect(page.getByRole('main')).toContainText(child.facts)
    await page.getByRole('button', { name: 'Confirm receipt' }).click()
    await expect(
      page.getByRole('heading', { level: 1, name: 'Confirm you have received the child protection file' }),
    ).toBeVisible()
    await checkPage()
    await page
      .getByRole('checkbox', {
        name: 'I have received this child protection file and will keep it separately from the pupil file',
      })
      .check()
    await page.getByRole('button', { name: 'Confirm receipt' }).click()

    await expect(page).toHaveURL(`${file.path}?received=1`)
    await expect(page.getByText('You have confirmed receipt of the file.')).toBeVisible()
    await expect(summaryValue(page, 'Status')).toHaveText('Receipt confirmed')
    await expect(summaryValue(page, 'Receipt confirmed by')).toHaveText(new RegExp(`^\\s*${rs.name}, \\d`))
    await expect(page.getByRole('button', { name: 'Confirm receipt' })).toHaveCount(0)
    await checkPage()
    await follow(page, checkPage, 'Back to school moves', 'Child protection files on a school move')
    await expect(rowWith(page, 'Files sent to you', file.reference)).toContainText('Receipt confirmed')
  })

  test('for Oakfield the clock has stopped: the file shows as received and is no longer due', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, people.dsl)
    await follow(page, checkPage, 'Child protection files on a school move', 'Child protection files on a school move')
    await expect(rowWith(page, 'Files you have sent', file.reference)).toContainText('Receipt confirmed')
    await page.goto('/deadlines?scope=mine')
    await expect(page.getByRole('heading', { level: 1, name: 'Due and overdue' })).toBeVisible()
    await checkPage()
    await expect(page.getByRole('row').filter({ hasText: clockTitle() })).toHaveCount(0)
  })
})

test.describe('a child protection file to a school not on Together, through a secure link', () => {
  test.describe.configure({ mode: 'serial' })

  const SCHOOL = 'St Aldhelm’s Church of England Primary'
  const schoolDsl = `dsl-${runId}@st-aldhelms.example`
  const child = {
    givenName: randomName(2),
    familyName: randomName(3),
    facts: `Told her teacher that an older cousin keeps sending her messages at night. Run ${runId}.`,
  }
  let file = { reference: '', path: '' }
  let link = ''

  test('Oakfield’s DSL sends the file with a link emailed to the new school’s DSL', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, people.dsl)
    await recordConcernAboutNewChild(page, checkPage, child)
    await page.getByRole('link', { name: 'Send the child protection file to the new school' }).click()
    await expect(
      page.getByRole('heading', { level: 1, name: 'Send the child protection file to the new school' }),
    ).toBeVisible()
    await checkPage()
    await fillDate(page, 'Date the child moved, or will move, to the new school')
    await page
      .getByRole('group', { name: 'Why is the child moving?' })
      .getByRole('radio', { name: 'Moving school during the school year' })
      .check()
    await page
      .getByRole('group', { name: 'Is the new school on Together?' })
      .getByRole('radio', { name: 'No – email its DSL a secure link' })
      .check()
    await page.getByLabel('Name of the new school').fill(SCHOOL)
    await page.getByLabel('Email address of the new school’s DSL').fill(schoolDsl)
    await page.getByRole('button', { name: 'Send the file' }).click()

    const heading = page.getByRole('heading', { level: 1 })
    await expect(heading).toHaveText(/^Child protection file F-\d{4}-\d{6}$/)
    file = {
      reference: (await heading.innerText()).replace('Child protection file ', ''),
      path: new URL(page.url()).pathname,
    }
    await expect(summaryValue(page, 'To')).toHaveText(SCHOOL)
    await expect(summaryValue(page, 'Link emailed to')).toHaveText(schoolDsl)
    await expect(summaryValue(page, 'Status')).toHaveText('Sent, receipt not yet confirmed')
    await checkPage()
    await page.goto('/deadlines?scope=mine')
    await expect(page.getByRole('heading', { level: 1, name: 'Due and overdue' })).toBeVisible()
    await checkPage()
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: `Child protection file ${file.reference}: receipt confirmed by the new school` }),
    ).toHaveCount(1)

    // The email the new school's DSL receives, as their mail server delivered it.
    await expect
      .poll(() => readMail().filter((m) => m.deliveredTo === schoolDsl && m.subject.includes(file.reference)).length, {
        timeout: 30_000,
      })
      .toBe(1)
    const mail = readMail().find((m) => m.deliveredTo === schoolDsl && m.subject.includes(file.reference))
    expect(mail?.subject).toBe(`A child protection file from ${OAKFIELD} (${file.reference})`)
    const found = /(https?:\/\/\S+\/child-protection-file\/[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')
    expect(found).not.toBeNull()
    link = new URL(found?.[1] ?? '').pathname
    expect(mail?.text).not.toContain(child.familyName)
  })

  test('the new school’s DSL opens the link, downloads the file as a PDF and as JSON, and confirms receipt', async ({
    page,
    checkPage,
  }) => {
    // Their own browser: not signed in to Together, which they are not on.
    await page.goto(link)
    await expect(page.getByRole('heading', { level: 1, name: `Child protection file ${file.reference}` })).toBeVisible()
    await expect(page.getByRole('main')).toContainText(
      `the child protection file of ${child.givenName} ${child.familyName}`,
    )
    await checkPage()

    const pdfHref = await page.getByRole('link', { name: 'Download the file as a PDF' }).getAttribute('href')
    const pdf = await page.request.get(pdfHref ?? '')
    expect(pdf.status()).toBe(200)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const jsonHref = await page
      .getByRole('link', { name: 'Download the file as JSON, for your records system' })
      .getAttribute('href')
    const json = await page.request.get(jsonHref ?? '')
    expect(json.status()).toBe(200)
    const exported = (await json.json()) as {
      reference: string
      child: { givenName: string; familyName: string }
      from: { name: string }
      concerns: { facts: string }[]
    }
    expect(exported.reference).toBe(file.reference)
    expect(exported.child).toMatchObject({ givenName: child.givenName, familyName: child.familyName })
    expect(exported.from.name).toBe(OAKFIELD)
    expect(exported.concerns.map((c) => c.facts)).toContain(child.facts)

    // A name is needed to confirm.
    await page.getByRole('button', { name: 'Confirm receipt' }).click()
    await expectErrors(page, checkPage, ['Enter your full name'])
    await page.getByLabel('Your full name').fill('Sam Okafor')
    await page.getByRole('button', { name: 'Confirm receipt' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Receipt confirmed' })).toBeVisible()
    await expect(page.getByRole('main')).toContainText('This link no longer works')
    await checkPage()

    // Used once: a second use is refused in plain words, and the downloads with it.
    const again = await page.goto(link)
    expect(again?.status()).toBe(410)
    await expect(page.getByRole('heading', { level: 1, name: 'This link cannot be used' })).toBeVisible()
    await expect(page.getByRole('main')).toContainText(
      'This link has already been used. Each link works once – ask the school that sent it for a new one.',
    )
    await expect(page.getByRole('main')).not.toContainText(child.familyName)
    await checkPage()
    expect((await page.request.get(jsonHref ?? '')).status()).toBe(410)
  })

  test('Oakfield sees the receipt confirmed through the link, and the clock stopped', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, people.dsl)
    await follow(page, checkPage, 'Child protection files on a school move', 'Child protection files on a school move')
    await expect(rowWith(page, 'Files you have sent', file.reference)).toContainText('Receipt confirmed')
    await follow(page, checkPage, file.reference, `Child protection file ${file.reference}`)
    await expect(summaryValue(page, 'Status')).toHaveText('Receipt confirmed')
    await expect(summaryValue(page, 'Receipt confirmed by')).toHaveText(
      /^\s*Sam Okafor, .+ \(through the emailed link\)\s*$/,
    )
    await checkPage()
    await page.goto('/deadlines?scope=mine')
    await expect(page.getByRole('heading', { level: 1, name: 'Due and overdue' })).toBeVisible()
    await checkPage()
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: `Child protection file ${file.reference}: receipt confirmed by the new school` }),
    ).toHaveCount(0)
  })
})

test.describe('a DSL whose training has lapsed', () => {
  test.describe.configure({ mode: 'serial' })

  const dslRequirement = 'Designated safeguarding lead training, at least every 2 years'
  const oldCourse = `DSL two-day course ${runId} (2024)`
  const newCourse = `DSL two-day course ${runId} (renewed)`
  const lapsedOn = londonDate(-800)
  const renewed = londonDate(-2)
  const lapsedName = () => people.lapsedDsl.name

  /** From the training page: the DSL course, done on `completed`; ends on the training page. */
  async function recordDslCourse(page: Page, checkPage: CheckPage, title: string, completed: DateParts) {
    await page.getByRole('button', { name: 'Record training you have done' }).click()
    await expect(
      page.getByRole('heading', { level: 1, name: 'Record safeguarding training you have done' }),
    ).toBeVisible()
    await checkPage()
    await page.getByLabel('Kind of training').selectOption({ label: 'Designated safeguarding lead course' })
    await page.getByLabel('Name of the course').fill(title)
    await page.getByLabel('Who provided it').fill('Northshire Safeguarding Partnership')
    await fillDate(page, 'Date you completed it', completed)
    await page.getByLabel('How many hours it took').fill('12')
    await page.getByRole('button', { name: 'Record the training' }).click()
    await expect(page).toHaveURL('/training?recorded=1')
    await expect(rowWith(page, 'Training you have recorded', title)).toContainText('Not yet verified')
    await checkPage()
  }

  /** A concern about a child new to Together, recorded by the DSL and acknowledged; ends on its page. */
  async function acknowledgedConcern(page: Page, checkPage: CheckPage, facts: string): Promise<string> {
    const { concernReference } = await recordConcernAboutNewChild(
      page,
      checkPage,
      { givenName: randomName(2), familyName: randomName(3), facts },
      { openChildRecord: false },
    )
    await page.getByRole('button', { name: 'Acknowledge' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Concern ${concernReference} Acknowledged`)
    await checkPage()
    return concernReference
  }

  async function decide(page: Page, checkPage: CheckPage, reference: string, rationale: string) {
    await page
      .getByRole('group', { name: 'Record a decision' })
      .getByRole('radio', { name: 'No further action', exact: true })
      .check()
    await page.getByLabel('Why?', { exact: true }).fill(rationale)
    await page.getByRole('button', { name: 'Record decision' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Concern ${reference} Decision made`)
    await checkPage()
    return page.locator('#events li').filter({ hasText: 'Decision: No further action' })
  }

  test('training done more than 2 years ago has lapsed: the next decision warns, and the warning is recorded', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, people.lapsedDsl)
    await follow(page, checkPage, 'Your safeguarding training', 'Your safeguarding training')
    await recordDslCourse(page, checkPage, oldCourse, lapsedOn)
    const lapsedUntil = { ...lapsedOn, year: String(Number(lapsedOn.year) + 2) }
    await expect(rowWith(page, 'What you need', dslRequirement).getByRole('cell')).toHaveText([
      /^Designated safeguarding lead training, at least every 2 years/,
      'Lapsed',
      `Lapsed on ${longDate(lapsedUntil)}`,
    ])

    await page.goto('/')
    await checkPage()
    const reference = await acknowledgedConcern(
      page,
      checkPage,
      `Said he had not eaten since yesterday lunchtime. Run ${runId}, lapsed training.`,
    )
    const warning = page.locator('#training-warning')
    await expect(warning).toContainText(
      'Your designated safeguarding lead training has lapsed: Designated safeguarding lead training, at least every 2 years',
    )
    await expect(warning).toContainText(
      'You can still record a decision; it will be recorded that your training had lapsed.',
    )
    await expect(warning.getByRole('link', { name: 'Record new training on your training page' })).toHaveAttribute(
      'href',
      '/training',
    )
    const decided = await decide(page, checkPage, reference, 'Breakfast club offered; nothing further needed.')
    await expect(decided).toContainText(
      `Recorded while ${lapsedName()}’s designated safeguarding lead training had lapsed.`,
    )
  })

  test('the DSL records the renewed course from the warning’s link', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, people.lapsedDsl)
    await follow(page, checkPage, 'Your safeguarding training', 'Your safeguarding training')
    await recordDslCourse(page, checkPage, newCourse, renewed)
    await expect(rowWith(page, 'What you need', dslRequirement).getByRole('cell')).toHaveText([
      /^Designated safeguarding lead training, at least every 2 years/,
      'Current',
      longDate({ ...renewed, year: String(Number(renewed.year) + 2) }),
    ])
  })

  test('the administrator verifies the renewed course', async ({ page, checkPage, signInPage, twoFactorPage }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, people.admin)
    await follow(page, checkPage, 'Training across your organisation', 'Training across your organisation')
    const waiting = page.getByRole('listitem').filter({ hasText: `${lapsedName()}: ${newCourse}` })
    await waiting.getByRole('link', { name: `Verify ${lapsedName()}’s ${newCourse}` }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Verify training' })).toBeVisible()
    await checkPage()
    await page.getByRole('checkbox', { name: 'I have seen the certificate or other evidence of this training' }).check()
    await page.getByRole('button', { name: 'Verify the training' }).click()
    await expect(page.getByText('The training has been verified.')).toBeVisible()
    await expect(rowWith(page, 'Training by person', lapsedName())).toContainText(`${dslRequirement}: Current until`)
    await checkPage()
  })

  test('the next decision has no warning, and none is recorded with it', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, people.lapsedDsl)
    await follow(page, checkPage, 'Your safeguarding training', 'Your safeguarding training')
    await expect(rowWith(page, 'Training you have recorded', newCourse)).toContainText(`By ${people.admin.name}`)
    await page.goto('/')
    await checkPage()
    const reference = await acknowledgedConcern(
      page,
      checkPage,
      `Came in with a bruise on her arm and said she fell off her bike. Run ${runId}, renewed training.`,
    )
    await expect(page.locator('#training-warning')).toHaveCount(0)
    const decided = await decide(page, checkPage, reference, 'Consistent with her account; her mum confirmed.')
    await expect(decided).not.toContainText('had lapsed')
  })
})

test.describe('the DSL’s chain at the football club', () => {
  test.describe.configure({ mode: 'serial' })

  const child = {
    givenName: randomName(2),
    familyName: randomName(3),
    facts: `After training he said his stepdad locks him out when he is late home, and he slept in the shed. Run ${runId}.`,
  }
  let reference = ''

  test('the volunteer coach records a concern; the club’s welfare officer does not acknowledge it', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, coach(), false)
    ;({ concernReference: reference } = await recordConcernAboutNewChild(page, checkPage, child, {
      place: 'Changing rooms after Saturday training',
      openChildRecord: false,
    }))
    await expect(page.getByRole('heading', { level: 1 })).toContainText('New')
  })

  test('not acknowledged by the next day, it goes to the club’s backup, who can read it', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    // The service's own escalation pass, as if it ran 25 hours on: past the end of the day the concern arrived.
    expect(await runEscalationPass(25 * 60)).toBeGreaterThan(0)
    const manager = people.clubManager
    await signIn(page, checkPage, signInPage, twoFactorPage, manager)
    await follow(
      page,
      checkPage,
      /^\d+ concerns? recorded here (has|have) not been acknowledged in time$/,
      'Concerns nobody has acknowledged',
    )
    const row = rowWith(page, 'Concerns recorded here that nobody has acknowledged', reference)
    await expect(row).toHaveCount(1)
    await follow(page, checkPage, reference, new RegExp(`^Concern ${reference}`))
    await expect(page.getByRole('main')).toContainText(child.facts)
    await expect(page.locator('#backup-notice')).toHaveText(
      `You can read this concern because you are ${CLUB}’s backup: nobody has acknowledged it in time. Make sure your designated safeguarding lead, or a deputy, acts on it now. If nobody acknowledges it, the local authority’s front door will be told.`,
    )
    // The backup reads it to make sure someone acts; acting on it stays with the club's safeguarding lead.
    await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0)
    await checkPage()
  })

  test('still not acknowledged a day later, it goes to the local authority’s front door, without the child', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    // A day after the backup was told.
    expect(await runEscalationPass(50 * 60)).toBeGreaterThan(0)
    await signIn(page, checkPage, signInPage, twoFactorPage, people.frontDoor)
    await follow(
      page,
      checkPage,
      /^\d+ concerns? in your area (has|have) not been acknowledged by (its organisation|their organisations)$/,
      'Concerns nobody has acknowledged',
    )
    // The club's concerns under its name, with whom to ask for: its welfare officer (its DSL) and its managers.
    await expect(page.getByRole('heading', { level: 2, name: CLUB })).toBeVisible()
    const contacts = page.getByRole('list', { name: `Who to contact at ${CLUB}` })
    await expect(contacts).toContainText(
      'Maria Santos (designated safeguarding lead), welfare.officer@northshire-youth-fc.example',
    )
    await expect(contacts).toContainText(`${people.clubManager.name} (head or manager)`)
    const row = rowWith(page, `Concerns at ${CLUB} that nobody has acknowledged`, reference)
    await expect(row.getByRole('cell')).toHaveText([reference, /\d{4}/, /\d{4}/])
    await expect(page.getByRole('main')).not.toContainText(child.familyName)
    await expect(row.getByRole('link')).toHaveCount(0)
    await checkPage()
  })
})
