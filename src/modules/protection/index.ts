import type { AnyStep } from '../../platform/steps/defineStep.js'
import { recordCoreGroup } from './steps/recordCoreGroup.js'

/** The protection module's steps declared with defineStep; src/app mounts them (page, API, OpenAPI entry). */
export const protectionSteps: readonly AnyStep[] = [recordCoreGroup]

/** For the home page: a worker's open cases and overdue ones, in numbers. */
export { myCaseCounts } from './queries/myCaseload.js'
