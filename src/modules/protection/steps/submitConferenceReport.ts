import { z } from 'zod'
import { textarea } from '../../../platform/forms/fields.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep, type AccessDecision } from '../../../platform/steps/defineStep.js'
import { loadConferenceForAgency } from './conferenceForAgency.js'

/**
 * An invited agency's safeguarding lead submits the agency's report for the conference, in Together, before
 * it is held (episode.contribute, and an invitation to this very conference). Anyone else: not found, audited.
 * The conference page (/conferences/:id) carries the form; the page at the step's own address shows it again
 * with what was typed when something is missing.
 */
export const submitConferenceReport = defineStep({
  module: 'protection',
  tag: 'Cases',
  operationId: 'submitConferenceReport',
  path: '/conferences/:id/reports',
  apiPath: '/conferences/:conferenceId/reports',
  title: 'Send your agency’s report',
  description: 'An invited agency submits its report before the conference',
  submitText: 'Send the report',
  repeatedKey: 'refuse',
  fields: {
    text: textarea({
      label: 'Your agency’s report',
      hint: 'What your agency knows about the child and family, your assessment of risk, and what you can offer.',
      required: 'Enter your agency’s report',
      max: 100_000,
      rows: 10,
    }),
  },
  load: async ({ tx, actor, params }) => {
    const loaded = await loadConferenceForAgency(tx, actor, params.conferenceId ?? params.id ?? '')
    if (loaded.view === undefined) return { denied: loaded.denied }
    // Locked, so a report and the chair's decision are taken one after the other.
    const { held_on } = await tx
      .selectFrom('conference')
      .select('held_on')
      .where('id', '=', loaded.view.id)
      .forUpdate()
      .executeTakeFirstOrThrow()
    return { view: loaded.view, reason: loaded.reason, held: held_on !== null }
  },
  access: (_actor, c): AccessDecision =>
    c.view === undefined ? { allowed: false, visible: false, reason: c.denied } : { allowed: true, reason: c.reason },
  unavailable: (c) => (c.held ? 'The conference has been held: reports can no longer be submitted' : undefined),
  run: async ({ tx, actor, now }, input, c) => {
    const id = await insertWithNewId(tx, 'conference_report', {
      conference_id: c.view!.id,
      organisation_id: actor.organisationId,
      author_user_id: actor.userId,
      text: input.text as string,
      submitted_at: now,
    })
    return ok({ id })
  },
  subject: (c) => ({ type: 'conference', id: c.view?.id ?? '' }),
  action: 'conference.report_submitted',
  auditDetails: (out, _input, c) => ({ reportId: out.id, childId: c.view?.child.id }),
  output: z.object({ id: z.uuid() }),
  done: (_out, params) => `/conferences/${params.id}?sent=1`,
  caption: (c) => (c.view === undefined ? '' : `Conference for ${c.view.child.givenName} ${c.view.child.familyName}`),
  back: (params) => ({ href: `/conferences/${params.id}`, text: 'Back to the conference' }),
})
