/**
 * Working together on one child (issue 11, "Done when"), in the browser with axe on every page: a teacher records
 * a concern → the school's DSL refers it to children's social care and shares a summary with the GP practice's
 * safeguarding lead (public task; consent not needed: risk of harm) → the GP lead sees exactly that summary and
 * nothing else → a health safeguarding lead of a trust not involved with the child opens the record with a reason
 * → every organisation holding the record (the school, the local authority the school referred to, and the GP
 * practice it shared with) is emailed about the opening, without the child's name, and the person who opened it is
 * not → the school's DSL follows the email's link to "Who has seen this child's record", sees the opening and its
 * reason, and records a decision not to share, which is listed with its reasons → the front door sees the concern's
 * detail carried by the referral, then follows its own email's link and sees the opening and the trust lead's view.
 *
 * The teacher is a seeded staff account (password only); the others need an authenticator app and are made for
 * this run, each signing in once except the DSL.
 */
import { randomBytes } from 'node:crypto'
import {
  createAccount,
  londonDate,
  randomName,
  follow,
  signIn,
  type Account,
  type ChildOnRecord,
} from './support/journeys.js'
import { baseURL, demoUser } from './support/settings.js'
import { readMail, type ReceivedMail } from './support/smtp.js'
import { expect, test } from './support/test.js'

test.describe.configure({ mode: 'serial' })

const runId = randomBytes(3).toString('hex')
const OAKFIELD = 'Oakfield Primary School'
const SURGERY = 'Elm Tree Surgery'
const TRUST = 'Northshire NHS Foundation Trust'
const LA = "Northshire Council children's social care"

const child = {
  givenName: randomName(2),
  familyName: randomName(3),
  facts: `Came in with a cut lip and said she could not go home tonight. Run ${runId}.`,
}
const childName = `${child.givenName} ${child.familyName}`
const rationale = `A cut lip with a disclosure that she is afraid to go home: referring today (${runId}).`
const summary = `School referred ${child.givenName} to children’s social care today after an injury and a disclosure (${runId}).`
const teacher = (): Account => demoUser('teacher@oakfield-primary.example')
const people = {} as Record<'dsl' | 'gpLead' | 'trustLead' | 'frontDoor', Account>
let onRecord: ChildOnRecord

/** The outbox worker sends every 2 seconds; a loaded machine may take longer. */
const MAIL_TIMEOUT_MS = 30_000
const OPENED_SUBJECT = `A child’s record was opened by ${TRUST}`
const openingReason = `Seen in the emergency department tonight with a cut lip (${runId}).`

/** The alerts about the opening delivered to one person's mailbox so far. */
const openingAlerts = (to: Account): ReceivedMail[] =>
  readMail().filter((m) => m.deliveredTo === to.email && m.subject === OPENED_SUBJECT)

/** Waits for exactly one alert about the opening in the person's mailbox, and returns it. */
async function openingAlertFor(to: Account): Promise<ReceivedMail> {
  await expect
    .poll(() => openingAlerts(to).length, { timeout: MAIL_TIMEOUT_MS, intervals: [500], message: to.email })
    .toBe(1)
  const [mail] = openingAlerts(to)
  if (mail === undefined) throw new Error(`no alert about the opening for ${to.email}`)
  return mail
}

/** The link an alert gives to "Who has seen this child's record", as the person reading it would follow it. */
function accessLink(mail: ReceivedMail): string {
  const link = /https?:\/\/\S+\/access\b/.exec(mail.text)?.[0]
  expect(link, mail.text).toBe(`${baseURL}${onRecord.path}/access`)
  return link ?? ''
}

test.beforeAll(async () => {
  test.setTimeout(120_000)
  people.dsl = await createAccount(runId, 'tg-dsl', 'Dana Lead', OAKFIELD, 'dsl', 'oakfield-primary.example')
  people.gpLead = await createAccount(runId, 'tg-gp', 'Gil Practice', SURGERY, 'health_lead', 'elmtree-surgery.example')
  people.trustLead = await createAccount(
    runId,
    'tg-trust',
    'Tess Trust',
    TRUST,
    'health_lead',
    'northshire-nhs.example',
  )
  people.frontDoor = await createAccount(runId, 'tg-fd', 'Fay Door', LA, 'front_door', 'northshire-council.example')
})

