import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import { publicQuestions } from '../../src/modules/referrals/pages/publicQuestions.js'
import { makePublicReferral } from '../../src/modules/referrals/steps/makePublicReferral.js'
import { startPublicDraft } from '../../src/modules/referrals/steps/publicReportDrafts.js'
import type { Deps, RequestMeta } from '../../src/platform/context.js'
import { anonymousActor } from '../../src/platform/identity/publicActor.js'
import { takeStep } from '../../src/platform/steps/defineStep.js'
import type { TestBrowser } from './testApp.js'

export const PUBLIC = '/report-a-concern-about-a-child'

/** A public report's answers, page by page (the form field names of each question page). */
export type ReportPages = Readonly<Record<string, Readonly<Record<string, string>>>>

export const lilyReport: ReportPages = {
  'immediate-danger': { immediateDanger: 'no' },
  'child-name': { knowsName: 'yes', childGivenName: 'Lily', childFamilyName: 'Marsh' },
  'child-age': { childAge: 'about 7' },
  'child-address': { childAddress: '14 Elm Road' },
  concern: {
    concern: 'I hear a man shouting at Lily most nights and she cries for a long time. <script>alert(1)</script>',
  },
  'child-location': {},
  'parents-aware': { parentsAware: 'not_sure' },
  'who-are-you': { referrerKind: 'acquaintance' },
  'your-details': { referrerName: 'A neighbour', referrerEmail: 'neighbour@example.com' },
  'keep-your-identity': { identityWithheld: 'no' },
}

let address = 0
/** A client address of its own for each report started, so that one test's reports do not spend another's allowance. */
export const freshAddress = (): string => `198.18.${Math.floor(address / 250) % 250}.${(address++ % 250) + 1}`

/**
 * Starts a report as a member of the public and answers every page in turn, as a browser without JavaScript
 * would (each answer posted, each redirect followed), up to check your answers, which it returns.
 */
export async function answerPublicReport(
  visitor: TestBrowser,
  pages: ReportPages = lilyReport,
  ip = freshAddress(),
): Promise<LightMyRequestResponse> {
  await visitor.get(PUBLIC)
  const start = await visitor.post(`${PUBLIC}/start`, {}, { headers: { 'x-forwarded-for': ip } })
  assert.equal(start.statusCode, 303, start.body)
  let location = String(start.headers.location)
  for (let i = 0; i < 20 && location !== `${PUBLIC}/check`; i++) {
    const page = await visitor.get(location)
    assert.equal(page.statusCode, 200, `${location}: ${page.body.slice(0, 200)}`)
    if (location === `${PUBLIC}/call-999`) {
      location = /href="([^"]+)"[^>]*>\s*I have called 999/.exec(page.body)?.[1] ?? ''
      continue
    }
    const slug = location.slice(PUBLIC.length + 1).split('?')[0] ?? ''
    const answered = await visitor.post(location, { ...(pages[slug] ?? {}) })
    assert.equal(answered.statusCode, 303, `${slug}: ${answered.body.slice(0, 2000)}`)
    location = String(answered.headers.location)
  }
  const check = await visitor.get(`${PUBLIC}/check`)
  assert.equal(check.statusCode, 200)
  return check
}

/**
 * A public report made from code (fixtures): a draft with these answers (the public form's field names) and every
 * question gone through, sent by the step as the form's "Send" sends it, with the draft's id as its key.
 */
export async function sendPublicReportFromCode(
  deps: Deps,
  answers: Readonly<Record<string, string>>,
  meta: RequestMeta = { correlationId: 'test' },
) {
  const seen = Object.fromEntries(publicQuestions.map((q) => [`seen:${q.slug}`, 'yes']))
  const draftId = await startPublicDraft(deps, { ...answers, ...seen })
  return takeStep(deps, makePublicReferral, anonymousActor, {}, {}, meta, draftId)
}
