import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { demoStories, tellDemoStories } from '../../src/modules/demo/steps/demoStories.js'
import { verifyAuditChain } from '../../src/platform/audit/auditLog.js'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { xmllint } from '../support/xmllint.js'

let ctx: TestContext

/** Rows in the tables the stories write, to show a second telling adds nothing. */
const tables = [
  'child',
  'concern',
  'referral',
  'episode',
  'episode_step',
  'family_help_episode',
  'family_help_step',
  'child_protection_plan',
  'serious_incident',
  'training_record',
  'deadline',
] as const
const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      tables.map(async (t) => [
        t,
        Number(
          (
            await ctx.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ]),
    ),
  )

async function page(email: string, url: string): Promise<string> {
  const browser = new TestBrowser(ctx.app)
  await browser.signIn(email, DEMO.password)
  const res = await browser.get(url)
  assert.equal(res.statusCode, 200, `${email} ${url}: ${res.statusCode}`)
  return res.body
}

/** The page's main text, without tags, for a short failure message. */
const mainText = (html: string): string =>
  (html.split('<main')[1] ?? html)
    .replace(/^[\s\S]*<\/form>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .slice(0, 1500)
const shows = (html: string, re: RegExp): void => assert.ok(re.test(html), `${re.source} not on: ${mainText(html)}`)

before(async () => {
  // A Wednesday in term: the stories count back from it through the injected clock.
  ctx = await buildTestApp({ demoMode: true })
  ctx.clock.set(new Date('2026-12-02T11:00:00Z'))
})
after(async () => ctx.close())

describe('the living demo', () => {
  test('every story is told through the use cases, once; a second telling adds nothing', async () => {
    const concerns = async () => ctx.db.selectFrom('concern').select(['immediate_danger', 'state']).execute()
    assert.equal((await concerns()).length, 0)
    assert.deepEqual(
      await tellDemoStories(ctx.deps),
      demoStories.map((s) => s.id),
    )
    assert.deepEqual(
      demoStories.map((s) => s.id),
      [
        'concerns-in-dsl-inbox',
        'referral-at-front-door',
        'family-help-review-due',
        'child-protection-plan-core-group-due',
        'serious-incident-rapid-review',
        'training-about-to-lapse',
      ],
    )
    const made = await concerns()
    assert.equal(made.filter((c) => c.immediate_danger).length, 1, 'one concern is urgent')
    const audited = await ctx.db.selectFrom('audit_event').select('action').execute()
    for (const action of [
      'concern.recorded',
      'concern.decided',
      'referral.decided',
      'episode.step_taken',
      'conference.scheduled',
      'family_help.plan_recorded',
      'partnership.serious_incident_notified',
      'partnership.rapid_review_started',
      'training.recorded',
    ])
      assert.ok(
        audited.some((a) => a.action === action),
        `made through the use cases, so audited (${action})`,
      )
    const first = await counts()
    assert.deepEqual(await tellDemoStories(ctx.deps), [], 'told again: nothing is told')
    assert.deepEqual(await counts(), first, 'told again: nothing is written')
    assert.equal((await verifyAuditChain(ctx.db)).ok, true)
  })

  test('the front door sees the football club’s referral waiting', async () => {
    const body = await page('front.door@northshire-council.example', '/front-door')
    shows(body, /Kai Brennan|Brennan/)
    const referral = await ctx.db
      .selectFrom('referral')
      .innerJoin('child', 'child.id', 'referral.child_id')
      .select('referral.state')
      .where('child.family_name', '=', 'Brennan')
      .executeTakeFirstOrThrow()
    assert.equal(referral.state, 'received', 'waiting for the front door’s decision')
  })

  test('the family help list shows Ruby’s first review due within days', async () => {
    const body = await page('teacher@riverside-academy.example', '/family-help/mine')
    shows(body, /Ruby Hale/)
    const review = await ctx.db
      .selectFrom('deadline')
      .select(['due_on'])
      .where('rule_id', '=', 'family-help-first-review')
      .where('completed_at', 'is', null)
      .executeTakeFirstOrThrow()
    // The plan was agreed 38 days before 2 December (25 October); six weeks on is Sunday 6 December, so the Friday before.
    assert.equal(review.due_on, '2026-12-04')
  })

  test('due and overdue shows Leo’s first core group to the social worker', async () => {
    const body = await page('social.worker@northshire-council.example', '/deadlines')
    shows(body, /Hold the first core group meeting[\s\S]*Due soon/)
    const core = await ctx.db
      .selectFrom('deadline')
      .select(['due_on', 'started_on'])
      .where('rule_id', '=', 'first-core-group')
      .where('completed_at', 'is', null)
      .executeTakeFirstOrThrow()
    // The conference was held eight working days before Wednesday 2 December; ten working days on is Friday.
    assert.deepEqual(core, { started_on: '2026-11-20', due_on: '2026-12-04' })
  })

  test('the partnership sees the serious incident under rapid review', async () => {
    const body = await page('business.manager@northshire-council.example', '/partnership/incidents')
    shows(body, /rapid review/i)
    const incident = await ctx.db.selectFrom('serious_incident').select(['stage']).executeTakeFirstOrThrow()
    assert.equal(incident.stage, 'rapid_review')
  })

  test('Riverside’s administrator sees the DSL’s training about to lapse', async () => {
    const body = await page('admin@riverside-academy.example', '/training/organisation')
    shows(body, /Rachel Green/)
    shows(body, /Due soon|due within 30 days/i)
  })

  test('the demo’s children in need census: the XML validates against the schema; the rule table reports no errors', async () => {
    // The collection year the clock is in: 1 April 2026 to 31 March 2027 (the 2026-27 specification).
    const api = new ApiClient(ctx)
    const manager = 'team.manager@northshire-council.example'
    const checked = await api.call(manager, 'GET', '/api/v1/returns/cin-census/2027/validation')
    assert.equal(checked.statusCode, 200, checked.body)
    const body = checked.json() as {
      children: number
      errors: number
      findings: { ruleId: string; severity: string; laChildId: string | null }[]
    }
    assert.ok(body.children > 0, 'the demo has children in the return')
    // Issue 15: the rule table reports no errors on the demo. Leo's social worker records the assessment the
    // strategy discussion opened, with its primary need (8610), and his ethnicity and disability (8540).
    const errors = body.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)
    assert.deepEqual(errors, [], JSON.stringify(body.findings))
    assert.equal(body.errors, 0)
    const res = await api.call(manager, 'POST', '/api/v1/returns/cin-census/2027/export', { errorsListed: true })
    assert.equal(res.statusCode, 200, res.body)
    assert.match(res.body, /<LEA>999<\/LEA>/, 'the demo area has a DfE number, so its census can be made')
    assert.equal((res.body.match(/<Child>/g) ?? []).length, body.children)
    const valid = xmllint(res.body, '2026-27')
    assert.equal(valid.valid, true, valid.output)
  })
})
