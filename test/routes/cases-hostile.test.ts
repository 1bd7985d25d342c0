import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'
import { caseAfterFrontDoor, PEOPLE } from '../support/protectionFixtures.js'

/**
 * Hostile input to every case step never produces a server error, and a refused request writes nothing:
 * wrong types, huge strings, control characters, impossible dates, ids that are not ids.
 */
let ctx: TestContext
let client: ApiClient
let episodeId: string

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '2026-02-30',
    '9999-99-99',
    '0000-01-01',
    '9999-12-31',
    '25:61',
    '------------------------------------',
    '00000000-0000-0000-0000-000000000000',
    'x'.repeat(120_000),
    '{{ 7*7 }}',
    'RC0',
    '21',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(
    fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
    ),
    { maxLength: 4 },
  ),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
)

const writeTables = [
  'episode_step',
  'strategy_discussion',
  'section47_enquiry',
  'conference',
  'conference_invitation',
  'conference_report',
  'child_protection_plan',
  'plan_member',
  'core_group_meeting',
  'child_in_need_plan',
  'child_in_need_review',
  'episode_allocation',
  'case_submission',
] as const
async function counts(): Promise<string> {
  const out: number[] = []
  for (const t of writeTables)
    out.push(
      Number(
        (
          await ctx.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    )
  const e = await ctx.db
    .selectFrom('episode')
    .select(['phase', 'lead_user_id'])
    .where('id', '=', episodeId)
    .executeTakeFirstOrThrow()
  return JSON.stringify([out, e])
}

const endpoints: [string, string[]][] = [
  ['allocation', ['leadUserId', 'teamManagerUserId']],
  ['assessment', ['childSeenOn', 'childSeenAlone', 'factors', 'primaryNeed', 'summary']],
  ['assessment/authorisation', ['outcome', 'rationale', 'childInNeedOutcomes', 'submissionKey']],
  [
    'strategy-discussions',
    ['heldOn', 'heldTime', 'attendees', 'decision', 'immediateSafetyActions', 'actions', 'minutes', 'submissionKey'],
  ],
  ['section-47/conclusion', ['finding', 'outcome', 'concludedOn', 'summary']],
  ['conferences', ['scheduledOn', 'scheduledTime', 'chairUserId']],
  ['conferences/00000000-0000-4000-8000-000000000000/invitations', ['kind', 'organisationId', 'name', 'contact']],
  [
    'conferences/not-an-id/decision',
    ['heldOn', 'outcome', 'initialCategory', 'leadUserId', 'coreGroupOrganisationIds', 'coreGroupFamily', 'household'],
  ],
  ['core-groups', ['heldOn', 'notes']],
  ['reviews', ['heldOn', 'outcome', 'latestCategory', 'endReason']],
  ['plan/end', ['endedOn', 'reason', 'outcome']],
  ['child-in-need-reviews', ['heldOn', 'notes']],
  ['closure', ['closedOn', 'reason']],
]

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  ctx.clock.set(new Date('2026-11-23T10:00:00Z'))
  episodeId = (await caseAfterFrontDoor(ctx.deps, { outcome: 'strategy_discussion' })).episodeId
})
after(async () => ctx.close())

describe('hostile input to case steps', () => {
  for (const [path, fields] of endpoints) {
    test(`POST /api/v1/cases/{id}/${path}: no 5xx, and nothing written when refused`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record(Object.fromEntries(fields.map((f) => [f, nasty])), { requiredKeys: [] }),
          async (body) => {
            const before = await counts()
            const email =
              path.startsWith('allocation') || path.startsWith('assessment/authorisation') || path.startsWith('plan')
                ? PEOPLE.teamManager
                : path.startsWith('reviews') || path.endsWith('decision')
                  ? PEOPLE.chair
                  : PEOPLE.socialWorker
            const res = await client.call(email, 'POST', `/api/v1/cases/${episodeId}/${path}`, body)
            assert.ok(res.statusCode < 500, `${res.statusCode}: ${res.body.slice(0, 300)}`)
            if (res.statusCode >= 400)
              assert.equal(await counts(), before, `refused (${res.statusCode}) yet something was written`)
          },
        ),
        { numRuns: 20 },
      )
    })
  }

  test('form posts with hostile fields never produce a server error', async () => {
    const browser = new TestBrowser(ctx.app)
    await browser.signIn(DEMO.socialWorker, DEMO.password)
    await browser.get(`/cases/${episodeId}`)
    const token = browser.csrfToken()
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('strategy-discussion', 'section-47', 'assessment', 'conferences/new', 'close', 'core-groups'),
        fc.dictionary(
          fc.constantFrom(
            'heldOn-day',
            'heldOn-month',
            'heldOn-year',
            'heldTime',
            'attendees-1-agency',
            'attendees-1-name',
            'decision',
            'minutes',
            'factors',
            'outcome',
            'finding',
            'reason',
            'submissionKey',
          ),
          fc.oneof(fc.string(), fc.constantFrom('x'.repeat(150_000), '31', '2', '99999')),
        ),
        async (path, form) => {
          const before = await counts()
          const res = await browser.post(`/cases/${episodeId}/${path}`, form, { csrf: token })
          assert.ok(res.statusCode < 500, `${path} ${res.statusCode}`)
          if (res.statusCode >= 400) assert.equal(await counts(), before)
        },
      ),
      { numRuns: 30 },
    )
  })
})
