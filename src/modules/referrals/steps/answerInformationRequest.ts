import { z } from 'zod'
import { decide } from '../../access/domain/policy.js'
import { storedDateInWords } from '../../../platform/calendar/localDate.js'
import { textarea } from '../../../platform/forms/fields.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { fieldProblems, ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { tellUser } from '../../notifications/index.js'
import { ANSWER_MAX, validateAnswer } from '../domain/referral.js'
import { loadInformationRequest } from '../queries/informationRequestAccess.js'
import { involve } from '../../../platform/db/involvement.js'

/**
 * A safeguarding lead of the organisation asked answers inside Together. The answer is appended (a later one
 * adds to it, never replaces it), the person who asked is emailed, and the organisation becomes involved with
 * the child (once the referral is linked to a record), so it may later see what it is entitled to. Anyone else
 * is told there is no such request.
 */
export const answerInformationRequest = defineStep({
  operationId: 'answerInformationRequest',
  module: 'referrals',
  tag: 'Referrals',
  path: '/information-requests/:id/responses',
  title: 'Answer the request for information',
  description: 'Answer a request for information (audited; your organisation becomes involved with the child)',
  submitText: 'Send your answer',
  fields: {
    answer: textarea({
      label: 'Your answer',
      hint: 'Share what is relevant and necessary for the question. Children’s social care records it with the referral.',
      required: 'Enter your answer',
      max: ANSWER_MAX,
    }),
  },
  load: ({ tx, params }) => loadInformationRequest(tx, params.id!, { forUpdate: true }),
  access: (actor, request) => {
    const decision = decide(actor, { kind: 'information_request.answer', toOrganisationId: request.toOrganisationId })
    return decision.allowed ? decision : { ...decision, visible: false }
  },
  // Text pasted with hidden control characters is refused with the referral's own rule.
  check: (input) => {
    const answer = validateAnswer(input.answer as string)
    return fieldProblems(answer)
  },
  run: async ({ tx, actor, now, deps }, input, request) => {
    const responseId = await insertWithNewId(tx, 'information_response', {
      information_request_id: request.id,
      responded_by: actor.userId,
      organisation_id: actor.organisationId,
      answer: input.answer as string,
      responded_at: now,
    })
    if (request.referralChildId !== null) {
      const { referralChildId: childId } = request
      await involve(tx, { childId, organisationId: actor.organisationId, reason: 'information_request' }, now)
    }
    await tellUser(
      tx,
      request.askedByUserId,
      {
        kind: 'information_request.answered',
        organisationId: request.askedByOrganisationId,
        subject: `${actor.organisationName} has answered your request (referral ${request.referralReference})`,
        body: `${actor.displayName} at ${actor.organisationName} has answered your request for information about referral ${request.referralReference}.\n\nRead it in Together: ${deps.settings.serviceUrl}/front-door/referrals/${request.referralId}`,
        relatedType: 'referral',
        relatedId: request.referralId,
      },
      now,
    )
    return ok({ id: responseId })
  },
  subject: (request) => ({ type: 'information_request', id: request.id }),
  action: 'information_request.answered',
  auditDetails: (out, _input, request) => ({
    responseId: out.id,
    referralId: request.referralId,
    childId: request.referralChildId,
  }),
  output: z.object({ id: z.uuid() }),
  done: (_out, params) => `/information-requests/${params.id}?answered=1`,
  caption: (request) => request.askedByOrganisation,
  intro: (request) => [
    `${request.askedBy} of ${request.askedByOrganisation} asks about ${request.childName}${request.childDateOfBirth === null ? '' : `, born ${storedDateInWords(request.childDateOfBirth)}`}:`,
    request.question,
  ],
  back: (params) => ({ href: `/information-requests/${params.id}`, text: 'Back to the request' }),
})