test('a teacher records a concern about a child new to Together', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  test.setTimeout(120_000)
  await signIn(page, checkPage, signInPage, twoFactorPage, teacher(), false)
  // The steps of recordConcernAboutNewChild (e2e/support/journeys.ts) up to the recorded concern: the helper then
  // opens the child's record, which a teacher (a password-only role) does not see. The DSL finds the child later.
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
  await page.getByRole('group', { name: 'Sex' }).getByLabel('Female', { exact: true }).check()
  await page.getByRole('button', { name: 'Add child' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Which child is it about?' })).toBeVisible()
  await checkPage()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Is the child in immediate danger?' })).toBeVisible()
  await checkPage()
  await page.getByRole('radio', { name: 'No', exact: true }).check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'What happened?' })).toBeVisible()
  await checkPage()
  const seen = new Date(Date.now() - 65 * 60_000)
  const part = (o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', ...o }).format(seen)
  const when = page.getByRole('group', { name: 'When did you see or hear it?' })
  await when.getByLabel('Day').fill(part({ day: 'numeric' }))
  await when.getByLabel('Month').fill(part({ month: 'numeric' }))
  await when.getByLabel('Year').fill(part({ year: 'numeric' }))
  await page.getByLabel('Time', { exact: true }).fill(part({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }))
  await page.getByLabel('Where?', { exact: true }).fill('School playground')
  await page.getByLabel('What did you see or hear?').fill(child.facts)
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'What kind of concern is it?' })).toBeVisible()
  await checkPage()
  await page.getByRole('checkbox', { name: 'Neglect', exact: true }).check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Check your answers before sending' })).toBeVisible()
  await checkPage()
  await page.getByRole('button', { name: 'Send to your safeguarding lead' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Concern recorded' })).toBeVisible()
  const reference = (await page.locator('#concern-reference').innerText()).trim()
  expect(reference).toMatch(/^C-\d{4}-\d{6}$/)
  await checkPage()
  onRecord = { ...child, path: '', concernReference: reference ?? '' }
})

