/**
 * Whether the referrer's identity must be kept from the family (issue 17, item 9). Asked on the DSL's referral (the
 * decision on a concern) and on the professional referral form (the public form asks it too: public-report.test.ts);
 * required, with the reason revealed under "Yes". Referrals made before the question existed say "Not asked", never
 * "No". When the answer is yes, the front door's referral page and the case say so prominently.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { actorFor, caseAfterFrontDoor, PEOPLE } from '../support/protectionFixtures.js'
import { recordConcernFor } from '../../src/modules/concerns/steps/recordConcern.js'
import { acknowledgeConcern } from '../../src/modules/concerns/steps/acknowledgeConcern.js'
import { takeStep } from '../../src/platform/steps/defineStep.js'
import { createChild } from '../../src/modules/children/steps/createChild.js'
import { localDate, type LocalDate } from '../../src/platform/calendar/localDate.js'

let ctx: TestContext
const FRONT_DOOR = 'front.door@northshire-council.example'
const meta = { correlationId: 'referrer-identity-test' }

async function signedIn(email: string): Promise<TestBrowser> {
  const b = new TestBrowser(ctx.app)
  assert.equal((await b.signIn(email, DEMO.password)).statusCode, 303, email)
  return b
}

/** An acknowledged concern about a new child, recorded by the DSL: ready for a decision. */
async function concernReadyForDecision(givenName: string): Promise<string> {
  const dsl = await actorFor(ctx.deps, PEOPLE.dsl)
  const dob = (localDate(2017, 6, 1) as { ok: true; value: LocalDate }).value
  const child = await createChild(
    ctx.deps,
    dsl,
    { givenName, familyName: 'Hartley', dateOfBirth: dob, sex: 'female' },
    meta,
  )
  if (!child.ok) throw new Error(child.error.message)
  const concern = await recordConcernFor(
    ctx.deps,
    dsl,
    {
      childIds: [child.value.id],
      facts: 'A mark on her neck; she said her uncle did it.',
      observedAtMs: ctx.clock.now().getTime() - 60 * 60_000,
      place: 'Classroom',
      childWords: 'My uncle squeezed me.',
      othersPresent: '',
      categories: ['physical_abuse'],
      bodyMap: [],
      actionTaken: 'Told the DSL.',
      immediateDanger: false,
    },
    meta,
  )
  if (!concern.ok) throw new Error(concern.error.message)
  const acknowledged = await takeStep(ctx.deps, acknowledgeConcern, dsl, { id: concern.value.id }, {}, meta)
  if (!acknowledged.ok) throw new Error(acknowledged.error.message)
  return concern.value.id
}

const referralOf = (concernId: string) =>
  ctx.db
    .selectFrom('referral')
    .select(['id', 'referrer_identity_withheld', 'referrer_identity_reason', 'referrer_anonymous'])
    .where('concern_id', '=', concernId)
    .execute()

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
})
after(async () => ctx.close())

