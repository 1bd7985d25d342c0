/**
 * Family help, in the browser, with axe on every page. A school's DSL records a concern about a child new to
 * Together, starts family help from the child's record and, as the family's lead practitioner, records their
 * consent (an answer missing from a revealed question is shown GOV.UK style first), builds the team around the
 * family with the school nurse, records the assessment and the family plan, and arranges a team around the family
 * meeting. The school nurse follows the emailed invitation and submits her agency's contribution; the lead
 * practitioner records the review; the local authority's early help coordinator finds the family in the area;
 * a school outside the team finds nothing. Then things get worse: a second review decides to step up, and the lead
 * practitioner makes the referral; the front door reads the family help history the referral carries and decides
 * on a child and family assessment; a team manager completes and authorises it as early help (closed, RC9) and
 * steps the family down to family help, with the school nurse as the new lead practitioner and a handover meeting.
 *
 * The DSL, the coordinator, the front door and the team manager need an authenticator app, so they are made for
 * this run; the school nurse and Riverside's teacher are seeded staff who sign in with a password.
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
} from './support/journeys.js'
import { demoUser } from './support/settings.js'
import { readMail } from './support/smtp.js'
import { baseURL } from './support/settings.js'
import { expect, test } from './support/test.js'

test.describe.configure({ mode: 'serial' })

const runId = randomBytes(3).toString('hex')
const OAKFIELD = 'Oakfield Primary School'
const NHS_TRUST = 'Northshire NHS Foundation Trust'
const LA = "Northshire Council children's social care"
/** The outbox worker sends every 2 seconds; allow for a queue left by earlier runs on an external database. */
const MAIL_TIMEOUT_MS = 30_000

const child = {
  givenName: randomName(2),
  familyName: randomName(3),
  facts: `Has missed eleven days this half term; mum says she cannot get him up since his dad left. Run ${runId}.`,
}
const childName = `${child.givenName} ${child.familyName}`
const mother = `Maya ${child.familyName}`
const nurse = (): Account => demoUser('school.nurse@northshire-nhs.example')
const people = {} as Record<'dsl' | 'coordinator' | 'frontDoor' | 'manager', Account>
let episode = { reference: '', path: '' }
let casePath = ''
const today = londonDate()
const isoToday = `${today.year}-${today.month.padStart(2, '0')}-${today.day.padStart(2, '0')}`

test.beforeAll(async () => {
  test.setTimeout(120_000)
  const council = { organisation: LA, domain: 'northshire-council.example' }
  ;[people.dsl, people.coordinator, people.frontDoor, people.manager] = await createAccounts(runId, [
    { key: 'fh-dsl', name: 'Fern Lead', organisation: OAKFIELD, role: 'dsl', domain: 'oakfield-primary.example' },
    { key: 'fh-coordinator', name: 'Cora Ordinator', role: 'early_help_coordinator', ...council },
    { key: 'fh-front-door', name: 'Fran Door', role: 'front_door', ...council },
    { key: 'fh-manager', name: 'Tam Manager', role: 'team_manager', ...council },
  ])
})

/** Follows one of the episode page's actions to its form. */
async function action(page: Page, checkPage: () => Promise<void>, link: string, heading: string): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
  await expect(page.getByText(`Family help ${episode.reference}`, { exact: true })).toBeVisible()
  await checkPage()
}

/** Sends a step's form and checks the episode page it returns to. */
async function record(page: Page, button: string, phase: string): Promise<void> {
  await page.getByRole('button', { name: button, exact: true }).click()
  await expect(page).toHaveURL(`${episode.path}?recorded=1`)
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  await expect(page.getByText(phase, { exact: true })).toBeVisible()
}

/** The History entry headed "<today>: <title>": its heading, who recorded it and what it says. */
const historyEntry = (page: Page, title: string) =>
  page.getByRole('heading', { level: 3, name: `${longDate(today)}: ${title}`, exact: true }).locator('xpath=..')

