import { z } from 'zod'
import { textarea } from '../../../platform/forms/fields.js'
import { ok } from '../../../platform/shared/result.js'
import { defineStep } from '../../../platform/steps/defineStep.js'
import { caseStep, notOpen } from './episodeStep.js'
import { takeCaseStep } from './takeEpisodeStep.js'

/**
 * During an assessment or a child in need plan, the worker finds reasonable cause to suspect significant
 * harm and asks for a strategy discussion (table step request_strategy_discussion), saying why.
 */
export const requestStrategyDiscussion = defineStep({
  ...caseStep('request_strategy_discussion'),
  operationId: 'requestStrategyDiscussion',
  path: '/cases/:id/strategy-discussion/request',
  apiPath: '/cases/:id/strategy-discussion-requests',
  title: 'Ask for a strategy discussion',
  description: 'Ask for a strategy discussion from an assessment or a child in need plan',
  submitText: 'Ask for a strategy discussion',
  fields: {
    reason: textarea({
      label: 'Why is there reasonable cause to suspect significant harm?',
      required: 'Say why a strategy discussion is needed',
      max: 50_000,
      rows: 6,
    }),
  },
  unavailable: (c) => notOpen(c, 'request_strategy_discussion'),
  run: async (ctx, input, c) => {
    const taken = await takeCaseStep(ctx, c, {
      step: 'request_strategy_discussion',
      outcome: 'strategy_discussion',
      occurredOn: ctx.today,
      rationale: input.reason as string,
    })
    return taken.ok ? ok({ stepId: taken.value.stepId }) : taken
  },
  action: 'case.strategy_discussion_requested',
  output: z.object({ stepId: z.uuid() }),
})
