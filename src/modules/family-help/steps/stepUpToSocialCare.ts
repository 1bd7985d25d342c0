import { z } from 'zod'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { radios, textarea } from '../../../platform/forms/fields.js'
import { ok } from '../../../platform/shared/result.js'
import { optionsOf, yesNo } from '../../../platform/shared/wordList.js'
import { consentLabels, consentMessages } from '../../referrals/domain/referral.js'
import { receiveReferral } from '../../referrals/steps/receiveReferral.js'
import { familyHelpHistory } from '../queries/episodeRecords.js'
import { common, stepRules, takeStep, updateEpisode } from './engine.js'

/**
 * Steps the family up to children's social care: a referral for each child to the area's local authority,
 * carrying the episode's history (assessment, plan, reviews) so no one re-tells the story; the family plan is
 * paused (Gloucestershire: "paused and replaced by a statutory assessment") and its clocks stop. Any member of
 * the team may step up, with or without the family's consent to support: safeguarding comes first.
 */
export const stepUpToSocialCare = defineStep({
  ...common,
  operationId: 'stepUpToSocialCare',
  path: '/family-help/:id/step-up',
  title: 'Step up to children’s social care',
  description: 'Makes a referral for each child carrying the family help history, and pauses the family plan.',
  submitText: 'Make the referral',
  fields: {
    reason: textarea({
      label: 'Why the family needs children’s social care now',
      hint: 'What has changed, and what you are worried will happen',
      required: 'Enter why the family needs children’s social care now',
      rows: 6,
      max: 4000,
    }),
    parentsAware: radios({
      label: 'Do the parents or carers know about this referral?',
      required: consentMessages.parentsAwareMissing,
      inline: true,
      options: optionsOf(yesNo),
    }),
    parentalConsent: radios({
      label: 'Did they agree to the referral?',
      required: consentMessages.consentMissing,
      options: optionsOf(consentLabels, { not_sought: ['consentNotSoughtReason'] }),
    }),
    consentNotSoughtReason: textarea({
      label: 'Why you did not ask them',
      required: consentMessages.reasonMissing,
      rows: 3,
      max: 2000,
    }),
  },
  ...stepRules('step_up'),
  run: async (ctx, input, loaded) => {
    const history = await familyHelpHistory(ctx.tx, loaded.episode.id)
    const referrals: { id: string; reference: string }[] = []
    for (const childId of loaded.childIds) {
      const referral = await receiveReferral(
        ctx.tx,
        {
          channel: 'professional',
          childId,
          fromOrganisationId: ctx.actor.organisationId,
          toOrganisation: { id: loaded.episode.coordinatingOrganisationId, localAreaId: loaded.episode.localAreaId },
          referredBy: ctx.actor.userId,
          summary: `Step-up from family help ${loaded.episode.reference}: ${String(input['reason'])}`,
          sourceCode: '5D',
          details: { familyHelp: { episodeId: loaded.episode.id, reference: loaded.episode.reference, ...history } },
          immediateDanger: false,
          referrerName: ctx.actor.displayName,
          referrerContact: ctx.actor.email,
          referrerRelationship: 'Member of the team around the family',
          parentsAware: input['parentsAware'] === 'yes',
          parentalConsent: String(input['parentalConsent']),
          consentNotSoughtReason: (input['consentNotSoughtReason'] as string | undefined) ?? null,
          submittedFrom: 'family_help_step_up',
          fromDescription: `${ctx.actor.organisationName} (family help step-up)`,
        },
        ctx.today,
        ctx.now,
        ctx.deps.settings.serviceUrl,
      )
      referrals.push(referral)
    }
    const taken = await takeStep(ctx, loaded, {
      step: 'step_up',
      occurredOn: ctx.today,
      details: { reason: input['reason'], referrals },
    })
    if (!taken.ok) return taken
    await updateEpisode(ctx.tx, loaded.episode.id, { step_up_referral_ids: referrals.map((r) => r.id) })
    return ok({ ...taken.value, referralIds: referrals.map((r) => r.id) })
  },
  output: z.object({ stepId: z.string(), phase: z.string(), referralIds: z.array(z.string()) }),
  action: 'family_help.stepped_up',
  auditDetails: (out) => ({ referralIds: out.referralIds }),
})