test('a school’s DSL starts family help from the child’s record and, as lead practitioner, builds the team and the plan', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  test.setTimeout(180_000)
  const dsl = people.dsl
  await signIn(page, checkPage, signInPage, twoFactorPage, dsl)
  await recordConcernAboutNewChild(page, checkPage, child)

  // Start family help.
  await page.getByRole('link', { name: 'Start family help', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Start family help' })).toBeVisible()
  await expect(page.getByText(childName, { exact: true })).toBeVisible()
  await checkPage()
  await page
    .getByRole('group', { name: 'Level of support' })
    .getByRole('radio', { name: 'Early help (targeted)' })
    .check()
  await page
    .getByRole('group', { name: 'Your role in the team around the family' })
    .getByRole('radio', { name: 'Teacher or pastoral lead' })
    .check()
  await page.getByLabel('Parents, carers and family network (optional)').fill(`${mother}, mother`)
  await page.getByRole('button', { name: 'Start family help' }).click()

  await expect(page).toHaveURL(/^.*\/family-help\/[0-9a-f-]{36}\?recorded=1$/)
  const caption = page.getByText(/^Family help FH-\d{6}$/)
  await expect(caption).toBeVisible()
  episode = {
    reference: (await caption.innerText()).replace('Family help ', ''),
    path: new URL(page.url()).pathname,
  }
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  await expect(page.getByText('Waiting for the family’s consent', { exact: true })).toBeVisible()
  await expect(summaryValue(page, 'Level')).toHaveText('Early help (targeted)')
  await expect(summaryValue(page, 'How it started')).toHaveText('A practitioner started it with the family')
  await expect(summaryValue(page, 'Lead practitioner')).toHaveText('Not named yet')
  await expect(summaryValue(page, 'Parents, carers and family network')).toHaveText(mother)
  await expect(page.getByRole('row').filter({ hasText: OAKFIELD }).getByRole('cell')).toHaveText([
    OAKFIELD,
    'Agency',
    'Teacher or pastoral lead',
    longDate(today),
  ])
  // Early help is voluntary: no assessment or plan before the family agrees.
  await expect(page.getByRole('link', { name: 'Record consent' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Record the assessment' })).toHaveCount(0)
  await expect(page.getByRole('link', { name: 'Record the family plan' })).toHaveCount(0)
  await expect(historyEntry(page, 'Family help started')).toContainText(`${dsl.name}, ${OAKFIELD}`)
  await checkPage()

  // The family's consent to receive support; what they agreed to is asked once they agree.
  await action(page, checkPage, 'Record consent', 'Record the family’s consent to receive support')
  await page
    .getByRole('group', { name: 'What did the family decide?' })
    .getByRole('radio', { name: 'They agreed to receive support' })
    .check()
  await page
    .getByRole('group', { name: 'Who decided?' })
    .getByRole('radio', { name: 'A parent or carer', exact: true })
    .check()
  await page.getByLabel('Their name', { exact: true }).fill(mother)
  await fillDate(page, 'Date they decided')
  await page.getByRole('button', { name: 'Record consent' }).click()
  await expectErrors(page, checkPage, ['Enter what the family agreed to'])
  await expect(page.getByLabel('Their name', { exact: true })).toHaveValue(mother)
  await page
    .getByLabel('What they agreed to')
    .fill('Attendance support from school and a school nurse check-in; parenting support for mum.')
  await page.getByLabel('The child’s own view (optional)').fill('I want to come to school but I am always tired.')
  await record(page, 'Record consent', 'Assessment under way')
  await expect(historyEntry(page, 'Consent given')).toContainText(
    `${mother}. Attendance support from school and a school nurse check-in`,
  )
  await checkPage()

  // The school nurse joins the team around the family.
  await action(page, checkPage, 'Add to the team', 'Add someone to the team around the family')
  await page.getByLabel('Their email address').fill(nurse().email)
  await page.getByRole('group', { name: 'Their role in the team' }).getByRole('radio', { name: 'School nurse' }).check()
  await fillDate(page, 'Date they joined the team')
  await record(page, 'Add to the team', 'Assessment under way')
  await expect(page.getByRole('row').filter({ hasText: NHS_TRUST }).getByRole('cell')).toHaveText([
    NHS_TRUST,
    nurse().name,
    'School nurse',
    longDate(today),
  ])
  await expect(historyEntry(page, `Joined the team: ${nurse().name}`)).toBeVisible()
  await checkPage()

  // The DSL leads.
  await action(page, checkPage, 'Name the lead practitioner', 'Name the lead practitioner')
  await page.getByLabel('Lead practitioner’s email address').fill(dsl.email)
  await page
    .getByRole('group', { name: 'Did the family have a say in who their lead practitioner is?' })
    .getByRole('radio', { name: 'Yes', exact: true })
    .check()
  await fillDate(page, 'Date they start as lead practitioner')
  await record(page, 'Name the lead practitioner', 'Assessment under way')
  await expect(summaryValue(page, 'Lead practitioner')).toHaveText(`${dsl.name}, ${OAKFIELD}`)
  await checkPage()

  // The assessment.
  await action(page, checkPage, 'Record the assessment', 'Record the family help assessment')
  await fillDate(page, 'Date the assessment started')
  await fillDate(page, 'Date the assessment was completed')
  const needs = page.getByRole('group', { name: 'Where does the family need help?' })
  await needs.getByRole('checkbox', { name: 'Getting a good education' }).check()
  await needs.getByRole('checkbox', { name: 'Improved family relationships' }).check()
  await page
    .getByLabel('What the family needs')
    .fill('Routines in the morning, and support for mum after the separation.')
  await page.getByLabel('The family’s strengths').fill('Mum is open about the difficulties and wants help.')
  await page.getByLabel('The child’s voice').fill('“I miss Dad. Mornings are hard.”')
  await page.getByLabel('The parents’ and carers’ voice').fill('“I can’t do it all on my own at the moment.”')
  await record(page, 'Record the assessment', 'Assessed: plan needed')
  await expect(historyEntry(page, 'Assessment recorded')).toContainText(
    'Needs: Getting a good education; Improved family relationships.',
  )
  await checkPage()

  // The family plan: one action, one goal.
  const byWhen = londonDate(14)
  await action(page, checkPage, 'Record the family plan', 'Record the family plan')
  await fillDate(page, 'Date the plan was agreed with the family')
  await page.getByLabel('Action 1: what will be done', { exact: true }).fill('Morning check-in at the school gate')
  await page.getByLabel('Action 1: who will do it', { exact: true }).fill(OAKFIELD)
  await fillDate(page, 'Action 1: by when', byWhen)
  await page.getByLabel('Action 1: status', { exact: true }).selectOption({ label: 'In progress' })
  await page.getByLabel('Goal 1: outcome area', { exact: true }).selectOption({ label: 'Getting a good education' })
  await page.getByLabel('Goal 1: what the family wants to achieve', { exact: true }).fill('In school on time every day')
  await page.getByLabel('Goal 1: where the family is now, from 1 to 10', { exact: true }).fill('4')
  await record(page, 'Record the plan', 'Family plan in place')
  const plan = historyEntry(page, 'Family plan, version 1')
  await expect(plan.getByRole('listitem')).toHaveText([
    `Morning check-in at the school gate: ${OAKFIELD}, by ${longDate(byWhen)}`,
    'Goal: In school on time every day (now 4 out of 10)',
  ])
  await checkPage()

  // A team around the family meeting, today; the team is invited by email.
  await action(page, checkPage, 'Arrange a meeting', 'Arrange a team around the family meeting')
  await page
    .getByRole('group', { name: 'Kind of meeting' })
    .getByRole('radio', { name: 'Team around the family meeting' })
    .check()
  await fillDate(page, 'Date of the meeting')
  await page.getByLabel('Time of the meeting').fill('16:00')
  await page.getByLabel('Where', { exact: true }).fill('Oakfield Primary School, family room')
  await record(page, 'Arrange the meeting and invite the team', 'Family plan in place')
  await expect(
    page.getByRole('heading', {
      level: 3,
      name: `Team around the family meeting: ${longDate(today)} at 16:00, Oakfield Primary School, family room`,
    }),
  ).toBeVisible()
  await expect(page.getByText('No contributions yet.')).toBeVisible()
  await checkPage()
})

test('the school nurse follows the emailed invitation and submits her agency’s contribution', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  const subject = `Team around the family meeting for family help ${episode.reference} on ${isoToday}`
  await expect
    .poll(() => readMail().filter((m) => m.subject === subject && m.deliveredTo === nurse().email).length, {
      timeout: MAIL_TIMEOUT_MS,
      intervals: [500],
    })
    .toBe(1)
  const invitation = readMail().find((m) => m.subject === subject && m.deliveredTo === nurse().email)
  // No one in the family is named in an email.
  expect(invitation?.text).not.toContain(child.familyName)
  expect(invitation?.text).not.toContain(child.givenName)
  expect(invitation?.text).toContain(`${baseURL}${episode.path}`)

  await signIn(page, checkPage, signInPage, twoFactorPage, nurse(), false)
  await page.goto(episode.path)
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: /^Submit your agency’s contribution/ }).click()
  await expect(
    page.getByRole('heading', { level: 1, name: 'Submit your agency’s contribution to the meeting' }),
  ).toBeVisible()
  await expect(
    page.getByText(`Meeting on ${longDate(today)} at 16:00, Oakfield Primary School, family room.`),
  ).toBeVisible()
  await checkPage()
  const contribution =
    'Saw him at the school nurse drop-in: tired, no health concerns. Sleep routine advice given to mum.'
  await page.getByLabel('Your agency’s contribution').fill(contribution)
  await page.getByRole('button', { name: 'Submit the contribution' }).click()
  await expect(page).toHaveURL(`${episode.path}?recorded=1`)
  await expect(page.getByText(`${NHS_TRUST} (${nurse().name}): ${contribution}`)).toBeVisible()
  // One contribution per agency per meeting.
  await expect(page.getByRole('link', { name: /^Submit your agency’s contribution/ })).toHaveCount(1)
  await checkPage()
})

test('the lead practitioner finds the family under My families and records the review', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  await signIn(page, checkPage, signInPage, twoFactorPage, people.dsl)
  await follow(page, checkPage, 'My families', 'My families')
  const row = page.getByRole('row').filter({ hasText: episode.reference })
  await expect(row).toContainText(childName)
  await expect(row).toContainText('Family plan in place')
  await row.getByRole('link', { name: childName }).click()
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  await expect(page.getByText(`${NHS_TRUST} (${nurse().name}):`, { exact: false })).toBeVisible()
  await checkPage()

  await action(page, checkPage, 'Record a review', 'Record a review of the family plan')
  await fillDate(page, 'Date of the review')
  await page
    .getByLabel('Who attended')
    .fill(`${people.dsl.name} (${OAKFIELD}), ${nurse().name} (${NHS_TRUST}), ${mother}`)
  await page
    .getByRole('group', { name: 'Action 1: how has it gone?' })
    .getByRole('radio', { name: 'Better', exact: true })
    .check()
  await page
    .getByRole('group', { name: 'Goal 1: how has it gone?' })
    .getByRole('radio', { name: 'The same', exact: true })
    .check()
  await page
    .getByRole('group', { name: 'What was decided?' })
    .getByRole('radio', { name: 'Continue with the plan' })
    .check()
  await page
    .getByLabel('What was discussed and why')
    .fill('He has been in on time four days out of five since the check-ins began. Keep going.')
  await record(page, 'Record the review', 'Family plan in place')
  await expect(historyEntry(page, 'Review held')).toContainText(
    'Actions: Better. Goals: The same. Decision: Continue with the plan.',
  )
  // The meeting is held and reviewed: no more contributions to it.
  await expect(page.getByRole('link', { name: /^Submit your agency’s contribution/ })).toHaveCount(0)
  await checkPage()
})