test('the school’s DSL refers the concern, then shares a summary with the GP practice’s safeguarding lead', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  test.setTimeout(180_000)
  await signIn(page, checkPage, signInPage, twoFactorPage, people.dsl)
  await page.goto('/inbox')
  await expect(page.getByRole('heading', { level: 1, name: 'Safeguarding inbox' })).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: onRecord.concernReference, exact: true }).click()
  const heading = page.getByRole('heading', { level: 1 })
  await expect(heading).toHaveText(`Concern ${onRecord.concernReference} New`)
  const childPath = (await page.getByRole('link', { name: childName, exact: true }).getAttribute('href')) ?? ''
  expect(childPath).toMatch(/^\/children\/[0-9a-f-]{36}$/)
  onRecord = { ...onRecord, path: childPath }
  await checkPage()
  await page.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(heading).toHaveText(`Concern ${onRecord.concernReference} Acknowledged`)
  await checkPage()
  await page
    .getByRole('group', { name: 'Record a decision' })
    .getByRole('radio', { name: 'Refer to children’s social care', exact: true })
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
  await page.getByLabel('If you did not ask them: why not?').fill('She is afraid of what happens at home if they know.')
  await page
    .getByRole('group', { name: 'Must the family not be told who made this referral?' })
    .getByRole('radio', { name: 'No, the family may be told' })
    .check()
  await page.getByRole('button', { name: 'Record decision' }).click()
  await expect(heading).toHaveText(`Concern ${onRecord.concernReference} Decision made`)
  await checkPage()

  // The share: a written summary only, to the GP practice's safeguarding lead.
  await page.goto(onRecord.path)
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: 'Information sharing: record and see decisions to share or not' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Information sharing' })).toBeVisible()
  await checkPage()
  await page.goto(`${onRecord.path}/sharing/new`)
  await expect(page.getByRole('heading', { level: 1, name: 'Record an information-sharing decision' })).toBeVisible()
  await checkPage()
  await page
    .getByRole('group', { name: 'How did this decision come about?' })
    .getByRole('radio', { name: 'We decided to share without being asked' })
    .check()
  await page.getByRole('group', { name: 'Your decision' }).getByRole('radio', { name: 'Share', exact: true }).check()
  await page
    .getByLabel('Which organisation would receive the information, or asked for it?')
    .selectOption({ label: SURGERY })
  await page.getByLabel('The person there').fill(people.gpLead.name)
  await page
    .getByRole('group', { name: 'Consent' })
    .getByRole('radio', { name: 'Not needed: the child is at risk, or there is a perceived risk, of harm' })
    .check()
  await page
    .getByRole('group', { name: 'Lawful basis' })
    .getByRole('radio', { name: 'Public task: UK GDPR Article 6(1)(e)' })
    .check()
  await page
    .getByRole('group', { name: /special category information/ })
    .getByRole('radio', { name: 'No special category information' })
    .check()
  await page
    .getByRole('group', { name: /Have you told the child or family/ })
    .getByRole('radio', { name: 'No', exact: true })
    .check()
  await page.getByLabel('Why not?').fill('Telling the family now could increase the risk to her.')
  await page
    .getByRole('group', { name: /Could anyone be harmed if their identity became known/ })
    .getByRole('radio', { name: 'No', exact: true })
    .check()
  await page
    .getByRole('group', { name: 'Would sharing be more harmful to the child than not sharing?' })
    .getByRole('radio', { name: 'No', exact: true })
    .check()
  await page
    .getByLabel('Why is sharing necessary and proportionate?')
    .fill('The GP sees her and her mother and needs to know about the injury and the referral.')
  await page.getByLabel('A written summary of what you are sharing').fill(summary)
  const today = londonDate()
  const shared = page.getByRole('group', { name: 'When was it shared?' })
  await shared.getByLabel('Day').fill(today.day)
  await shared.getByLabel('Month').fill(today.month)
  await shared.getByLabel('Year').fill(today.year)
  await page.getByRole('button', { name: 'Record the decision' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Information sharing' })).toBeVisible()
  await expect(page.getByRole('main')).toContainText(SURGERY)
  await checkPage()
})

test('the GP practice’s safeguarding lead sees exactly the shared summary, and nothing else', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  test.setTimeout(120_000)
  await signIn(page, checkPage, signInPage, twoFactorPage, people.gpLead)
  await page.goto(onRecord.path)
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  const rows = page.locator('#chronology tbody tr')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(summary)
  await expect(page.getByRole('main')).not.toContainText(child.facts)
  await expect(page.getByRole('main')).not.toContainText(rationale)
  await checkPage()
})