describe('the DSL’s referral asks whether the family may be told who referred', () => {
  test('the question sits inside “Refer to children’s social care”, with the reason revealed under “Yes”', async () => {
    const concernId = await concernReadyForDecision('Ivy')
    const dsl = await signedIn(PEOPLE.dsl)
    const page = await dsl.get(`/concerns/${concernId}`)
    assert.match(page.body, /Must the family not be told who made this referral\?/)
    assert.match(page.body, /id="conditional-identityWithheld"[^>]*>[\s\S]*?name="identityWithheldReason"/)
  })

  test('required: no answer, or yes without a reason, gets a GOV.UK error and writes nothing', async () => {
    const concernId = await concernReadyForDecision('Ada')
    const dsl = await signedIn(PEOPLE.dsl)
    const path = `/concerns/${concernId}/decision`
    const decision = {
      kind: 'refer_to_childrens_social_care',
      rationale: 'A mark and a disclosure naming her uncle.',
      parentsAware: 'yes',
      parentalConsent: 'given',
    }
    await dsl.get(`/concerns/${concernId}`)
    const missing = await dsl.post(path, decision)
    assert.equal(missing.statusCode, 400)
    assert.match(missing.body, /govuk-error-summary/)
    assert.match(
      missing.body,
      /href="#identityWithheld">Select yes if the family must not be told who made this referral/,
    )
    const noReason = await dsl.post(path, { ...decision, identityWithheld: 'yes', identityWithheldReason: ' ' })
    assert.equal(noReason.statusCode, 400)
    assert.match(noReason.body, /Enter why the family must not be told who made this referral/)
    assert.deepEqual(await referralOf(concernId), [], 'nothing written')
    const done = await dsl.post(path, {
      ...decision,
      identityWithheld: 'yes',
      identityWithheldReason: 'Her uncle lives with them and would know she told her teacher.',
    })
    assert.equal(done.statusCode, 303, done.body)
    const [referral] = await referralOf(concernId)
    assert.equal(referral?.referrer_identity_withheld, 'yes')
    assert.equal(referral?.referrer_identity_reason, 'Her uncle lives with them and would know she told her teacher.')
    assert.equal(referral?.referrer_anonymous, true)

    const frontDoor = await signedIn(FRONT_DOOR)
    const received = await frontDoor.get(`/front-door/referrals/${referral?.id ?? ''}`)
    assert.equal(received.statusCode, 200)
    assert.match(received.body, /id="identity-withheld"[\s\S]*?Do not tell the family who made this referral/)
    assert.match(received.body, /Yes – do not tell the family who made this referral/)
    assert.match(received.body, /Her uncle lives with them and would know she told her teacher\./)
  })

  test('“No” is recorded as no, and the page says so without a warning', async () => {
    const concernId = await concernReadyForDecision('Nell')
    const dsl = await signedIn(PEOPLE.dsl)
    await dsl.get(`/concerns/${concernId}`)
    const done = await dsl.post(`/concerns/${concernId}/decision`, {
      kind: 'refer_to_childrens_social_care',
      rationale: 'Neglect.',
      parentsAware: 'yes',
      parentalConsent: 'given',
      identityWithheld: 'no',
      identityWithheldReason: 'typed, then “No” chosen',
    })
    assert.equal(done.statusCode, 303)
    const [referral] = await referralOf(concernId)
    assert.equal(referral?.referrer_identity_withheld, 'no')
    assert.equal(referral?.referrer_identity_reason, null, 'a reason under “No” is dropped')
    const frontDoor = await signedIn(FRONT_DOOR)
    const received = await frontDoor.get(`/front-door/referrals/${referral?.id ?? ''}`)
    assert.doesNotMatch(received.body, /id="identity-withheld"/)
  })
})

describe('the professional referral form asks it too', () => {
  test('the form shows the question with the reason revealed under “Yes”; yes without a reason is refused', async () => {
    const teacher = await signedIn(DEMO.teacher)
    const form = await teacher.get('/referrals/new/details?immediateDanger=no')
    assert.match(form.body, /id="conditional-identityWithheld"[^>]*>[\s\S]*?name="identityWithheldReason"/)
    const res = await teacher.post('/referrals', {
      immediateDanger: 'no',
      childGivenName: 'Rory',
      childFamilyName: 'Vance',
      concern: 'Bruises',
      childLocation: 'In class',
      parentsAware: 'yes',
      parentalConsent: 'given',
      identityWithheld: 'yes',
    })
    assert.equal(res.statusCode, 400)
    assert.match(
      res.body,
      /href="#identityWithheldReason">Enter why the family must not be told who made this referral/,
    )
  })
})

describe('older referrals, and the case', () => {
  test('a referral where nobody was asked says “Not asked”, never “No”', async () => {
    const fixture = await caseAfterFrontDoor(ctx.deps, { givenName: 'Orla', familyName: 'Quint' })
    const row = await ctx.db
      .selectFrom('referral')
      .select('referrer_identity_withheld')
      .where('id', '=', fixture.referralId)
      .executeTakeFirstOrThrow()
    assert.equal(row.referrer_identity_withheld, 'not_asked')
    const frontDoor = await signedIn(FRONT_DOOR)
    const page = await frontDoor.get(`/front-door/referrals/${fixture.referralId}`)
    assert.match(
      page.body,
      /Identity kept from the family\?\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Not asked/,
    )
    const theCase = await frontDoor.get(`/cases/${fixture.episodeId}`)
    assert.equal(theCase.statusCode, 200)
    assert.doesNotMatch(theCase.body, /id="identity-withheld"/)
  })

  test('the case says prominently not to tell the family who referred, when the referrer asked', async () => {
    const fixture = await caseAfterFrontDoor(ctx.deps, {
      givenName: 'Peggy',
      familyName: 'Rowe',
      identity: { identityWithheld: 'yes', identityWithheldReason: 'The child’s disclosure would be obvious.' },
    })
    const frontDoor = await signedIn(FRONT_DOOR)
    const theCase = await frontDoor.get(`/cases/${fixture.episodeId}`)
    assert.equal(theCase.statusCode, 200)
    assert.match(theCase.body, /id="identity-withheld"[\s\S]*?Do not tell the family who made the referral/)
  })
})