test('the early help coordinator finds the family in the area, with its plan and review', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  await signIn(page, checkPage, signInPage, twoFactorPage, people.coordinator)
  await follow(page, checkPage, 'Family help in your area', 'Family help in your area')
  const row = page.getByRole('table', { name: 'Families' }).getByRole('row').filter({ hasText: episode.reference })
  await expect(row.getByRole('cell')).toHaveText([
    `${childName}${episode.reference}`,
    'Family plan in place',
    `${people.dsl.name}, ${OAKFIELD}`,
    /^\d{1,2} \w+ \d{4}$/,
  ])
  await expect(
    page.getByRole('table', { name: 'Open families by organisation' }).getByRole('row').filter({ hasText: OAKFIELD }),
  ).toHaveCount(1)

  await row.getByRole('link', { name: childName }).click()
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  await expect(summaryValue(page, 'Lead practitioner')).toHaveText(`${people.dsl.name}, ${OAKFIELD}`)
  await expect(historyEntry(page, 'Review held')).toBeVisible()
  await expect(historyEntry(page, `Contribution from ${NHS_TRUST}`)).toBeVisible()
  await expect(historyEntry(page, 'Family plan, version 1')).toBeVisible()
  await checkPage()
})

test('a school outside the team around the family finds nothing at its address', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  const outsider = demoUser('teacher@riverside-academy.example')
  await signIn(page, checkPage, signInPage, twoFactorPage, outsider, false)
  const response = await page.goto(episode.path)
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible()
  await expect(page.getByRole('main')).not.toContainText(child.familyName)
  await checkPage()
})

