import type { AnyStep } from '../../platform/steps/defineStep.js'
import { recordCoreGroup } from './steps/recordCoreGroup.js'

/** The protection module's steps declared with defineStep; src/app mounts them (page, API, OpenAPI entry). */
export const protectionSteps: readonly AnyStep[] = [recordCoreGroup]
