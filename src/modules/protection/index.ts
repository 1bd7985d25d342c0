import type { AnyStep } from '../../platform/steps/defineStep.js'
import { allocateCase } from './steps/allocateCase.js'
import { authoriseAssessment } from './steps/authoriseAssessment.js'
import { closeEpisode } from './steps/closeEpisode.js'
import { concludeSection47 } from './steps/concludeSection47.js'
import { holdInitialConference } from './steps/holdInitialConference.js'
import { holdReviewConference } from './steps/holdReviewConference.js'
import { requestStrategyDiscussion } from './steps/requestStrategyDiscussion.js'
import { endPlan } from './steps/endPlan.js'
import { scheduleConference } from './steps/scheduleConference.js'
import { inviteToConference } from './steps/inviteToConference.js'
import { recordStrategyDiscussion } from './steps/recordStrategyDiscussion.js'
import { submitAssessment } from './steps/submitAssessment.js'
import { updateAssessment } from './steps/updateAssessment.js'
import { submitConferenceReport } from './steps/submitConferenceReport.js'
import { recordCoreGroup } from './steps/recordCoreGroup.js'
import { reviewChildInNeedPlan } from './steps/reviewChildInNeedPlan.js'

/** The protection module's steps declared with defineStep; src/app mounts them (page, API, OpenAPI entry). */
export const protectionSteps: readonly AnyStep[] = [
  allocateCase,
  updateAssessment,
  submitAssessment,
  authoriseAssessment,
  requestStrategyDiscussion,
  recordStrategyDiscussion,
  concludeSection47,
  scheduleConference,
  inviteToConference,
  holdInitialConference,
  recordCoreGroup,
  holdReviewConference,
  endPlan,
  reviewChildInNeedPlan,
  closeEpisode,
  submitConferenceReport,
]

/** For the home page: a worker's open cases and overdue ones, in numbers. */
export { myCaseCounts } from './queries/myCaseload.js'
