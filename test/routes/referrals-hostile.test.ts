import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import fc from 'fast-check'
import { ApiClient, buildTestApp, DEMO, TestBrowser, type TestContext } from '../support/testApp.js'

/**
 * Hostile input to the referral endpoints and the public form never produces a server error, and a refused
 * request writes nothing. Values come from fast-check: wrong types, huge strings, unicode and control characters
 * (lone surrogates included), SQL and HTML fragments, odd numbers, nested objects.
 */
let ctx: TestContext
let client: ApiClient
let childId: string
let referralId: string
let requestId: string

const FRONT_DOOR = 'front.door@northshire-council.example'
const POLICE = 'dc.officer@northshire-police.example'

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '\uD800',
    'a\uDC00b',
    'me\uD800@example.com',
    '../../etc/passwd',
    '2025-02-30',
    '9999-99-99',
    '+275760-09-13T00:00:00Z',
    '-1',
    '1e308',
    'NaN',
    'x'.repeat(200_000),
    '{{ 7*7 }}',
    'not_sought',
    'police_protection',
    'emergency_protection_order',
    'yes',
    'no',
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 10 }), fc.boolean()), { maxKeys: 3 }),
)

const tables = [
  'referral',
  'episode',
  'episode_step',
  'information_request',
  'information_response',
  'deadline',
  'notification_outbox',
  'involvement',
] as const
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of tables)
    out[t] = Number(
      (
        await ctx.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return out
}

before(async () => {
  ctx = await buildTestApp({ demoMode: true })
  client = new ApiClient(ctx)
  const child = await client.call(DEMO.teacher, 'POST', '/api/v1/children', {
    givenName: 'Fay',
    familyName: 'Fuzz',
    dateOfBirth: '2016-06-06',
    sex: 'female',
  })
  childId = (child.json() as { id: string }).id
  const r = await client.call(DEMO.teacher, 'POST', '/api/v1/referrals', {
    childId,
    immediateDanger: false,
    details: { concern: 'c', childLocation: 'l' },
    parentsAware: 'yes',
    parentalConsent: 'given',
  })
  referralId = (r.json() as { id: string }).id
  const police = (
    await ctx.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', 'Northshire Police')
      .executeTakeFirstOrThrow()
  ).id
  const q = await client.call(FRONT_DOOR, 'POST', `/api/v1/referrals/${referralId}/information-requests`, {
    organisationId: police,
    question: 'q',
  })
  requestId = (q.json() as { id: string }).id
})
after(async () => ctx.close())

describe('hostile input to the referral endpoints', () => {
  const keys = [
    'childId',
    'child',
    'immediateDanger',
    'details',
    'parentalFactors',
    'parentsAware',
    'parentalConsent',
    'consentNotSoughtReason',
    'parentsViews',
    'referrerRelationship',
    'referrerAnonymous',
    'referrerContact',
    'sourceCode',
    'organisationId',
    'question',
    'answer',
    'outcome',
    'rationale',
    'signposting',
    'immediateProtection',
    'leadUserId',
    'teamManagerUserId',
    'submissionKey',
  ]
  const posts = () =>
    [
      ['/api/v1/referrals', DEMO.teacher],
      [`/api/v1/referrals/${referralId}/information-requests`, FRONT_DOOR],
      [`/api/v1/information-requests/${requestId}/responses`, POLICE],
      [`/api/v1/referrals/${referralId}/decision`, FRONT_DOOR],
      [`/api/v1/referrals/${referralId}/child`, FRONT_DOOR],
    ] as const

  test('JSON bodies of every shape: no 5xx, nothing written when refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: 8 }),
        async (which, body) => {
          const [url, email] = posts()[which] as readonly [string, string]
          const before = await counts()
          const res = await client.call(email, 'POST', url, body)
          assert.ok(res.statusCode < 500, `${url} ${res.statusCode} ${res.body.slice(0, 300)}`)
          if (res.statusCode >= 400)
            assert.deepEqual(await counts(), before, `${url} wrote something on ${res.statusCode}`)
        },
      ),
      { numRuns: 150 },
    )
  })

  test('nested values in the fields that take objects', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'kind',
            'at',
            'policeReference',
            'orderMadeOn',
            'givenName',
            'familyName',
            'dateOfBirth',
            'concern',
            'childLocation',
          ),
          nasty,
          { maxKeys: 5 },
        ),
        async (inner) => {
          for (const [url, email, body] of [
            [
              `/api/v1/referrals/${referralId}/decision`,
              FRONT_DOOR,
              { outcome: 'immediate_protection', rationale: 'r', immediateProtection: inner },
            ],
            [
              '/api/v1/referrals',
              DEMO.teacher,
              {
                immediateDanger: false,
                child: inner,
                details: { concern: 'c', childLocation: 'l' },
                parentsAware: 'yes',
                parentalConsent: 'given',
              },
            ],
            [
              '/api/v1/referrals',
              DEMO.teacher,
              { childId, immediateDanger: false, details: inner, parentsAware: 'yes', parentalConsent: 'given' },
            ],
          ] as const) {
            const res = await client.call(email, 'POST', url, body)
            assert.ok(res.statusCode < 500, `${url} ${res.statusCode} ${res.body.slice(0, 300)}`)
          }
        },
      ),
      { numRuns: 60 },
    )
  })

  test('query strings of the queue', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('urgent', 'channel', 'acknowledged', 'due', 'page'),
          fc.string({ maxLength: 30 }),
          { maxKeys: 5 },
        ),
        async (query) => {
          const qs = new URLSearchParams(query).toString()
          for (const url of [`/api/v1/front-door?${qs}`]) {
            const res = await client.call(FRONT_DOOR, 'GET', url)
            assert.ok(res.statusCode < 500, `${url} ${res.statusCode}`)
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('hostile forms', () => {
  test('the public form and the front-door pages: no 5xx', async () => {
    const visitor = new TestBrowser(ctx.app)
    await visitor.get('/report-a-concern-about-a-child')
    await visitor.post('/report-a-concern-about-a-child/start', {}, { headers: { 'x-forwarded-for': '192.0.2.254' } })
    const pages = [
      'immediate-danger',
      'child-name',
      'child-age',
      'child-address',
      'concern',
      'child-location',
      'parents-aware',
      'who-are-you',
      'your-details',
      'keep-your-identity',
      'check',
    ]
    const frontDoor = new TestBrowser(ctx.app)
    await frontDoor.signIn(FRONT_DOOR, DEMO.password)
    const formKeys = [
      'immediateDanger',
      'referrerKind',
      'localAreaId',
      'childGivenName',
      'childFamilyName',
      'childDob-day',
      'childDob-month',
      'childDob-year',
      'childAge',
      'childAddress',
      'childDescription',
      'concern',
      'childLocation',
      'parentsAware',
      'referrerName',
      'referrerEmail',
      'referrerPhone',
      'knowsName',
      'identityWithheld',
      'identityWithheldReason',
      'outcome',
      'rationale',
      'signposting',
      'protectionKind',
      'ppDate-day',
      'ppDate-month',
      'ppDate-year',
      'ppTime',
      'policeReference',
      'orderMadeOn-day',
      'orderMadeOn-month',
      'orderMadeOn-year',
      'leadUserId',
      'submissionKey',
      'organisationId',
      'question',
      'childId',
    ]
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '\uD800',
        'me\uD800@example.com',
        'yes',
        'no',
        'police_protection',
        'emergency_protection_order',
        '31',
        '2',
        '2026',
        '25:99',
        'x'.repeat(30_000),
      ),
    )
    let n = 0
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...formKeys), fc.oneof(value, fc.array(value, { maxLength: 3 })), {
          maxKeys: 10,
        }),
        async (form) => {
          // A fresh address for each public post, so the rate limit does not hide a server error.
          const ip = `192.0.2.${(n++ % 250) + 1}`
          const params = new URLSearchParams({ _csrf: visitor.csrfToken() })
          for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one)
          const pub = await ctx.app.inject({
            method: 'POST',
            url: `/report-a-concern-about-a-child/${pages[n % pages.length] ?? 'check'}`,
            payload: params.toString(),
            headers: {
              cookie: visitor.cookieHeader(),
              'content-type': 'application/x-www-form-urlencoded',
              'x-forwarded-for': ip,
            },
          })
          assert.ok(pub.statusCode < 500, `public form ${pub.statusCode}`)
          await frontDoor.get(`/front-door/referrals/${referralId}/decision`)
          for (const url of [
            `/front-door/referrals/${referralId}/decision`,
            `/front-door/referrals/${referralId}/information-requests`,
            `/front-door/referrals/${referralId}/child`,
          ]) {
            const res = await frontDoor.post(
              url,
              Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? v : String(v)])) as Record<
                string,
                string | string[]
              >,
            )
            assert.ok(res.statusCode < 500, `${url} ${res.statusCode}`)
          }
        },
      ),
      { numRuns: 40 },
    )
  })
})
