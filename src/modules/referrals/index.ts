/**
 * Referrals and the front door: what other modules may use. The pages, API and steps are registered by src/app.
 */
import type { AnyStep } from '../../platform/steps/defineStep.js'
import { acknowledgeReferral } from './steps/acknowledgeReferral.js'
import { addReferralChild } from './steps/addReferralChild.js'
import { answerInformationRequest } from './steps/answerInformationRequest.js'
import { decideReferral } from './steps/decideReferral.js'
import { linkReferralChild } from './steps/linkReferralChild.js'
import { makeReferral } from './steps/makeReferral.js'
import { requestReferralInformation } from './steps/requestInformation.js'

export { frontDoorCounts, type FrontDoorCounts } from './queries/workCounts.js'

/** Making a referral and the front door's steps as declarations: src/app mounts each one's page and API route. */
export const referralSteps: readonly AnyStep[] = [
  makeReferral,
  acknowledgeReferral,
  requestReferralInformation,
  answerInformationRequest,
  linkReferralChild,
  addReferralChild,
  decideReferral,
]