test('a review finds things worse and the lead practitioner steps the family up to children’s social care', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  test.setTimeout(180_000)
  await signIn(page, checkPage, signInPage, twoFactorPage, people.dsl)
  await page.goto(episode.path)
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  await checkPage()

  await action(page, checkPage, 'Record a review', 'Record a review of the family plan')
  await fillDate(page, 'Date of the review')
  await page.getByLabel('Who attended').fill(`${people.dsl.name} (${OAKFIELD}), ${nurse().name} (${NHS_TRUST})`)
  await page
    .getByRole('group', { name: 'Action 1: how has it gone?' })
    .getByRole('radio', { name: 'Worse', exact: true })
    .check()
  await page
    .getByRole('group', { name: 'Goal 1: how has it gone?' })
    .getByRole('radio', { name: 'Worse', exact: true })
    .check()
  await page
    .getByRole('group', { name: 'What was decided?' })
    .getByRole('radio', { name: 'Step up to children’s social care' })
    .check()
  const worse = 'Not in school for a week; mum did not answer the door to the school nurse. Bruise on his cheek.'
  await page.getByLabel('What was discussed and why').fill(worse)
  await record(page, 'Record the review', 'Family plan in place')
  await checkPage()

  await action(page, checkPage, 'Step up to children’s social care', 'Step up to children’s social care')
  await page
    .getByLabel('Why the family needs children’s social care now')
    .fill('Attendance has collapsed and he has an unexplained bruise. Early help is not enough now.')
  await page
    .getByRole('group', { name: 'Do the parents or carers know about this referral?' })
    .getByRole('radio', { name: 'Yes', exact: true })
    .check()
  await page
    .getByRole('group', { name: 'Did they agree to the referral?' })
    .getByRole('radio', { name: 'Yes, they agreed to the referral' })
    .check()
  await record(page, 'Make the referral', 'Stepped up: plan paused')
  await expect(
    page.getByText('The family has been stepped up to children’s social care. The family plan is paused.'),
  ).toBeVisible()
  await expect(historyEntry(page, 'Stepped up to children’s social care')).toContainText('Attendance has collapsed')
  await checkPage()
})

