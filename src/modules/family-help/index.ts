/**
 * Family help (early help across agencies): the module's public surface. Other modules use only what is
 * exported here: opening an episode from their own decisions (a DSL's early-help decision, the front door's).
 */
import type { FastifyInstance } from 'fastify'
import type { AnyStep } from '../../platform/steps/defineStep.js'
import { mountSteps } from '../../platform/steps/mountSteps.js'
import type { WebOptions } from '../../platform/web/options.js'
import { familyHelpApiRoutes } from './api.js'
import { familyHelpPageRoutes } from './pages/routes.js'
import { outcomeAreaLabels, reviewDecisionLabels, reviewProgressLabels } from './domain/codes.js'
import { addTeamMember } from './steps/addTeamMember.js'
import { assignLeadPractitioner } from './steps/assignLeadPractitioner.js'
import { closeFamilyHelpEpisode } from './steps/closeFamilyHelpEpisode.js'
import { openFamilyHelpEpisode } from './steps/openFamilyHelpEpisode.js'
import { recordFamilyHelpAssessment } from './steps/recordFamilyHelpAssessment.js'
import { recordFamilyHelpConsent } from './steps/recordFamilyHelpConsent.js'
import { recordFamilyHelpReview } from './steps/recordFamilyHelpReview.js'
import { recordFamilyPlan } from './steps/recordFamilyPlan.js'
import { scheduleTeamAroundFamilyMeeting } from './steps/scheduleTeamAroundFamilyMeeting.js'
import { stepDownToFamilyHelp } from './steps/stepDownToFamilyHelp.js'
import { stepUpToSocialCare } from './steps/stepUpToSocialCare.js'
import { submitAgencyContribution } from './steps/submitAgencyContribution.js'

export { openEpisodeInTransaction, defaultPractitionerRole } from './steps/openFamilyHelpEpisode.js'
export { earlyHelpAssessments, type EarlyHelpAssessmentRow } from './queries/annexA.js'
export { familyHelpChronology, type FamilyHelpChronologyEntry } from './queries/chronologyEntries.js'
export { familyHelpEntryKinds, familyHelpEntryLabels, type FamilyHelpEntryKind } from './domain/chronology.js'
export { myFamilyCounts } from './queries/listEpisodes.js'
export { familyHelpDataSetRows, familyHelpDataSetCategory, type FamilyHelpDataSetEvent } from './queries/dataSet.js'
export { outcomeAreaLabels, reviewDecisionLabels, reviewProgressLabels }

export const familyHelpSteps = [
  openFamilyHelpEpisode,
  recordFamilyHelpConsent,
  assignLeadPractitioner,
  addTeamMember,
  recordFamilyHelpAssessment,
  recordFamilyPlan,
  scheduleTeamAroundFamilyMeeting,
  submitAgencyContribution,
  recordFamilyHelpReview,
  stepUpToSocialCare,
  stepDownToFamilyHelp,
  closeFamilyHelpEpisode,
] as const

/** Registers the module: its step pages and API routes, its bespoke pages and its reads. */
export function registerFamilyHelp(app: FastifyInstance, options: WebOptions): void {
  familyHelpPageRoutes(app, options)
  familyHelpApiRoutes(app, options)
  mountSteps(app, options.deps, familyHelpSteps as unknown as readonly AnyStep[])
}
