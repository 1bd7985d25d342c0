import type { FastifyInstance } from 'fastify'
import type { WebOptions } from '../web/options.js'
import type { AnyStep, Step } from './defineStep.js'
import { mountSteps } from './mountSteps.js'

/**
 * The register function of a module with steps and pages of its own: its steps are mounted (each step's page and
 * /api/v1 route), then its bespoke pages.
 */
export const mountModule =
  (
    steps: readonly (AnyStep | Step<never, unknown>)[],
    routes: (app: FastifyInstance, options: WebOptions) => void,
  ): ((app: FastifyInstance, options: WebOptions) => void) =>
  (app, options) => {
    mountSteps(app, options.deps, steps)
    routes(app, options)
  }
