/**
 * Safeguarding training: requirements as data (domain/requirements.ts), currency derived from records, the
 * administrator's view, and the competency gate for DSL actions. Other modules use only what is exported here.
 */
import { mountModule } from '../../platform/steps/mountModule.js'
import { trainingRoutes } from './pages/routes.js'
import { recordTrainingCompletion } from './steps/recordTrainingCompletion.js'
import { verifyTrainingRecord } from './steps/verifyTrainingRecord.js'

export { dslCompetency, gateSettingKey } from './queries/currency.js'
export type { GateOutcome } from './domain/currency.js'
export { courseKinds, trainingRequirements, type CourseKind } from './domain/requirements.js'
export { recordTrainingCompletion, verifyTrainingRecord }
export { trainingCurrencyRows, type TrainingCurrencyRow } from './queries/dataSet.js'

export const trainingSteps = [recordTrainingCompletion, verifyTrainingRecord]

export const registerTraining = mountModule(trainingSteps, trainingRoutes)