test('a health safeguarding lead of a trust not involved opens the record with a reason', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  test.setTimeout(120_000)
  await signIn(page, checkPage, signInPage, twoFactorPage, people.trustLead)
  await page.goto('/open-record')
  await expect(page.getByRole('heading', { level: 1, name: 'Open a child’s record with a reason' })).toBeVisible()
  await checkPage()
  await page.getByLabel('First name', { exact: true }).fill(child.givenName)
  await page.getByLabel('Last name', { exact: true }).fill(child.familyName)
  const born = page.getByRole('group', { name: 'Date of birth' })
  await born.getByLabel('Day').fill('21')
  await born.getByLabel('Month').fill('9')
  await born.getByLabel('Year').fill(String(new Date().getFullYear() - 9))
  await page.getByRole('textbox', { name: 'Why do you need to open this record?' }).fill(openingReason)
  await page.getByRole('button', { name: /Open the record/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  await checkPage()
})

test('every organisation holding the record is emailed about the opening, without the child’s name', async () => {
  test.setTimeout(60_000)
  // The school recorded the concern, the local authority received its referral, the GP practice was shared with.
  for (const holder of [people.dsl, people.frontDoor, people.gpLead]) {
    const mail = await openingAlertFor(holder)
    expect(mail.text).toContain(`${people.trustLead.name} (${TRUST}) opened the record of a child`)
    expect(accessLink(mail)).toContain(onRecord.path)
    expect(mail.text).not.toContain(child.givenName)
    expect(mail.text).not.toContain(child.familyName)
    expect(mail.subject).not.toContain(child.givenName)
  }
  // The one who opened it is not told about their own opening.
  expect(openingAlerts(people.trustLead)).toHaveLength(0)
})

test('the school’s DSL follows the alert to the opening, and records a decision not to share, which is listed', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  test.setTimeout(180_000)
  await signIn(page, checkPage, signInPage, twoFactorPage, people.dsl)
  await page.goto(accessLink(await openingAlertFor(people.dsl)))
  await expect(page.getByRole('heading', { level: 1, name: 'Who has seen this child’s record' })).toBeVisible()
  await expect(page.locator('#openings + table')).toContainText(`${people.trustLead.name}, ${TRUST}`)
  await expect(page.locator('#openings + table')).toContainText(openingReason)
  await checkPage()

  await page.goto(`${onRecord.path}/sharing/new`)
  await expect(page.getByRole('heading', { level: 1, name: 'Record an information-sharing decision' })).toBeVisible()
  await checkPage()
  await page
    .getByRole('group', { name: 'How did this decision come about?' })
    .getByRole('radio', { name: 'We decided not to share information we hold' })
    .check()
  await page
    .getByRole('group', { name: 'Your decision' })
    .getByRole('radio', { name: 'Do not share', exact: true })
    .check()
  await page
    .getByLabel('Which organisation would receive the information, or asked for it?')
    .selectOption({ label: 'Northshire Youth Football Club' })
  await page.getByRole('group', { name: 'Consent' }).getByRole('radio', { name: 'Not asked for' }).check()
  await page.getByLabel('Why was consent not asked for?').fill('Nothing is being shared.')
  await page
    .getByLabel('Why are you not sharing?')
    .fill(`The club has no safeguarding role for her at present (golden rule 6). ${runId}`)
  await page.getByRole('button', { name: 'Record the decision' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Information sharing' })).toBeVisible()
  const refusals = page.locator('#not-shared + table tbody tr')
  await expect(refusals).toHaveCount(1)
  await expect(refusals.first()).toContainText('Northshire Youth Football Club')
  await expect(refusals.first()).toContainText(
    `The club has no safeguarding role for her at present (golden rule 6). ${runId}`,
  )
  await checkPage()
  // Listed again when the DSL comes back to the child's information sharing, not only on the page after the form.
  await page.goto(onRecord.path)
  await expect(page.getByRole('heading', { level: 1, name: childName })).toBeVisible()
  await checkPage()
  await page.getByRole('link', { name: 'Information sharing: record and see decisions to share or not' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Information sharing' })).toBeVisible()
  await expect(page.locator('#not-shared + table tbody tr')).toContainText([
    /Northshire Youth Football Club.*golden rule 6/s,
  ])
  await checkPage()
})

test('the front door sees the concern the referral carried, and follows its alert to who opened the record', async ({
  page,
  checkPage,
  signInPage,
  twoFactorPage,
}) => {
  test.setTimeout(120_000)
  await signIn(page, checkPage, signInPage, twoFactorPage, people.frontDoor)
  await page.goto('/front-door')
  await expect(page.getByRole('heading', { level: 1, name: 'Front door: referrals' })).toBeVisible()
  await checkPage()
  await page.getByRole('row').filter({ hasText: childName }).getByRole('link').first().click()
  await expect(page.getByRole('heading', { level: 2, name: /The concern this referral carried/ })).toBeVisible()
  const main = page.getByRole('main')
  await expect(main).toContainText(child.facts)
  await expect(main).toContainText(rationale)
  await expect(main).toContainText('Neglect')
  await expect(main).toContainText(`${teacher().name}, ${OAKFIELD}`)
  await checkPage()
  await page.goto(accessLink(await openingAlertFor(people.frontDoor)))
  await expect(page.getByRole('heading', { level: 1, name: 'Who has seen this child’s record' })).toBeVisible()
  await expect(page.locator('#openings + table')).toContainText(`${people.trustLead.name}, ${TRUST}`)
  await expect(page.locator('#openings + table')).toContainText(openingReason)
  // The access itself, not only the opening: the trust lead's view of the record is in the audit trail shown.
  await expect(page.locator('#access tbody')).toContainText(people.trustLead.name)
  await checkPage()
})