test('the front door sees the whole family help history in the referral and decides on an assessment', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  test.setTimeout(180_000)
  await signIn(page, checkPage, signInPage, twoFactorPage, people.frontDoor)
  await page.goto('/front-door')
  await expect(page.getByRole('heading', { level: 1, name: 'Front door: referrals' })).toBeVisible()
  await checkPage()
  await page.getByRole('row').filter({ hasText: childName }).getByRole('link').first().click()
  await expect(page.getByRole('heading', { level: 1, name: /^Referral / })).toBeVisible()
  await expect(
    page.getByRole('heading', { level: 2, name: `Family help before this referral (${episode.reference})` }),
  ).toBeVisible()
  const main = page.getByRole('main')
  await expect(summaryValue(page, 'Assessment')).toContainText('Routines in the morning, and support for mum')
  await expect(summaryValue(page, 'Assessment')).toContainText(
    'Getting a good education; Improved family relationships',
  )
  await expect(summaryValue(page, 'Family plan')).toContainText(`Morning check-in at the school gate: ${OAKFIELD}`)
  await expect(main).toContainText('He has been in on time four days out of five')
  await expect(main).toContainText('Decision: Step up to children’s social care.')
  await expect(main).toContainText('Not in school for a week')
  await expect(
    page.getByRole('link', { name: new RegExp(`^${episode.reference} ?: the family help episode$`) }),
  ).toHaveAttribute('href', episode.path)
  await checkPage()

  await page.getByRole('link', { name: 'Record the decision' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Record the decision' })).toBeVisible()
  await checkPage()
  await page.getByRole('radio', { name: 'Child and family assessment (section 17)' }).check()
  await page
    .getByLabel('Your reasons')
    .fill('The team around the family has tried for weeks; attendance has collapsed. Assess under section 17.')
  await page.getByRole('button', { name: 'Record the decision' }).click()
  await expect(page.getByRole('heading', { name: 'Decision recorded' })).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: /^Go to the case E-/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(childName) })).toBeVisible()
  casePath = new URL(page.url()).pathname
  // The case keeps what the referral carried, the family help history with it.
  await expect(
    page.getByRole('heading', { level: 3, name: `Family help before this referral (${episode.reference})` }),
  ).toBeVisible()
  await checkPage()
})

