/**
 * The child-protection file on a school move: sent to the new school's DSL (on Together, or through a secure
 * single-use link), receipt confirmed, the clock in school days. Other modules use only what is exported here.
 */
import type { FastifyInstance } from 'fastify'
import type { Step } from '../../platform/steps/defineStep.js'
import { mountSteps } from '../../platform/steps/mountSteps.js'
import type { WebOptions } from '../../platform/web/options.js'
import { transferRoutes } from './pages/routes.js'
import { confirmFileReceipt, sendChildProtectionFile } from './steps/transferSteps.js'

export { confirmFileReceipt, sendChildProtectionFile }
export { fileTransferDue, isSchoolDay, type SchoolCalendar } from './domain/schoolDays.js'
export { fileTransferDataSetRows, fileTransferDataSetCategory } from './queries/dataSet.js'

export const transferSteps = [sendChildProtectionFile, confirmFileReceipt] as unknown as readonly Step<never, unknown>[]

export function registerTransfers(app: FastifyInstance, options: WebOptions): void {
  mountSteps(app, options.deps, transferSteps)
  transferRoutes(app, options)
}
