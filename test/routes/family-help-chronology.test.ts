/**
 * Family help in the child's chronology (issue 12, item 7: "the chronology shows one unbroken thread"): a family
 * help episode from a DSL's early-help decision, with its lead practitioner, assessment, plan, a review deciding to
 * step up, the step-up to children's social care, the case closed to early help and the step-down into a new
 * episode, reads as one thread in time order on the child's chronology for the local authority, in plain words,
 * each entry linking to its episode. An organisation that may see the child but is not in the team around the
 * family (a GP practice that was shared one item) sees none of it; team members see it; the PDF carries it too.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { acknowledgeConcern } from '../../src/modules/concerns/steps/acknowledgeConcern.js'
import { takeStep } from '../../src/platform/steps/defineStep.js'
import { decideConcern } from '../../src/modules/concerns/steps/decideConcern.js'
import { recordConcernFor } from '../../src/modules/concerns/steps/recordConcern.js'
import { createChild } from '../../src/modules/children/steps/createChild.js'
import { parseLocalDate } from '../../src/platform/calendar/localDate.js'
import { actorFor, NORTHSHIRE, openCase, organisationId, step } from '../support/caseloadFixtures.js'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

let ctx: TestContext
let client: ApiClient
const meta = { correlationId: 'family-help-chronology-test' }
const api = (email: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  client.call(email, method, url, payload)
const TODAY = '2026-11-23'
const TRUST_LEAD = 'safeguarding.lead@northshire-nhs.example'
const SCHOOL_NURSE = 'school.nurse@northshire-nhs.example'
const MINUTE = 60_000

interface Entry {
  at: string
  type: string
  organisation: string
  author: string
  summary: string
  reference: string
  familyHelpEpisodeId?: string
  concernId: string | null
}

let childId = ''
let concernId = ''
let firstEpisode = ''
let secondEpisode = ''

async function ok(email: string, url: string, payload: object): Promise<Record<string, unknown>> {
  const res = await api(email, 'POST', url, payload)
  assert.ok(res.statusCode === 201, `${url}: ${res.statusCode} ${res.body}`)
  ctx.clock.advance(MINUTE)
  return res.json() as Record<string, unknown>
}

async function chronology(email: string): Promise<Entry[]> {
  const res = await api(email, 'GET', `/api/v1/children/${childId}/chronology`)
  assert.equal(res.statusCode, 200, `${email}: ${res.body}`)
  return (res.json() as { entries: Entry[] }).entries
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  // A teacher's concern; the school DSL decides on early help, which opens the episode.
  const teacher = await actorFor(ctx, NORTHSHIRE.teacher)
  const dsl = await actorFor(ctx, NORTHSHIRE.dsl)
  const born = parseLocalDate('2017-03-02')
  assert.ok(born.ok)
  const child = await createChild(
    ctx.deps,
    teacher,
    { givenName: 'Ollie', familyName: 'Thread', dateOfBirth: born.value, sex: 'male' },
    meta,
  )
  assert.ok(child.ok)
  childId = child.value.id
  const concern = await recordConcernFor(
    ctx.deps,
    teacher,
    {
      childIds: [childId],
      observedAtMs: ctx.clock.now().getTime() - 3_600_000,
      place: 'Classroom',
      facts: 'Often late and hungry.',
      childWords: '',
      othersPresent: 'None',
      categories: ['neglect'],
      bodyMap: [],
      immediateDanger: false,
      actionTaken: 'Gave breakfast; told the DSL',
    },
    meta,
  )
  assert.ok(concern.ok)
  concernId = concern.value.id
  assert.ok((await takeStep(ctx.deps, acknowledgeConcern, dsl, { id: concernId }, {}, meta)).ok)
  ctx.clock.advance(MINUTE)
  const decided = await takeStep(
    ctx.deps,
    decideConcern,
    dsl,
    { id: concernId },
    { kind: 'early_help', rationale: 'Below the threshold for social care; the family want help.' },
    meta,
  )
  assert.ok(decided.ok && decided.value.familyHelpEpisodeId)
  firstEpisode = decided.value.familyHelpEpisodeId
  ctx.clock.advance(MINUTE)
  const fh = `/api/v1/family-help/${firstEpisode}`
  await ok(NORTHSHIRE.dsl, `${fh}/consent`, {
    outcome: 'given',
    givenBy: 'parent_or_carer',
    givenByName: 'Sam Thread',
    scope: 'Help with mornings',
    decidedOn: TODAY,
  })
  await ok(NORTHSHIRE.dsl, `${fh}/team`, { email: SCHOOL_NURSE, role: 'school_nurse', joinedOn: TODAY })
  await ok(NORTHSHIRE.dsl, `${fh}/lead-practitioner`, {
    email: NORTHSHIRE.teacher,
    familyHadSay: 'yes',
    startsOn: TODAY,
  })
  await ok(NORTHSHIRE.teacher, `${fh}/assessments`, {
    startedOn: TODAY,
    completedOn: TODAY,
    needs: ['education', 'health'],
    needsSummary: 'Attendance 82%; mother’s low mood.',
    factors: ['4B'],
    strengths: 'Loving family.',
    childVoice: 'I want to be on time.',
    parentsVoice: 'I need help in the mornings.',
  })
  await ok(NORTHSHIRE.teacher, `${fh}/plans`, {
    agreedOn: TODAY,
    action1What: 'Breakfast club place',
    action1Who: 'Oakfield Primary School',
    action1ByWhen: '2026-12-01',
    goal1Area: 'education',
    goal1Goal: 'At school on time every day',
    goal1Score: '4',
  })
  await ok(NORTHSHIRE.teacher, `${fh}/reviews`, {
    heldOn: TODAY,
    attendees: 'School, school nurse, mum',
    action1Progress: 'worse',
    goal1Progress: 'worse',
    decision: 'step_up',
    notes: 'Attendance worse; new concerns.',
  })
  const up = await ok(TRUST_LEAD, `${fh}/step-up`, {
    reason: 'Neglect is getting worse despite the plan.',
    parentsAware: 'yes',
    parentalConsent: 'given',
  })
  const referralId = (up['referralIds'] as string[])[0] ?? ''
  // Children's social care assesses, closes to early help (RC9), and steps the family down.
  const caseId = await openCase(ctx, referralId, { outcome: 'assessment' })
  ctx.clock.advance(MINUTE)
  await step(ctx, NORTHSHIRE.teamManager, caseId, {
    step: 'complete_assessment',
    outcome: 'early_help',
    rationale: 'Family help can meet the needs.',
  })
  ctx.clock.advance(MINUTE)
  const down = await ok(NORTHSHIRE.socialWorker, `/api/v1/family-help/step-downs/${caseId}`, {
    level: 'early_help',
    leadEmail: NORTHSHIRE.teacher,
    leadRole: 'teacher',
    familyHadSay: 'yes',
    handoverOn: '2026-11-26',
    handoverTime: '10:00',
    handoverPlace: 'Oakfield Primary School',
  })
  secondEpisode = String(down['episodeId'])
  // The school's DSL shares one item (the concern) with the GP practice, which is not in the team.
  const surgeryId = await organisationId(ctx, NORTHSHIRE.surgery)
  const shared = await api(NORTHSHIRE.dsl, 'POST', `/api/v1/children/${childId}/sharing-decisions`, {
    direction: 'proactive',
    decision: 'share',
    lawfulBasis: 'public_task',
    specialCategory: 'none',
    consent: 'not_needed_risk',
    told: 'yes',
    identitiesAtRisk: 'no',
    detriment: 'no',
    necessity: 'The GP sees Ollie and his mother',
    entryIds: [concernId],
    recipientOrganisationId: surgeryId,
    recipientPerson: 'Dr James Reid',
    sharedOn: TODAY,
  })
  assert.equal(shared.statusCode, 201, shared.body)
})
after(async () => ctx.close())

const COORDINATOR = 'early.help@northshire-council.example'

const familyHelp = (entries: Entry[]) => entries.filter((e) => e.type.startsWith('family_help'))

describe('family help in the child’s chronology', () => {
  test('the local authority sees one thread in time order: family help, the step-up referral, the case, the step-down', async () => {
    const entries = await chronology(NORTHSHIRE.frontDoor)
    const at = entries.map((e) => new Date(e.at).getTime())
    assert.deepEqual(
      at,
      [...at].sort((a, b) => a - b),
      'in time order',
    )
    const types = entries.map((e) => e.type)
    const index = (type: string, from = 0) => {
      const i = types.indexOf(type, from)
      assert.ok(i >= 0, `${type} in ${types.join(', ')}`)
      return i
    }
    const opened = index('family_help_opened')
    const consent = index('family_help_consent')
    const lead = index('family_help_lead_practitioner')
    const assessment = index('family_help_assessment')
    const plan = index('family_help_plan')
    const review = index('family_help_review')
    const steppedUp = index('family_help_stepped_up')
    const referral = index('referral')
    const closed = index('family_help_closed')
    const steppedDown = index('family_help_stepped_down')
    const newLead = index('family_help_lead_practitioner', steppedDown)
    assert.ok(
      opened < consent &&
        consent < lead &&
        lead < assessment &&
        assessment < plan &&
        plan < review &&
        review < steppedUp &&
        review < referral &&
        steppedUp < closed &&
        referral < closed &&
        closed <= steppedDown &&
        steppedDown < newLead,
      types.join(', '),
    )
    // Both episodes, each entry naming its source organisation and linking to its episode.
    const fh = familyHelp(entries)
    assert.deepEqual([...new Set(fh.map((e) => e.familyHelpEpisodeId))], [firstEpisode, secondEpisode])
    const byType = (type: string) => fh.find((e) => e.type === type) as Entry
    assert.equal(byType('family_help_opened').organisation, NORTHSHIRE.school)
    assert.equal(byType('family_help_stepped_up').organisation, 'Northshire NHS Foundation Trust')
    assert.equal(byType('family_help_stepped_down').organisation, NORTHSHIRE.la)
    // Plain words, never the stored codes.
    assert.match(
      byType('family_help_opened').summary,
      /^Early help \(targeted\) started\. A designated safeguarding lead decided on early help\.$/,
    )
    assert.match(
      byType('family_help_lead_practitioner').summary,
      /^Lead practitioner: Amira Khan, Oakfield Primary School\. The family had a say/,
    )
    assert.match(
      byType('family_help_assessment').summary,
      /Needs: Getting a good education; Improved mental and physical health\./,
    )
    assert.match(
      byType('family_help_plan').summary,
      /Family plan, version 1: 1 action and 1 outcome goal\.\nBreakfast club place: Oakfield Primary School, by 1 December 2026/,
    )
    assert.match(
      byType('family_help_review').summary,
      /Actions: Worse\. Goals: Worse\. Decision: Step up to children’s social care\./,
    )
    assert.match(byType('family_help_stepped_up').summary, /Neglect is getting worse despite the plan\./)
    assert.match(byType('family_help_closed').summary, /^Family help closed: stepped up to children’s social care\./)
    for (const e of fh) {
      assert.doesNotMatch(e.summary, /step_up|early_help|outcomes_met|parent_or_carer|\b4B\b|undefined|null/, e.summary)
      assert.notEqual(e.reference, '')
    }
  })

  test('the page shows the entries with links to the episodes; the PDF carries them', async () => {
    const b = new TestBrowser(ctx.app)
    assert.equal((await b.signIn(NORTHSHIRE.frontDoor, DEMO.password)).statusCode, 303)
    const page = await b.get(`/children/${childId}`)
    assert.equal(page.statusCode, 200)
    assert.ok(page.body.includes(`href="/family-help/${firstEpisode}"`), 'links to the first episode')
    assert.ok(page.body.includes(`href="/family-help/${secondEpisode}"`), 'links to the step-down episode')
    assert.match(page.body, /<strong>Stepped up to children’s social care<\/strong>/)
    assert.match(page.body, /<strong>Stepped down to family help<\/strong>/)
    // The filter offers family help's entries by name and keeps to them.
    const filtered = await b.get(`/children/${childId}?type=family_help_review`)
    assert.match(filtered.body, /<option value="family_help_review" selected>Family help review<\/option>/)
    assert.match(filtered.body, /1 entries/)
    const pdf = await b.get(`/children/${childId}/chronology.pdf`)
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    const audit = await ctx.db
      .selectFrom('audit_event')
      .select('details')
      .where('action', '=', 'child.chronology_exported')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    const entries = await chronology(NORTHSHIRE.frontDoor)
    assert.equal(
      (audit.details as { entries: number }).entries,
      entries.length,
      'the export counted family help entries',
    )
  })

  test('members of the team around the family see it; the GP practice, shared one item, sees that item and no family help', async () => {
    assert.ok(familyHelp(await chronology(NORTHSHIRE.dsl)).length >= 8, 'the school DSL (team agency)')
    assert.ok(familyHelp(await chronology(TRUST_LEAD)).length >= 8, 'the trust’s safeguarding lead (team agency)')
    const gp = await chronology(NORTHSHIRE.gpLead)
    assert.deepEqual(familyHelp(gp), [])
    assert.deepEqual(
      gp.map((e) => e.type),
      ['shared_information'],
      'exactly the shared item, nothing else',
    )
    const b = new TestBrowser(ctx.app)
    assert.equal((await b.signIn(NORTHSHIRE.gpLead, DEMO.password)).statusCode, 303)
    const page = await b.get(`/children/${childId}`)
    assert.equal(page.statusCode, 200)
    for (const episode of [firstEpisode, secondEpisode])
      assert.ok(!page.body.includes(`/family-help/${episode}`), 'no link to the family help episodes')
    const table = /<table class="govuk-table" id="chronology">[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? ''
    assert.match(table, /Information shared with you/)
    assert.doesNotMatch(table, /Lead practitioner|Stepped up|Family help|Family plan/)
  })

  test('after the family withdraws consent, the team sees only what came before; the lead practitioner sees the closure', async () => {
    const teacher = await actorFor(ctx, NORTHSHIRE.teacher)
    const dsl = await actorFor(ctx, NORTHSHIRE.dsl)
    const born = parseLocalDate('2016-06-06')
    assert.ok(born.ok)
    const child = await createChild(
      ctx.deps,
      teacher,
      { givenName: 'Bella', familyName: 'Withdrawn', dateOfBirth: born.value, sex: 'female' },
      meta,
    )
    assert.ok(child.ok)
    const concern = await recordConcernFor(
      ctx.deps,
      teacher,
      {
        childIds: [child.value.id],
        observedAtMs: ctx.clock.now().getTime() - 3_600_000,
        place: 'Classroom',
        facts: 'Tired every morning.',
        childWords: '',
        othersPresent: 'None',
        categories: ['neglect'],
        bodyMap: [],
        immediateDanger: false,
        actionTaken: 'Told the DSL',
      },
      meta,
    )
    assert.ok(concern.ok)
    assert.ok((await takeStep(ctx.deps, acknowledgeConcern, dsl, { id: concern.value.id }, {}, meta)).ok)
    const decided = await takeStep(
      ctx.deps,
      decideConcern,
      dsl,
      { id: concern.value.id },
      { kind: 'early_help', rationale: 'The family want help with routines.' },
      meta,
    )
    assert.ok(decided.ok && decided.value.familyHelpEpisodeId)
    const fh = `/api/v1/family-help/${decided.value.familyHelpEpisodeId}`
    ctx.clock.advance(MINUTE)
    const consent = { givenBy: 'parent_or_carer', givenByName: 'Kim Withdrawn', scope: 'Routines', decidedOn: TODAY }
    await ok(NORTHSHIRE.dsl, `${fh}/consent`, { outcome: 'given', ...consent })
    await ok(NORTHSHIRE.dsl, `${fh}/team`, { email: SCHOOL_NURSE, role: 'school_nurse', joinedOn: TODAY })
    await ok(NORTHSHIRE.dsl, `${fh}/lead-practitioner`, {
      email: NORTHSHIRE.teacher,
      familyHadSay: 'yes',
      startsOn: TODAY,
    })
    await ok(NORTHSHIRE.dsl, `${fh}/consent`, { outcome: 'withdrawn', ...consent })
    await ok(COORDINATOR, `${fh}/closure`, {
      reason: 'consent_withdrawn',
      closedOn: TODAY,
      notes: 'The family no longer want support.',
    })
    childId = child.value.id
    const trust = familyHelp(await chronology(TRUST_LEAD)).map((e) => e.type)
    const before = ['family_help_opened', 'family_help_consent', 'family_help_lead_practitioner', 'family_help_consent']
    assert.deepEqual(trust, before, 'the trust (team agency) sees what was recorded up to the withdrawal')
    // The lead practitioner keeps the whole episode (it still had to be closed); the area's coordinator closed it.
    const lead = familyHelp(await chronology(NORTHSHIRE.teacher))
    assert.deepEqual(
      lead.map((e) => e.type),
      [...before, 'family_help_closed'],
    )
    assert.match(lead[4]?.summary ?? '', /^Family help closed: the family withdrew their consent/)
    assert.equal(lead[4]?.author, 'Aisha Rahman')
  })
})