test('a team manager closes the assessment to early help (RC9) and steps the family down with a handover meeting', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  test.setTimeout(240_000)
  await signIn(page, checkPage, signInPage, twoFactorPage, people.manager)
  await page.goto(casePath)
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(childName) })).toBeVisible()
  await checkPage()

  await page.getByRole('link', { name: 'Record the assessment' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Child and family assessment' })).toBeVisible()
  await checkPage()
  await fillDate(page, 'When was the child seen?')
  await page.getByRole('group', { name: 'Was the child seen alone?' }).getByRole('radio', { name: 'Yes' }).check()
  await page.getByRole('checkbox', { name: 'Mental health: parent or carer (4B)' }).check()
  await page.getByLabel('Primary need').selectOption({ label: 'N5: Family dysfunction' })
  await page
    .getByLabel('Summary of the assessment')
    .fill(
      'Mum is depressed since the separation; the bruise was from football (school saw it happen). Early help with a new lead.',
    )
  await page.getByRole('button', { name: 'Save the assessment' }).click()
  await expect(page).toHaveURL(`${casePath}?recorded=1`)
  await checkPage()
  await page.getByRole('button', { name: 'Submit the assessment for authorisation' }).click()
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(childName) })).toBeVisible()
  await checkPage()

  await page.getByRole('link', { name: 'Authorise the assessment' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Authorise the assessment' })).toBeVisible()
  await checkPage()
  // What a child in need plan is to achieve is asked only under that outcome (the conditional reveal).
  const outcomes = page.getByRole('group', { name: 'Outcome of the assessment' })
  const cinOutcomes = page.getByLabel('Child in need plan outcomes')
  await expect(cinOutcomes).toBeHidden()
  await outcomes.getByRole('radio', { name: 'Child in need plan', exact: true }).check()
  await expect(cinOutcomes).toBeVisible()
  await checkPage()
  await outcomes.getByRole('radio', { name: 'Early help', exact: true }).check()
  await expect(cinOutcomes).toBeHidden()
  await page.getByRole('button', { name: 'Authorise with this outcome' }).click()
  await expect(page).toHaveURL(new RegExp(`^.*${casePath}(\\?.*)?$`))
  await expect(summaryValue(page, 'Stage')).toContainText('RC9')
  await checkPage()

  await page.getByRole('link', { name: 'Step down to family help' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Step down to family help' })).toBeVisible()
  await checkPage()
  await page
    .getByRole('group', { name: 'Level of support' })
    .getByRole('radio', { name: 'Early help (targeted)' })
    .check()
  await page.getByLabel('New lead practitioner’s email address').fill(nurse().email)
  await page.getByRole('group', { name: 'Their role' }).getByRole('radio', { name: 'School nurse' }).check()
  await page
    .getByRole('group', { name: 'Did the family have a say in who their lead practitioner is?' })
    .getByRole('radio', { name: 'Yes', exact: true })
    .check()
  await fillDate(page, 'Date of the handover meeting')
  await page.getByLabel('Time of the handover meeting').fill('10:00')
  await page.getByLabel('Where', { exact: true }).fill('Oakfield Primary School, family room')
  await page.getByRole('button', { name: 'Open family help and arrange the handover' }).click()

  await expect(page).toHaveURL(/^.*\/family-help\/[0-9a-f-]{36}\?recorded=1$/)
  expect(new URL(page.url()).pathname).not.toBe(episode.path)
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  await expect(page.getByText(/^Family help FH-\d{6}$/)).not.toHaveText(`Family help ${episode.reference}`)
  await expect(summaryValue(page, 'Lead practitioner')).toHaveText(`${nurse().name}, ${NHS_TRUST}`)
  await expect(summaryValue(page, 'Parents, carers and family network')).toHaveText(mother)
  await expect(
    page.getByRole('heading', {
      level: 3,
      name: `Handover meeting: ${longDate(today)} at 10:00, Oakfield Primary School, family room`,
    }),
  ).toBeVisible()
  await checkPage()

  // The stepped-up episode ends where the new one begins: one thread.
  await page.goto(episode.path)
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  await expect(page.getByText('Closed', { exact: true }).first()).toBeVisible()
  await checkPage()
})
