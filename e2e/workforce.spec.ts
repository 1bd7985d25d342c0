/**
 * The workforce and schools, in the browser, with axe on every page:
 *
 * - A low-level concern about an adult becomes an allegation: a teacher raises it; the head reviews it, finds it
 *   meets the harm threshold, records the allegation and the referral to the LADO; the LADO finds it among the
 *   area's allegations and records the outcome; the teacher sees what became of her concern but cannot open the
 *   allegation.
 * - Training: a DSL records a course (a date in the future and impossible hours are refused first, nothing
 *   written); the organisation's administrator finds it waiting and verifies it.
 * - A school move: Oakfield's DSL records a concern about a child new to Together, then sends the child's child
 *   protection file to Riverside Academy by its URN (a URN that finds no school is refused first); Riverside's DSL
 *   reads it and confirms receipt; the clock stops for Oakfield.
 *
 * The head, the LADO, the DSLs and the administrator need an authenticator app, so they are made for this run (as
 * in cases.spec.ts) and set theirs up at their first sign-in; the teacher is Oakfield's seeded one.
 */
import { randomBytes } from 'node:crypto'
import type { Page } from '@playwright/test'
import {
  createAccounts,
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
} from './support/journeys.js'
import { demoUser } from './support/settings.js'
import { expect, test } from './support/test.js'

const runId = randomBytes(3).toString('hex')
const OAKFIELD = 'Oakfield Primary School'
const RIVERSIDE = 'Riverside Academy'
const LA = "Northshire Council children's social care"

const people = {} as Record<'head' | 'lado' | 'dsl' | 'admin' | 'riversideDsl', Account>
const teacher = (): Account => demoUser('teacher@oakfield-primary.example')

test.beforeAll(async () => {
  test.setTimeout(120_000)
  const oakfield = { organisation: OAKFIELD, domain: 'oakfield-primary.example' }
  ;[people.head, people.lado, people.dsl, people.admin, people.riversideDsl] = await createAccounts(runId, [
    { key: 'head', name: 'Hana Head', role: 'head', ...oakfield },
    { key: 'lado', name: 'Lena Lado', organisation: LA, role: 'lado', domain: 'northshire-council.example' },
    { key: 'wf-dsl', name: 'Dev Lead', role: 'dsl', ...oakfield },
    { key: 'wf-admin', name: 'Ari Admin', role: 'org_admin', ...oakfield },
    { key: 'rs-dsl', name: 'Rhea Lead', organisation: RIVERSIDE, role: 'dsl', domain: 'riverside-academy.example' },
  ])
})

/** The row of a table that names `text`, e.g. a reference or a child. */
const rowWith = (page: Page, table: string, text: string) =>
  page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text })

test.describe('a low-level concern that meets the harm threshold', () => {
  test.describe.configure({ mode: 'serial' })

  /** Not anyone on Together, and new each run, so no earlier concern about the "same person" makes a pattern. */
  const subject = `${randomName(2)} ${randomName(3)}`
  const account =
    'At the end of the school day I saw them grab a Year 5 pupil by the arm and pull him out of the line hard enough that he cried.'
  let concern = { reference: '', path: '' }
  let allegation = { reference: '', path: '' }

  test('a teacher raises a low-level concern about an adult', async ({
    page,
    checkPage,
    signInPage,
    twoFactorPage,
  }) => {
    await signIn(page, checkPage, signInPage, twoFactorPage, teacher(), false)
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
    await page.getByLabel('What happened, and why it concerns you').fill(account)
    await page.getByRole('button', { name: 'Record the concern' }).click()

    await expect(page.getByText('Your concern has been recorded and sent for review.')).toBeVisible()
    const heading = page.getByRole('heading', { level: 1 })
    await expect(heading).toHaveText(/^Low-level concern L-\d{4}-\d{6}$/)
    concern = {
      reference: (await heading.innerText()).replace('Low-level concern ', ''),
      path: new URL(page.url()).pathname,
    }
    await expect(summaryValue(page, 'About')).toHaveText(`${subject} (Member of staff)`)
    await expect(summaryValue(page, 'Raised by')).toHaveText(teacher().name)
    await expect(summaryValue(page, 'Status')).toHaveText('Waiting for review')
    await expect(summaryValue(page, 'Decision')).toHaveText('Not yet reviewed')
    // Only the head reviews.
    await expect(page.getByRole('button', { name: 'Review this concern' })).toHaveCount(0)
    await checkPage()
  })

  test('the head finds that it meets the harm threshold, records the allegation and the referral to the LADO', async ({
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
    await follow(page, checkPage, concern.reference, `Low-level concern ${concern.reference}`)
    await expect(summaryValue(page, 'What happened')).toHaveText(account)

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
