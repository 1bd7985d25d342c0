import { z } from 'zod'
import { agencyLeadRoles } from '../../access/domain/policy.js'
import { loadedChoice, textarea } from '../../../platform/forms/fields.js'
import { isOrganisationKind, organisationKindLabels } from '../../../platform/identity/organisations.js'
import { insertWithNewId } from '../../../platform/db/insertWithNewId.js'
import { fieldProblems, ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { notifyOrganisationRoles } from '../../notifications/steps/enqueueNotification.js'
import { QUESTION_MAX, validateQuestion } from '../domain/referral.js'
import { frontDoorStep } from '../queries/frontDoorAccess.js'
import { frontDoorWork, loadReferralForStep } from './frontDoorWork.js'

const CHOOSE = 'Select the organisation to ask'

/**
 * The front door asks another agency in the area what it knows about the referral's child. The agency's
 * safeguarding leads are emailed (without the child's name) and answer inside Together; they see the question
 * and enough to identify the child, nothing else of the referral. Any other organisation of the referral's area
 * may be asked (police, health, schools and the rest); the engine refuses any other.
 */
export const requestReferralInformation = defineStep({
  ...frontDoorWork(frontDoorStep),
  operationId: 'requestReferralInformation',
  path: '/front-door/referrals/:id/information-requests',
  formPath: '/front-door/referrals/:id/information-requests/new',
  apiPath: '/referrals/:id/information-requests',
  title: 'Ask another agency for information',
  description: 'The front door asks another organisation in the area for information about the referral’s child',
  submitText: 'Send the request',
  intro: () => [
    'The agency’s safeguarding leads will see your question and the child’s name and date of birth, so they know whom it is about. They will not see anything else in the referral.',
  ],
  fields: {
    organisationId: loadedChoice({
      kind: 'select',
      label: 'Which organisation?',
      required: CHOOSE,
      notOffered: CHOOSE,
    }),
    question: textarea({
      label: 'What do you need to know?',
      hint: 'Ask only what you need for the decision. Do not include details of the concern that they do not need.',
      required: 'Enter what you need to know',
      max: QUESTION_MAX,
      tooLong: `Your question must be ${QUESTION_MAX.toLocaleString('en-GB')} characters or fewer`,
    }),
  },
  load: async (ctx) => {
    const loaded = await loadReferralForStep(ctx)
    if (loaded === undefined) return undefined
    const organisations = await ctx.tx
      .selectFrom('organisation')
      .select(['id', 'name', 'kind'])
      .where('local_area_id', '=', loaded.referral.localAreaId)
      .where('id', '!=', loaded.referral.toOrganisationId)
      .orderBy('name')
      .execute()
    return { ...loaded, organisations }
  },
  choices: ({ organisations }) => ({
    organisationId: organisations.map((o) => ({
      value: o.id,
      text: `${o.name} (${isOrganisationKind(o.kind) ? organisationKindLabels[o.kind] : o.kind})`,
    })),
  }),
  unavailable: ({ referral }) =>
    referral.state === 'received' ? undefined : 'A decision has been made on this referral – ask from the case instead',
  // Text pasted with hidden control characters is refused with the referral's own rule.
  check: (input) => {
    const question = validateQuestion(input.question as string)
    return fieldProblems(question)
  },
  run: async ({ tx, actor, now, deps }, input, { referral, organisations }) => {
    const asked = organisations.find((o) => o.id === input.organisationId)!
    const id = await insertWithNewId(tx, 'information_request', {
      referral_id: referral.id,
      child_id: referral.childId,
      to_organisation_id: asked.id,
      requested_by: actor.userId,
      question: input.question as string,
      due_at: null,
      requested_at: now,
    })
    await notifyOrganisationRoles(
      tx,
      {
        organisationId: asked.id,
        roles: agencyLeadRoles,
        kind: 'information_request.received',
        subject: `Request for information from ${actor.organisationName}`,
        body: `${actor.organisationName} has asked ${asked.name} for information about a child they have received a referral for (${referral.reference}).\n\nRead the question and answer it in Together: ${deps.settings.serviceUrl}/information-requests/${id}`,
        relatedType: 'information_request',
        relatedId: id,
      },
      now,
    )
    return ok({ id })
  },
  action: 'information_request.sent',
  auditDetails: (out, input, { referral }) => ({
    informationRequestId: out.id,
    toOrganisationId: input.organisationId,
    childId: referral.childId,
  }),
  output: z.object({ id: z.uuid() }),
  done: (_out, params) => `/front-door/referrals/${params.id}?done=asked`,
})
